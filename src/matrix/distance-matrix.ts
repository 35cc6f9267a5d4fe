/**
 * DistanceMatrix: an n×n float64 matrix (pairwise distances), the one type that producers
 * (spatial/'s `hausdorff` and `frechet`) hand to consumers (ml/'s estimators with
 * `metric: 'precomputed'`). It is one object, not n columns.
 *
 * Layout: row-major float64 in row bands. Band k holds rows [k·bandRows, …) as one DataBuffer
 * of rows × n values, and every band but the last has `bandRows` rows. A band is sized to fit
 * one storage binding of the device (`bandRows = ⌊maxBindingBytes / 8n⌋`), so kernels bind a
 * whole band. On the CPU one band holds up to 2 GiB (n ≤ 16,384 is one band). For 10,000
 * trajectories the matrix is 800 MB: on a GPU with 128 MiB bindings that is 6 bands of 1,677
 * rows (80 KB each), on the CPU one Float64Array. The bytes live where the producing op ran.
 */
import { DataBuffer } from '../memory/data-buffer.js';
import { ResidencyError, ShapeError, ValueError } from '../errors.js';
import { showValue } from '../options.js';
import { checkSize } from '../memory/budget.js';
import { activeBackend, gpu } from '../device/index.js';
import { run } from '../../kernels/registry.js';
import { symmetrizeKernel, type MatrixBand, type SymmetrizeOp } from '../../kernels/matrix/symmetrize.js';

export type { MatrixBand, SymmetrizeOp };

/** Bytes one CPU band may hold. */
const CPU_BAND_BYTES = 2 ** 31;

/** Rows per band for an n×n float64 matrix whose bands hold at most `maxBytes` each. */
export function bandRowsFor(n: number, maxBytes: number): number {
  if (n * 8 > maxBytes) throw new ShapeError(`DistanceMatrix: expected one row (${n} × 8 bytes) to fit one storage binding of ${maxBytes} bytes, got n = ${n}`);
  return Math.max(1, Math.floor(maxBytes / (8 * Math.max(1, n))));
}

/** Rows per band on the active backend. */
export function activeBandRows(n: number): number {
  return bandRowsFor(n, activeBackend() === 'webgpu' ? gpu().maxBindingBytes : CPU_BAND_BYTES);
}

/**
 * An n×n float64 matrix of pairwise distances, held in row bands (see the module comment).
 *
 * @example
 * ```ts
 * const m = gf.DistanceMatrix.fromArray(new Float64Array([0, 2, 1, 0]), 2);
 * const s = m.symmetrize('max');
 * await s.toArray();                 // Float64Array [0, 2, 2, 0]
 * console.log(s.n, s.get(1, 0));     // 2 2
 * m.dispose(); s.dispose();
 * ```
 */
export class DistanceMatrix {
  /** Rows per band (every band but the last). */
  readonly bandRows: number;
  private disposed = false;

  /** Wrap bands (rows [start, start + rows) each, in order, covering 0..n). Internal: used by ops. */
  constructor(
    /** The number of rows and columns. */
    readonly n: number,
    /** The row bands, in order. */
    readonly bands: readonly MatrixBand[],
  ) {
    if (!Number.isSafeInteger(n) || n < 0) throw new ValueError(`DistanceMatrix: expected n as a non-negative integer, got ${showValue(n)}`);
    if (!Array.isArray(bands)) throw new ValueError(`DistanceMatrix: expected bands as an array of row bands, got ${showValue(bands)}`);
    bands.forEach((b: unknown, k) => {
      const band = b as Partial<MatrixBand> | null;
      if (!band || !(band.data instanceof DataBuffer) || !Number.isSafeInteger(band.start) || !Number.isSafeInteger(band.rows)) {
        throw new ValueError(`DistanceMatrix: expected band ${k} as { start, rows, data: DataBuffer }, got ${showValue(b)}`);
      }
    });
    this.bandRows = bands[0]?.rows ?? 1;
    let next = 0;
    for (const b of bands) {
      if (b.start !== next || b.data.length !== b.rows * n || (b.rows !== this.bandRows && b !== bands[bands.length - 1])) {
        throw new ShapeError(`DistanceMatrix: expected bands of ${this.bandRows} rows × ${n} from row ${next}, got ${b.rows} rows from row ${b.start} (${b.data.length} values)`);
      }
      next += b.rows;
    }
    if (next !== n) throw new ShapeError(`DistanceMatrix: expected bands covering ${n} rows, got ${next}`);
  }

