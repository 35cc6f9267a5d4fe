"""Preprocessing and decomposition goldens (part of scripts/golden/sklearn_estimators.py)."""
import numpy as np
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import (LabelEncoder, MinMaxScaler, OneHotEncoder, PolynomialFeatures,
                                   RobustScaler, StandardScaler)

from sklearn_golden_common import params_of, read_csv, rows_of, save

SPECIES = ["setosa", "versicolor", "virginica"]  # load_iris().target_names, by target code


def attrs(est, names):
    return {n: getattr(est, n).tolist() if hasattr(getattr(est, n), "tolist") else getattr(est, n) for n in names}


def scalers():
    specs = [
        ("StandardScaler", "default", lambda: StandardScaler(), ["mean_", "var_", "scale_", "n_samples_seen_"]),
        ("MinMaxScaler", "default", lambda: MinMaxScaler(), ["data_min_", "data_max_", "data_range_", "scale_", "min_"]),
        ("MinMaxScaler", "range-1-1", lambda: MinMaxScaler(feature_range=(-1, 1)),
         ["data_min_", "data_max_", "data_range_", "scale_", "min_"]),
        ("RobustScaler", "default", lambda: RobustScaler(), ["center_", "scale_"]),
        ("RobustScaler", "unit-variance", lambda: RobustScaler(unit_variance=True), ["center_", "scale_"]),
    ]
    by = {}
    for est_name, tag, make, names in specs:
        for ds in ["wine", "diabetes"]:
            X, _, _ = read_csv(ds)
            est = make().fit(X)
            rows = rows_of(X.shape[0])
            by.setdefault(est_name, []).append({
                "id": f"{ds}-{tag}", "dataset": ds, "params": params_of(est),
                "fitted": attrs(est, names), "rows": rows, "transform": est.transform(X[rows]).tolist(),
            })
    notes = ("Fitted on all rows of the data set (features only). var_ is the population variance "
             "(ddof 0); RobustScaler quantiles are numpy.percentile's linear interpolation. transform holds "
             "the transformed `rows` (row-major, one list per row).")
    for est_name, cases in by.items():
        save(est_name, est_name, cases, notes)


def encoders():
    X, y, _ = read_csv("iris")
    species = np.array([SPECIES[t] for t in y], dtype=object)
    rows = [0, 1, 50, 51, 100, 149]
    le = LabelEncoder().fit(species)
    save("LabelEncoder", "LabelEncoder", [{
        "id": "iris-species", "dataset": "iris", "input": "species = target_names[target], all 150 rows",
        "params": params_of(le), "fitted": {"classes_": le.classes_.tolist()},
        "transform": le.transform(species).tolist(),
        "inverseInput": [2, 0, 1], "inverseTransform": le.inverse_transform([2, 0, 1]).tolist(),
    }], "classes_ sorted (np.unique). transform covers all 150 rows.", targetNames=SPECIES)
    cases = []
    _, dy, _ = read_csv("digits")
    for cid, col, kw, extra in [
        ("iris-species", species, {}, None),
        ("iris-species-drop-first", species, {"drop": "first"}, None),
        ("iris-species-ignore-unknown", species, {"handle_unknown": "ignore"}, ["setosa", "rose", "virginica"]),
        ("digits-target-int", dy, {}, None),
    ]:
        enc = OneHotEncoder(sparse_output=False, **kw).fit(col.reshape(-1, 1))
        c = {"id": cid, "dataset": cid.split("-")[0], "params": params_of(enc),
             "input": "species = target_names[target]" if "species" in cid else "the target column (ints)",
             "fitted": {"categories_": [enc.categories_[0].tolist()],
                        "drop_idx_": None if enc.drop_idx_ is None else enc.drop_idx_.tolist(),
                        "feature_names_out": enc.get_feature_names_out(["x0"]).tolist()},
             "rows": rows, "transform": enc.transform(col[rows].reshape(-1, 1)).tolist()}
        if extra:
            c["extraInput"] = extra
            c["extraTransform"] = enc.transform(np.array(extra, dtype=object).reshape(-1, 1)).tolist()
        cases.append(c)
    save("OneHotEncoder", "OneHotEncoder", cases,
         "Dense output (sparse_output=False). One input column; categories_ sorted. An unknown "
         "category under handle_unknown='ignore' encodes as all zeros.", targetNames=SPECIES)


