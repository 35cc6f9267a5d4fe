"""Reference results for 'linalg/qr' and 'linalg/svd-small' (numpy / SciPy, LAPACK).

Writes test/fixtures/linalg/qr-svd.json. The matrices are integer formulas of (i, j) with
dyadic values, so the TypeScript tests rebuild them bit for bit (see `formulaMatrix` in
test/kernels/linalg/qr.test.ts): x[i][j] = ((7i + 13j + (i*j mod 5)) mod 17 - 8) / 4
+ ((i*i + 3j) mod 11) / 16. Variants: 'rankdef' sets column 3 = column 0 + column 1 and
column 4 = 2.5 (constant).

R follows the sign rule diag(R) >= 0 (rows of numpy's R with a negative diagonal negated).
SVDs are scipy.linalg.svd (gesdd, as scikit-learn's PCA 'full'), singular values descending,
signs by scikit-learn 1.2's svd_flip: 'u' = u_based_decision=True (the largest-|.| entry of
each column of U made positive), 'v' = u_based_decision=False (of each row of Vt).

Run: /usr/bin/python3 scripts/golden/qr_svd_reference.py (from the repository root).
"""
import json
import numpy as np
import scipy.linalg
from sklearn.utils.extmath import svd_flip


def formula(n, d, variant="plain"):
    x = np.zeros((n, d))
    for i in range(n):
        for j in range(d):
            x[i, j] = ((7 * i + 13 * j + (i * j) % 5) % 17 - 8) / 4 + ((i * i + 3 * j) % 11) / 16
    if variant == "rankdef":
        x[:, 3] = x[:, 0] + x[:, 1]
        x[:, 4] = 2.5
    return x


def r_of(x):
    r = np.linalg.qr(x, mode="r")
    d = x.shape[1]
    out = np.zeros((d, d))
    out[: r.shape[0], :] = r
    for k in range(min(out.shape[0], d)):
        if out[k, k] < 0:
            out[k, k:] = -out[k, k:]
    return out


def svd_of(x):
    u, s, vt = scipy.linalg.svd(x, full_matrices=False)
    uu, vu = svd_flip(u.copy(), vt.copy(), u_based_decision=True)
    uv, vv = svd_flip(u.copy(), vt.copy(), u_based_decision=False)
    return {"s": s.tolist(), "vt_u": vu.ravel().tolist(), "u_u": uu.ravel().tolist(), "vt_v": vv.ravel().tolist()}


def case(n, d, variant="plain", with_u=False):
    x = formula(n, d, variant)
    sv = svd_of(x)
    if not with_u:
        del sv["u_u"]
    return {"n": n, "d": d, "variant": variant, "rank": int(np.linalg.matrix_rank(x)), "r": r_of(x).ravel().tolist(), **sv}


cases = {
    "tall": case(1000, 6),
    "rankdef": case(300, 5, "rankdef"),
    "wide": case(3, 5, with_u=True),
    "one_column": case(10, 1, with_u=True),
    "square": case(8, 8, with_u=True),
    "small": case(9, 6, with_u=True),
}
with open("test/fixtures/linalg/qr-svd.json", "w") as f:
    json.dump({"generator": "scripts/golden/qr_svd_reference.py", "numpy": np.__version__, "scipy": scipy.__version__, "cases": cases}, f)
for k, c in cases.items():
    print(k, c["n"], c["d"], "rank", c["rank"], "s", np.round(c["s"], 4))