  /**
   * A matrix from host values: a row-major Float64Array of n·n values (n given or its square
   * root), or an array of n rows of n numbers. Host-resident, one band (split where n² × 8
   * exceeds a band).
   *
   * @throws ShapeError if the values do not form a square matrix
   * @example
   * ```ts
   * const m = gf.DistanceMatrix.fromArray([[0, 1], [2, 0]]);
   * console.log(m.n, m.get(1, 0)); // 2 2
   * ```
   */
  static fromArray(values: Float64Array | ReadonlyArray<ArrayLike<number>>, n?: number): DistanceMatrix {
    const op = 'DistanceMatrix.fromArray';
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 0)) throw new ValueError(`${op}: expected n as a non-negative integer or undefined, got ${showValue(n)}`);
    if (!(values instanceof Float64Array) && !Array.isArray(values)) throw new ValueError(`${op}: expected a Float64Array or an array of rows, got ${showValue(values)}`);
    let flat: Float64Array;
    if (values instanceof Float64Array) {
      const side = n ?? Math.round(Math.sqrt(values.length));
      if (side * side !== values.length) throw new ShapeError(`DistanceMatrix.fromArray: expected ${n === undefined ? 'a square number of' : `${side} × ${side} =`} ${n === undefined ? '' : side * side + ' '}values, got ${values.length}`);
      flat = values;
      n = side;
    } else {
      n = values.length;
      checkSize(op, n, 8 * n);
      flat = new Float64Array(n * n);
      values.forEach((row, i) => {
        if (row === null || typeof row !== 'object' || typeof row.length !== 'number') throw new ValueError(`${op}: expected row ${i} as an array of numbers, got ${showValue(row)}`);
        if (row.length !== n) throw new ShapeError(`DistanceMatrix.fromArray: expected row ${i} of length ${n} (a square matrix), got ${row.length}`);
        for (let j = 0; j < n!; j++) flat[i * n! + j] = row[j]!;
      });
    }
    const per = bandRowsFor(n, CPU_BAND_BYTES);
    const bands: MatrixBand[] = [];
    for (let start = 0; start < n; start += per) {
      const rows = Math.min(per, n - start);
      bands.push({ start, rows, data: DataBuffer.fromHost(flat.subarray(start * n, (start + rows) * n), 'float64') });
    }
    return new DistanceMatrix(n, bands);
  }

  /** Bytes of all entries (n² × 8). */
  get byteLength(): number {
    return this.n * this.n * 8;
  }

  /**
   * All n² entries row-major, downloading each band once (it then stays on the host too, so
   * `get` works). One band gives its own array (do not mutate it); several are copied into one.
   *
   * @example
   * ```ts
   * const values = await gf.DistanceMatrix.fromArray([[0, 1], [1, 0]]).toArray(); // Float64Array [0, 1, 1, 0]
   * ```
   */
  async toArray(): Promise<Float64Array> {
    this.check('toArray');
    const parts = await Promise.all(this.bands.map((b) => b.data.toArray()));
    if (parts.length === 1) return parts[0]!;
    const out = new Float64Array(this.n * this.n);
    this.bands.forEach((b, k) => out.set(parts[k]!, b.start * this.n));
    return out;
  }

  /**
   * The rows as n Float64Arrays (views on the downloaded bands).
   *
   * @example
   * ```ts
   * const [r0, r1] = await gf.DistanceMatrix.fromArray([[0, 1], [1, 0]]).toRows(); // [0, 1], [1, 0]
   * ```
   */
  async toRows(): Promise<Float64Array[]> {
    this.check('toRows');
    const parts = await Promise.all(this.bands.map((b) => b.data.toArray()));
    const rows: Float64Array[] = [];
    this.bands.forEach((b, k) => {
      for (let r = 0; r < b.rows; r++) rows.push(parts[k]!.subarray(r * this.n, (r + 1) * this.n));
    });
    return rows;
  }

  /**
   * Entry (i, j) on the host. The band must be host-resident: after `toArray()`/`toRows()`,
   * or for a matrix the CPU backend made.
   *
   * @throws ValueError if i or j is out of range; ResidencyError if the band is only on the device
   * @example
   * ```ts
   * const m = gf.DistanceMatrix.fromArray([[0, 3], [4, 0]]);
   * console.log(m.get(0, 1)); // 3
   * ```
   */
  get(i: number, j: number): number {
    this.check('get');
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < this.n && j < this.n)) {
      throw new ValueError(`DistanceMatrix.get: expected 0 <= i, j < ${this.n}, got (${i}, ${j})`);
    }
    const band = this.bands[Math.floor(i / this.bandRows)]!;
    if (band.data.residency === 'device') throw new ResidencyError('DistanceMatrix.get: expected host-resident rows, got a device-only band (await toArray() first)');
    return (band.data.hostView('DistanceMatrix.get') as Float64Array)[(i - band.start) * this.n + j]!;
  }

  /**
   * A symmetric matrix: entry (i, j) = op(M[i][j], M[j][i]), `'max'` (as the symmetric
   * Hausdorff distance is the max of both directions) or `'mean'`; NaN if either is NaN.
   * Runs where the matrix lives (the 'matrix/symmetrize' kernel); this matrix is unchanged.
   *
   * @throws ValueError if `how` is not 'max' or 'mean'
   * @example
   * ```ts
   * const s = gf.DistanceMatrix.fromArray([[0, 1], [3, 0]]).symmetrize('mean');
   * console.log(await s.toArray()); // Float64Array [0, 2, 2, 0]
   * ```
   */
  symmetrize(how: SymmetrizeOp = 'max'): DistanceMatrix {
    this.check('symmetrize');
    if (how !== 'max' && how !== 'mean') throw new ValueError(`DistanceMatrix.symmetrize: expected 'max' | 'mean', got '${String(how)}'`);
    const m = this.withBandRows(Math.min(this.bandRows, activeBandRows(this.n)));
    const data = run(symmetrizeKernel, m.bands, m.n, how);
    if (m !== this) m.dispose(); // the split views' own uploads (the kernel's work is submitted)
    return new DistanceMatrix(m.n, m.bands.map((b, k) => ({ start: b.start, rows: b.rows, data: data[k]! })));
  }

  /**
   * The same entries in bands of at most `rows` rows (so each fits a smaller binding): this
   * matrix when its bands already fit, else views on its host bands (nothing is copied; the
   * views share this matrix's bytes, so do not dispose both). Internal: used by ops.
   *
   * @throws ResidencyError if a band to split is only on the device
   */
  withBandRows(rows: number): DistanceMatrix {
    this.check('withBandRows');
    if (rows >= this.bandRows) return this;
    const bands: MatrixBand[] = [];
    for (const b of this.bands) {
      if (b.data.residency === 'device') throw new ResidencyError(`DistanceMatrix: expected host bands to split into ${rows} rows, got a device-only band of ${b.rows} rows`);
      const host = b.data.hostView('DistanceMatrix') as Float64Array;
      for (let r = 0; r < b.rows; r += rows) {
        const k = Math.min(rows, b.rows - r);
        bands.push({ start: b.start + r, rows: k, data: DataBuffer.fromHost(host.subarray(r * this.n, (r + k) * this.n), 'float64') });
      }
    }
    return new DistanceMatrix(this.n, bands);
  }

  /** Free every band (device memory back to the pool). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.bands) b.data.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Whether dispose() was called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private check(op: string): void {
    if (this.disposed) throw new ResidencyError(`DistanceMatrix.${op}: expected a live matrix, got one that was disposed`);
  }
}