def imputer():
    X, _, _ = read_csv("wine")
    rng = np.random.default_rng(20240611)
    mask = rng.random(X.shape) < 0.08
    Xn = X.copy()
    Xn[mask] = np.nan
    missing = np.argwhere(mask).tolist()
    rows = sorted(set([0] + [int(r) for r in np.flatnonzero(mask.any(axis=1))[:8]]))
    cases = []
    for strat, fill in [("mean", None), ("median", None), ("most_frequent", None), ("constant", 0.0),
                        ("constant", -1.5)]:
        imp = SimpleImputer(strategy=strat, fill_value=fill).fit(Xn)
        cases.append({"id": f"wine-{strat}" + ("" if fill is None else f"-{fill}"), "dataset": "wine",
                      "params": params_of(imp), "fitted": {"statistics_": imp.statistics_.tolist()},
                      "rows": rows, "transform": imp.transform(Xn[rows]).tolist()})
    save("SimpleImputer", "SimpleImputer", cases,
         "Input: wine's features with NaN put at `missing` ([row, col] pairs, row-major order; drawn with "
         "numpy default_rng(20240611).random(shape) < 0.08). most_frequent breaks ties by the smallest "
         "value. Fitted on all rows; transform of `rows` (which contain NaNs).",
         dataset="wine", missing=missing, missingCount=len(missing))


def polynomial():
    X, _, names = read_csv("iris")
    rows = rows_of(X.shape[0])
    cases = []
    for io in [False, True]:
        for bias in [True, False]:
            p = PolynomialFeatures(degree=2, interaction_only=io, include_bias=bias).fit(X)
            cases.append({"id": f"iris-deg2-io{int(io)}-bias{int(bias)}", "dataset": "iris",
                          "params": params_of(p),
                          "fitted": {"powers_": p.powers_.tolist(), "n_output_features_": p.n_output_features_,
                                     "feature_names_out": p.get_feature_names_out(names).tolist()},
                          "rows": rows, "transform": p.transform(X[rows]).tolist()})
    save("PolynomialFeatures", "PolynomialFeatures", cases,
         "powers_[j] gives the exponent of each input feature in output column j (output order as sklearn).")


def defined_components(ev):
    """How many leading components are well defined: variance > 1e-10 of the largest, and separated
    from both neighbours by more than 1e-6 relative (an eigenvector is only defined up to sign when
    its eigenvalue is simple; near-equal or ~0 eigenvalues leave it arbitrary)."""
    k = 0
    for i in range(len(ev)):
        if ev[i] <= 1e-10 * ev[0]:
            break
        gap_prev = i == 0 or (ev[i - 1] - ev[i]) > 1e-6 * ev[i - 1]
        gap_next = i == len(ev) - 1 or (ev[i] - ev[i + 1]) > 1e-6 * ev[i]
        if not (gap_prev and gap_next):
            break
        k += 1
    return k


