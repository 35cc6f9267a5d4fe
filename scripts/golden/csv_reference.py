#!/usr/bin/python3
"""Golden reference for readCSV on data/airports.csv, from pandas (an independent parser).

Run with Debian's Python and python3-pandas (it comes with python3-geopandas):
    /usr/bin/python3 scripts/golden/csv_reference.py
Writes test/fixtures/csv/airports.json: row count, dtypes and null counts read Polars-like (only an
empty field is null: keep_default_na=False, na_values=['']) and with pandas' default null strings
(which turn 'NA' into null), exact sums (math.fsum) of the float columns, distinct counts and the
sorted first/last value of each string column, and a few whole rows. The tests never need Python.
"""
import json
import math
import os

import pandas

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "data", "airports.csv")
OUT = os.path.join(ROOT, "test", "fixtures", "csv", "airports.json")


def row_of(df, i):
    return {c: (None if pandas.isna(v) else (v.item() if hasattr(v, "item") else v)) for c, v in df.iloc[i].items()}


def main():
    strict = pandas.read_csv(SRC, keep_default_na=False, na_values=[""])
    default = pandas.read_csv(SRC)
    out = {
        "source": "data/airports.csv",
        "generator": f"pandas {pandas.__version__}",
        "numRows": len(strict),
        "columns": list(strict.columns),
        "dtypes": {c: str(strict[c].dtype) for c in strict.columns},
        "nullCounts": {c: int(strict[c].isna().sum()) for c in strict.columns},
        "nullCountsPandasDefault": {c: int(default[c].isna().sum()) for c in default.columns},
        "sums": {c: math.fsum(strict[c]) for c in strict.columns if strict[c].dtype == "float64"},
        "distinct": {c: int(strict[c].nunique()) for c in strict.columns if strict[c].dtype == object},
        "firstLast": {c: [min(strict[c].dropna()), max(strict[c].dropna())] for c in strict.columns if strict[c].dtype == object},
        "rows": {str(i): row_of(strict, i) for i in [0, 1, len(strict) - 1]},
        "jfk": row_of(strict, int(strict.index[strict["iata"] == "JFK"][0])),
        "jfkIndex": int(strict.index[strict["iata"] == "JFK"][0]),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {out['numRows']} rows")


if __name__ == "__main__":
    main()
