/**
 * Shared pieces of PCA and TruncatedSVD, all in registered ops; only small results (d-sized
 * statistics, d × d or l × d factors) come back, as counted control reads:
 * - `packInput`: X resolved and packed by 'linalg/pack' (NaN, ±Inf and nulls refused naming
 *   the column); `withPacked` runs a step on it and releases it;
 * - `centred`: X − mean per column in the fused expression kernel, packed (PCA's centring);
 * - `exactSvd`: 'linalg/qr' of the tall matrix (R only) and 'linalg/svd-small' of R: s and Vt
 *   of the matrix itself;
 * - `flipByScores`: scikit-learn's `svd_flip(U, Vt)` (u-based) without U: the scores M Vkᵀ
 *   (= U s) by 'linalg/gemm', and per component the sign at the first row of largest |score|
 *   by 'linalg/col-absmax';
 * - `randomizedSvd`: scikit-learn 1.2's `randomized_svd` (Halko et al.): a seeded Gaussian test
 *   matrix, power iterations with a QR normaliser ('linalg/gemm' + 'linalg/qr' with Q), the
 *   projected matrix's 'linalg/svd-small', and `svd_flip` with the same u/v decision as
 *   scikit-learn (`transpose = n < d`);
 * - `project` / `outputOf`: X Wᵀ (+ shift, + bias) by 'linalg/gemm', unpacked into columns in
 *   the input's kind.
 */
