"""Shared pieces of scripts/golden/sklearn_estimators.py: paths, versions, the data/ml CSV export
and reader, JSON output, and the tie flags for neighbour searches. See that script's header."""
import json
import os
import platform

import numpy as np
import scipy
import sklearn
from sklearn import datasets

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "ml")
OUT = os.path.join(ROOT, "test", "fixtures", "ml")
NAMES = ["iris", "wine", "breast_cancer", "diabetes", "digits"]
VERSIONS = {
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "python": platform.python_version(),
}
# Relative closeness under which two distances count as tied (see tie_flags).
TIE_REL = 1e-9


def export_data():
    """data/ml/<name>.csv from sklearn.datasets.load_<name>() (diabetes: scaled=False, the raw
    values). Header: feature names, then `target`. Floats are written with repr (shortest string
    that round-trips the float64); digits' pixels and every class target are written as ints."""
    os.makedirs(DATA, exist_ok=True)
    for name in NAMES:
        b = datasets.load_diabetes(scaled=False) if name == "diabetes" else getattr(datasets, "load_" + name)()
        names = [str(f) for f in b.feature_names]
        assert all("," not in f and '"' not in f for f in names), names
        X, y = np.asarray(b.data, dtype=np.float64), np.asarray(b.target)
        ints = name == "digits"
        if ints:
            assert np.all(X == np.round(X))
        lines = [",".join(names + ["target"])]
        for i in range(X.shape[0]):
            cells = [str(int(v)) if ints else repr(float(v)) for v in X[i]]
            cells.append(repr(float(y[i])) if name == "diabetes" else str(int(y[i])))
            lines.append(",".join(cells))
        with open(os.path.join(DATA, name + ".csv"), "w", newline="\n") as f:
            f.write("\n".join(lines) + "\n")


def read_csv(name):
    """(X float64 n x d, y, feature names) from data/ml/<name>.csv: the bytes the tests read."""
    with open(os.path.join(DATA, name + ".csv")) as f:
        rows = [line.rstrip("\n").split(",") for line in f if line.strip()]
    header, body = rows[0], rows[1:]
    assert header[-1] == "target"
    X = np.array([[float(c) for c in r[:-1]] for r in body], dtype=np.float64)
    y = np.array([float(r[-1]) for r in body]) if name == "diabetes" else np.array([int(r[-1]) for r in body])
    return X, y, header[:-1]


def rows_of(n):
    """The rows whose outputs are stored when a full output would be large: 0-4, n//2, n-1."""
    return sorted({0, 1, 2, 3, 4, n // 2, n - 1})


def jsonable(v):
    """A JSON value for a parameter or attribute (numpy -> Python, types -> their names)."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)) and not np.isfinite(v):
        return repr(float(v))  # e.g. SimpleImputer's missing_values=nan -> "nan"
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, type):
        return v.__name__
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if hasattr(v, "get_params"):
        return {"class": type(v).__name__, "params": params_of(v)}
    return repr(v)


def params_of(est):
    """Every constructor parameter of an estimator, as get_params(deep=False) gives them."""
    return {k: jsonable(v) for k, v in est.get_params(deep=False).items()}


def save(name, estimator, cases, notes, **extra):
    """test/fixtures/ml/<name>.json: {generator, versions, estimator, notes, cases, ...}."""
    os.makedirs(OUT, exist_ok=True)
    doc = {
        "generator": "scripts/golden/sklearn_estimators.py",
        "versions": VERSIONS,
        "estimator": estimator,
        "notes": notes,
        **extra,
        "cases": cases,
    }
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        # Python's float repr is the shortest decimal that round-trips the binary64 (<= 17 digits).
        json.dump(doc, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    return path


def direct_distances(metric, Q, X):
    """Distances from each query row to each row of X by the direct formula (no |a|^2 - 2ab + |b|^2
    shortcut), the exact reference that scikit-learn's brute force approximates for euclidean."""
    if metric == "euclidean":
        return np.sqrt(((Q[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    if metric == "manhattan":
        return np.abs(Q[:, None, :] - X[None, :, :]).sum(axis=2)
    if metric == "cosine":
        dot = Q @ X.T
        return 1.0 - dot / (np.linalg.norm(Q, axis=1)[:, None] * np.linalg.norm(X, axis=1)[None, :])
    if metric == "haversine":  # rows are [lat, lon] in radians, as scikit-learn takes them
        dlat = Q[:, None, 0] - X[None, :, 0]
        dlon = Q[:, None, 1] - X[None, :, 1]
        a = np.sin(dlat / 2) ** 2 + np.cos(Q[:, None, 0]) * np.cos(X[None, :, 0]) * np.sin(dlon / 2) ** 2
        return 2 * np.arcsin(np.sqrt(a))
    raise ValueError(metric)


def close(a, b, scale):
    return abs(a - b) <= TIE_REL * max(scale, 1e-300)


def tie_flags(D_row, idx, k):
    """For one query: boundaryTie = the k-th and (k+1)-th smallest distances are (near) equal, so
    the neighbour SET is ambiguous; innerTie = two of the k nearest are (near) equal, so their
    ORDER is ambiguous. Near = within TIE_REL of the largest distance of the row."""
    d = np.sort(D_row)
    scale = float(d[-1])
    boundary = len(d) > k and close(d[k - 1], d[k], scale)
    sel = np.sort(D_row[idx])
    inner = any(close(sel[i], sel[i + 1], scale) for i in range(len(sel) - 1))
    return bool(boundary), bool(inner)
