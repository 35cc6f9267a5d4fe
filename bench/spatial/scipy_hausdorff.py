"""Directed Hausdorff matrix with SciPy in a Python loop, for npm run bench:spatial.

Usage: python3 scipy_hausdorff.py COORDS.f64 OFFSETS.i32 BUDGET_S
COORDS: interleaved x,y float64; OFFSETS: int32, n + 1 point offsets. Computes D[i, j] =
directed_hausdorff(T[i], T[j])[0] row by row. Once at least 10 s have passed, if the whole
matrix is projected to take longer than BUDGET_S, it stops and extrapolates from the rows
done. Prints JSON: rows and pairs done, seconds, projected total, and the sum of the rows done
(for the caller's check), and the loop's CPU time (below the wall time when other work
shares the cores). Only the loop is timed.
"""
import json
import sys
import time

import numpy as np
from scipy.spatial.distance import directed_hausdorff

coords = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, 2)
offsets = np.fromfile(sys.argv[2], dtype=np.int32)
budget = float(sys.argv[3])
n = len(offsets) - 1
tracks = [np.ascontiguousarray(coords[offsets[i]:offsets[i + 1]]) for i in range(n)]
for j in range(min(n, 50)):
    directed_hausdorff(tracks[0], tracks[j])  # warm-up

total = 0.0
rows = 0
c0 = time.process_time()
t0 = time.perf_counter()
for i in range(n):
    a = tracks[i]
    s = 0.0
    for j in range(n):
        s += directed_hausdorff(a, tracks[j])[0]
    total += s
    rows += 1
    el = time.perf_counter() - t0
    if el >= 10 and rows < n and el / rows * n > budget:
        break
elapsed = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({
    "rows": rows, "pairs": rows * n, "seconds": elapsed, "cpuSeconds": cpu,
    "projected": elapsed / rows * n, "estimated": rows < n, "rowSum": total,
}))
