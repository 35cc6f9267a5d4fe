#!/usr/bin/python3
"""Golden reference for readShapefile, from an independent reader (geopandas / fiona / OGR).

Run with Debian's Python and python3-geopandas (`apt-get install -y python3-geopandas`):
    /usr/bin/python3 scripts/golden/shapefile_reference.py
It reads data/naturalearth_lowres and writes test/fixtures/shapefile/naturalearth_lowres.json:
the column dtypes and, per feature, its attributes, geometry type, parts, rings per part, vertices
per ring, the sign of each exterior ring's shoelace area (-1 = clockwise), the first vertex of
each exterior ring, and the bbox. The tests compare against the JSON and never need Python.
"""
import json
import math
import os

import fiona
import geopandas

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "data", "naturalearth_lowres", "naturalearth_lowres.shp")
OUT = os.path.join(ROOT, "test", "fixtures", "shapefile", "naturalearth_lowres.json")


def signed_area(coords):
    s = 0.0
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:]):
        s += x0 * y1 - x1 * y0
    return s / 2.0


def num(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    return v.item() if hasattr(v, "item") else v


def main():
    df = geopandas.read_file(SRC)
    with fiona.open(SRC) as c:
        schema = dict(c.schema["properties"])
    features = []
    for i, row in df.iterrows():
        g = row.geometry
        polys = [] if g is None or g.is_empty else ([g] if g.geom_type == "Polygon" else list(g.geoms))
        parts = []
        for p in polys:
            rings = [list(p.exterior.coords)] + [list(r.coords) for r in p.interiors]
            parts.append({
                "rings": len(rings),
                "vertices": [len(r) for r in rings],
                "exteriorSign": int(math.copysign(1, signed_area(rings[0]))),
                "firstVertex": [rings[0][0][0], rings[0][0][1]],
            })
        features.append({
            "index": int(i),
            "name": row["name"],
            "iso_a3": row["iso_a3"],
            "continent": row["continent"],
            "pop_est": num(row["pop_est"]),
            "gdp_md_est": num(row["gdp_md_est"]),
            "type": None if g is None else g.geom_type,
            "numParts": len(parts),
            "parts": parts,
            "vertexCount": sum(sum(p["vertices"]) for p in parts),
            "bbox": list(g.bounds) if g is not None and not g.is_empty else None,
        })
    out = {
        "source": "data/naturalearth_lowres/naturalearth_lowres.shp",
        "generator": f"geopandas {geopandas.__version__}, fiona {fiona.__version__}",
        "numRows": len(df),
        "columns": [c for c in df.columns if c != "geometry"],
        "fionaSchema": schema,
        "pandasDtypes": {c: str(df[c].dtype) for c in df.columns if c != "geometry"},
        "features": features,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(features)} features")


if __name__ == "__main__":
    main()
