/**
 * Clustering metrics, as scikit-learn 1.2: the silhouette coefficient (euclidean; the O(n²·d)
 * per-sample work in the 'metrics/silhouette' op, exact binary64 on both backends) and the
 * adjusted Rand index (a contingency table counted on the backend, then exact integer
 * arithmetic on its cells).
 */
import { Column } from '../../src/column/column.js';
import { ValueError } from '../../src/errors.js';
import { checkOptions as checkStrict } from '../../src/options.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { run } from '../../kernels/registry.js';
import { histogram } from '../../kernels/histogram/histogram.js';
import { silhouetteSamples } from '../../kernels/metrics/silhouette.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { readControl } from '../control.js';
import { encodeLabels } from '../labels.js';
import { resolveInput, type MatrixInput } from '../matrix-input.js';
import { checkFinite, pairCounts, reduceNumber, type LabelsInput } from './inputs.js';

/**
 * scikit-learn's `silhouette_score(X, labels)` (metric euclidean, all samples): the mean over
 * samples of (b − a) / max(a, b), a the mean distance to the sample's own cluster, b the least
 * mean distance to another cluster (0 for a singleton cluster). X is any estimator input
 * (a frame, `{ frame, columns }`, Columns, DataBuffers, typed arrays, `number[][]`); labels
 * one per sample, with 2 ≤ clusters ≤ n − 1.
 *
 * @example
 * ```ts
 * const df = new gf.DataFrame({ x: new Float64Array([0, 0, 5, 5]), y: new Float64Array([0, 1, 5, 6]) });
 * const km = await new gf.KMeans({ nClusters: 2 }).fit(df);
 * await gf.metrics.silhouetteScore(df, await km.predict(df)); // 0.8585…
 * ```
 */
export async function silhouetteScore(X: MatrixInput, labels: LabelsInput, options: { columns?: readonly string[] } = {}): Promise<number> {
  const op = 'silhouetteScore';
  checkStrict(op, options, ['columns']);
  const m = await resolveInput(op, X, options.columns);
  try {
    const enc = await encodeLabels(op, 'labels', undefined, labels, m.n);
    try {
      const k = enc.classes.length;
      if (k < 2 || k > m.n - 1) throw new ValueError(`${op}: expected 2 <= number of labels <= n_samples - 1 (${m.n - 1}), got ${k}`);
      const sizes = await clusterSizes(op, enc.codes, k);
      const x = await checkFinite(op, 'X', m.cols, m.validity, m.names);
      try {
        const s = run(silhouetteSamples, x, enc.codes, sizes);
        try {
          return (await reduceNumber(op, s, 'sum')) / m.n;
        } finally {
          s.dispose();
        }
      } finally {
        x.data.dispose();
      }
    } finally {
      enc.release();
    }
  } finally {
    m.release();
  }
}

async function clusterSizes(op: string, codes: DataBuffer<'int32'>, k: number): Promise<Float64Array> {
  const keys = await new DataFrame({ t: new Column({ type: 'int32', data: codes }) }).eval(col('t').cast('uint32'));
  const h = histogram(keys.data as DataBuffer<'uint32'>, k);
  keys.buffers().forEach((b) => b.dispose());
  try {
    return Float64Array.from(await readControl(h, op));
  } finally {
    h.dispose();
  }
}

/**
 * scikit-learn's `adjusted_rand_score`: the Rand index of two labelings adjusted for chance,
 * 1 for identical partitions (up to renaming), about 0 for independent ones. The pair counts
 * are exact integers (BigInt); the result rounds once, as scikit-learn's.
 *
 * @example
 * ```ts
 * await gf.metrics.adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * await gf.metrics.adjustedRandScore([0, 0, 1, 2], [0, 0, 1, 1]); // 0.5714285714285714
 * ```
 */
export async function adjustedRandScore(labelsTrue: LabelsInput, labelsPred: LabelsInput): Promise<number> {
  const op = 'adjustedRandScore';
  const t = await encodeLabels(op, 'labelsTrue', undefined, labelsTrue);
  try {
    const p = await encodeLabels(op, 'labelsPred', undefined, labelsPred, t.codes.length);
    try {
      const a = t.classes.length;
      const b = p.classes.length;
      const cells = await pairCounts(op, t.codes, p.codes, a, b);
      return ari(cells, a, b, t.codes.length);
    } finally {
      p.release();
    }
  } finally {
    t.release();
  }
}

/** scikit-learn's pair_confusion_matrix then ARI, in BigInt. */
function ari(cells: Int32Array, a: number, b: number, n: number): number {
  const nc = new Array<bigint>(a).fill(0n);
  const nk = new Array<bigint>(b).fill(0n);
  let squares = 0n;
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) {
    const v = BigInt(cells[i * b + j]!);
    nc[i]! += v;
    nk[j]! += v;
    squares += v * v;
  }
  let dotK = 0n;
  let dotC = 0n;
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) {
    const v = BigInt(cells[i * b + j]!);
    dotK += v * nk[j]!;
    dotC += v * nc[i]!;
  }
  const N = BigInt(n);
  const tp = squares - N;
  const fp = dotK - squares;
  const fn = dotC - squares;
  const tn = N * N - fp - fn - squares;
  if (fn === 0n && fp === 0n) return 1;
  return (2 * Number(tp * tn - fn * fp)) / Number((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}
