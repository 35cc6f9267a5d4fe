"""XGBoost's own predictor for npm run bench:trees (/usr/bin/python3 with xgboost 1.7).

Usage: python3 xgb_predict.py SPEC.json
SPEC: {"x": path, "n": rows used (the first n of the file), "d": features, "model": path, "nthread": T, "runs": R, "out": path}
X is column-major float32 (bench/trees/data.mjs); it is read and laid out row-major (C order)
before timing. Times, each as the median of R runs after a warm-up:
- dmatrix: building DMatrix(X, nthread=T) and Booster.predict on it (a fresh DMatrix each run:
  XGBoost caches a DMatrix's predictions, so predicting twice on one DMatrix times a cache hit);
- dmatrix_build: building that DMatrix alone;
- inplace: Booster.inplace_predict(X) (no DMatrix; the booster's nthread is T).
Writes the probabilities of the inplace run (float32) to `out` for the caller to compare, and
prints JSON with the seconds.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

spec = json.load(open(sys.argv[1]))
n, d, runs, T = spec["n"], spec["d"], spec["runs"], spec["nthread"]
X = np.ascontiguousarray(np.fromfile(spec["x"], dtype=np.float32).reshape(d, -1)[:, :n].T)
bst = xgb.Booster(params={"nthread": T}, model_file=spec["model"])
bst.set_param({"nthread": T})


def timed(fn):
    fn()
    ts = []
    out = None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2], out


build, _ = timed(lambda: xgb.DMatrix(X, nthread=T))
dmatrix, p_dm = timed(lambda: bst.predict(xgb.DMatrix(X, nthread=T)))
inplace, p_in = timed(lambda: bst.inplace_predict(X))
np.asarray(p_in, dtype=np.float32).tofile(spec["out"])
same = bool(np.array_equal(np.asarray(p_dm, dtype=np.float32), np.asarray(p_in, dtype=np.float32)))
print(json.dumps({"dmatrix": dmatrix, "dmatrix_build": build, "inplace": inplace, "runs": runs, "dmatrixEqualsInplace": same}))
