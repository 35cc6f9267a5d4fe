// Issue 13, "Strict options everywhere": every public options object rejects an unknown key with
// a ValueError that names the key and lists the valid ones, and a snake_case spelling of a valid
// option gets a camelCase hint. A positional argument of the wrong type is a typed error.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const BAD = { bogusOption: 1 };

function frame(): gf.DataFrame {
  return new gf.DataFrame({
    k: ['a', 'b', 'a', 'c'],
    x: new Float64Array([1, 2, 3, 4]),
    y: new Float64Array([4, 3, 2, 1]),
    lon: new Float64Array([2.35, -0.12, 13.4, -3.7]),
    lat: new Float64Array([48.85, 51.5, 52.5, 40.4]),
  });
}

function square(): gf.Column {
  return gf.geo.fromGeoJSON([{ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 60], [0, 60], [0, 0]]] }]);
}

function tracks(): gf.DataFrame {
  return new gf.DataFrame({
    id: new Int32Array([1, 1, 1, 2, 2]),
    x: new Float64Array([0, 1, 2, 5, 6]),
    y: new Float64Array([0, 0, 1, 5, 5]),
    t: new Float64Array([0, 60, 120, 0, 60]),
  });
}

async function lines(): Promise<gf.Column> {
  return gf.geo.fromGeoJSON([{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, { type: 'LineString', coordinates: [[2, 0], [3, 1]] }]);
}

const X = [[0, 1], [1, 0], [2, 2], [3, 1], [0, 0], [1, 1]];
const Y = [0, 0, 1, 1, 0, 1];

/** Each public entry point that takes an options object, called with `opts` as that object. */
const CALLS: Record<string, (opts: object) => unknown> = {
  init: (o) => gf.init(o as gf.InitOptions),
  'DataFrame.join': (o) => frame().join(frame(), { on: 'k', ...o }),
  'DataFrame.valueCounts': (o) => frame().valueCounts('k', o),
  'DataFrame.quantile': (o) => frame().select('x').quantile(0.5, o),
  'DataFrame.fromRecords': (o) => gf.DataFrame.fromRecords([{ a: 1 }], o),
  concat: (o) => gf.concat([frame(), frame()], o),
  'Expr.rollingSum': (o) => frame().withColumns({ r: gf.col('x').rollingSum(2, o as { minPeriods?: number }) }),
  readParquet: (o) => gf.readParquet('test/fixtures/parquet/does-not-matter.parquet', o),
  writeParquet: async (o) => gf.writeParquet(frame(), undefined, o),
  readArrow: async (o) => gf.readArrow(await gf.writeArrow(frame()), o),
  writeArrow: (o) => gf.writeArrow(frame(), undefined, o),
  readShapefile: (o) => gf.readShapefile('data/nc/nc.shp', o),
  readGeoJSON: (o) => gf.readGeoJSON({ type: 'FeatureCollection', features: [] }, o),
  writeGeoJSON: (o) => gf.writeGeoJSON(new gf.DataFrame({ geometry: square() }), undefined, o),
  'geo.fromWKT': (o) => gf.geo.fromWKT(gf.Column.from(['POINT (1 2)']), o),
  haversine: (o) => gf.haversine(frame(), 'lon', 'lat', 0, 0, o),
  pointInPolygon: (o) => gf.pointInPolygon(frame(), 'lon', 'lat', square(), o),
  pointLinestringDistance: async (o) => gf.pointLinestringDistance(gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [0, 0] }, { type: 'Point', coordinates: [1, 0] }]), await lines(), o),
  nearestLinestring: async (o) => gf.nearestLinestring(gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [0, 0] }]), await lines(), o),
  sjoin: (o) => gf.sjoin(frame(), new gf.DataFrame({ geometry: square() }), { x: 'lon', y: 'lat', ...o }),
  deriveTrajectories: (o) => gf.deriveTrajectories(tracks(), { id: 'id', x: 'x', y: 'y', t: 't', ...o }),
  trajectoryStats: async (o) => gf.trajectoryStats(await gf.deriveTrajectories(tracks(), { id: 'id', x: 'x', y: 'y', t: 't' }), o),
  splitByGap: async (o) => gf.splitByGap(await gf.deriveTrajectories(tracks(), { id: 'id', x: 'x', y: 'y', t: 't' }), { maxGap: 100, ...o }),
  detectStops: async (o) => gf.detectStops(await gf.deriveTrajectories(tracks(), { id: 'id', x: 'x', y: 'y', t: 't' }), { maxDiameter: 1, minDuration: 1, ...o }),
  hausdorff: async (o) => gf.hausdorff(await lines(), o),
  frechet: async (o) => gf.frechet(await lines(), o),
  KMeans: (o) => new gf.KMeans(o),
  'KMeans.fit': (o) => new gf.KMeans({ nClusters: 2, nInit: 1 }).fit(X, o),
  DBSCAN: (o) => new gf.DBSCAN(o),
  LogisticRegression: (o) => new gf.LogisticRegression(o),
  StandardScaler: (o) => new gf.StandardScaler(o),
  PCA: (o) => new gf.PCA(o),
  Ridge: (o) => new gf.Ridge(o),
  KNeighborsClassifier: (o) => new gf.KNeighborsClassifier(o),
  'NearestNeighbors.kneighbors': async (o) => (await new gf.NearestNeighbors({ nNeighbors: 2 }).fit(X)).kneighbors(X, o),
  GaussianNB: (o) => new gf.GaussianNB(o),
  trainTestSplit: (o) => gf.trainTestSplit(X, Y, o),
  KFold: (o) => new gf.KFold(o),
  StratifiedKFold: (o) => new gf.StratifiedKFold(o),
  crossValScore: (o) => gf.crossValScore(new gf.GaussianNB(), X, Y, { cv: 2, ...o }),
  GridSearchCV: (o) => new gf.GridSearchCV(new gf.GaussianNB(), { varSmoothing: [1e-9] }, o),
  'metrics.f1Score': (o) => gf.metrics.f1Score(Y, Y, o),
  'metrics.rocAucScore': (o) => gf.metrics.rocAucScore(Y, [0.1, 0.2, 0.9, 0.8, 0.3, 0.7], o),
  'metrics.silhouetteScore': (o) => gf.metrics.silhouetteScore(X, Y, o),
};

