/**
 * Shared pieces of the linear models (LinearRegression, Ridge, Lasso, ElasticNet), all in
 * registered ops; only d-sized results come back, as counted control reads:
 * - `resolveFit`: X and y resolved and packed together by 'linalg/pack' into one n × (d + 1)
 *   matrix [X | y], the sample weights into n × 1 (the flags refuse NaN, ±Inf and nulls
 *   naming the column);
 * - `centers`: scikit-learn's `_preprocess_data` offsets, the (weighted) column means of X and
 *   y ('linalg/moments', or 'linalg/gemm' wᵀ[X | y] / Σw with weights);
 * - `gram`: [Xc | yc]ᵀ W [Xc | yc] by one 'linalg/syrk' (centred, row weights; exact
 *   binary64), read back as (d + 1)² numbers: XcᵀWXc, XcᵀWyc and ycᵀWyc;
 * - `lstsqParts` / `svdSolve`: scipy's `lstsq` (gelsd) by 'linalg/qr' of [Xc | yc] (rows
 *   scaled by √w) and 'linalg/svd-small' of R: singular values, and the minimum-norm solution
 *   V diag(s / (s² + α)) Uᵀ Qᵀyc over the singular values above a cutoff.
 */
import { Column } from '../../src/column/column.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { run } from '../../kernels/registry.js';
import { cholesky, choleskySolve } from '../../kernels/linalg/cholesky.js';
import { linalgGemm } from '../../kernels/linalg/gemm.js';
import { linalgMoments } from '../../kernels/linalg/moments.js';
import { linalgPack } from '../../kernels/linalg/pack.js';
import { linalgQr } from '../../kernels/linalg/qr.js';
import { linalgSvdSmall } from '../../kernels/linalg/svd.js';
import { linalgSyrk } from '../../kernels/linalg/syrk.js';
import type { Matrix } from '../../kernels/linalg/types.js';
import { DataFrame } from '../../frame/data-frame.js';
import { col, type Expr } from '../../frame/expr.js';
import { readControl } from '../control.js';
import { nonFiniteError, nullError } from '../input.js';
import { resolveInput, resolveVector, type FrameSelection, type InputMatrix, type InputVector, type MatrixInput } from '../matrix-input.js';

/** A target or weight vector: a column name of X's frame, a Column, DataBuffer, typed array or number[]. */
export type VectorInput = string | Column | DataBuffer | ArrayLike<number>;

/** Options of a linear model's `fit`. */
export interface LinearFitOptions {
  /** One non-negative weight per sample (a column name of X's frame, or a vector). */
  sampleWeight?: VectorInput;
  /** With X a DataFrame: the feature columns (default: every column but y and the weights). */
  columns?: readonly string[];
}

/** X, y and the weights of a fit, resolved and packed ([X | y] n × (d + 1), w n × 1). */
export interface FitInputs {
  readonly m: InputMatrix;
  readonly y: InputVector;
  readonly w: InputVector | undefined;
  readonly M: Matrix;
  readonly W: Matrix | undefined;
  release(): void;
}

/** Pack columns and refuse a null, NaN or ±Inf naming the column (one control read of the flags). */
export async function packChecked(op: string, cols: readonly DataBuffer[], validity: ReadonlyArray<DataBuffer<'uint8'> | undefined>, names: readonly string[]): Promise<Matrix> {
  const { matrix, flags } = run(linalgPack, cols, validity);
  try {
    const fl = await readControl(flags, op);
    for (let j = 0; j < cols.length; j++) {
      if (fl[j]! & 2) throw nullError(op, names[j]!);
      if (fl[j]! & 1) throw nonFiniteError(op, names[j]!);
    }
    return matrix;
  } catch (e) {
    matrix.data.dispose();
    throw e;
  } finally {
    flags.dispose();
  }
}

const frameOf = (X: MatrixInput): DataFrame | undefined =>
  X instanceof DataFrame ? X : X && typeof X === 'object' && 'frame' in X && (X as FrameSelection).frame instanceof DataFrame ? (X as FrameSelection).frame : undefined;

/**
 * Resolve and pack X, y and the sample weights of `fit`. With X a whole DataFrame and y (or
 * the weights) given by column name, those columns are not features.
 */
