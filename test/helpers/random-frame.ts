/**
 * Random frames for the frame-level differential suite: every column type the engine binds,
 * with nulls, NaN, ±0, ±Inf, duplicates, negative and >2^53 int64 values. Seeded, so a
 * frame can be rebuilt identically on each backend inside `frameParity`.
 */
import * as gf from 'gpuframe';
import { randomArray, randomValidity, rng } from './parity.js';

export interface RandomFrameOptions {
  /** Null rate of every nullable column (default 0.1). */
  nullRate?: number;
  /** Distinct values of the low-cardinality key columns `k` and `s` (default 7). */
  keys?: number;
}

/** Row counts every frame op is tested at: empty, one row, around a workgroup, and larger. */
export const FRAME_SIZES = [0, 1, 2, 255, 257, 3001] as const;

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', '', 'Ünïcode', 'a,b "q"'];

/**
 * Columns:
 * - `k` int32 key (few distinct, negatives), `s` utf8 key (few distinct, incl. '' and non-ASCII),
 * - `i` int32, `l` int64 (±2^63 ends, 2^53±1, negatives), `u` uint32,
 * - `f` float64 (NaN, ±0, ±Inf, extremes), `g` float32, `b` bool,
 * - `d` date, `t` timestamp[ms] (int64 beyond 2^53 ms is out of Date range, so realistic values),
 * - `z` float64, all null.
 *
 * @example
 * ```ts
 * const df = randomFrame(1000, 7);
 * ```
 */
export function randomFrame(n: number, seed: number, opts: RandomFrameOptions = {}): gf.DataFrame {
  const rate = opts.nullRate ?? 0.1;
  const keys = opts.keys ?? 7;
  const r = rng(seed * 7919 + 13);
  const v = (k: number) => randomValidity(n, rate, seed * 31 + k);
  const col = (data: gf.TypedArray, k: number, type?: gf.DTypeName) => gf.Column.from(data, rate > 0 ? v(k) : undefined, type);
  const strings: Array<string | null> = [];
  for (let i = 0; i < n; i++) strings.push(r() < rate ? null : WORDS[Math.floor(r() * Math.min(keys, WORDS.length))]!);
  const bools = new Uint8Array(n);
  for (let i = 0; i < n; i++) bools[i] = r() < 0.5 ? 1 : 0;
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) days[i] = Math.floor((r() - 0.3) * 40000);
  const ms = new BigInt64Array(n);
  for (let i = 0; i < n; i++) ms[i] = BigInt(Math.floor((r() - 0.3) * 4e12));
  const date = new gf.Column({ type: 'date', data: gf.DataBuffer.fromHost(days, 'int32'), validity: rate > 0 ? gf.DataBuffer.fromHost(v(9), 'uint8') : undefined });
  const ts = new gf.Column({ type: 'timestamp', unit: 'ms', data: gf.DataBuffer.fromHost(ms, 'int64'), validity: rate > 0 ? gf.DataBuffer.fromHost(v(10), 'uint8') : undefined });
  const allNull = new gf.Column({ type: 'float64', data: gf.DataBuffer.fromHost(new Float64Array(n), 'float64'), validity: gf.DataBuffer.fromHost(new Uint8Array(Math.ceil(n / 8)), 'uint8') });
  return new gf.DataFrame({
    k: col(randomArray('int32', n, seed + 1, { distinct: keys }), 1),
    s: gf.Column.from(strings),
    i: col(randomArray('int32', n, seed + 2), 2),
    l: col(randomArray('int64', n, seed + 3, { specialRate: 0.2 }), 3),
    u: col(randomArray('uint32', n, seed + 4), 4),
    f: col(randomArray('float64', n, seed + 5, { specialRate: 0.2 }), 5),
    g: col(randomArray('float32', n, seed + 6), 6),
    b: col(bools, 7, 'bool'),
    d: date,
    t: ts,
    z: allNull,
  });
}
