/**
 * CPU twins of the window kernels (./cumulative.ts, ./rolling.ts): plain loops with the
 * kernels' rules, bit for bit. Integer sums are exact (bigint for 64-bit inputs, numbers
 * below 2^53 otherwise); float sums are JS float64 adds from +0 in row order (the device
 * does the same adds with the correctly rounded software add); every NaN result is the
 * canonical quiet NaN; min/max ignore NaN unless only NaN was seen, with -0 < +0.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName } from '../../src/dtypes.js';
import { canOverflow, windowResultType, type AccOp } from './window-wgsl.js';

export interface WindowResult {
  values: DataBuffer;
  /** Result bitmap; absent for count (never null). */
  validity?: DataBuffer<'uint8'>;
  /** One u32, non-zero when an exact int64/uint64 sum left 64 bits (those rows are null). */
  overflow?: DataBuffer<'uint32'>;
}

const RANGE: Record<string, [bigint, bigint]> = { int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n] };

function lessF(x: number, y: number): boolean {
  return x < y || (x === 0 && y === 0 && Object.is(x, -0) && !Object.is(y, -0));
}

/** A running accumulator with the kernels' semantics; `add` folds one valid value in. */
export class Acc {
  count = 0;
  private sumN = 0;
  private sumB = 0n;
  private best: number | bigint | undefined;
  private nan = false;
  constructor(
    readonly op: AccOp,
    readonly dtype: DTypeName,
  ) {}

  add(v: number | bigint): void {
    this.count++;
    const { op } = this;
    if (op === 'sum' || op === 'mean') {
      if (typeof v === 'bigint') this.sumB += v;
      else this.sumN += v;
    } else if (op === 'min' || op === 'max') {
      if (typeof v === 'number' && Number.isNaN(v)) this.nan = true;
      else if (this.best === undefined) this.best = v;
      else {
        const b = this.best;
        const lt = typeof v === 'bigint' ? (op === 'min' ? v < (b as bigint) : (b as bigint) < v) : op === 'min' ? lessF(v, b as number) : lessF(b as number, v);
        if (lt) this.best = v;
      }
    }
  }

  /** The result, or undefined when it does not fit (an int64/uint64 sum beyond 64 bits). */
  value(): number | bigint | undefined {
    const { op, dtype } = this;
    const isF = dtype === 'float32' || dtype === 'float64';
    if (op === 'count') return this.count;
    if (op === 'sum') {
      if (isF) return this.sumN;
      const total = this.sumB + BigInt(this.sumN);
      const range = RANGE[dtype];
      return range && (total < range[0] || total > range[1]) ? undefined : total;
    }
    if (op === 'mean') return isF ? this.sumN / this.count : Number(this.sumB + BigInt(this.sumN)) / this.count;
    return this.best ?? (this.nan ? NaN : undefined);
  }
}

/** The values of `x` as numbers (bigints for 64-bit integers), and an isValid test. */
export function readInput(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined): { x: ArrayLike<number | bigint>; ok: (i: number) => boolean } {
  const x = values.hostView('window') as ArrayLike<number | bigint>;
  const bits = validity?.hostView('window') as Uint8Array | undefined;
  return { x, ok: bits ? (i) => ((bits[i >> 3]! >> (i & 7)) & 1) === 1 : () => true };
}

