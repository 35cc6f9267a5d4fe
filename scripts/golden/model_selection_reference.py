#!/usr/bin/python3
"""Extra goldens for gpuframe's model selection (test/fixtures/ml/model_selection_extra.json), beside
sklearn_estimators.py's model_selection.json: cross_val_score with estimators gpuframe already has
(Ridge, closed form), KFold folds for sizes not divisible by n_splits, StratifiedKFold on unbalanced
labels given in first-appearance order different from sorted order, and train_test_split's unshuffled
sizes. Run: /usr/bin/python3 scripts/golden/model_selection_reference.py
"""
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsClassifier
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score, train_test_split

from sklearn_golden_common import read_csv, save


def main():
    cases = []
    X, y, _ = read_csv("diabetes")
    for cv in [5, KFold(n_splits=3)]:
        est = Ridge(alpha=1.0, solver="cholesky")
        cases.append({"id": f"ridge-diabetes-cv{getattr(cv, 'n_splits', cv)}", "kind": "crossValScore", "dataset": "diabetes",
                      "params": {"alpha": 1.0, "solver": "cholesky"}, "nSplits": getattr(cv, "n_splits", cv),
                      "scores": cross_val_score(est, X, y, cv=cv).tolist()})
    for ds in ["iris", "wine"]:
        X, y, _ = read_csv(ds)
        est = KNeighborsClassifier(n_neighbors=5, algorithm="brute")
        cases.append({"id": f"knn-{ds}-cv5", "kind": "crossValScore", "dataset": ds, "params": {"n_neighbors": 5, "algorithm": "brute"},
                      "nSplits": 5, "scores": cross_val_score(est, X, y, cv=5).tolist()})
    for n, k in [(7, 3), (10, 4), (2, 2)]:
        cases.append({"id": f"kfold-n{n}-k{k}", "kind": "folds", "splitter": "KFold", "n": n, "nSplits": k,
                      "testFolds": [te.tolist() for _, te in KFold(n_splits=k).split(np.zeros(n))]})
    rng = np.random.RandomState(7)
    labels = [["b", "a", "c"][i] for i in rng.choice(3, size=31, p=[0.5, 0.3, 0.2])]
    for k in [2, 3, 4]:
        cases.append({"id": f"stratified-strings-k{k}", "kind": "folds", "splitter": "StratifiedKFold", "y": labels,
                      "nSplits": k, "testFolds": [te.tolist() for _, te in StratifiedKFold(n_splits=k).split(np.zeros(31), labels)]})
    for n, ts, tr in [(150, 0.25, None), (10, 0.33, None), (10, 3, 5), (11, None, 0.6)]:
        a, b = train_test_split(np.arange(n), test_size=ts, train_size=tr, shuffle=False)
        cases.append({"id": f"split-n{n}-test{ts}-train{tr}", "kind": "trainTestSplit", "n": n, "testSize": ts, "trainSize": tr,
                      "train": a.tolist(), "test": b.tolist()})
    save("model_selection_extra", "cross_val_score, KFold, StratifiedKFold, train_test_split", cases,
         "crossValScore cases: Ridge(alpha=1, cholesky) on raw diabetes, scores = R^2 per fold (cv=5 is KFold for a "
         "regressor); KNeighborsClassifier(k=5, brute) on iris and wine, scores = accuracy per fold (cv=5 is StratifiedKFold for a classifier). folds cases: testFolds[f] = test rows of fold f, shuffle False. trainTestSplit cases: "
         "shuffle False, the row numbers of each part (None = unset).", generator="scripts/golden/model_selection_reference.py")


if __name__ == "__main__":
    main()
