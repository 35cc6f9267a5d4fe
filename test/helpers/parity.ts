/**
 * The differential-test helper: run an op on the CPU twin and on the WebGPU kernel with the
 * same inputs and compare. On a machine without WebGPU only the CPU half runs (against an
 * oracle where the test gives one), and the run's closing banner says so.
 */
import { expect } from 'vitest';
import * as gf from 'gpuframe';
import type { DataBuffer, TypedArray } from 'gpuframe';
import { mulberry32 } from '../../src/random.js';
import type { Tolerance } from '../../kernels/registry.js';

export const hasGpu = (): boolean => gf.hasWebGPU() && gf.info().backend === 'webgpu';

/** Sizes around the workgroup (256) that every kernel is tested at. */
export const SIZES = [0, 1, 2, 255, 256, 257, 1000, 4099];
/** One element per thread past 65,535 workgroups of 256: forces the 2-D grid. */
export const PAST_GRID = 65_535 * 256 + 777;

type Out = DataBuffer | readonly DataBuffer[];

async function collect(out: Out): Promise<TypedArray[]> {
  const list = Array.isArray(out) ? out : [out as DataBuffer];
  const arrays: TypedArray[] = [];
  for (const b of list) {
    arrays.push((await b.toArray()).slice() as TypedArray);
    b.dispose();
  }
  return arrays;
}

/** Run `fn` (sync or async) on the CPU and (if present) on WebGPU. Returns both outputs as host arrays. */
export async function onBoth(fn: () => Out | Promise<Out>): Promise<{ cpu: TypedArray[]; gpu: TypedArray[] | undefined }> {
  const cpu = await collect(await gf.withBackendAsync('cpu', async () => fn()));
  const gpu = hasGpu() ? await collect(await gf.withBackendAsync('webgpu', async () => fn())) : undefined;
  return { cpu, gpu };
}

/** Assert that two arrays are equal under a tolerance (exact by default). */
export function expectSame(actual: TypedArray, expected: TypedArray, tol: Tolerance = { kind: 'exact' }, what = ''): void {
  expect(actual.constructor.name, `${what} type`).toBe(expected.constructor.name);
  expect(actual.length, `${what} length`).toBe(expected.length);
  const n = actual.length;
  if (tol.kind === 'exact' || !(actual instanceof Float32Array || actual instanceof Float64Array)) {
    // Bitwise for floats (so -0 and NaN payload differences would show), value-wise otherwise.
    if (actual instanceof Float32Array || actual instanceof Float64Array) {
      const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
      const e = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
      for (let i = 0; i < a.length; i++) {
        if (a[i] !== e[i]) {
          const k = Math.floor(i / actual.BYTES_PER_ELEMENT);
          expect.fail(`${what}[${k}]: expected ${expected[k]}, got ${actual[k]} (bits differ)`);
        }
      }
      return;
    }
    for (let i = 0; i < n; i++) if (actual[i] !== expected[i]) expect.fail(`${what}[${i}]: expected ${expected[i]}, got ${actual[i]}`);
    return;
  }
  const a = actual as Float64Array;
  const e = expected as Float64Array;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(y)) {
      if (!Number.isNaN(x)) expect.fail(`${what}[${i}]: expected NaN, got ${x}`);
      continue;
    }
    if (x === y) continue;
    if (Math.abs(x - y) <= tol.abs + tol.rel * Math.abs(y)) continue;
    expect.fail(`${what}[${i}]: expected ${y}, got ${x} (tolerance rel ${tol.rel}, abs ${tol.abs}: ${tol.note})`);
  }
}

/**
 * The standard differential check: CPU twin vs WebGPU kernel, and CPU twin vs `oracle`
 * (an independent plain-JS computation) when given.
 */
export async function parity(fn: () => Out | Promise<Out>, opts: { tol?: Tolerance; oracle?: TypedArray[]; what?: string } = {}): Promise<TypedArray[]> {
  const { cpu, gpu } = await onBoth(fn);
  const what = opts.what ?? '';
  if (opts.oracle) opts.oracle.forEach((o, i) => expectSame(cpu[i]!, o, opts.tol, `${what} cpu-vs-oracle #${i}`));
  if (gpu) gpu.forEach((g, i) => expectSame(g, cpu[i]!, opts.tol, `${what} gpu-vs-cpu #${i}`));
  return cpu;
}