def pca():
    cases = []
    for ds in ["iris", "wine", "digits"]:
        X, _, _ = read_csv(ds)
        full_sv = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
        for nc in [2, None]:
            for wh in [False, True]:
                p = PCA(n_components=nc, svd_solver="full", whiten=wh).fit(X)
                kd = defined_components(p.explained_variance_)
                rows = rows_of(X.shape[0])
                cases.append({
                    "id": f"{ds}-full-n{nc}-whiten{int(wh)}", "dataset": ds, "params": params_of(p),
                    "definedComponents": kd,
                    "fitted": {"n_components_": p.n_components_,
                               "components_": p.components_[:kd].tolist(),
                               "explained_variance_": p.explained_variance_.tolist(),
                               "explained_variance_ratio_": p.explained_variance_ratio_.tolist(),
                               "singular_values_": p.singular_values_.tolist(), "mean_": p.mean_.tolist(),
                               "noise_variance_": float(p.noise_variance_)},
                    "rows": rows, "transform": p.transform(X[rows])[:, :kd].tolist(),
                    "fullSingularValues": full_sv.tolist(),
                })
        for nc, rs in [(2, 0), (10, 0), (10, 42)]:
            if ds != "digits" and nc == 10:
                continue
            p = PCA(n_components=nc, svd_solver="randomized", random_state=rs).fit(X)
            cases.append({
                "id": f"{ds}-randomized-n{nc}-rs{rs}", "dataset": ds, "params": params_of(p),
                "fitted": {"singular_values_": p.singular_values_.tolist(),
                           "explained_variance_": p.explained_variance_.tolist(),
                           "explained_variance_ratio_": p.explained_variance_ratio_.tolist(),
                           "mean_": p.mean_.tolist(), "noise_variance_": float(p.noise_variance_)},
                "exactTopSingularValues": full_sv[:nc].tolist(),
                "exactTopExplainedVariance": (full_sv[:nc] ** 2 / (X.shape[0] - 1)).tolist(),
                "objective": "sum of explained_variance_ (variance captured by the k components); "
                             "exact value = sum(exactTopExplainedVariance)",
                "capturedVariance": float(p.explained_variance_.sum()),
                "exactCapturedVariance": float((full_sv[:nc] ** 2).sum() / (X.shape[0] - 1)),
            })
    save("PCA", "PCA", cases,
         "svd_solver 'full': LAPACK SVD of the centred data, explained_variance_ = S^2/(n-1), "
         "sign by svd_flip (u-based: the largest-|.| entry of each column of U is positive); compare "
         "components_ and transform UP TO SIGN per component. Only the first `definedComponents` "
         "rows of components_ (and columns of transform) are stored: later ones have (near-)equal or "
         "~0 variance and are not unique. noise_variance_ = mean of the dropped explained variances "
         "(0 when none are dropped). fullSingularValues: numpy.linalg.svd of the centred data. "
         "'randomized' (Halko et al.; iterated_power 'auto' = 7 when k < 0.1 min(n,d) else 4; "
         "n_oversamples 10; power_iteration_normalizer 'auto' = LU): its result depends on the random "
         "state: compare the objective capturedVariance, not the vectors. scikit-learn's own is 5e-7 to "
         "1.1e-6 relative below exactCapturedVariance for digits k = 10 (random_state 0 / 42): hold a fit to "
         "capturedVariance >= scikit-learn's * (1 - 1e-6), and never above the exact value.")


def truncated_svd():
    cases = []
    for ds, nc in [("iris", 2), ("wine", 2), ("digits", 10)]:
        X, _, _ = read_csv(ds)
        sv = np.linalg.svd(X, compute_uv=False)
        for algo in ["randomized", "arpack"]:
            t = TruncatedSVD(n_components=nc, algorithm=algo, n_iter=5, random_state=0).fit(X)
            Xt = t.transform(X)
            kd = defined_components(sv[:nc] ** 2)
            cases.append({
                "id": f"{ds}-{algo}-n{nc}", "dataset": ds, "params": params_of(t),
                "fitted": {"singular_values_": t.singular_values_.tolist(),
                           "explained_variance_": t.explained_variance_.tolist(),
                           "explained_variance_ratio_": t.explained_variance_ratio_.tolist(),
                           "components_": t.components_[:kd].tolist()},
                "definedComponents": kd,
                "exactTopSingularValues": sv[:nc].tolist(),
                "rows": rows_of(X.shape[0]), "transform": Xt[rows_of(X.shape[0])][:, :kd].tolist(),
            })
    save("TruncatedSVD", "TruncatedSVD", cases,
         "No centring. singular_values_ vs exactTopSingularValues (numpy.linalg.svd of X, uncentred) is "
         "the objective check. explained_variance_ is np.var (ddof 0) of each column of transform(X); "
         "explained_variance_ratio_ divides by the sum of np.var of X's columns. components_/transform "
         "up to sign, first `definedComponents` only.")
