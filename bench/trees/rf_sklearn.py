"""scikit-learn's RandomForestClassifier for npm run bench:trees (/usr/bin/python3, sklearn 1.2).

Usage: python3 rf_sklearn.py SPEC.json
SPEC: {"x": path, "y": path, "rows": rows in the file, "d": features, "train": rows trained on
       (the first ones), "test": rows held out (the next ones), "params": {...}, "runs": R}
X is column-major float32 (bench/trees/data.mjs), laid out row-major before timing. Times fit on
the training rows (median of R runs, each a fresh estimator; no warm-up: a fit is seconds) and
reports the test accuracy of the last fit. Prints JSON.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier

spec = json.load(open(sys.argv[1]))
rows, d, tr, te = spec["rows"], spec["d"], spec["train"], spec["test"]
X = np.fromfile(spec["x"], dtype=np.float32).reshape(d, rows)[:, : tr + te].T
y = np.fromfile(spec["y"], dtype=np.int32)[: tr + te]
Xtr, ytr = np.ascontiguousarray(X[:tr]), y[:tr]
Xte, yte = np.ascontiguousarray(X[tr:]), y[tr:]
ts = []
for _ in range(spec["runs"]):
    est = RandomForestClassifier(**spec["params"])
    t0 = time.perf_counter()
    est.fit(Xtr, ytr)
    ts.append(time.perf_counter() - t0)
ts.sort()
acc = float(est.score(Xte, yte))
depth = max(e.get_depth() for e in est.estimators_)
print(json.dumps({"seconds": ts[len(ts) // 2], "runs": spec["runs"], "accuracy": acc, "maxDepth": depth}))
