#!/usr/bin/python3
"""Golden reference for readShapefile's shape types, from an independent reader (geopandas / OGR).

Run with Debian's Python and python3-geopandas (`apt-get install -y python3-geopandas`):
    /usr/bin/python3 scripts/golden/shapefile_types_reference.py
It reads
- test/fixtures/shapefile/types/*.shp: crafted files of every shape type (Point, MultiPoint,
  PolyLine, Polygon; plain, Z and M; null and empty shapes), written by
  test/io/shapefile-types-fixtures.ts;
- test/fixtures/shapefile/sf/storms_xyz{,m}.shp: real PolyLineZ and PolyLineM files from R's sf,
and writes test/fixtures/shapefile/types.json: per crafted file, the CRS's EPSG code and every
feature as GeoJSON with x and y only (null for a null geometry), plus, for the projected file,
its coordinates reprojected to OGC:CRS84 by pyproj; per sf file, each feature's type, vertex
count, first and last vertex, bbox and the sums of x and of y in vertex order. Z and M are
dropped, as readShapefile drops them. The tests compare against the JSON and never need Python.
"""
import glob
import json
import os

import fiona
import geopandas
import pyproj
import shapely
from shapely.geometry import mapping

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "test", "fixtures", "shapefile")
OUT = os.path.join(FIX, "types.json")


def xy(c):
    """GeoJSON coordinates with every position cut to [x, y]."""
    if isinstance(c[0], (int, float)):
        return [float(c[0]), float(c[1])]
    return [xy(p) for p in c]


def geojson(g):
    if g is None:
        return None
    m = mapping(g)
    return {"type": m["type"], "coordinates": xy(m["coordinates"])}


def vertices(g):
    """Every vertex of a (multi)line or polygon in order, as [x, y]."""
    parts = list(g.geoms) if hasattr(g, "geoms") else [g]
    out = []
    for p in parts:
        rings = [p.exterior] + list(p.interiors) if p.geom_type == "Polygon" else [p]
        for r in rings:
            out.extend([c[0], c[1]] for c in r.coords)
    return out


def main():
    crafted = {}
    for path in sorted(glob.glob(os.path.join(FIX, "types", "*.shp"))):
        name = os.path.splitext(os.path.basename(path))[0]
        df = geopandas.read_file(path)
        entry = {
            "epsg": df.crs.to_epsg() if df.crs is not None else None,
            "ids": [int(v) for v in df["id"]],
            "features": [geojson(g) for g in df.geometry],
        }
        if df.crs is not None and df.crs.is_projected:
            entry["lonlat"] = [geojson(g) for g in df.to_crs("OGC:CRS84").geometry]
        crafted[name] = entry
    real = {}
    for name in ["storms_xyz", "storms_xyzm"]:
        df = geopandas.read_file(os.path.join(FIX, "sf", name + ".shp"))
        feats = []
        for g in df.geometry:
            v = vertices(g)
            sx = 0.0
            sy = 0.0
            for x, y in v:
                sx += x
                sy += y
            feats.append({
                "type": g.geom_type,
                "numParts": len(g.geoms) if hasattr(g, "geoms") else 1,
                "numVertices": len(v),
                "first": v[0],
                "last": v[-1],
                "bbox": list(g.bounds),
                "xSum": sx,
                "ySum": sy,
                "hasZ": bool(g.has_z),
            })
        real[name] = {"numRows": len(df), "features": feats}
    out = {
        "generator": f"geopandas {geopandas.__version__}, fiona {fiona.__version__} (GDAL {fiona.__gdal_version__}), shapely {shapely.__version__}, pyproj {pyproj.__version__}",
        "crafted": crafted,
        "sf": real,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: {len(crafted)} crafted files, {sum(r['numRows'] for r in real.values())} sf features")


if __name__ == "__main__":
    main()
