/**
 * Shared pieces of the neighbour estimators: X packed into the row-major float64 matrix the
 * neighbour ops take ('linalg/pack', whose flags refuse NaN, ±Inf and nulls naming the column),
 * the fitted training matrix and its persistence, and the result layouts:
 * - array kind: `kneighbors` gives row-major DataBuffers of m × k (row i's neighbours at
 *   i·k .. i·k + k − 1); `radiusNeighbors` gives `{ offsets, values }` DataBuffers (CSR);
 * - frame kind: list Columns, one list per query (list<float64> distances, list<int32>
 *   indices), for both (a k-list per row for kneighbors).
 */
import { Column } from '../../src/column/column.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { linalgPack } from '../../kernels/linalg/pack.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { readControl } from '../control.js';
import { nonFiniteError, nullError } from '../input.js';
import type { InputKind, InputMatrix } from '../matrix-input.js';

/** The fitted training rows (device-resident on WebGPU) and what fit saw. */
export interface TrainState {
  /** n × d row-major float64. */
  train: DataBuffer<'float64'>;
  n: number;
  nFeaturesIn: number;
  featureNamesIn: string[] | null;
}

/** A CSR list result (radius queries). */
export interface ListResult<V> {
  readonly offsets: DataBuffer<'int32'>;
  readonly values: V;
}

/** Pack X into a row-major float64 matrix; ValueError naming the first column with a null, NaN or ±Inf. */
export async function packChecked(op: string, m: InputMatrix): Promise<Matrix> {
  const { matrix, flags } = run(linalgPack, m.cols, m.validity);
  try {
    const fl = await readControl(flags, op);
    for (let j = 0; j < m.d; j++) {
      if (fl[j]! & 2) throw nullError(op, m.names[j]!);
      if (fl[j]! & 1) throw nonFiniteError(op, m.names[j]!);
    }
    return matrix;
  } catch (e) {
    matrix.data.dispose();
    throw e;
  } finally {
    flags.dispose();
  }
}

/** ShapeError unless X has the fitted number of features. */
export function checkWidth(op: string, d: number, fitted: number): void {
  if (d !== fitted) throw new ShapeError(`${op}: expected X with ${fitted} features (as in fit), got ${d}`);
}

/** ValueError unless X has rows. */
export function checkRows(op: string, n: number): void {
  if (n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
}

/** Offsets 0, k, 2k, … mk (m + 1 int32) on the active backend. */
export async function strideOffsets(m: number, k: number): Promise<DataBuffer<'int32'>> {
  const seq = sequence(m + 1);
  try {
    const r = await new DataFrame({ i: new Column({ type: 'uint32', data: seq }) }).eval(col('i').mul(k).cast('int32'));
    return r.data as DataBuffer<'int32'>;
  } finally {
    seq.dispose();
  }
}

/** A CSR result as a list Column. */
export function listColumn(offsets: DataBuffer<'int32'>, values: DataBuffer): Column {
  return new Column({ type: 'list', data: offsets, children: [new Column({ type: values.dtype, data: values })] });
}

/** m × k row-major buffers in the input's kind (list Columns for frames). */
export async function rowsOutput(kind: InputKind, m: number, k: number, buf: DataBuffer): Promise<Column | DataBuffer> {
  if (kind === 'array') return buf;
  return listColumn(await strideOffsets(m, k), buf);
}

/** The state toJSON persists: the training rows on the host. */
export function saveTrain(name: string, st: TrainState): object {
  if (st.train.residency === 'device') {
    throw new ValueError(`${name}.toJSON: expected the training rows on the host, got them on the device only (await model.fetchFitData() first)`);
  }
  return { ...st, train: st.train.hostView(`${name}.toJSON`) };
}

/** Rebuild the state from toJSON's. */
export function loadTrain<S extends TrainState>(name: string, s: object): S {
  const o = s as Record<string, unknown>;
  if (!(o.train instanceof Float64Array) || typeof o.n !== 'number' || typeof o.nFeaturesIn !== 'number' || o.train.length !== o.n * o.nFeaturesIn) {
    throw new ValueError(`${name}.fromJSON: expected a saved state with the training rows (n × d float64), got another shape`);
  }
  return { ...(o as unknown as S), train: DataBuffer.fromHost(o.train, 'float64') };
}
