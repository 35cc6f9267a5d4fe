#!/usr/bin/python3
"""Golden reference for gpuframe's AgglomerativeClustering, from scikit-learn (Debian's
python3-sklearn 1.2, SciPy 1.10).

Run with Debian's Python:
    apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/golden/agglomerative_reference.py
Writes test/fixtures/agglomerative/blobs2d.json and blobs3d.json. Each holds the points (so
the tests never need Python), and for every case the options and what
sklearn.cluster.AgglomerativeClustering fits: labels_, n_clusters_, children_ and distances_
(compute_distances=True, so distances_ exists in nClusters mode too).

(a) blobs2d: make_blobs(n_samples=300, n_features=2, centers=5, cluster_std=1.2,
    random_state=3). Cases: linkage single | complete | average, x metric euclidean (on the
    points) | precomputed, x nClusters (5) | distanceThreshold. The precomputed matrix is the
    manhattan distance |dx| + |dy| in the strict upper triangle (i < j) and, to show that only
    that triangle counts, 1.5 * D[i][j] + 3 below the diagonal (asymmetric) with a zero
    diagonal; the tests rebuild it with the same float operations. Each threshold lies
    midway between the 5th and 6th largest merge distances of that tree (6 clusters).
(b) blobs3d: make_blobs(n_samples=200, n_features=3, centers=4, cluster_std=2.0,
    random_state=11); euclidean, nClusters 4, each linkage.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import make_blobs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "agglomerative")
warnings.simplefilter("ignore")  # sklearn's note that the full tree is built


def manhattan_asym(X):
    n = X.shape[0]
    D = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            D[i, j] = abs(X[i, 0] - X[j, 0]) + abs(X[i, 1] - X[j, 1])
            D[j, i] = 1.5 * D[i, j] + 3
    return D


def fit(X, linkage, metric, n_clusters=None, threshold=None):
    est = AgglomerativeClustering(n_clusters=n_clusters, distance_threshold=threshold, linkage=linkage, metric=metric, compute_distances=True)
    est.fit(X)
    return {
        "linkage": linkage,
        "metric": metric,
        "nClusters": n_clusters,
        "distanceThreshold": threshold,
        "labels": est.labels_.tolist(),
        "nClustersFound": int(est.n_clusters_),
        "children": est.children_.ravel().tolist(),
        "distances": est.distances_.tolist(),
    }


def threshold_for(X, linkage, metric):
    d = AgglomerativeClustering(n_clusters=1, linkage=linkage, metric=metric, compute_distances=True).fit(X).distances_
    return float((d[-6] + d[-5]) / 2)


def write(name, X, cases):
    doc = {"sklearn": sklearn.__version__, "n": int(X.shape[0]), "d": int(X.shape[1]), "points": X.ravel().tolist(), "cases": cases}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))


def main():
    os.makedirs(OUT, exist_ok=True)
    X2, _ = make_blobs(n_samples=300, n_features=2, centers=5, cluster_std=1.2, random_state=3)
    P = manhattan_asym(X2)
    cases = []
    for linkage in ["single", "complete", "average"]:
        for metric, data in [("euclidean", X2), ("precomputed", P)]:
            cases.append(fit(data, linkage, metric, n_clusters=5))
            cases.append(fit(data, linkage, metric, threshold=threshold_for(data, linkage, metric)))
    write("blobs2d", X2, cases)
    X3, _ = make_blobs(n_samples=200, n_features=3, centers=4, cluster_std=2.0, random_state=11)
    write("blobs3d", X3, [fit(X3, linkage, "euclidean", n_clusters=4) for linkage in ["single", "complete", "average"]])


if __name__ == "__main__":
    main()
