#!/usr/bin/python3
"""Goldens for gpuframe's tree ensembles (issue 12): XGBoost models and their predictions, and
scikit-learn RandomForest / DecisionTree results for the training work.

Run with Debian's Python (bookworm: python3-xgboost 1.7.4, python3-sklearn 1.2.1, numpy 1.24.2),
NOT a pyenv/venv python3 on PATH:
    apt-get install -y python3-xgboost python3-sklearn
    /usr/bin/python3 scripts/golden/trees.py
Writes test/fixtures/trees/ (tests never run Python):
- xgb-<id>.json: the model exactly as `Booster.save_model('….json')` wrote it (XGBoost's JSON format);
- xgboost.json: per model its training options, achieved depth, and on the held-out rows
  `Booster.predict(output_margin=True)` ("margin") and `Booster.predict()` ("proba" for the
  classifiers, "pred" for regression), plus `pred_leaf=True` for one model; also the synthetic
  data set (features with NaN written as null);
- sklearn-forest.json: RandomForestClassifier/Regressor and DecisionTreeClassifier/Regressor test
  accuracy (classifiers) or R² (regressors) with every option recorded, and the decision trees'
  test predictions.

Data and licences: breast_cancer, digits and diabetes are scikit-learn's bundled copies (BSD-3-Clause
scikit-learn; the underlying UCI data sets are CC BY 4.0), read from data/ml/<name>.csv, the bytes the
tests read (see sklearn_golden_common.py; diabetes is the raw, unscaled data). The synthetic set is
generated here: make_classification(random_state=7), 1000 rows x 8 features rounded to 4 decimals,
then ~10% of cells set to NaN (numpy default_rng(12)), so a tree's default_left decides those rows.
Its regression target is a fixed formula of the complete features (written out below).

Split everywhere: test = rows whose index % 5 == 0, train = the rest, in row order (as the kNN
goldens). Determinism: nthread=1, seed=0, random_state=0; the script asserts the achieved depths.

Numbers: XGBoost predicts in float32. Every prediction is written as the shortest decimal that
round-trips its float32 (np.format_float_positional(unique=True)), so a reader parsing it as a double
and rounding to float32 gets XGBoost's value bit for bit.
"""
import json
import os
import platform

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import accuracy_score, r2_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from sklearn_golden_common import read_csv

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "trees")
VERSIONS = {"xgboost": xgb.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()}


def f32(a):
    """float32 values as Python floats whose repr is the shortest float32 round-trip decimal."""
    a = np.asarray(a, dtype=np.float32)
    if a.ndim > 1:
        return [f32(r) for r in a]
    return [float(np.format_float_positional(np.float32(v), unique=True, trim="-")) for v in a]


def split(n):
    idx = np.arange(n)
    return idx[idx % 5 != 0], idx[idx % 5 == 0]


def synthetic():
    X, y = make_classification(n_samples=1000, n_features=8, n_informative=5, n_redundant=1, random_state=7)
    X = np.round(X, 4)
    # Regression target from the complete features (before NaN is put in).
    y_reg = np.round(3 * X[:, 0] - 2 * X[:, 1] * X[:, 2] + np.sin(3 * X[:, 3]) + 0.5 * X[:, 4] ** 2, 4)
    rng = np.random.default_rng(12)
    X[rng.random(X.shape) < 0.1] = np.nan
    return X, y, y_reg


def tree_depth(tree):
    left, right = tree["left_children"], tree["right_children"]

    def depth(i):
        return 0 if left[i] == -1 else 1 + max(depth(left[i]), depth(right[i]))

    return depth(0)


# id, data set, objective, extra booster params, rounds, expected achieved depth (min, max), store pred_leaf
MODELS = [
    ("breast_cancer-logistic", "breast_cancer", "binary:logistic", {"max_depth": 4, "eta": 0.3}, 30, (4, 4), True),
    ("breast_cancer-stumps", "breast_cancer", "binary:logistic", {"max_depth": 1, "eta": 0.5}, 25, (1, 1), False),
    ("digits-softprob", "digits", "multi:softprob", {"max_depth": 3, "eta": 0.3, "num_class": 10}, 12, (3, 3), False),
    ("diabetes-squarederror", "diabetes", "reg:squarederror", {"max_depth": 5, "eta": 0.1}, 40, (5, 5), False),
    ("synthetic-missing-logistic", "synthetic", "binary:logistic", {"max_depth": 6, "eta": 0.3}, 30, (6, 6), False),
    ("synthetic-missing-softprob", "synthetic3", "multi:softprob", {"max_depth": 4, "eta": 0.3, "num_class": 3}, 10, (4, 4), False),
    # Deep and narrow: loss-guided growth with few leaves reaches depth >= 10 on few nodes.
    ("synthetic-missing-deep", "synthetic_reg", "reg:squarederror",
     {"max_depth": 20, "tree_method": "hist", "grow_policy": "lossguide", "max_leaves": 40, "min_child_weight": 0.5, "eta": 0.3, "base_score": 0.25},
     6, (10, 20), False),
]


def load(name, syn):
    if name.startswith("synthetic"):
        X, y, y_reg = syn
        if name == "synthetic_reg":
            return X, y_reg
        if name == "synthetic3":
            # Three classes: the binary label split by the sign of a complete feature.
            return X, (y + (syn_extra(X, y) > 0)).astype(np.int64)
        return X, y
    X, y, _ = read_csv(name)
    return X, y


def syn_extra(X, y):
    # Feature 5 with NaN read as 0: class 2 where the label is 1 and feature 5 > 0.
    f = np.nan_to_num(X[:, 5], nan=0.0)
    return np.where(y == 1, f, -1.0)


