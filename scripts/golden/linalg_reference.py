"""Reference results for the dense linalg ops (kernels/linalg/): numpy/LAPACK float64.

Writes test/fixtures/linalg/reference.json. Run: /usr/bin/python3 scripts/golden/linalg_reference.py
Matrices are generated here (seeded) and stored with their results, so the tests never run Python.

- cholesky: SPD matrices A = M Mᵀ + d I; L from numpy.linalg.cholesky (lower).
- cholesky_solve: X = A⁻¹ B for the same A via scipy.linalg.cho_solve.
- eigh: symmetric matrices (random, diagonal, repeated eigenvalues, rank-deficient PSD);
  eigenvalues descending from numpy.linalg.eigh; eigenvectors as rows, each with its
  largest-|value| component positive (first on ties): scikit-learn's
  svd_flip(u, vt, u_based_decision=False) convention on the rows of vt.
"""
import json
import os

import numpy as np
import scipy.linalg

rng = np.random.RandomState(20261207)


def spd(d):
    m = rng.standard_normal((d, d))
    return m @ m.T + d * np.eye(d)


def flip_rows(vt):
    idx = np.argmax(np.abs(vt), axis=1)
    signs = np.sign(vt[np.arange(vt.shape[0]), idx])
    return vt * signs[:, None]


def eig_case(name, a):
    w, v = np.linalg.eigh(a)
    order = np.argsort(-w, kind="stable")
    return {"name": name, "d": a.shape[0], "a": a.ravel().tolist(), "values": w[order].tolist(),
            "vectors": flip_rows(v[:, order].T).ravel().tolist()}


out = {"cholesky": [], "cholesky_solve": [], "eigh": []}
for d in [1, 2, 3, 5, 17]:
    a = spd(d)
    out["cholesky"].append({"d": d, "a": a.ravel().tolist(), "l": np.linalg.cholesky(a).ravel().tolist()})
for d, k in [(1, 1), (3, 2), (5, 3), (17, 4)]:
    a = spd(d)
    b = rng.standard_normal((d, k))
    x = scipy.linalg.cho_solve(scipy.linalg.cho_factor(a, lower=True), b)
    out["cholesky_solve"].append({"d": d, "k": k, "a": a.ravel().tolist(), "b": b.ravel().tolist(), "x": x.ravel().tolist()})
for d in [1, 2, 3, 5, 17]:
    m = rng.standard_normal((d, d))
    out["eigh"].append(eig_case(f"random-{d}", (m + m.T) / 2))
out["eigh"].append(eig_case("diagonal-4", np.diag([3.0, -1.0, 7.0, 0.5])))
q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
out["eigh"].append(eig_case("repeated-6", q @ np.diag([5.0, 5.0, 5.0, 2.0, 2.0, -1.0]) @ q.T))
m = rng.standard_normal((8, 3))
out["eigh"].append(eig_case("rank3-psd-8", m @ m.T))
out["eigh"].append(eig_case("hilbert-10", scipy.linalg.hilbert(10)))

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "linalg", "reference.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote", os.path.normpath(path))