/** A seeded PRNG (mulberry32, the estimators' own): the same data on every run and both backends. */
export const rng = mulberry32;

const SPECIAL_F = [NaN, -0, 0, Infinity, -Infinity, 1, -1, Number.MIN_VALUE, -Number.MAX_VALUE, Number.MAX_VALUE, 1e-310, 2 ** 53, -(2 ** 53) - 2];
const SPECIAL_I64 = [0n, -1n, 1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 3n, 2n ** 32n, -(2n ** 32n), 4294967295n];

/** Random data of a word dtype with edge values mixed in (NaN, ±0, ±Inf, extremes, >2^53). */
export function randomArray(dtype: string, n: number, seed: number, opts: { specialRate?: number; distinct?: number } = {}): TypedArray {
  const r = rng(seed);
  const rate = opts.specialRate ?? 0.1;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const distinct = opts.distinct;
  const bounded = (): number => Math.floor(r() * distinct!);
  switch (dtype) {
    case 'float64': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = distinct ? bounded() / 4 - distinct / 8 : r() < rate ? pick(SPECIAL_F) : (r() - 0.5) * 10 ** Math.floor(r() * 12 - 4);
      return a;
    }
    case 'float32': {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = distinct ? bounded() / 4 - distinct / 8 : r() < rate ? pick(SPECIAL_F) : (r() - 0.5) * 10 ** Math.floor(r() * 8 - 3);
      return a;
    }
    case 'int32': {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = distinct ? bounded() - (distinct >> 1) : r() < rate ? pick([0, -1, 1, 2147483647, -2147483648]) : Math.floor((r() - 0.5) * 2 ** 32);
      return a;
    }
    case 'uint32': {
      const a = new Uint32Array(n);
      for (let i = 0; i < n; i++) a[i] = distinct ? bounded() : r() < rate ? pick([0, 1, 4294967295, 2147483648]) : Math.floor(r() * 2 ** 32);
      return a;
    }
    case 'int64': {
      const a = new BigInt64Array(n);
      for (let i = 0; i < n; i++) a[i] = distinct ? BigInt(bounded() - (distinct >> 1)) : r() < rate ? pick(SPECIAL_I64) : BigInt.asIntN(64, (BigInt(Math.floor(r() * 2 ** 32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32)));
      return a;
    }
    case 'uint64': {
      const a = new BigUint64Array(n);
      for (let i = 0; i < n; i++) a[i] = distinct ? BigInt(bounded()) : BigInt.asUintN(64, r() < rate ? pick(SPECIAL_I64) : (BigInt(Math.floor(r() * 2 ** 32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32)));
      return a;
    }
    default:
      throw new Error(`randomArray: no generator for ${dtype}`);
  }
}

/** An Arrow-order validity bitmap with the given null rate (1 = all null). */
export function randomValidity(n: number, nullRate: number, seed: number): Uint8Array {
  const r = rng(seed);
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) if (r() >= nullRate) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

/** Is slot i valid in an Arrow bitmap? */
export function isValid(bits: Uint8Array | undefined, i: number): boolean {
  return !bits || ((bits[i >> 3]! >> (i & 7)) & 1) === 1;
}

export const WORD_DTYPES = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'] as const;

/**
 * Grid cap for testing the 2-D dispatch path on small inputs: with at most GRID_CAP
 * workgroups per dimension, any kernel needing more than GRID_CAP workgroups runs on a 2-D
 * grid, exactly as a 1-D dispatch past 65,535 workgroups does (map.test.ts also runs the
 * real PAST_GRID size once).
 */
export const GRID_CAP = 64;
/** One element per thread past GRID_CAP workgroups of 256: a 2-D grid under the cap. */
export const PAST_CAPPED_GRID = GRID_CAP * 256 * 2 + 777;

/** Run `fn` with the grid cap in force (on WebGPU), then restore the device's limits. */
export async function withGridCap<T>(fn: () => Promise<T>): Promise<T> {
  if (!hasGpu()) return fn();
  await gf.init({ maxWorkgroupsPerDim: GRID_CAP });
  try {
    return await fn();
  } finally {
    await gf.init();
  }
}
