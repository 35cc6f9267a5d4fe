"""Linear and logistic model goldens (part of scripts/golden/sklearn_estimators.py)."""
import warnings

import numpy as np
from scipy import optimize
from scipy.special import logsumexp
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.preprocessing import StandardScaler

from sklearn_golden_common import params_of, read_csv, rows_of, save


def least_squares():
    X, y, _ = read_csv("diabetes")
    rows = rows_of(X.shape[0])
    Xc = X - X.mean(axis=0)
    cases = []
    models = [("LinearRegression", None)] + [("Ridge", a) for a in [0.1, 1.0, 10.0]]
    for name, alpha in models:
        for fi in [True, False]:
            m = LinearRegression(fit_intercept=fi) if alpha is None else Ridge(alpha=alpha, fit_intercept=fi,
                                                                               solver="cholesky")
            m.fit(X, y)
            cases.append({"id": f"diabetes-{name}-a{alpha}-fi{int(fi)}", "estimator": name, "dataset": "diabetes",
                          "params": params_of(m), "fitted": {"coef_": m.coef_.tolist(), "intercept_": float(m.intercept_)},
                          "rows": rows, "predict": m.predict(X[rows]).tolist(), "r2": float(m.score(X, y))})
    save("LinearRegression-Ridge", "LinearRegression, Ridge", cases,
         "diabetes raw features (data/ml/diabetes.csv), all 442 rows. Ridge minimises ||y - Xw - b||^2 + "
         "alpha ||w||^2 (intercept unpenalised; with fit_intercept X and y are centred first); solver "
         "'cholesky' is what 'auto' picks for dense X. r2 = score(X, y) on the training rows.",
         conditionNumberCentred=float(np.linalg.cond(Xc)), conditionNumberRaw=float(np.linalg.cond(X)))


def enet_objective(X, y, w, b, alpha, l1_ratio):
    r = y - X @ w - b
    return float(r @ r / (2 * len(y)) + alpha * l1_ratio * np.abs(w).sum()
                 + alpha * (1 - l1_ratio) / 2 * (w @ w))


def sparse_linear():
    X, y, _ = read_csv("diabetes")
    rows = rows_of(X.shape[0])
    cases = []
    specs = [("Lasso", a, 1.0) for a in [0.01, 0.1, 1.0, 10.0]]
    specs += [("ElasticNet", a, r) for a in [0.1, 1.0] for r in [0.2, 0.5, 0.8]]
    for name, alpha, l1 in specs:
        for fi in [True, False]:
            kw = dict(alpha=alpha, fit_intercept=fi, tol=1e-10, max_iter=1_000_000, selection="cyclic")
            m = Lasso(**kw) if name == "Lasso" else ElasticNet(l1_ratio=l1, **kw)
            m.fit(X, y)
            obj = enet_objective(X, y, m.coef_, m.intercept_, alpha, l1)
            cases.append({"id": f"diabetes-{name}-a{alpha}-l1ratio{l1}-fi{int(fi)}", "estimator": name,
                          "dataset": "diabetes", "params": params_of(m), "l1_ratio": l1,
                          "fitted": {"coef_": m.coef_.tolist(), "intercept_": float(m.intercept_),
                                     "n_iter_": int(m.n_iter_), "dual_gap_": float(m.dual_gap_)},
                          "nonzero": int(np.count_nonzero(m.coef_)), "objective": obj,
                          "objectiveAtZero": enet_objective(X, y, 0 * m.coef_, y.mean() if fi else 0.0, alpha, l1),
                          "rows": rows, "predict": m.predict(X[rows]).tolist()})
    save("Lasso-ElasticNet", "Lasso, ElasticNet", cases,
         "diabetes raw features, all rows, coordinate descent (cyclic). objective = 1/(2n)||y - Xw - b||^2 "
         "+ alpha*l1_ratio*||w||_1 + alpha*(1-l1_ratio)/2*||w||_2^2 at scikit-learn's (coef_, intercept_), "
         "computed here in float64 (Lasso: l1_ratio 1). Acceptance: a fit reaches objective within 1e-6 "
         "relative. objectiveAtZero = the same at w = 0 (b = mean(y) with intercept), a sanity bound.")


def logistic_parts(X, y, classes, sw, C, multinomial):
    """Objective and gradient of scikit-learn's lbfgs problem: sum_i sw_i * loss_i + ||W||^2/(2C),
    intercept unpenalised; loss_i = multinomial cross-entropy (K rows of W) or binary logistic loss."""
    K, d = len(classes), X.shape[1]
    yi = np.searchsorted(classes, y)
    rows = K if multinomial else 1

    def f(theta):
        W, b = theta[: rows * d].reshape(rows, d), theta[rows * d:]
        Z = X @ W.T + b
        if multinomial:
            lse = logsumexp(Z, axis=1)
            loss = lse - Z[np.arange(len(y)), yi]
            G = np.exp(Z - lse[:, None])
            G[np.arange(len(y)), yi] -= 1
        else:
            z = Z[:, 0]
            loss = np.logaddexp(0, z) - (yi == 1) * z
            G = (1 / (1 + np.exp(-z)) - (yi == 1))[:, None]
        G = G * sw[:, None]
        val = float(sw @ loss + (W * W).sum() / (2 * C))
        grad = np.concatenate([(G.T @ X + W / C).ravel(), G.sum(axis=0)])
        return val, grad
    return f


