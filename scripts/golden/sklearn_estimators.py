#!/usr/bin/python3
"""Goldens for gpuframe's ML estimators (issue 11, acceptance 1), from scikit-learn on the real data
sets it bundles: iris, wine, breast_cancer, diabetes, digits.

Run with Debian's Python (bookworm: python3-sklearn 1.2.1, numpy 1.24.2, scipy 1.10.1):
    apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/golden/sklearn_estimators.py --export-data   # once: data/ml/*.csv
    /usr/bin/python3 scripts/golden/sklearn_estimators.py                 # test/fixtures/ml/*.json
The pieces live beside this file: sklearn_golden_common.py (paths, CSV export/reader, JSON),
sklearn_golden_prep.py (preprocessing, PCA, TruncatedSVD), sklearn_golden_linear.py (linear and
logistic models), sklearn_golden_neighbors.py (neighbours, naive Bayes, KMeans); metrics and
model selection are below.

Deliberate choices:
- Inputs are read from data/ml/<name>.csv (written by --export-data from sklearn.datasets.load_*),
  never from sklearn's loaders, so the script and the tests see the same bytes. diabetes is the RAW
  data (load_diabetes(scaled=False): age, sex 1/2, bmi, ...; target = disease progression), not
  scikit-learn's default mean-centred, norm-scaled copy; floats are written with repr.
- Every fixture records, per case, the estimator's full get_params() ("params"), the data set, and
  what rows are stored. JSON floats are Python's repr (shortest round-trip binary64 string). Matrices
  are nested lists in scikit-learn's shape (one list per row). Where a full output is large only
  `rows` = 0-4, n//2, n-1 are stored; small integer outputs (labels, predictions) are stored whole.
- Deterministic settings: explicit inits, fixed random_state where randomness remains (randomized
  PCA/SVD: compare the objective, not the vectors), algorithm='brute' for neighbours, lbfgs with tol
  1e-10 and coordinate descent with tol 1e-10, max_iter large.
- Objectives are computed here in float64 at scikit-learn's solution (Lasso/ElasticNet, logistic),
  so an implementation can be held to "reach scikit-learn's objective within 1e-6 relative".
- Ties are flagged instead of hidden: PCA/SVD store only well-defined components, neighbour
  searches flag near-equal distances (see each fixture's `notes`).
- Fixed split for the kNN models: test = row index % 5 == 0. Breast cancer is standardised
  (StandardScaler on all rows) before LogisticRegression; its mean_/scale_ are stored.
"""
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, adjusted_rand_score, confusion_matrix, f1_score, log_loss,
                             mean_absolute_error, mean_squared_error, precision_score, r2_score,
                             recall_score, roc_auc_score, silhouette_score)
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

import sklearn_golden_linear as linear
import sklearn_golden_neighbors as neigh
import sklearn_golden_prep as prep
from sklearn_golden_common import export_data, params_of, read_csv, save

LOGIT = dict(solver="lbfgs", tol=1e-10, max_iter=100_000)


def classification_metrics(y_true, y_pred, averages):
    out = {"accuracy": accuracy_score(y_true, y_pred),
           "confusionMatrix": confusion_matrix(y_true, y_pred).tolist()}
    for avg in averages:
        out[f"precision_{avg}"] = precision_score(y_true, y_pred, average=avg, zero_division=0)
        out[f"recall_{avg}"] = recall_score(y_true, y_pred, average=avg, zero_division=0)
        out[f"f1_{avg}"] = f1_score(y_true, y_pred, average=avg, zero_division=0)
    return {k: (float(v) if not isinstance(v, list) else v) for k, v in out.items()}


