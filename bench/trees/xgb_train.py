"""Train the bench:trees XGBoost model (npm run bench:trees; /usr/bin/python3 with xgboost 1.7).

Usage: python3 xgb_train.py SPEC.json
SPEC: {"x": path, "y": path, "n": rows in the file, "d": features, "trainRows": rows used,
       "params": {...xgboost params}, "rounds": R, "out": model path}
X is column-major float32 (as bench/trees/data.mjs writes it). Trains on the first trainRows
rows and saves the model as JSON. Prints JSON: training seconds, the trees' max depth.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

spec = json.load(open(sys.argv[1]))
n, d, m = spec["n"], spec["d"], spec["trainRows"]
X = np.fromfile(spec["x"], dtype=np.float32).reshape(d, n)[:, :m].T.copy()
y = np.fromfile(spec["y"], dtype=np.int32)[:m]
t0 = time.perf_counter()
bst = xgb.train(spec["params"], xgb.DMatrix(X, label=y, nthread=spec["params"].get("nthread", 2)), num_boost_round=spec["rounds"])
sec = time.perf_counter() - t0
bst.save_model(spec["out"])
model = json.load(open(spec["out"]))
trees = model["learner"]["gradient_booster"]["model"]["trees"]


def depth(t):
    left, right = t["left_children"], t["right_children"]
    best, stack = 0, [(0, 0)]
    while stack:
        i, k = stack.pop()
        best = max(best, k)
        if left[i] != -1:
            stack += [(left[i], k + 1), (right[i], k + 1)]
    return best


depths = [depth(t) for t in trees]
print(json.dumps({"seconds": sec, "trees": len(trees), "maxDepth": max(depths), "treesAtMaxDepth": sum(1 for x in depths if x == max(depths)), "nodes": sum(len(t["left_children"]) for t in trees)}))