export async function resolveFit(op: string, X: MatrixInput, y: VectorInput, options: LinearFitOptions = {}): Promise<FitInputs> {
  if (options === null || typeof options !== 'object') throw new ValueError(`${op}: expected options as an object, got ${typeof options}`);
  for (const k of Object.keys(options)) if (k !== 'sampleWeight' && k !== 'columns') throw new ValueError(`${op}: expected fit options among 'sampleWeight', 'columns', got unknown option '${k}'`);
  const frame = frameOf(X);
  let columns = options.columns;
  if (columns === undefined && X instanceof DataFrame) {
    const skip = [y, options.sampleWeight].filter((v): v is string => typeof v === 'string');
    if (skip.length > 0) columns = X.names.filter((nm) => !skip.includes(nm));
  }
  const owned: Array<{ release(): void }> = [];
  const packed: Matrix[] = [];
  const release = () => {
    packed.forEach((p) => p.data.dispose());
    owned.forEach((o) => o.release());
  };
  try {
    const m = await resolveInput(op, X, columns);
    owned.push(m);
    if (m.n === 0) throw new ValueError(`${op}: expected at least 1 sample, got 0 rows`);
    const yv = await resolveVector(op, 'y', frame, y, m.n);
    owned.push(yv);
    const wv = options.sampleWeight === undefined ? undefined : await resolveVector(op, 'sampleWeight', frame, options.sampleWeight, m.n);
    if (wv) owned.push(wv);
    const M = await packChecked(op, [...m.cols, yv.data], [...m.validity, yv.validity], [...m.names, yv.name]);
    packed.push(M);
    let Wm: Matrix | undefined;
    if (wv) {
      Wm = await packChecked(op, [wv.data], [wv.validity], [wv.name]);
      packed.push(Wm);
    }
    return { m, y: yv, w: wv, M, W: Wm, release };
  } catch (e) {
    release();
    throw e;
  }
}

/** scikit-learn's offsets: x̄ (d), ȳ and Σw (n without weights); zeros without an intercept. */
export interface Centers {
  readonly xMean: Float64Array;
  readonly yMean: number;
  readonly sumW: number;
}

/** The (weighted) means of X and y when `fitIntercept`, and Σw; refuses negative or all-zero weights. */
export async function centers(op: string, f: FitInputs, fitIntercept: boolean): Promise<Centers> {
  const d = f.m.d;
  let sumW = f.m.n;
  if (f.W) {
    const mw = run(linalgMoments, f.W, { range: true });
    const s = await readControl(mw, op).finally(() => mw.dispose());
    if (s[2]! < 0) throw new ValueError(`${op}: expected non-negative sample weights, got a minimum of ${s[2]} in '${f.w!.name}'`);
    sumW = s[0]! * f.m.n;
    if (!(sumW > 0)) throw new ValueError(`${op}: expected sample weights with a positive sum, got ${sumW}`);
  }
  if (!fitIntercept) return { xMean: new Float64Array(d), yMean: 0, sumW };
  if (f.W) {
    const sums = run(linalgGemm, f.W, f.M, { transA: true });
    const v = await readMatrix(op, sums);
    return { xMean: Float64Array.from(v.subarray(0, d), (x) => x / sumW), yMean: v[d]! / sumW, sumW };
  }
  const mo = run(linalgMoments, f.M);
  const v = await readControl(mo, op).finally(() => mo.dispose());
  return { xMean: v.slice(0, d), yMean: v[d]!, sumW };
}

/** The normal equations on the host: G = XcᵀWXc (d × d), b = XcᵀWyc (d), yy = ycᵀWyc. */
export interface Gram {
  readonly G: Float64Array;
  readonly b: Float64Array;
  readonly yy: number;
}

/** One 'linalg/syrk' of [X | y], centred by the means when `fitIntercept`, read back ((d + 1)² numbers). */
export async function gram(op: string, f: FitInputs, c: Centers, fitIntercept: boolean): Promise<Gram> {
  const d = f.m.d;
  const w = d + 1;
  const center = fitIntercept ? DataBuffer.fromHost(Float64Array.from([...c.xMean, c.yMean]), 'float64') : undefined;
  const weights = f.W?.data;
  let all: Float64Array;
  try {
    all = await readMatrix(op, run(linalgSyrk, f.M, { ...(center && { center }), ...(weights && { weights }) }));
  } finally {
    center?.dispose();
  }
  const G = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) G[i * d + j] = all[i * w + j]!;
    b[i] = all[i * w + d]!;
  }
  return { G, b, yy: all[d * w + d]! };
}

/** A host d × k matrix as a backend Matrix (uploaded on WebGPU: d-sized model values, not column data). */
export function hostMatrix(v: Float64Array, n: number, d: number): Matrix {
  return { data: DataBuffer.fromHost(v, 'float64'), n, d };
}

/** A small result matrix as host values (a control read), then freed. */
export async function readMatrix(op: string, a: Matrix): Promise<Float64Array> {
  try {
    return (await readControl(a.data, op)).slice();
  } finally {
    a.data.dispose();
  }
}

/** The SVD of the centred, √w-scaled X and Uᵀ Qᵀ yc: what lstsq and Ridge's 'svd' solver use. */
export interface LstsqParts {
  /** d singular values, descending. */
  readonly s: Float64Array;
  /** d × d, row k the k-th right singular vector. */
  readonly vt: Float64Array;
  /** Uᵀ Qᵀ yc (d values). */
  readonly uz: Float64Array;
}