def logistic():
    cases = []
    for ds, std in [("iris", False), ("wine", False), ("wine", True), ("breast_cancer", True), ("digits", False)]:
        X, y, _ = read_csv(ds)
        scaler = None
        if std:
            scaler = StandardScaler().fit(X)
            X = scaler.transform(X)
        classes = np.unique(y)
        multinomial = len(classes) > 2
        rows = rows_of(X.shape[0])
        for C in [1.0, 0.1]:
            for cw in [None, "balanced"]:
                m = LogisticRegression(C=C, solver="lbfgs", tol=1e-10, max_iter=100_000, class_weight=cw,
                                       multi_class="multinomial" if multinomial else "auto")
                with warnings.catch_warnings():
                    warnings.simplefilter("error", ConvergenceWarning)
                    m.fit(X, y)
                counts = np.bincount(np.searchsorted(classes, y))
                sw = np.ones(len(y)) if cw is None else (len(y) / (len(classes) * counts))[np.searchsorted(classes, y)]
                f = logistic_parts(X, y, classes, sw, C, multinomial)
                theta = np.concatenate([m.coef_.ravel(), m.intercept_])
                obj, grad = f(theta)
                check_with_sklearn_loss(X, y, classes, sw, C, multinomial, m, obj)
                ref = optimize.minimize(f, theta, jac=True, method="L-BFGS-B",
                                        options={"ftol": 0.0, "gtol": 1e-13, "maxiter": 20000, "maxcor": 30})
                c = {"id": f"{ds}{'-standardized' if std else ''}-C{C}-cw{cw}", "dataset": ds, "params": params_of(m),
                     "multinomial": multinomial, "classes": classes.tolist(),
                     "fitted": {"coef_": m.coef_.tolist(), "intercept_": m.intercept_.tolist(),
                                "n_iter_": m.n_iter_.tolist()},
                     "sampleWeights": "1" if cw is None else "n / (K * count[y_i])",
                     "objective": obj, "objectiveCScaled": C * obj, "gradientMaxAbs": float(np.abs(grad).max()),
                     "objectiveRefined": float(min(ref.fun, obj)),
                     "refinedGradientMaxAbs": float(np.abs(ref.jac).max()),
                     "sklearnNearOptimum": bool(obj - min(ref.fun, obj) <= 1e-7 * obj),
                     "predict": m.predict(X).tolist(), "rows": rows,
                     "predictProba": m.predict_proba(X[rows]).tolist(),
                     "accuracy": float(m.score(X, y))}
                if scaler is not None:
                    c["standardized"] = {"by": "StandardScaler() fitted on all rows, X = (X - mean_) / scale_",
                                         "mean_": scaler.mean_.tolist(), "scale_": scaler.scale_.tolist()}
                cases.append(c)
    save("LogisticRegression", "LogisticRegression", cases,
         "lbfgs, L2, tol 1e-10, max_iter 100000, all rows. Multinomial for iris/wine/digits (coef_ K x d), "
         "binary for breast_cancer (coef_ 1 x d, class 1 = benign is the positive class). breast_cancer, "
         "and wine in the '-standardized' cases, are standardised first (see `standardized`); raw wine "
         "and digits are ill-conditioned and scikit-learn's lbfgs stops (scipy factr 1e7) up to ~2e-3 "
         "above the optimum there (sklearnNearOptimum false: objective more than 1e-7 relative above objectiveRefined): for those cases compare objectives only, "
         "not coef_ or probabilities. objective = sum_i s_i*loss_i + ||coef_||_F^2/(2C), "
         "the form scikit-learn's lbfgs minimises (s_i = 1, or n/(K*count[y_i]) for class_weight "
         "'balanced'; intercept not penalised; loss_i = -log softmax(x_i W^T + b)[y_i], or "
         "log(1+exp(z)) - [y_i = 1] z in the binary case). objectiveCScaled = C * objective = "
         "C*sum s_i loss_i + ||W||^2/2. objectiveRefined: min of objective and a further L-BFGS "
         "(ftol 0, gtol 1e-13) run from scikit-learn's solution in this script, run until f stops "
         "decreasing in float64: a fit should reach objective * (1 + 1e-6) or lower, and cannot go much "
         "below objectiveRefined. predict covers all rows; predictProba the `rows`.")


def check_with_sklearn_loss(X, y, classes, sw, C, multinomial, m, obj):
    """Cross-check the objective against scikit-learn's own LinearModelLoss."""
    yi = np.searchsorted(classes, y).astype(np.float64)
    if multinomial:
        lml = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
        coef = np.hstack([m.coef_, m.intercept_[:, None]])
    else:
        lml = LinearModelLoss(base_loss=HalfBinomialLoss(), fit_intercept=True)
        coef = np.concatenate([m.coef_[0], m.intercept_])
    theirs = lml.loss(coef, X, yi, sw, l2_reg_strength=1.0 / C)
    assert abs(theirs - obj) <= 1e-11 * abs(obj), (theirs, obj)