def metrics():
    cases = []
    X, y, _ = read_csv("breast_cancer")
    Xs = StandardScaler().fit_transform(X)
    m = LogisticRegression(C=0.1, **LOGIT).fit(Xs, y)
    p, s = m.predict(Xs), m.predict_proba(Xs)[:, 1]
    cases.append({"id": "binary-breast_cancer", "source": "LogisticRegression(C=0.1, lbfgs, tol 1e-10) on "
                  "standardised breast_cancer, all rows; yScore = predict_proba[:, 1] (class 1 positive)",
                  "yTrue": y.tolist(), "yPred": p.tolist(), "yScore": s.tolist(),
                  **classification_metrics(y, p, ["binary", "micro", "macro", "weighted"]),
                  "rocAuc": float(roc_auc_score(y, s)), "logLoss": float(log_loss(y, s))})
    X, y, _ = read_csv("wine")
    tr, te = neigh.split(X.shape[0])
    knn = KNeighborsClassifier(n_neighbors=5, algorithm="brute").fit(X[tr], y[tr])
    p, P = knn.predict(X[te]), knn.predict_proba(X[te])
    cases.append({"id": "multiclass-wine-knn", "source": "KNeighborsClassifier(k=5, uniform, brute) on wine, "
                  "train = rows i % 5 != 0, test = rows i % 5 == 0; yScore = predict_proba (K columns)",
                  "yTrue": y[te].tolist(), "yPred": p.tolist(), "yScore": P.tolist(),
                  **classification_metrics(y[te], p, ["micro", "macro", "weighted"]),
                  "rocAucOvrMacro": float(roc_auc_score(y[te], P, multi_class="ovr", average="macro"))})
    X, y, _ = read_csv("iris")
    P = LogisticRegression(C=0.1, **LOGIT).fit(X, y).predict_proba(X)
    cases.append({"id": "logloss-iris", "source": "LogisticRegression(C=0.1, lbfgs, tol 1e-10) on iris, "
                  "all rows; yScore = predict_proba", "yTrue": y.tolist(), "yScore": P.tolist(),
                  "logLoss": float(log_loss(y, P)),
                  "rocAucOvrMacro": float(roc_auc_score(y, P, multi_class="ovr", average="macro"))})
    X, y, _ = read_csv("diabetes")
    p = Ridge(alpha=1.0, solver="cholesky").fit(X, y).predict(X)
    cases.append({"id": "regression-diabetes", "source": "Ridge(alpha=1, cholesky) on raw diabetes, all rows",
                  "yTrue": y.tolist(), "yPred": p.tolist(), "r2": float(r2_score(y, p)),
                  "mse": float(mean_squared_error(y, p)), "mae": float(mean_absolute_error(y, p))})
    X, y, _ = read_csv("iris")
    km = KMeans(n_clusters=3, init=X[:3], n_init=1, algorithm="lloyd", tol=1e-4, max_iter=300).fit(X)
    cases.append({"id": "clustering-iris-kmeans", "source": "KMeans(k=3, init = rows 0-2, lloyd, n_init 1, "
                  "tol 1e-4) labels on iris (as KMeans.json iris-first3); X = iris features",
                  "labels": km.labels_.tolist(), "yTrue": y.tolist(),
                  "silhouette": float(silhouette_score(X, km.labels_, metric="euclidean")),
                  "adjustedRandScore": float(adjusted_rand_score(y, km.labels_))})
    save("metrics", "sklearn.metrics", cases,
         "Each case stores its inputs (yTrue, yPred, yScore, labels) and how they were made. zero_division "
         "= 0. Averages: binary (positive label 1), micro, macro, weighted (by support). confusionMatrix: "
         "rows = true class, columns = predicted, classes sorted. log_loss clips probabilities to "
         "[eps, 1 - eps] with eps = float64 machine epsilon (scikit-learn 1.2 eps='auto'); binary "
         "log_loss takes the positive-class probability. roc_auc: trapezoidal AUC with tied scores "
         "averaged; multiclass 'ovr' macro = mean of the K one-vs-rest AUCs.")


def model_selection():
    cases = []
    for ds in ["iris", "wine"]:
        X, y, _ = read_csv(ds)
        for name, cv in [("KFold", KFold(n_splits=5, shuffle=False)),
                         ("StratifiedKFold", StratifiedKFold(n_splits=5, shuffle=False))]:
            folds = [te.tolist() for _, te in cv.split(X, y)]
            c = {"id": f"{ds}-{name}", "splitter": name, "dataset": ds, "params": {"n_splits": cv.n_splits, "shuffle": cv.shuffle, "random_state": cv.random_state}, "testFolds": folds}
            if name == "StratifiedKFold":
                est = LogisticRegression(C=1.0, **LOGIT)
                c["crossValScore"] = {"estimator": "LogisticRegression", "estimatorParams": params_of(est),
                                      "scoring": "accuracy (estimator.score)",
                                      "scores": cross_val_score(est, X, y, cv=cv).tolist()}
            cases.append(c)
    save("model_selection", "KFold, StratifiedKFold, cross_val_score", cases,
         "shuffle False, 5 splits. testFolds[f] = the test row indices of fold f (ascending); the train rows "
         "are the rest. KFold: contiguous blocks, the first n % 5 folds one row longer. StratifiedKFold "
         "(scikit-learn 1.2's allocation: classes ordered by first appearance, each class's rows dealt "
         "to folds so per-fold class counts differ by at most one). crossValScore: the accuracy per fold "
         "of LogisticRegression(C=1, lbfgs, tol 1e-10, multinomial) fitted on the train rows.")


def main():
    if "--export-data" in sys.argv:
        export_data()
        return
    prep.scalers()
    prep.encoders()
    prep.imputer()
    prep.polynomial()
    prep.pca()
    prep.truncated_svd()
    linear.least_squares()
    linear.sparse_linear()
    linear.logistic()
    neigh.neighbors()
    neigh.knn_models()
    neigh.naive_bayes()
    neigh.kmeans()
    metrics()
    model_selection()


if __name__ == "__main__":
    main()
