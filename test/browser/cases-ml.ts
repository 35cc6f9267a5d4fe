/**
 * Browser slice, ML: each estimator family fitted and applied on the same small random data under
 * each backend (KMeans, DBSCAN, agglomerative, PCA, linear and logistic models, scalers, neighbours,
 * naive Bayes, silhouette, random forest and a decision tree), comparing the fitted attributes and
 * outputs. Duplicated rows and ties are mixed in; 257 rows, one past the workgroup size.
 */
import * as gf from 'gpuframe';
import { rng } from '../helpers/parity.js';
import { both, tolOf } from './compare.js';

/** Three noisy blobs in d dimensions: features (one Float64Array each) and int labels; rows 10–14 repeat row 9. */
function blobs(n: number, d: number, seed: number): { X: Float64Array[]; y: Int32Array } {
  const r = rng(seed);
  const X = Array.from({ length: d }, () => new Float64Array(n));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let j = 0; j < d; j++) X[j]![i] = i >= 10 && i < 15 ? X[j]![9]! : c * 3 + (j === c ? 2 : 0) + (r() - 0.5) * 2.5;
  }
  return { X, y };
}

export async function clusteringCases(n: number): Promise<void> {
  const data = () => blobs(n, 2, 1);
  await both(`kmeans n=${n}`, async () => {
    const { X } = data();
    const km = await new gf.KMeans({ nClusters: 3, seed: 0, nInit: 2 }).fit(X);
    return [km.labels, km.clusterCenters, km.inertia, km.nIter, await km.predict(X), await km.transform(X)];
  });
  await both(`dbscan n=${n}`, async () => {
    const db = await new gf.DBSCAN({ eps: 0.6, minSamples: 4 }).fit(data().X);
    return [db.labels, db.coreSampleIndices];
  });
  await both(`agglomerative n=${n}`, async () => [
    (await new gf.AgglomerativeClustering({ nClusters: 3, linkage: 'average' }).fit(data().X)).labels,
    (await new gf.AgglomerativeClustering({ distanceThreshold: 1, linkage: 'single' }).fit(data().X)).labels,
  ]);
  await both(`silhouette n=${n}`, async () => {
    const { X, y } = data();
    return gf.metrics.silhouetteScore(X, y);
  });
}

export async function modelCases(n: number): Promise<void> {
  const data = () => blobs(n, 4, 2);
  const target = (X: Float64Array[]) => Float64Array.from(X[0]!, (v, i) => 2 * v - X[1]![i]! + 0.5 * X[3]![i]! + (i % 5) * 0.01);
  await both(`ridge n=${n}`, async () => {
    const { X } = data();
    const ridge = await new gf.Ridge({ alpha: 0.5 }).fit(X, target(X));
    return [ridge.coef, ridge.intercept, await ridge.predict(X)];
  });
  await both(`scalers n=${n}`, async () => {
    const { X } = data();
    return [await new gf.StandardScaler().fitTransform(X), await new gf.MinMaxScaler().fitTransform(X), await new gf.RobustScaler().fitTransform(X)];
  });
  // Logistic regression: fitted once on the CPU, then predicted on each backend ('logistic/proba',
  // 'logistic/argmax'). Fitting on the device ('logistic/loss') is left to the Node suite: its df64
  // shader alone takes about a minute to compile on SwiftShader.
  const { X: lx, y: ly } = data();
  const saved = JSON.stringify(await gf.withBackendAsync('cpu', async () => (await new gf.LogisticRegression({ maxIter: 20 }).fit(lx, ly)).toJSON()));
  await both(`logistic n=${n}`, async () => {
    const m = gf.LogisticRegression.fromJSON(JSON.parse(saved));
    return [await m.predict(lx), await m.predictProba(lx), await m.predictLogProba(lx)];
  }, tolOf('logistic/proba'));
  await both(`neighbours n=${n}`, async () => {
    const { X, y } = data();
    const knn = await new gf.KNeighborsClassifier({ nNeighbors: 5, weights: 'distance' }).fit(X, y);
    const nn = await new gf.NearestNeighbors({ nNeighbors: 3 }).fit(X);
    return [await knn.predict(X), await knn.predictProba(X), await nn.kneighbors(), await nn.radiusNeighbors(X, { radius: 0.8 })];
  });
  await both(`naive bayes n=${n}`, async () => {
    const { X, y } = data();
    const g = await new gf.GaussianNB().fit(X, y);
    return [g.theta, g.var, await g.predict(X), await g.predictProba(X)];
  }, tolOf('expr/fused')); // predictProba's exp is an expression (exp within 1e-12 on the device)
  await both(`forest n=${n}`, async () => {
    const { X, y } = data();
    X[2]![0] = NaN; // at predict time only: NaN goes to the heavier child
    const fitX = X.map((c) => c.map((v) => (Number.isNaN(v) ? 0 : v)));
    const rf = await new gf.RandomForestClassifier({ nEstimators: 5, maxDepth: 5, seed: 1, nBins: 16 }).fit(fitX, y);
    const dt = await new gf.DecisionTreeRegressor({ maxDepth: 4 }).fit(fitX, target(fitX));
    return [await rf.predictProba(X), await rf.predict(X), rf.featureImportances, await dt.predict(X), dt.nLeaves];
  });
}
