"""Neighbour, naive Bayes and KMeans goldens (part of scripts/golden/sklearn_estimators.py)."""
import csv
import os

import numpy as np
from sklearn.cluster import KMeans
from sklearn.naive_bayes import GaussianNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor, NearestNeighbors

from sklearn_golden_common import ROOT, direct_distances, params_of, read_csv, rows_of, save, tie_flags

K = 5


def split(n):
    """The fixed split: test = rows i with i % 5 == 0, train = the rest (both in row order)."""
    idx = np.arange(n)
    return idx[idx % 5 != 0], idx[idx % 5 == 0]


def storms_points():
    """Every 20th data row of data/storms.csv (rows 0, 20, 40, ...), as [lat, long] in degrees."""
    with open(os.path.join(ROOT, "data", "storms.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    pts = [[float(r["lat"]), float(r["long"])] for i, r in enumerate(rows) if i % 20 == 0]
    return np.array(pts)


def knn_case(cid, ds, metric, X, Q, qrows):
    nn = NearestNeighbors(n_neighbors=K, metric=metric, algorithm="brute").fit(X)
    sk_d, idx = nn.kneighbors(Q)
    D = direct_distances(metric, Q, X)
    flags = [tie_flags(D[i], idx[i], K) for i in range(len(Q))]
    exact = np.take_along_axis(D, idx, axis=1)
    for i, (b, inner) in enumerate(flags):  # scikit-learn's order agrees with the exact distances
        if not b:
            assert set(idx[i]) == set(np.argsort(D[i], kind="stable")[:K]), (cid, i)
    return {"id": cid, "dataset": ds, "params": params_of(nn), "queryRows": qrows,
            "indices": idx.tolist(), "distances": exact.tolist(), "sklearnDistances": sk_d.tolist(),
            "boundaryTie": [b for b, _ in flags], "innerTie": [t for _, t in flags]}


def radius_case(cid, ds, metric, radius, X, Q, qrows):
    nn = NearestNeighbors(radius=radius, metric=metric, algorithm="brute").fit(X)
    _, ind = nn.radius_neighbors(Q)
    D = direct_distances(metric, Q, X)
    out = []
    for i in range(len(Q)):
        s = np.sort(ind[i])
        assert set(s) == set(np.flatnonzero(D[i] <= radius)), (cid, i)
        near = bool(np.any(np.abs(D[i] - radius) <= 1e-9 * radius))
        out.append({"indices": s.tolist(), "distances": D[i][s].tolist(), "radiusTie": near})
    return {"id": cid, "dataset": ds, "params": params_of(nn), "queryRows": qrows, "radius": radius,
            "result": out}


def neighbors():
    cases, radius = [], []
    for ds in ["iris", "wine"]:
        X, _, _ = read_csv(ds)
        q = list(range(0, X.shape[0], 10))
        for metric in ["euclidean", "manhattan", "cosine"]:
            cases.append(knn_case(f"{ds}-{metric}", ds, metric, X, X[q], q))
    P = storms_points()
    Pr = np.radians(P)
    q = list(range(0, len(P), 40))
    cases.append(knn_case("storms-haversine", "storms", "haversine", Pr, Pr[q], q))
    X, _, _ = read_csv("iris")
    radius.append(radius_case("iris-euclidean-r0.4", "iris", "euclidean", 0.4, X, X[[0, 50, 100, 149]],
                              [0, 50, 100, 149]))
    radius.append(radius_case("iris-manhattan-r0.5", "iris", "manhattan", 0.5, X, X[[0, 57, 120]], [0, 57, 120]))
    radius.append(radius_case("storms-haversine-r0.02", "storms", "haversine", 0.02, Pr, Pr[[0, 100, 300]],
                              [0, 100, 300]))
    save("NearestNeighbors", "NearestNeighbors", cases,
         "algorithm 'brute', k = 5, queries = X[queryRows] (each query finds itself at distance 0). "
         "`distances` are recomputed here by the direct formula for the returned indices (the exact "
         "reference; scikit-learn's euclidean uses |a|^2 - 2ab + |b|^2 and is only ~1e-8 accurate, kept "
         "as sklearnDistances). Ties (within 1e-9 relative of the row's largest distance): where "
         "boundaryTie the neighbour set is ambiguous; where innerTie the order within it is. Compare "
         "indices as a set unless boundaryTie, in order unless either. cosine distance = 1 - cos. "
         "haversine: rows [lat, lon] in RADIANS (scikit-learn's order), distance in radians on the unit "
         "sphere; points = every 20th data row of data/storms.csv (lat, long columns), stored in "
         "stormsPointsDeg as [lat, long] degrees. radius_neighbors results (radiusCases) list indices "
         "ascending with their direct distances (d <= radius).",
         stormsPointsDeg=P.tolist(), radiusCases=radius)


def knn_models():
    cases = []
    for ds in ["iris", "wine", "digits", "diabetes"]:
        X, y, _ = read_csv(ds)
        tr, te = split(X.shape[0])
        D = direct_distances("euclidean", X[te], X[tr])
        for w in ["uniform", "distance"]:
            reg = ds == "diabetes"
            m = (KNeighborsRegressor if reg else KNeighborsClassifier)(n_neighbors=K, weights=w, algorithm="brute")
            m.fit(X[tr], y[tr])
            _, idx = m.kneighbors(X[te])
            amb = [tie_flags(D[i], idx[i], K)[0] for i in range(len(te))]
            c = {"id": f"{ds}-{w}", "estimator": type(m).__name__, "dataset": ds, "params": params_of(m),
                 "predict": m.predict(X[te]).tolist(), "neighbors": idx.tolist(), "ambiguous": amb}
            if reg and w == "distance":  # the same average with the direct distances
                d = np.take_along_axis(D, idx, axis=1)
                c["predictDirectDistances"] = [float((y[tr][ix] / dd).sum() / (1 / dd).sum()) if dd.min() > 0
                                               else float(y[tr][ix][dd == 0].mean()) for ix, dd in zip(idx, d)]
            if not reg:
                c["predictProbaRows"] = list(range(min(8, len(te))))
                c["predictProba"] = m.predict_proba(X[te][:8]).tolist()
            cases.append(c)
    save("KNeighbors", "KNeighborsClassifier, KNeighborsRegressor", cases,
         "k = 5, euclidean, algorithm 'brute'. Split: test = rows with index % 5 == 0, train = the other "
         "rows, both in row order; `neighbors` are indices INTO THE TRAIN ROWS. predict covers every test "
         "row. ambiguous[i]: the 5th and 6th nearest train rows are tied (within 1e-9), so the neighbour "
         "set and the prediction may legitimately differ. Vote ties go to the smallest label. weights "
         "'distance': weight 1/d; if some neighbours are at distance 0 only they count (equally). "
         "predictProba: the first 8 test rows.")


def naive_bayes():
    g = []
    for ds in ["iris", "wine"]:
        X, y, _ = read_csv(ds)
        m = GaussianNB().fit(X, y)
        rows = rows_of(X.shape[0])
        g.append({"id": ds, "dataset": ds, "params": params_of(m),
                  "fitted": {"theta_": m.theta_.tolist(), "var_": m.var_.tolist(),
                             "class_prior_": m.class_prior_.tolist(), "class_count_": m.class_count_.tolist(),
                             "epsilon_": float(m.epsilon_)},
                  "predict": m.predict(X).tolist(), "rows": rows,
                  "predictProba": m.predict_proba(X[rows]).tolist(),
                  "predictJointLogProba": m.predict_joint_log_proba(X[rows]).tolist()})
    save("GaussianNB", "GaussianNB", g,
         "Fitted on all rows. var_ = population variance per class + epsilon_, epsilon_ = var_smoothing "
         "(1e-9) * max over features of the whole-data variance. class_prior_ = class frequencies. "
         "predict covers all rows.")
    X, y, _ = read_csv("digits")
    mn = []
    rows = rows_of(X.shape[0])
    for a in [1.0, 0.5]:
        m = MultinomialNB(alpha=a).fit(X, y)
        mn.append({"id": f"digits-alpha{a}", "dataset": "digits", "params": params_of(m),
                   "fitted": {"feature_log_prob_": m.feature_log_prob_.tolist(),
                              "class_log_prior_": m.class_log_prior_.tolist(),
                              "class_count_": m.class_count_.tolist()},
                   "predict": m.predict(X).tolist(), "rows": rows,
                   "predictProba": m.predict_proba(X[rows]).tolist()})
    save("MultinomialNB", "MultinomialNB", mn,
         "digits, all rows. feature_log_prob_[c][j] = log((N_cj + alpha) / (N_c + alpha*d)); "
         "class_log_prior_ = log class frequencies (fit_prior True). predict covers all rows.")


def kmeans():
    X, _, _ = read_csv("iris")
    w = 1.0 + (np.arange(X.shape[0]) % 3)
    far = np.vstack([X[:2], [[100.0, 100.0, 100.0, 100.0]]])
    cases = []
    for cid, init, sw, desc in [
        ("iris-first3", X[:3], None, "rows 0-2"),
        ("iris-first3-weighted", X[:3], w, "rows 0-2"),
        ("iris-first5", X[:5], None, "rows 0-4"),
        ("iris-empty-cluster", far, None, "rows 0-1 and (100,100,100,100): that cluster is empty at once"),
    ]:
        m = KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", tol=1e-4, max_iter=300)
        m.fit(X, sample_weight=sw)
        rows = rows_of(X.shape[0])
        cases.append({"id": cid, "dataset": "iris", "params": params_of(m), "init": init.tolist(),
                      "initDescription": desc,
                      "sampleWeight": None if sw is None else "1 + (i % 3) for row i",
                      "fitted": {"cluster_centers_": m.cluster_centers_.tolist(), "labels_": m.labels_.tolist(),
                                 "inertia_": float(m.inertia_), "n_iter_": int(m.n_iter_)},
                      "rows": rows, "transform": m.transform(X[rows]).tolist()})
    save("KMeans", "KMeans", cases,
         "Lloyd, n_init 1, explicit init, tol 1e-4 (scikit-learn scales it by the mean feature variance), "
         "max_iter 300. inertia_ = sum_i w_i * ||x_i - c(x_i)||^2. Empty clusters are relocated as "
         "scikit-learn does (to the points farthest from their centres). transform = distances to the "
         "centres for `rows`.")
