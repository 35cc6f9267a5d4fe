#!/usr/bin/python3
"""High-precision reference for the CPU body of 'spatial/haversine' (mpmath at 200 bits).

Writes test/fixtures/haversine/reference.json:
  table: for k = 0..11, [cos(asin(k/16)), asin(k/16) hi, asin(k/16) lo] (hi = the float64
         nearest, lo = the float64 nearest the rest): the literal table of
         kernels/haversine/half-angle.ts must equal it;
  sin:   [r, sin(r) hi, lo] for |r| <= pi/4 (1 + 1e-12), edges, tiny and random values;
  asin:  [w, asin(w) hi, lo] for |w| <= 0.0443, edges, tiny and random values;
  pairs: [lon1, lat1, lon2, lat2, angle hi, angle lo, kind]: the central angle in radians of
         adversarial and random pairs (degrees taken exactly as the float64 values given),
         from atan2(|p1 x p2|, p1 . p2) of the unit vectors, exact to far below 1e-30 rad.
Run: /usr/bin/python3 scripts/golden/haversine_reference.py
"""
import json
import math
import os

import mpmath
import numpy as np

mpmath.mp.prec = 200
rng = np.random.default_rng(20261210)


def split(v):
    hi = float(v)
    return hi, float(v - mpmath.mpf(hi))


table = []
for k in range(12):
    s = mpmath.mpf(k) / 16
    table.append([float(mpmath.sqrt(1 - s * s)), *split(mpmath.asin(s))])

q = math.pi / 4
sin_r = [0.0, -0.0, 5e-324, 1e-300, 1e-160, 1e-20, 1e-8, 1e-4, q, -q, q * (1 + 1e-12), -q * (1 + 1e-12),
         math.nextafter(q, 0), 0.5, 0.7, -0.3]
sin_r += list(rng.uniform(-q, q, 250)) + list(np.exp(rng.uniform(math.log(1e-12), math.log(q), 100)))
sins = [[float(r), *split(mpmath.sin(mpmath.mpf(float(r))))] for r in sin_r]

W = 0.0443
asin_w = [0.0, -0.0, 5e-324, 1e-300, 1e-20, 1e-8, W, -W, 0.03125, -0.03125]
asin_w += list(rng.uniform(-W, W, 250)) + list(np.exp(rng.uniform(math.log(1e-12), math.log(W), 100)))
asins = [[float(w), *split(mpmath.asin(mpmath.mpf(float(w))))] for w in asin_w]

D2R = mpmath.pi / 180


def angle(l1, p1, l2, p2):
    def v(lon, lat):
        lo, la = mpmath.mpf(lon) * D2R, mpmath.mpf(lat) * D2R
        return [mpmath.cos(la) * mpmath.cos(lo), mpmath.cos(la) * mpmath.sin(lo), mpmath.sin(la)]
    a, b = v(l1, p1), v(l2, p2)
    cx = a[1] * b[2] - a[2] * b[1]
    cy = a[2] * b[0] - a[0] * b[2]
    cz = a[0] * b[1] - a[1] * b[0]
    return mpmath.atan2(mpmath.sqrt(cx * cx + cy * cy + cz * cz), a[0] * b[0] + a[1] * b[1] + a[2] * b[2])


def u(lo, hi):
    return float(rng.uniform(lo, hi))


def sign():
    return 1.0 if rng.random() < 0.5 else -1.0


def wrap(lon):
    return lon - 360.0 if lon > 180.0 else lon


rows = []
for i in range(60):
    lon, lat = u(-180, 180), u(-89, 89)
    e = 10 ** -u(3, 9)
    rows.append([lon, lat, wrap(lon + 180.0), -lat, 'antipodal'])
    rows.append([lon, lat, wrap(lon + 180.0 + sign() * e), -lat + (sign() * e if i % 3 else 0.0), 'near-antipodal'])
    rows.append([lon, lat, lon + round(u(-50, 50)) * 1e-8, lat + round(u(-50, 50)) * 1e-8, 'sub-metre'])
    rows.append([lon, lat, lon + e, lat, 'small'])
    rows.append([lon, lat, lon, lat, 'identical'])
    rows.append([u(-180, 180), 90.0, u(-180, 180), u(-90, 90), 'pole'])
    rows.append([lon, -90.0 + u(0, 1e-7), lon + 180.0, -90.0 + u(0, 1e-7), 'near-pole'])
    rows.append([180.0 - u(0, 1e-6), lat, -180.0 + u(0, 1e-6), lat + u(-5e-7, 5e-7), 'antimeridian'])
    rows.append([lon + 360.0 if lon < 0 else lon, lat, lon, lat + 1e-9, '0..360'])
    rows.append([u(-360, 360), u(-90, 90), u(-360, 360), u(-90, 90), 'random'])
    # Quadrant edges of the reduction: half-differences at and next to multiples of 45 degrees.
    d = [45.0, 90.0, 135.0, 180.0, 225.0, 270.0][i % 6] * 2
    l1 = u(-360, 360 - d)
    rows.append([l1, lat, math.nextafter(l1 + d, math.inf) if i % 2 else l1 + d, lat, 'lon edge'])
    p = u(0, 90)
    rows.append([0.0, p, 0.0, p - 90.0 if i % 2 else math.nextafter(p - 90.0, -math.inf), 'lat edge'])
    rows.append([lon, p, lon + 180.0, 90.0 - p, 'lat sum edge'])
rows += [[0.0, 0.0, 180.0, 0.0, 'antipodal'], [0.0, 90.0, 0.0, -90.0, 'pole'], [-0.0, -0.0, 0.0, 0.0, 'identical'],
         [180.0, 10.0, -180.0, 10.0, 'antimeridian'], [-360.0, -90.0, 360.0, 90.0, 'pole'], [0.0, 0.0, 90.0, 0.0, 'lon edge'],
         [0.0, 45.0, 0.0, -45.0, 'lat edge'], [10.0, 0.0, 10.0 + 1e-12, 0.0, 'sub-metre'], [0.0, 1e-300, 0.0, -1e-300, 'sub-metre']]
pairs = []
for l1, p1, l2, p2, kind in rows:
    pairs.append([l1, p1, l2, p2, *split(angle(l1, p1, l2, p2)), kind])

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'haversine', 'reference.json')
with open(out, 'w') as f:
    json.dump({'generator': 'scripts/golden/haversine_reference.py (mpmath %s, 200 bits)' % mpmath.__version__,
               'table': table, 'sin': sins, 'asin': asins, 'pairs': pairs}, f, separators=(',', ':'))
print('wrote', out, len(pairs), 'pairs')
