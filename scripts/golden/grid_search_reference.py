#!/usr/bin/python3
"""Goldens for gpuframe's GridSearchCV (test/fixtures/ml/grid-search.json): scikit-learn 1.2's
GridSearchCV on the data/ml CSVs with estimators gpuframe has. Each case stores the grid in
gpuframe's camelCase option names (`grid`), the cv_results_ fields the tests compare (params in
camelCase, mean/std test score, rank, split scores, train scores where asked) and best_params_ /
best_index_ / best_score_. Ridge uses solver='cholesky' (gpuframe's closed form); kNN uses
algorithm='brute'. Run: /usr/bin/python3 scripts/golden/grid_search_reference.py
"""
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from sklearn_golden_common import read_csv, save

SNAKE = {"alpha": "alpha", "fitIntercept": "fit_intercept", "nNeighbors": "n_neighbors", "weights": "weights", "metric": "metric"}
CAMEL = {v: k for k, v in SNAKE.items()}


def to_sklearn(grid):
    if isinstance(grid, list):
        return [to_sklearn(g) for g in grid]
    return {SNAKE[k]: v for k, v in grid.items()}


def case(cid, dataset, est, name, grid, scoring=None, cv=5, train=False):
    X, y, _ = read_csv(dataset)
    gs = GridSearchCV(est, to_sklearn(grid), scoring=scoring, cv=cv, return_train_score=train, error_score="raise")
    gs.fit(X, y)
    r = gs.cv_results_
    n_splits = gs.n_splits_
    out = {
        "id": cid, "dataset": dataset, "estimator": name, "grid": grid, "scoring": scoring, "cv": cv,
        "returnTrainScore": train,
        "params": [{CAMEL[k]: v for k, v in p.items()} for p in r["params"]],
        "meanTestScore": r["mean_test_score"].tolist(),
        "stdTestScore": r["std_test_score"].tolist(),
        "rankTestScore": r["rank_test_score"].tolist(),
        "splitTestScores": [r[f"split{k}_test_score"].tolist() for k in range(n_splits)],
        "bestParams": {CAMEL[k]: v for k, v in gs.best_params_.items()},
        "bestIndex": int(gs.best_index_),
        "bestScore": float(gs.best_score_),
    }
    if train:
        out["meanTrainScore"] = r["mean_train_score"].tolist()
        out["splitTrainScores"] = [r[f"split{k}_train_score"].tolist() for k in range(n_splits)]
    return out


def main():
    cases = [
        case("ridge-diabetes-alpha", "diabetes", Ridge(solver="cholesky"), "Ridge",
             {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0], "fitIntercept": [True, False]}, train=True),
        case("ridge-diabetes-mse-cv3", "diabetes", Ridge(solver="cholesky"), "Ridge",
             {"alpha": [0.0, 0.5, 5.0, 50.0]}, scoring="neg_mean_squared_error", cv=3),
        case("knn-iris-accuracy", "iris", KNeighborsClassifier(algorithm="brute"), "KNeighborsClassifier",
             {"nNeighbors": [1, 3, 5, 7, 11, 13, 15, 21], "weights": ["uniform", "distance"]}),
        case("knn-wine-list-f1", "wine", KNeighborsClassifier(algorithm="brute"), "KNeighborsClassifier",
             [{"nNeighbors": [1, 5, 9]}, {"nNeighbors": [3, 7], "weights": ["distance"], "metric": ["manhattan"]}],
             scoring="f1_macro"),
        case("knnreg-diabetes-mae", "diabetes", KNeighborsRegressor(algorithm="brute"), "KNeighborsRegressor",
             {"nNeighbors": [2, 10, 30]}, scoring="neg_mean_absolute_error", cv=4),
    ]
    save("grid-search", "GridSearchCV", cases,
         "Each case: GridSearchCV(estimator, grid (gpuframe camelCase names; scikit-learn's snake_case in the run), "
         "scoring (None = estimator.score), cv (int: StratifiedKFold for classifiers, KFold otherwise, unshuffled), "
         "error_score='raise'). params / meanTestScore / stdTestScore / rankTestScore are cv_results_ in candidate order; "
         "splitTestScores[k][c] = split{k}_test_score of candidate c; bestParams/bestIndex/bestScore as best_*_.",
         generator="scripts/golden/grid_search_reference.py")


if __name__ == "__main__":
    main()
