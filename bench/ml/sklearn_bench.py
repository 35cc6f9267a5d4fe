"""scikit-learn timings for npm run bench:ml.

Usage: python3 sklearn_bench.py SPEC.json
SPEC: {"estimator": name, "params": {...}, "x": path, "n": rows, "d": features,
       "y": path or null, "yDtype": "float64" | "int32", "q": path or null, "nq": rows,
       "op": "fit" | "fit_transform" | "fit_predict", "runs": R}
X (and the queries q) are column-major float64 files (one feature after another, as gpuframe
holds them); they are read once and laid out row-major (C order) before timing, so loading is
not timed. Each run builds a fresh estimator and times op: fit; fit then transform(X); or fit
then predict(q) (q defaults to X). Prints JSON: the median run's elapsed and CPU seconds
(BLAS threads count in the CPU time) and a checksum of the last run's output, which the caller
compares with gpuframe's.
"""
import json
import sys
import time

import numpy as np
from sklearn import cluster, decomposition, linear_model, naive_bayes, neighbors, preprocessing

CLASSES = {
    "StandardScaler": preprocessing.StandardScaler,
    "MinMaxScaler": preprocessing.MinMaxScaler,
    "RobustScaler": preprocessing.RobustScaler,
    "PCA": decomposition.PCA,
    "TruncatedSVD": decomposition.TruncatedSVD,
    "LinearRegression": linear_model.LinearRegression,
    "Ridge": linear_model.Ridge,
    "Lasso": linear_model.Lasso,
    "ElasticNet": linear_model.ElasticNet,
    "LogisticRegression": linear_model.LogisticRegression,
    "KNeighborsClassifier": neighbors.KNeighborsClassifier,
    "KNeighborsRegressor": neighbors.KNeighborsRegressor,
    "NearestNeighbors": neighbors.NearestNeighbors,
    "GaussianNB": naive_bayes.GaussianNB,
    "MultinomialNB": naive_bayes.MultinomialNB,
    "KMeans": cluster.KMeans,
}

spec = json.load(open(sys.argv[1]))
n, d = spec["n"], spec["d"]
X = np.ascontiguousarray(np.fromfile(spec["x"], dtype=np.float64).reshape(d, n).T)
y = np.fromfile(spec["y"], dtype=spec.get("yDtype", "float64")) if spec.get("y") else None
Q = np.ascontiguousarray(np.fromfile(spec["q"], dtype=np.float64).reshape(d, spec["nq"]).T) if spec.get("q") else X
cls = CLASSES[spec["estimator"]]
times = []
out = None
for _ in range(spec["runs"]):
    est = cls(**spec["params"])
    c0 = time.process_time()
    t0 = time.perf_counter()
    if spec["op"] == "fit":
        est.fit(X, y) if y is not None else est.fit(X)
    elif spec["op"] == "fit_transform":
        est.fit(X, y) if y is not None else est.fit(X)
        out = est.transform(X)
    else:
        est.fit(X, y) if y is not None else est.fit(X)
        out = est.kneighbors(Q)[0] if spec["estimator"] == "NearestNeighbors" else est.predict(Q)
    times.append((time.perf_counter() - t0, time.process_time() - c0))
times.sort()
check = float(np.abs(np.asarray(out, dtype=np.float64)).sum()) if out is not None else None
print(json.dumps({"seconds": times[len(times) // 2][0], "cpuSeconds": times[len(times) // 2][1], "runs": spec["runs"], "check": check}))
