"""scikit-learn DBSCAN timing for npm run bench:spatial.

Usage: python3 sklearn_dbscan.py POINTS.f64 EPS MIN_SAMPLES RUNS
POINTS: interleaved x,y float64. Times DBSCAN(eps, min_samples).fit(X) (default algorithm:
'auto', which picks a KD-tree here) RUNS times and prints JSON with the median run's seconds (elapsed and CPU) and a
summary of the labels of the last fit (clusters, noise, core samples, and a position-weighted
label sum that the caller compares with gpuframe's).
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import DBSCAN

X = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, 2)
eps = float(sys.argv[2])
min_samples = int(sys.argv[3])
runs = int(sys.argv[4])
times = []
for _ in range(runs):
    c0 = time.process_time()
    t0 = time.perf_counter()
    m = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    times.append((time.perf_counter() - t0, time.process_time() - c0))
times.sort()
labels = m.labels_.astype(np.int64)
w = np.arange(len(labels), dtype=np.int64) % 1000003
print(json.dumps({
    "seconds": times[len(times) // 2][0], "cpuSeconds": times[len(times) // 2][1], "runs": runs,
    "clusters": int(labels.max() + 1) if len(labels) else 0,
    "noise": int((labels == -1).sum()), "core": int(len(m.core_sample_indices_)),
    "hash": int(((labels + 1) * w).sum()),
}))