import { Column } from '../../src/column/column.js';
import { ShapeError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { mulberry32 } from '../../src/random.js';
import { run } from '../../kernels/registry.js';
import { linalgColAbsMax } from '../../kernels/linalg/col-absmax.js';
import { linalgGemm, type GemmOptions } from '../../kernels/linalg/gemm.js';
import { linalgPack } from '../../kernels/linalg/pack.js';
import { linalgQr } from '../../kernels/linalg/qr.js';
import { linalgSvdSmall } from '../../kernels/linalg/svd.js';
import { linalgUnpack } from '../../kernels/linalg/unpack.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col } from '../../frame/expr.js';
import { readControl } from '../control.js';
import { is, type ParamSpecs } from '../estimator.js';
import { packChecked } from '../linear-model/common.js';
import { resolveInput, type InputMatrix, type MatrixInput } from '../matrix-input.js';
import { outputMatrix } from '../output.js';

/** X resolved and packed (n × d float64, finite, no nulls). */
export interface Packed {
  readonly m: InputMatrix;
  readonly X: Matrix;
  release(): void;
}

/** Resolve X and pack it; ValueError for NaN, ±Inf or nulls naming the column. */
export async function packInput(op: string, X: MatrixInput, columns?: readonly string[]): Promise<Packed> {
  const m = await resolveInput(op, X, columns);
  try {
    const P = await packChecked(op, m.cols, m.validity, m.names);
    return {
      m,
      X: P,
      release: () => {
        P.data.dispose();
        m.release();
      },
    };
  } catch (e) {
    m.release();
    throw e;
  }
}

/** The options of the randomized solver, as PCA and TruncatedSVD both take them. */
export interface RandomizedParams {
  nOversamples?: number;
  powerIterationNormalizer?: 'auto' | 'QR' | 'none';
  seed?: number;
}

/** Their specs: nOversamples 10, powerIterationNormalizer 'auto', seed 0. */
export const RANDOMIZED_SPECS: ParamSpecs<RandomizedParams> = {
  nOversamples: { default: 10, check: is.positiveInt },
  powerIterationNormalizer: { default: 'auto', check: is.oneOf('auto', 'QR', 'none') },
  seed: { default: 0, check: is.nonNegativeInt },
};

/** Output column names `${prefix}0` … `${prefix}${k - 1}`. */
export const componentNames = (prefix: string, k: number): string[] => Array.from({ length: k }, (_, c) => `${prefix}${c}`);

/** Pack X, run `f` on it, and release the packing whatever `f` does. */
export async function withPacked<T>(op: string, X: MatrixInput, columns: readonly string[] | undefined, f: (p: Packed) => T | Promise<T>): Promise<T> {
  const p = await packInput(op, X, columns);
  try {
    return await f(p);
  } finally {
    p.release();
  }
}

/** scikit-learn's power-iteration normaliser: 'auto' is 'none' for <= 2 iterations, else 'QR'. */
export function normalizerOf(pin: 'auto' | 'QR' | 'none', nIter: number): 'QR' | 'none' {
  return pin === 'auto' ? (nIter <= 2 ? 'none' : 'QR') : pin;
}

/** inverseTransform's column names: the fitted feature names (frame kind), else x0, x1, …. */
export function inverseNames(featureNamesIn: readonly string[] | null, d: number): readonly string[] {
  return featureNamesIn ?? Array.from({ length: d }, (_, j) => `x${j}`);
}

/** The columns minus their means (x − μ_j, one correctly rounded subtraction each), packed. */
export async function centred(m: InputMatrix, mean: Float64Array): Promise<Matrix> {
  const cols: DataBuffer[] = [];
  try {
    for (let j = 0; j < m.d; j++) {
      const c = m.cols[j]!;
      const x = c.dtype === 'float64' ? col('x') : col('x').cast('float64');
      cols.push((await new DataFrame({ x: new Column({ type: c.dtype, data: c }) }).eval(x.sub(mean[j]!))).data);
    }
    const { matrix, flags } = run(linalgPack, cols, cols.map(() => undefined));
    flags.dispose();
    return matrix;
  } finally {
    cols.forEach((b) => b.dispose());
  }
}

/** A small matrix's values on the host (a control read); the matrix is freed. */
async function take(op: string, a: DataBuffer<'float64'>): Promise<Float64Array> {
  try {
    return (await readControl(a, op)).slice();
  } finally {
    a.dispose();
  }
}

const matrixOf = (values: Float64Array, n: number, d: number): Matrix => ({ data: DataBuffer.fromHost(values, 'float64'), n, d });

/** s (d values, descending) and Vt (d × d) of the n × d matrix M, by QR of M and the SVD of R. */
export async function exactSvd(op: string, M: Matrix): Promise<{ s: Float64Array; vt: Float64Array }> {
  const { r } = run(linalgQr, M, false);
  const svd = run(linalgSvdSmall, { data: r, n: M.d, d: M.d }, false, 'u');
  r.dispose();
  return { s: await take(op, svd.s), vt: await take(op, svd.vt) };
}

/**
 * The first k rows of Vt (d columns) with scikit-learn's u-based signs: row c is negated when
 * the first largest-|.| entry of the scores column M vt_cᵀ is negative (s > 0 makes that the
 * sign of U's entry, as `svd_flip(U, Vt)` decides).
 */
export async function flipByScores(op: string, M: Matrix, vt: Float64Array, k: number): Promise<Float64Array> {
  const d = M.d;
  const vk = vt.slice(0, k * d);
  const V = matrixOf(vk, k, d);
  const scores = run(linalgGemm, M, V, { transB: true });
  V.data.dispose();
  await flipBy(op, scores, vk, d);
  return vk;
}

/** Negate row c of `rows` (k rows of width w) where column c of Z has a negative first largest-|.| entry; Z is freed. */
async function flipBy(op: string, Z: Matrix, rows: Float64Array, w: number): Promise<void> {
  const am = run(linalgColAbsMax, Z);
  Z.data.dispose();
  am.index.dispose();
  const top = await take(op, am.value);
  for (let c = 0; c < top.length; c++) {
    if (top[c]! < 0) for (let j = 0; j < w; j++) rows[c * w + j] = -rows[c * w + j]!;
  }
}

/** rows × cols standard normal draws (Box–Muller on the seeded mulberry32), row-major. */
export function gaussian(rows: number, cols: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i += 2) {
    const u = 1 - r();
    const v = r();
    const rad = Math.sqrt(-2 * Math.log(u));
    out[i] = rad * Math.cos(2 * Math.PI * v);
    if (i + 1 < out.length) out[i + 1] = rad * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Options of `randomizedSvd` (scikit-learn's `randomized_svd`). */
export interface RandomizedOptions {
  readonly nOversamples: number;
  readonly nIter: number;
  /** 'QR' after every product of the power iterations, or 'none'. */
  readonly normalizer: 'QR' | 'none';
  readonly seed: number;
}

/**
 * The top k singular values and right singular vectors (k × d rows) of the n × d matrix M,
 * by scikit-learn 1.2's `randomized_svd` with `flip_sign=True`: the problem is transposed when
 * n < d, the range finder draws a (cols × (k + p)) Gaussian test matrix, normalises each
 * power-iteration product by QR (or not), and ends with the QR of A Q; B = Qᵀ A goes to the
 * small SVD. Signs: u-based on U = Q Û (not transposed) or v-based (transposed), as there.
 */
export async function randomizedSvd(op: string, M: Matrix, k: number, o: RandomizedOptions): Promise<{ s: Float64Array; components: Float64Array }> {
  const { n, d } = M;
  const transpose = n < d;
  const l = k + o.nOversamples;
  const owned: Matrix[] = [];
  const keep = (x: Matrix) => (owned.push(x), x);
  const drop = (x: Matrix) => {
    x.data.dispose();
    owned.splice(owned.indexOf(x), 1);
  };
  // A = M (n × d) or Mᵀ; A·Q and Aᵀ·Q as products with the stored M.
  const AQ = (Q: Matrix) => keep(run(linalgGemm, M, Q, { transA: transpose }));
  const AtQ = (Q: Matrix) => keep(run(linalgGemm, M, Q, { transA: !transpose }));
  const orth = (Y: Matrix, always: boolean): Matrix => {
    if (!always && o.normalizer === 'none') return Y;
    const { r, q } = run(linalgQr, Y, true);
    r.dispose();
    drop(Y);
    return keep(q!);
  };
  const step = (Q: Matrix, f: (Q: Matrix) => Matrix, always: boolean): Matrix => {
    const Y = f(Q);
    drop(Q);
    return orth(Y, always);
  };
  try {
    let Q = keep(matrixOf(gaussian(transpose ? n : d, l, o.seed), transpose ? n : d, l));
    for (let it = 0; it < o.nIter; it++) {
      Q = step(Q, AQ, false);
      Q = step(Q, AtQ, false);
    }
    Q = step(Q, AQ, true); // (transpose ? d : n) × l, orthonormal columns
    if (!transpose) {
      // B = Qᵀ M (l × d) = Û s Vt; U = Q Û decides the signs (svd_flip, u-based).
      const B = keep(run(linalgGemm, Q, M, { transA: true }));
      const svd = run(linalgSvdSmall, B, true, 'u');
      drop(B);
      const s = await take(op, svd.s);
      const vt = await take(op, svd.vt);
      const u = await take(op, svd.u!);
      const uk = new Float64Array(l * k);
      for (let i = 0; i < l; i++) for (let c = 0; c < k; c++) uk[i * k + c] = u[i * d + c]!;
      const Uh = keep(matrixOf(uk, l, k));
      const U = run(linalgGemm, Q, Uh, {});
      drop(Uh);
      const components = vt.slice(0, k * d);
      await flipBy(op, U, components, d);
      return { s: s.slice(0, k), components };
    }
    // Transposed: B = Qᵀ Mᵀ = (M Q)ᵀ. With T = M Q (n × l) = U_T s V_Tᵀ, B's Vt is U_Tᵀ and its
    // Û is V_T: svd-small's 'u' rule on T is svd_flip's v-based rule on B. components = (Q Û_k)ᵀ.
    const T = keep(run(linalgGemm, M, Q, {}));
    const svd = run(linalgSvdSmall, T, false, 'u');
    drop(T);
    const s = await take(op, svd.s);
    const vtT = await take(op, svd.vt);
    const Vk = keep(matrixOf(vtT.slice(0, k * l), k, l));
    const C = run(linalgGemm, Q, Vk, { transB: true }); // d × k
    drop(Vk);
    const c = await take(op, C.data);
    const components = new Float64Array(k * d);
    for (let j = 0; j < d; j++) for (let r = 0; r < k; r++) components[r * d + j] = c[j * k + r]!;
    return { s: s.slice(0, k), components };
  } finally {
    owned.forEach((x) => x.data.dispose());
  }
}

/** Z = (X − shift) Wᵀ (+ bias) for W given as k rows of width X.d (transB), or X W (W d × k) without transB. */
export function project(X: Matrix, W: Float64Array, rows: number, opts: { transB: boolean; shift?: Float64Array; bias?: Float64Array }): Matrix {
  const B = opts.transB ? matrixOf(W, rows, X.d) : matrixOf(W, X.d, rows);
  const shift = opts.shift && DataBuffer.fromHost(opts.shift, 'float64');
  const bias = opts.bias && DataBuffer.fromHost(opts.bias, 'float64');
  const g: GemmOptions = { transB: opts.transB, ...(shift && { shift }), ...(bias && { bias }) };
  try {
    return run(linalgGemm, X, B, g);
  } finally {
    B.data.dispose();
    shift?.dispose();
    bias?.dispose();
  }
}

/** Z's columns as the output for X's kind (a DataFrame with `names`, or DataBuffers); Z is freed. */
export function outputOf(kind: InputMatrix['kind'], Z: Matrix, names: readonly string[]): ReturnType<typeof outputMatrix> {
  const cols = run(linalgUnpack, Z);
  Z.data.dispose();
  return outputMatrix(kind, cols, names);
}

/** ShapeError unless X has `want` columns (as in fit, or the components for inverseTransform). */
export function checkWidth(op: string, got: number, want: number, what: string): void {
  if (got !== want) throw new ShapeError(`${op}: expected X with ${want} ${what}, got ${got}`);
}