/** Each column j as `build(x_j, j)`, in float64, by the fused expression kernel (a new buffer each). */
async function mapPairs(cols: readonly DataBuffer[], s: DataBuffer | undefined, build: (x: Expr, j: number) => Expr): Promise<DataBuffer[]> {
  const out: DataBuffer[] = [];
  try {
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j]!;
      const frame = new DataFrame(s ? { x: new Column({ type: c.dtype, data: c }), s: new Column({ type: 'float64', data: s }) } : { x: new Column({ type: c.dtype, data: c }) });
      const x = c.dtype === 'float64' ? col('x') : col('x').cast('float64');
      out.push((await frame.eval(build(x, j))).data);
    }
    return out;
  } catch (e) {
    out.forEach((b) => b.dispose());
    throw e;
  }
}

/**
 * QR of Z = [Xc | yc] (rows times √w), then the SVD of its leading d × d triangle R_X:
 * Xc = Q R_X, R_X = U diag(s) Vt, so Xc's singular values are s and Qᵀyc is R's last column.
 */
export async function lstsqParts(op: string, f: FitInputs, c: Centers, fitIntercept: boolean): Promise<LstsqParts> {
  const d = f.m.d;
  const cols = [...f.m.cols, f.y.data];
  const mu = [...c.xMean, c.yMean];
  const temps: DataBuffer[] = [];
  try {
    let s: DataBuffer | undefined;
    if (f.W) {
      s = (await new DataFrame({ w: new Column({ type: 'float64', data: f.W.data }) }).eval(col('w').sqrt())).data;
      temps.push(s);
    }
    let zcols: readonly DataBuffer[] = cols;
    if (fitIntercept || s) {
      zcols = await mapPairs(cols, s, (x, j) => {
        const e = fitIntercept ? x.sub(mu[j]!) : x;
        return s ? e.mul(col('s')) : e;
      });
      temps.push(...zcols);
    }
    const { matrix: Z, flags } = run(linalgPack, zcols, zcols.map(() => undefined));
    flags.dispose();
    const qr = run(linalgQr, Z);
    Z.data.dispose();
    const r = (await readControl(qr.r, op)).slice();
    qr.r.dispose();
    const w = d + 1;
    const rx = new Float64Array(d * d);
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) rx[i * d + j] = r[i * w + j]!;
      z[i] = r[i * w + d]!;
    }
    const rxb = DataBuffer.fromHost(rx, 'float64');
    const svd = run(linalgSvdSmall, { data: rxb, n: d, d }, true, 'u');
    rxb.dispose();
    const sv = (await readControl(svd.s, op)).slice();
    const vt = (await readControl(svd.vt, op)).slice();
    const u = (await readControl(svd.u!, op)).slice();
    svd.s.dispose();
    svd.vt.dispose();
    svd.u!.dispose();
    const uz = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      let t = 0;
      for (let i = 0; i < d; i++) t += u[i * d + k]! * z[i]!;
      uz[k] = t;
    }
    return { s: sv, vt, uz };
  } finally {
    temps.forEach((b) => b.dispose());
  }
}

/** coef = Σ_k [s_k > cutoff] s_k / (s_k² + α) (Uᵀz)_k v_k: lstsq (α = 0) or Ridge's 'svd' solver. */
export function svdSolve(p: LstsqParts, alpha: number, cutoff: number): Float64Array {
  const d = p.s.length;
  const coef = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const sk = p.s[k]!;
    if (!(sk > cutoff)) continue;
    const t = (sk / (sk * sk + alpha)) * p.uz[k]!;
    for (let j = 0; j < d; j++) coef[j]! += t * p.vt[k * d + j]!;
  }
  return coef;
}

/** intercept = ȳ − x̄ · coef (0 without an intercept), as scikit-learn's `_set_intercept`. */
export function interceptOf(c: Centers, coef: Float64Array, fitIntercept: boolean): number {
  if (!fitIntercept) return 0;
  let t = 0;
  for (let j = 0; j < coef.length; j++) t += c.xMean[j]! * coef[j]!;
  return c.yMean - t;
}

/** 'linalg/cholesky' of a host d × d matrix on the backend: the factor stays there, the status word is read. */
export async function choleskyOf(op: string, A: Float64Array, d: number): Promise<{ L: Matrix; ok: boolean }> {
  const a = hostMatrix(A, d, d);
  const r = run(cholesky, a);
  a.data.dispose();
  const status = (await readControl(r.status, op).finally(() => r.status.dispose()))[0]!;
  return { L: r.l, ok: status === 0 };
}

/** 'linalg/cholesky-solve' with the factor L for one right-hand side b; the d values are read back. */
export async function solveWith(op: string, L: Matrix, b: Float64Array): Promise<Float64Array> {
  const B = hostMatrix(b, b.length, 1);
  try {
    return await readMatrix(op, run(choleskySolve, L, B));
  } finally {
    B.data.dispose();
  }
}

/** ShapeError unless X has the fitted number of features. */
export function checkWidth(op: string, d: number, fitted: number): void {
  if (d !== fitted) throw new ShapeError(`${op}: expected X with ${fitted} features (as in fit), got ${d}`);
}