/** Collects results row by row into typed arrays with canonical NaN and a bitmap. */
export class Output {
  readonly out: ArrayLike<number | bigint> & { [i: number]: number | bigint };
  private readonly words: Uint32Array | undefined;
  readonly bits: Uint8Array;
  readonly dtype: DTypeName;
  overflow = false;
  constructor(op: AccOp, d: DTypeName, n: number) {
    this.dtype = windowResultType(op, d);
    const info = dtypeInfo(this.dtype);
    const arr = new info.array(n);
    this.out = arr as unknown as Output['out'];
    this.words = info.kind === 'float' ? new Uint32Array(arr.buffer) : undefined;
    this.bits = new Uint8Array(Math.ceil(n / 8));
  }
  set(i: number, v: number | bigint | undefined): void {
    if (v === undefined) return;
    if (typeof v === 'number' && Number.isNaN(v) && this.words) {
      if (this.dtype === 'float32') this.words[i] = 0x7fc00000;
      else {
        this.words[2 * i] = 0;
        this.words[2 * i + 1] = 0x7ff80000;
      }
    } else this.out[i] = v;
    this.bits[i >> 3]! |= 1 << (i & 7);
  }
  result(op: AccOp, d: DTypeName): WindowResult {
    const values = DataBuffer.fromHost(this.out as unknown as Float64Array, this.dtype);
    if (op === 'count') return { values };
    return {
      values,
      validity: DataBuffer.fromHost(this.bits, 'uint8'),
      overflow: canOverflow(op, d) ? DataBuffer.fromHost(new Uint32Array([this.overflow ? 1 : 0]), 'uint32') : undefined,
    };
  }
}

/** Cumulative op: row i folds the valid rows 0..i; a null row stays null (count: never null). */
export function cumulativeCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, segments?: DataBuffer<'uint32'>): WindowResult {
  const d = values.dtype;
  const n = values.length;
  const { x, ok } = readInput(values, validity);
  const S = segments?.hostView('window') as Uint32Array | undefined;
  const o = new Output(op, d, n);
  let acc = new Acc(op, d);
  // 32-bit running sums stay exact in a number while n × 2^32 < 2^53.
  if (op === 'sum' && (d === 'int32' || d === 'uint32') && n >= 2 ** 21) return cumulativeBig(values, validity, op, S);
  for (let i = 0; i < n; i++) {
    if (S && i > 0 && S[i] !== S[i - 1]) acc = new Acc(op, d);
    const valid = ok(i);
    if (valid) acc.add(x[i]!);
    if (op === 'count') {
      o.set(i, acc.count);
      continue;
    }
    if (!valid) continue;
    const v = acc.value();
    if (v === undefined) o.overflow = true;
    o.set(i, v);
  }
  return o.result(op, d);
}

/** The rare path: a 32-bit integer running sum beyond 2^52, summed as bigints. */
function cumulativeBig(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, S: Uint32Array | undefined): WindowResult {
  const d = values.dtype;
  const { x, ok } = readInput(values, validity);
  const o = new Output(op, d, values.length);
  let s = 0n;
  for (let i = 0; i < values.length; i++) {
    if (S && i > 0 && S[i] !== S[i - 1]) s = 0n;
    if (!ok(i)) continue;
    s += BigInt(x[i] as number);
    o.set(i, s);
  }
  return o.result(op, d);
}

/**
 * Rolling op over row-count windows: row i folds the valid rows of [i − window + 1, i]
 * (within row i's segment, given segment numbers); null when fewer than `minPeriods` of
 * them are valid.
 */
export function rollingCpu(values: DataBuffer, validity: DataBuffer<'uint8'> | undefined, op: AccOp, window: number, minPeriods: number, segments?: DataBuffer<'uint32'>): WindowResult {
  const d = values.dtype;
  const n = values.length;
  const { x, ok } = readInput(values, validity);
  const S = segments?.hostView('window') as Uint32Array | undefined;
  const o = new Output(op, d, n);
  const big = d === 'int64' || d === 'uint64';
  for (let i = 0; i < n; i++) {
    const acc = new Acc(op, d);
    for (let j = Math.max(0, i - window + 1); j <= i; j++) {
      if (!ok(j) || (S && S[j] !== S[i])) continue;
      // 32-bit sums of a window stay exact in a number while window × 2^32 < 2^53.
      acc.add(!big && (op === 'sum' || op === 'mean') && window > 2 ** 20 ? BigInt(x[j] as number) : x[j]!);
    }
    if (acc.count < minPeriods) continue;
    const v = acc.value();
    if (v === undefined) o.overflow = true;
    o.set(i, v);
  }
  return o.result(op, d);
}
