#!/usr/bin/python3
"""Golden reference for gpuframe's KMeans, from scikit-learn (Debian's python3-sklearn 1.2).

Run with Debian's Python:
    apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/golden/kmeans_reference.py
Writes test/fixtures/kmeans/iris.json and test/fixtures/kmeans/blobs.json. Each holds the data
(so the tests never need Python or the CSV), the explicit initial centers, and what
sklearn.cluster.KMeans(algorithm='lloyd', n_init=1, tol=1e-4, max_iter=300) fits from them:
cluster_centers_, labels_, inertia_ and n_iter_. Each also holds the best inertia of ten
k-means++ seedings (n_init=10, random_state=0), the bar for our own seeding's quality.

(a) iris: sklearn's bundled iris.csv (150 x 4), k = 3, init = the first 3 rows.
(b) blobs: make_blobs(n_samples=3000, n_features=3, centers=5, cluster_std=1.5,
    random_state=7), k = 5, init = the first point of each true blob (in blob order).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "kmeans")
IRIS = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data", "iris.csv")


def fit(X, init):
    km = KMeans(n_clusters=init.shape[0], init=init, n_init=1, algorithm="lloyd", tol=1e-4, max_iter=300)
    km.fit(X)
    best = KMeans(n_clusters=init.shape[0], init="k-means++", n_init=10, algorithm="lloyd", random_state=0).fit(X)
    return {
        "sklearn": sklearn.__version__,
        "n": int(X.shape[0]),
        "d": int(X.shape[1]),
        "k": int(init.shape[0]),
        "tol": 1e-4,
        "maxIter": 300,
        # Column-major: columns[j] is feature j (structure of arrays, as KMeans takes them).
        "columns": [X[:, j].tolist() for j in range(X.shape[1])],
        "init": init.ravel().tolist(),
        "clusterCenters": km.cluster_centers_.ravel().tolist(),
        "labels": km.labels_.tolist(),
        "inertia": float(km.inertia_),
        "nIter": int(km.n_iter_),
        "bestOf10Inertia": float(best.inertia_),
    }


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f)
        f.write("\n")


def main():
    iris = np.loadtxt(IRIS, delimiter=",", skiprows=1)[:, :4].astype(np.float64)
    out = fit(iris, iris[:3].copy())
    out["source"] = "sklearn/datasets/data/iris.csv, k=3, init = first 3 rows"
    write("iris.json", out)

    X, y = make_blobs(n_samples=3000, n_features=3, centers=5, cluster_std=1.5, random_state=7)
    first = [int(np.flatnonzero(y == c)[0]) for c in range(5)]
    out = fit(X, X[first].copy())
    out["source"] = "make_blobs(n_samples=3000, n_features=3, centers=5, cluster_std=1.5, random_state=7), k=5, init = first point of each blob"
    write("blobs.json", out)


if __name__ == "__main__":
    main()
