"""Golden for the demo:trajectories test: DBSCAN (scikit-learn 1.2, metric='precomputed') of
the 512 storms of data/storms.csv on their symmetric Hausdorff distance, great-circle in km
(R = 6371.0088, float64 NumPy). Trajectories are ordered as gf.deriveTrajectories orders them
(by name, then year; fixes by time, ties in file order). Records, per (eps, min_samples), the
labels and the per-cluster counts in label order (-1 first). Run once:
/usr/bin/python3 scripts/golden/storms_dbscan_reference.py  → test/fixtures/examples/storms-dbscan.json"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
R = 6371.0088
tracks = {}
with open(os.path.join(ROOT, "data", "storms.csv"), newline="") as f:
    for r in csv.DictReader(f):
        key = (r["name"], int(r["year"]))
        t = (int(r["year"]), int(r["month"]), int(r["day"]), int(r["hour"]))
        tracks.setdefault(key, []).append((t, float(r["long"]), float(r["lat"])))
keys = sorted(tracks)
pts = [np.radians(np.array([(x, y) for _, x, y in sorted(tracks[k], key=lambda p: p[0])])) for k in keys]


def directed(a, b):
    dlon = a[:, None, 0] - b[None, :, 0]
    dlat = a[:, None, 1] - b[None, :, 1]
    h = np.sin(dlat / 2) ** 2 + np.cos(a[:, None, 1]) * np.cos(b[None, :, 1]) * np.sin(dlon / 2) ** 2
    return (2 * R * np.arcsin(np.sqrt(np.minimum(h, 1)))).min(axis=1).max()


n = len(pts)
D = np.array([[directed(pts[i], pts[j]) for j in range(n)] for i in range(n)])
S = np.maximum(D, D.T)
runs = []
for eps, ms in [(300, 3), (500, 8)]:
    labels = DBSCAN(eps=eps, min_samples=ms, metric="precomputed").fit(S).labels_
    counts = [int((labels == k).sum()) for k in range(-1, labels.max() + 1)]
    runs.append({"eps": eps, "minSamples": ms, "counts": counts, "labels": labels.tolist()})
out = {"source": "scripts/golden/storms_dbscan_reference.py", "sklearn": sklearn.__version__, "storms": n,
       "first": [list(k) for k in keys[:3]], "runs": runs}
path = os.path.join(ROOT, "test", "fixtures", "examples", "storms-dbscan.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(path, n, [r["counts"] for r in runs])