async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('strict options: an unknown key is a ValueError naming it and listing the valid ones', () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(name, async () => {
      const e = await thrown(() => call(BAD));
      expect(e, `${name} accepted { bogusOption }`).toBeInstanceOf(gf.ValueError);
      const msg = (e as Error).message;
      expect(msg).toContain("'bogusOption'");
      expect(msg).toMatch(/expected options among '/);
    });
  }
});

describe('snake_case keys get the camelCase hint', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['KMeans n_clusters (scikit-learn habit)', () => new gf.KMeans({ n_clusters: 3 } as never), 'nClusters'],
    ['join left_on', () => frame().join(frame(), { left_on: 'k', right_on: 'k' } as never), 'leftOn'],
    ['readParquet row_groups', () => gf.readParquet('x.parquet', { row_groups: [0] } as never), 'rowGroups'],
    ['rollingSum min_periods', () => frame().withColumns({ r: gf.col('x').rollingSum(2, { min_periods: 1 } as never) }), 'minPeriods'],
    ['nearestLinestring max_distance', async () => gf.nearestLinestring(gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [0, 0] }]), await lines(), { max_distance: 1 } as never), 'maxDistance'],
    ['trainTestSplit test_size', () => gf.trainTestSplit(X, Y, { test_size: 0.5 } as never), 'testSize'],
  ];
  for (const [name, fn, hint] of cases) {
    it(name, async () => {
      const e = await thrown(fn);
      expect(e).toBeInstanceOf(gf.ValueError);
      expect((e as Error).message).toContain(`did you mean '${hint}'`);
    });
  }
  it('KMeans({ n_clusters: 3 }) no longer silently fits 8 clusters', async () => {
    expect(() => new gf.KMeans({ n_clusters: 3 } as never)).toThrow(/unknown option 'n_clusters' \(did you mean 'nClusters'\?/);
  });
});

describe('an options argument that is not an object is a typed error', () => {
  it('arrays, strings and numbers where an options object goes', async () => {
    for (const bad of [[1], 'descending', 3]) {
      expect(await thrown(() => frame().valueCounts('k', bad as never))).toBeInstanceOf(gf.ValueError);
      expect(await thrown(() => gf.haversine(frame(), 'lon', 'lat', 0, 0, bad as never))).toBeInstanceOf(gf.GpuframeError);
      expect(() => new gf.KMeans(bad as never)).toThrow(gf.ValueError);
    }
  });
});
