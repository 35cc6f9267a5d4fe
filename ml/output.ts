/**
 * Outputs in the kind of the input, as cuML's `output_type='input'`: X given as a frame,
 * `{ frame, columns }`, Columns or an Arrow Table gives Columns and DataFrames back; X given
 * as DataBuffers, typed arrays or number[][] gives DataBuffers back. Nothing is copied: the
 * result buffers are wrapped as they are (on the device on WebGPU).
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DataFrame } from '../frame/data-frame.js';
import type { FrameKindInput, InputKind, MatrixInput } from './matrix-input.js';

/** What a one-column result (predict, a score per sample) gives for input X. */
export type VectorOutput<X extends MatrixInput> = X extends FrameKindInput ? Column : DataBuffer;

/** What a many-column result (transform) gives for input X. */
export type MatrixOutput<X extends MatrixInput> = X extends FrameKindInput ? DataFrame : DataBuffer[];

/**
 * One result buffer in the input's kind.
 *
 * @example
 * ```ts
 * const km = await new gf.KMeans({ nClusters: 2 }).fit([[0], [1], [5]]);
 * (await km.predict([[0], [5]])) instanceof gf.DataBuffer; // true: rows in, a DataBuffer out
 * (await km.predict(new gf.DataFrame({ x: new Float64Array([0, 5]) }))) instanceof gf.Column; // true
 * ```
 */
export function outputVector(kind: InputKind, data: DataBuffer, validity?: DataBuffer<'uint8'>): Column | DataBuffer {
  return kind === 'frame' ? new Column({ type: data.dtype, data, validity }) : data;
}

/**
 * Result columns in the input's kind: a DataFrame with these names, or the buffers.
 *
 * @example
 * ```ts
 * const pca = await new gf.PCA({ nComponents: 1 }).fit([[0, 0], [1, 2], [2, 4]]);
 * (await pca.transform([[1, 1]])).length; // 1: a DataBuffer per component
 * (await pca.transform(new gf.DataFrame({ a: new Float64Array([1]), b: new Float64Array([1]) }))).columns; // ['pca0']
 * ```
 */
export function outputMatrix(kind: InputKind, cols: readonly DataBuffer[], names: readonly string[]): DataFrame | DataBuffer[] {
  if (kind === 'array') return [...cols];
  return new DataFrame(cols.map((c, j) => [names[j]!, new Column({ type: c.dtype, data: c })] as const));
}

/**
 * Columns cut from one column-major result (block j is rows j·n .. (j + 1)·n − 1 of `a`, views,
 * not copies), in the input's kind, named `names`.
 *
 * @example
 * ```ts
 * const model = await gf.loadXGBoost('test/fixtures/trees/xgb-breast_cancer-stumps.json');
 * (await model.predictTrees([new Array(30).fill(0)])).length; // 25: one block per tree, cut by outputBlocks
 * ```
 */
export function outputBlocks(kind: InputKind, a: Float64Array | Float32Array | Int32Array, n: number, names: readonly string[]): DataFrame | DataBuffer[] {
  return outputMatrix(kind, names.map((_, j) => DataBuffer.fromHost(a.subarray(j * n, (j + 1) * n))), names);
}
