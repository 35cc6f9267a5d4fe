"""Goldens for test/frame/verbs/group-by.test.ts: pandas groupby std/var/median/nunique/first/last.

Run with /usr/bin/python3 (pandas 1.5.3): writes test/fixtures/groupby/groupby.json.
Keys group with dropna=False (null key last, as gpuframe does). first/last here are the
group's first/last ROW values (nulls kept, Polars' rule), taken with .nth / iloc, because
pandas' GroupBy.first/last skip nulls.
"""
import json
import math
import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(20261)
n = 400
k = rng.integers(0, 9, n).astype(float)
k[rng.random(n) < 0.05] = np.nan
x = rng.normal(1e6, 3.0, n)  # far from 0: a one-pass variance would lose digits
x[rng.random(n) < 0.1] = np.nan
y = rng.integers(-5, 5, n).astype(float)
y[rng.random(n) < 0.1] = np.nan
df = pd.DataFrame({"k": pd.array(k, dtype="Int32"), "x": x, "y": y})

out = []
for key, g in df.groupby("k", dropna=False, sort=True):
    key = None if key is pd.NA or (isinstance(key, float) and math.isnan(key)) else int(key)
    def num(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
    out.append({
        "k": key,
        "x_std": num(g.x.std(ddof=1)),
        "x_var": num(g.x.var(ddof=1)),
        "x_median": num(g.x.median()),
        "x_mean": num(g.x.mean()),
        "y_nunique": int(g.y.nunique(dropna=True)),
        "y_sum": num(g.y.sum()),
        "x_first_row": num(g.x.iloc[0]),
        "x_last_row": num(g.x.iloc[-1]),
    })
# pandas sorts the NaN key last with dropna=False; make sure.
out.sort(key=lambda r: (r["k"] is None, r["k"] if r["k"] is not None else 0))

def clean(v):
    return None if isinstance(v, float) and math.isnan(v) else v

payload = {
    "source": "pandas " + pd.__version__,
    "input": {
        "k": [None if pd.isna(v) else int(v) for v in df.k],
        "x": [clean(float(v)) for v in df.x],
        "y": [clean(float(v)) for v in df.y],
    },
    "groups": out,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "groupby", "groupby.json")
with open(path, "w") as f:
    json.dump(payload, f)
    f.write("\n")
print("wrote", path, len(out), "groups")
