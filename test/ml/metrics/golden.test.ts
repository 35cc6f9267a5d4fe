// gf.metrics against scikit-learn 1.2 (test/fixtures/ml/metrics.json, inputs stored per case):
// values within 1e-12 relative, counts exact, on the active backend (run with both).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { goldenCase, loadDataset, loadGolden, type GoldenCase } from '../../helpers/ml-data.js';

const file = loadGolden<GoldenCase>('metrics');
const get = (id: string) => goldenCase(file, id) as Record<string, unknown> & GoldenCase;

/** |a - b| <= rel * |b| (rel 1e-12), with a message naming the metric. */
function close(a: number, b: number, what: string, rel = 1e-12): void {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);
}

/** Columns (one Float64Array per class) of a row-major nested list. */
const columns = (rows: number[][]) => rows[0]!.map((_, j) => Float64Array.from(rows, (r) => r[j]!));

describe('metrics goldens (scikit-learn 1.2)', () => {
  for (const id of ['binary-breast_cancer', 'multiclass-wine-knn']) {
    it(`${id}: accuracy, confusion matrix, precision/recall/F1 for every average`, async () => {
      const c = get(id);
      const yTrue = c.yTrue as number[];
      const yPred = Int32Array.from(c.yPred as number[]);
      close(await gf.metrics.accuracyScore(yTrue, yPred), c.accuracy as number, 'accuracy');
      const cm = await gf.metrics.confusionMatrix(yTrue, yPred);
      expect(Array.from(cm.matrix)).toEqual((c.confusionMatrix as number[][]).flat());
      expect(Array.from(cm.labels as Float64Array)).toEqual([...new Set(yTrue)].sort((a, b) => a - b));
      const averages = id.startsWith('binary') ? (['binary', 'micro', 'macro', 'weighted'] as const) : (['micro', 'macro', 'weighted'] as const);
      for (const average of averages) {
        close(await gf.metrics.precisionScore(yTrue, yPred, { average, zeroDivision: 0 }), c[`precision_${average}`] as number, `precision ${average}`);
        close(await gf.metrics.recallScore(yTrue, yPred, { average, zeroDivision: 0 }), c[`recall_${average}`] as number, `recall ${average}`);
        close(await gf.metrics.f1Score(yTrue, yPred, { average, zeroDivision: 0 }), c[`f1_${average}`] as number, `f1 ${average}`);
      }
    });
  }

  it('binary-breast_cancer: ROC AUC and log loss of the positive-class probability', async () => {
    const c = get('binary-breast_cancer');
    const yScore = Float64Array.from(c.yScore as number[]);
    close(await gf.metrics.rocAucScore(c.yTrue as number[], yScore), c.rocAuc as number, 'rocAuc');
    close(await gf.metrics.logLoss(c.yTrue as number[], yScore), c.logLoss as number, 'logLoss');
  });

  it('multiclass: one-vs-rest macro ROC AUC and log loss from probability matrices (frame and arrays)', async () => {
    const wine = get('multiclass-wine-knn');
    const P = columns(wine.yScore as number[][]);
    close(await gf.metrics.rocAucScore(wine.yTrue as number[], P, { multiClass: 'ovr' }), wine.rocAucOvrMacro as number, 'wine ovr');
    const iris = get('logloss-iris');
    const Q = columns(iris.yScore as number[][]);
    const frame = new gf.DataFrame({ setosa: Q[0]!, versicolor: Q[1]!, virginica: Q[2]! });
    close(await gf.metrics.logLoss(iris.yTrue as number[], frame), iris.logLoss as number, 'iris logLoss (frame)');
    close(await gf.metrics.logLoss(Int32Array.from(iris.yTrue as number[]), Q.map((q) => gf.array(q))), iris.logLoss as number, 'iris logLoss (DataBuffers)');
    close(await gf.metrics.rocAucScore(iris.yTrue as number[], iris.yScore as number[][], { multiClass: 'ovr' }), iris.rocAucOvrMacro as number, 'iris ovr');
  });

  it('regression-diabetes: R², MSE, MAE', async () => {
    const c = get('regression-diabetes');
    const t = Float64Array.from(c.yTrue as number[]);
    const p = gf.array(Float64Array.from(c.yPred as number[]));
    close(await gf.metrics.r2Score(t, p), c.r2 as number, 'r2');
    close(await gf.metrics.meanSquaredError(t, p), c.mse as number, 'mse');
    close(await gf.metrics.meanAbsoluteError(new gf.Column({ type: 'float64', data: gf.array(t) }), c.yPred as number[]), c.mae as number, 'mae');
  });

  it('clustering-iris-kmeans: silhouette and adjusted Rand index', async () => {
    const c = get('clustering-iris-kmeans');
    const iris = loadDataset('iris');
    close(await gf.metrics.silhouetteScore(iris.X, c.labels as number[]), c.silhouette as number, 'silhouette');
    const df = new gf.DataFrame(Object.fromEntries(iris.names.map((nm, j) => [nm, iris.X[j]!])));
    close(await gf.metrics.silhouetteScore(df, Int32Array.from(c.labels as number[])), c.silhouette as number, 'silhouette (frame)');
    close(await gf.metrics.adjustedRandScore(c.yTrue as number[], c.labels as number[]), c.adjustedRandScore as number, 'ARI');
  });
});