def xgboost_goldens(syn):
    cases = []
    for mid, data, objective, extra, rounds, (dmin, dmax), leaf in MODELS:
        X, y = load(data, syn)
        tr, te = split(X.shape[0])
        params = {"objective": objective, "nthread": 1, "seed": 0, **extra}
        dtrain = xgb.DMatrix(X[tr], label=y[tr], missing=np.nan)
        booster = xgb.train(params, dtrain, num_boost_round=rounds)
        path = os.path.join(OUT, f"xgb-{mid}.json")
        booster.save_model(path)
        with open(path) as f:
            saved = json.load(f)
        depths = [tree_depth(t) for t in saved["learner"]["gradient_booster"]["model"]["trees"]]
        assert dmin <= max(depths) <= dmax, (mid, depths)
        dtest = xgb.DMatrix(X[te], missing=np.nan)
        margin = booster.predict(dtest, output_margin=True)
        pred = booster.predict(dtest)
        case = {
            "id": mid,
            "dataset": data,
            "model": f"xgb-{mid}.json",
            "params": params,
            "rounds": rounds,
            "trees": len(depths),
            "maxDepth": max(depths),
            "minDepth": min(depths),
            "nodes": sum(len(t["left_children"]) for t in saved["learner"]["gradient_booster"]["model"]["trees"]),
            "testRows": "index % 5 == 0",
            "nTest": int(len(te)),
            "margin": f32(margin),
            "proba" if objective != "reg:squarederror" else "pred": f32(pred),
        }
        if data.startswith("synthetic"):
            case["testMissing"] = int(np.isnan(X[te]).sum())
        if leaf:
            case["predLeaf"] = booster.predict(dtest, pred_leaf=True).astype(int).tolist()
        cases.append(case)
    return cases


def sklearn_goldens():
    cases = []
    forests = [
        ("rf-breast_cancer-gini", "breast_cancer", RandomForestClassifier, {"n_estimators": 100, "criterion": "gini", "max_features": "sqrt"}),
        ("rf-breast_cancer-entropy-depth8", "breast_cancer", RandomForestClassifier, {"n_estimators": 100, "criterion": "entropy", "max_features": "sqrt", "max_depth": 8}),
        ("rf-digits-gini", "digits", RandomForestClassifier, {"n_estimators": 100, "criterion": "gini", "max_features": "sqrt"}),
        ("rf-digits-leaf5-nobootstrap", "digits", RandomForestClassifier, {"n_estimators": 50, "max_features": "sqrt", "min_samples_leaf": 5, "bootstrap": False}),
        ("rf-diabetes-squared_error", "diabetes", RandomForestRegressor, {"n_estimators": 100, "criterion": "squared_error", "max_features": 1.0}),
        ("rf-diabetes-depth6-third", "diabetes", RandomForestRegressor, {"n_estimators": 100, "max_features": 0.33, "max_depth": 6, "min_samples_split": 10}),
        ("dt-breast_cancer", "breast_cancer", DecisionTreeClassifier, {"criterion": "gini"}),
        ("dt-digits-depth10", "digits", DecisionTreeClassifier, {"criterion": "entropy", "max_depth": 10}),
        ("dt-diabetes-depth4", "diabetes", DecisionTreeRegressor, {"max_depth": 4}),
    ]
    for cid, data, cls, opts in forests:
        X, y, _ = read_csv(data)
        tr, te = split(X.shape[0])
        est = cls(random_state=0, **opts)
        if "n_jobs" in est.get_params():
            est.set_params(n_jobs=1)
        est.fit(X[tr], y[tr])
        pred = est.predict(X[te])
        classifier = cls in (RandomForestClassifier, DecisionTreeClassifier)
        case = {
            "id": cid,
            "dataset": data,
            "estimator": cls.__name__,
            "params": {k: v for k, v in est.get_params().items() if v is None or isinstance(v, (bool, int, float, str))},
            "testRows": "index % 5 == 0",
            "metric": "accuracy" if classifier else "r2",
            "score": float(accuracy_score(y[te], pred) if classifier else r2_score(y[te], pred)),
        }
        if cls in (DecisionTreeClassifier, DecisionTreeRegressor):
            case["depth"] = int(est.get_depth())
            case["leaves"] = int(est.get_n_leaves())
            case["predict"] = [int(v) for v in pred] if classifier else [float(v) for v in pred]
        cases.append(case)
    return cases


def dump(name, doc):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(doc, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    syn = synthetic()
    X, y, y_reg = syn
    dump("xgboost.json", {
        "generator": "scripts/golden/trees.py",
        "versions": VERSIONS,
        "notes": ("margin = Booster.predict(output_margin=True), proba/pred = Booster.predict(), on the test rows "
                  "(index % 5 == 0) in order; multi:softprob rows are [row][class]. Values are float32 shortest "
                  "decimals. predLeaf = predict(pred_leaf=True) [row][tree] (node ids within each tree). "
                  "synthetic: X rows with NaN as null; y (binary), yReg (synthetic_reg), synthetic3 = y + "
                  "(y == 1 and (X[:, 5] with NaN as 0) > 0)."),
        "synthetic": {
            "X": [[None if np.isnan(v) else float(v) for v in row] for row in X],
            "y": y.astype(int).tolist(),
            "yReg": [float(v) for v in y_reg],
        },
        "cases": xgboost_goldens(syn),
    })
    dump("sklearn-forest.json", {
        "generator": "scripts/golden/trees.py",
        "versions": VERSIONS,
        "notes": ("scikit-learn forests and trees trained on the train rows (index % 5 != 0) of data/ml/<dataset>.csv, "
                  "scored on the test rows (index % 5 == 0): accuracy for classifiers, R² for regressors. params = "
                  "get_params() (scalars). predict = the decision tree's test predictions in order."),
        "cases": sklearn_goldens(),
    })


if __name__ == "__main__":
    main()
