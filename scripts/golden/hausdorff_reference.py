#!/usr/bin/env python3
"""Golden matrices for gf.hausdorff and gf.frechet (test/spatial/distance-matrix.test.ts).

Seeded synthetic tracks (random walks of 80-100 points, as the RAPIDS trajectory notebook's
~87, plus a one-point track and a near copy of track 0), then:
  - directed[i][j] = scipy.spatial.distance.directed_hausdorff(u=track i, v=track j)[0]
  - frechet[i][j]  = discrete Frechet distance (Eiter and Mannila), a plain Python DP.
Writes test/fixtures/trajectory/hausdorff-golden.json with the input tracks. Run once:
  /usr/bin/python3 scripts/golden/hausdorff_reference.py
"""
import json
import math
import os

import numpy as np
import scipy
from scipy.spatial.distance import directed_hausdorff


def tracks(seed=20261210, count=14):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        n = int(rng.integers(80, 101))
        start = rng.uniform(-80, 0, size=2) + np.array([0, 40])
        steps = rng.normal(0, 0.4, size=(n, 2)) + rng.normal(0, 0.2, size=2)
        out.append(start + np.cumsum(steps, axis=0))
    out.append(np.array([[-45.5, 22.25]]))                 # one point
    out.append(out[0] + rng.normal(0, 1e-6, out[0].shape))  # a near copy of track 0
    return [np.round(t, 6) for t in out]


def frechet(p, q):
    """Eiter and Mannila's DP with math.sqrt of dx*dx + dy*dy per cell."""
    d = lambda a, b: math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]))
    ca = [[0.0] * len(q) for _ in p]
    for i in range(len(p)):
        for j in range(len(q)):
            c = d(p[i], q[j])
            if i == 0 and j == 0:
                ca[i][j] = c
            elif i == 0:
                ca[i][j] = max(ca[i][j - 1], c)
            elif j == 0:
                ca[i][j] = max(ca[i - 1][j], c)
            else:
                ca[i][j] = max(min(ca[i - 1][j], ca[i - 1][j - 1], ca[i][j - 1]), c)
    return ca[-1][-1]


def main():
    ts = tracks()
    directed = [[float(directed_hausdorff(u, v)[0]) for v in ts] for u in ts]
    fr = [[frechet(u.tolist(), v.tolist()) for v in ts] for u in ts]
    out = {
        'source': f'scipy {scipy.__version__} directed_hausdorff; plain Python discrete Frechet DP',
        'tracks': [t.tolist() for t in ts],
        'directed': directed,
        'frechet': fr,
    }
    path = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'trajectory', 'hausdorff-golden.json')
    with open(path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
