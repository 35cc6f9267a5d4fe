"""DBSCAN goldens from scikit-learn 1.2 (Debian python3-sklearn): labels_ and
core_sample_indices_ for euclidean blobs + noise, haversine (lat, lon in radians) and a
precomputed symmetric matrix. Run once: /usr/bin/python3 scripts/golden/dbscan_reference.py
Writes test/fixtures/dbscan/*.json."""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "dbscan")


def blobs(rng, n, d, centers, spread, noise):
    c = rng.uniform(-10, 10, (centers, d))
    k = n - noise
    lab = rng.integers(0, centers, k)
    x = c[lab] + rng.normal(0, spread, (k, d))
    x = np.vstack([x, rng.uniform(-12, 12, (noise, d))])
    return x[rng.permutation(n)]


def case(name, X, eps, min_samples, metric, columns):
    m = DBSCAN(eps=eps, min_samples=min_samples, metric=metric, algorithm="auto").fit(X)
    out = {
        "sklearn": sklearn.__version__,
        "metric": metric,
        "eps": eps,
        "minSamples": min_samples,
        "n": int(X.shape[0]),
        "columns": columns,
        "labels": m.labels_.astype(int).tolist(),
        "coreSampleIndices": m.core_sample_indices_.astype(int).tolist(),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
    k = len(set(m.labels_)) - (1 if -1 in m.labels_ else 0)
    print(name, X.shape, "clusters", k, "noise", int((m.labels_ == -1).sum()), "cores", len(m.core_sample_indices_))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(10)
    X = blobs(rng, 1000, 2, 6, 0.6, 150)
    case("blobs-2d", X, 0.45, 5, "euclidean", [X[:, j].tolist() for j in range(2)])
    X = blobs(rng, 1200, 2, 10, 0.9, 300)
    case("blobs-2d-chains", X, 0.5, 8, "euclidean", [X[:, j].tolist() for j in range(2)])
    X = blobs(rng, 800, 3, 4, 0.8, 100)
    case("blobs-3d", X, 0.9, 6, "euclidean", [X[:, j].tolist() for j in range(3)])
    # Haversine: (lat, lon) in radians, eps in radians (scikit-learn's convention).
    lat = np.radians(np.r_[rng.normal(25, 3, 400), rng.normal(40, 2, 300), rng.uniform(-60, 70, 200)])
    lon = np.radians(np.r_[rng.normal(-75, 4, 400), rng.normal(170, 3, 300), rng.uniform(-180, 180, 200)])
    lon = np.where(lon > np.pi, lon - 2 * np.pi, lon)
    X = np.c_[lat, lon]
    case("haversine", X, 300 / 6371.0088, 6, "haversine", [lat.tolist(), lon.tolist()])
    # Precomputed: a random symmetric matrix with a zero diagonal.
    n = 110
    P = blobs(rng, n, 2, 4, 0.7, 20)
    D = np.sqrt(((P[:, None, :] - P[None, :, :]) ** 2).sum(-1))
    D = np.round(D * (1 + rng.uniform(0, 0.05, (n, n))), 6)
    D = np.minimum(D, D.T)
    np.fill_diagonal(D, 0)
    case("precomputed", D, 0.6, 4, "precomputed", D.ravel().tolist())


if __name__ == "__main__":
    main()
