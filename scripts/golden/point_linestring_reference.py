#!/usr/bin/python3
"""Golden results for gf.pointLinestringDistance and gf.nearestLinestring from shapely (GEOS).

Seeded random points and linestrings / multilinestrings in [0, 100)^2, with some points on
vertices and segments. Writes test/fixtures/spatial/point_linestring.json:
  points: [[x, y], ...], lines: GeoJSON geometries,
  rowwise: shapely.distance(points[i], lines[i]),
  nearest: for each point, the smallest index j minimising shapely.distance(point, lines[j]),
  nearestDistance: that distance.
Run: /usr/bin/python3 scripts/golden/point_linestring_reference.py
"""
import json
import os

import numpy as np
import shapely
import shapely.geos
from shapely.geometry import LineString, MultiLineString, Point, mapping

rng = np.random.default_rng(20261207)
N_LINES = 60
N_POINTS = 300

lines = []
for i in range(N_LINES):
    def part():
        k = int(rng.integers(2, 7))
        start = rng.uniform(0, 100, 2)
        steps = rng.normal(0, 6, (k - 1, 2))
        return np.vstack([start, start + np.cumsum(steps, axis=0)])
    if i % 5 == 4:
        lines.append(MultiLineString([part() for _ in range(int(rng.integers(2, 4)))]))
    else:
        lines.append(LineString(part()))

points = []
for i in range(N_POINTS):
    kind = i % 10
    if kind == 0:
        # a vertex of some line
        g = lines[int(rng.integers(N_LINES))]
        coords = np.asarray(g.geoms[0].coords if isinstance(g, MultiLineString) else g.coords)
        points.append(coords[int(rng.integers(len(coords)))])
    elif kind == 1:
        # a point on a segment (rounded by float64 interpolation)
        g = lines[int(rng.integers(N_LINES))]
        p = g.interpolate(float(rng.uniform(0, 1)), normalized=True)
        points.append(np.array([p.x, p.y]))
    else:
        points.append(rng.uniform(-10, 110, 2))
points = np.array(points)

pts = [Point(float(x), float(y)) for x, y in points]
rowwise = np.array([pts[i].distance(lines[i % N_LINES]) for i in range(N_POINTS)])
matrix = np.array([[p.distance(g) for g in lines] for p in pts])
nearest = np.argmin(matrix, axis=1)  # first (smallest) index among equal minima

out = {
    "source": "shapely %s (GEOS %s), scripts/golden/point_linestring_reference.py" % (shapely.__version__, shapely.geos.geos_version_string),
    "points": points.tolist(),
    "lines": [mapping(g) for g in lines],
    "rowLines": [i % N_LINES for i in range(N_POINTS)],
    "rowwise": rowwise.tolist(),
    "nearest": nearest.tolist(),
    "nearestDistance": matrix[np.arange(N_POINTS), nearest].tolist(),
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "spatial", "point_linestring.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path), os.path.getsize(path), "bytes")
