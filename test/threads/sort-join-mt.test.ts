// The radix sort, the gather and the join's probe on the CPU thread pool (kernels/sort/radix-sort-mt.ts,
// kernels/gather/gather-mt.ts, kernels/join/probe-mt.ts): bit-identical to one thread on 1, 2 and
// 4 threads, and equal to the one-thread code (argsortCpu, gatherValuesCpu, the frame on one
// thread) on random and edge data: empty, one row, ties, nulls, NaN (payloads, signs), ±0, ±Inf,
// int64 beyond 2^53, strings. The part sizes are lowered so small inputs split into many parts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { setThreads, threadCount } from '../../src/threads/pool.js';
import { argsortCpu } from '../../kernels/sort/radix-sort-cpu.js';
import { argsortParts, SORT_MT_TUNING } from '../../kernels/sort/radix-sort-mt.js';
import { gatherArrayParts, gatherValidityParallel, GATHER_MT_TUNING } from '../../kernels/gather/gather-mt.js';
import { gatherValidityCpu, gatherValuesCpu } from '../../kernels/gather/gather-cpu.js';
import { PROBE_MT_TUNING } from '../../kernels/join/probe-mt.js';
import { rng } from '../helpers/parity.js';

const tunings = [SORT_MT_TUNING, GATHER_MT_TUNING, PROBE_MT_TUNING];
const saved = tunings.map((t) => t.partRows);
const savedSortMin = SORT_MT_TUNING.minRows;
const cpu = gf.info().backend === 'cpu';

beforeAll(() => {
  tunings.forEach((t) => (t.partRows = 37));
  SORT_MT_TUNING.minRows = 0;
});
afterAll(async () => {
  tunings.forEach((t, i) => (t.partRows = saved[i]!));
  SORT_MT_TUNING.minRows = savedSortMin;
  await setThreads(undefined);
});

type Keys = { data: gf.TypedArray; dtype: gf.DTypeName };

/** Keys of `dtype`: random from a small pool (ties) with the edge values of the type. */
function keys(dtype: gf.DTypeName, n: number, seed: number): Keys {
  const r = rng(seed);
  const pick = <T>(pool: T[]) => pool[Math.floor(r() * pool.length)]!;
  switch (dtype) {
    case 'float64': {
      const a = Float64Array.from({ length: n }, () => pick([NaN, -0, 0, 1.5, -2, Infinity, -Infinity, 2 ** 53, 5e-324, r()]));
      const w = new Uint32Array(a.buffer);
      a.forEach((x, i) => Number.isNaN(x) && i % 2 === 1 && (w[2 * i + 1] = 0xfff80000 | i)); // negative NaNs with payloads
      return { data: a, dtype };
    }
    case 'float32':
      return { data: Float32Array.from({ length: n }, () => pick([NaN, -0, 0, 1.5, -2, Infinity, -Infinity, r()])), dtype };
    case 'int32':
      return { data: Int32Array.from({ length: n }, () => pick([-2147483648, 2147483647, -1, 0, 7, Math.floor(r() * 1e6) - 5e5])), dtype };
    case 'uint32':
      return { data: Uint32Array.from({ length: n }, () => pick([0, 4294967295, 2147483648, Math.floor(r() * 5000)])), dtype };
    case 'int64':
      return { data: BigInt64Array.from({ length: n }, () => pick([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, 2n ** 53n, -1n, BigInt(Math.floor(r() * 1e9))])), dtype };
    default:
      return { data: BigUint64Array.from({ length: n }, () => pick([0n, 2n ** 64n - 1n, 2n ** 53n + 1n, BigInt(Math.floor(r() * 1e9))])), dtype };
  }
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const DTYPES: gf.DTypeName[] = ['float64', 'float32', 'int32', 'uint32', 'int64', 'uint64'];

describe.runIf(cpu)('radix argsort in parts', () => {
  it('gives the one-thread permutation for any number of parts, on 1 and 2 threads', async () => {
    // The parts are the same on any thread count: every size inline, the largest on 2 threads too.
    for (const t of [1, 2]) {
      await setThreads(t);
      for (const dtype of DTYPES) {
        for (const [n, seed] of t === 1 ? ([[0, 1], [1, 2], [5, 3], [300, 4], [2000, 5]] as const) : ([[2000, 6]] as const)) {
          const k = keys(dtype, n, seed);
          for (const descending of [false, true]) {
            const want = argsortCpu(k.data, dtype, descending);
            for (const parts of [1, 2, 3, 7, 16]) expect(bytes(argsortParts(k.data, dtype, descending, parts)).equals(bytes(want)), `${dtype} n=${n} desc=${descending} parts=${parts}`).toBe(true);
          }
        }
      }
    }
  });

  it('skips passes whose digit is the same for every key, as one thread does', async () => {
    await setThreads(2);
    const n = 500;
    const small = Uint32Array.from({ length: n }, (_, i) => (i * 7) % 13); // one running pass
    const same = new Float64Array(n).fill(3.25); // none
    for (const [a, d] of [[small, 'uint32'], [same, 'float64']] as const) {
      expect(bytes(argsortParts(a, d, false, 5)).equals(bytes(argsortCpu(a, d, false)))).toBe(true);
    }
  });
});

describe.runIf(cpu)('gather in parts', () => {
  it('gives the one-thread values, out-of-range indices as zero bits', async () => {
    await setThreads(2);
    const r = rng(9);
    for (const dtype of ['float64', 'int32', 'bool', 'int64'] as const) {
      const src = dtype === 'bool' ? Uint8Array.from({ length: 100 }, () => (r() < 0.5 ? 1 : 0)) : keys(dtype, 100, 3).data;
      const I = Uint32Array.from({ length: 1001 }, () => (r() < 0.1 ? 100 + Math.floor(r() * 10) : Math.floor(r() * 100)));
      const want = gatherValuesCpu(gf.DataBuffer.fromHost(src, dtype), gf.DataBuffer.fromHost(I, 'uint32')).hostView('test');
      for (const parts of [1, 3, 8]) expect(bytes(gatherArrayParts(src, dtype, I, parts)).equals(bytes(want)), `${dtype} parts=${parts}`).toBe(true);
    }
  });

  it('gives the one-thread validity bits, with and without an input bitmap, on 1, 2 and 4 threads', async () => {
    const r = rng(11);
    const n = 300;
    const V = gf.DataBuffer.fromHost(Uint8Array.from({ length: Math.ceil(n / 8) }, () => Math.floor(r() * 256)), 'uint8');
    for (const m of [0, 1, 37, 1003]) {
      const I = gf.DataBuffer.fromHost(Uint32Array.from({ length: m }, () => Math.floor(r() * (n + 20))), 'uint32');
      for (const v of [V, undefined]) {
        const want = bytes(gatherValidityCpu(n, I, v).hostView('test'));
        for (const t of [1, 2, 4]) {
          await setThreads(t);
          expect(bytes(gatherValidityParallel(n, I, v).hostView('test')).equals(want), `m=${m} bitmap=${!!v} threads=${t}`).toBe(true);
        }
      }
    }
  });
});

/** Every column of a frame as bytes (values and validity), with its name and type. */
function frameBytes(df: gf.DataFrame): string {
  return df.names
    .map((name) => {
      const c = df.column(name);
      const v = c.validity ? bytes(c.validity.hostView('test')).toString('hex') : '-';
      return `${name}:${c.type}:${bytes(c.data.hostView('test')).toString('hex')}:${v}:${c.dictionary?.join('|') ?? ''}`;
    })
    .join('\n');
}

/** A column with nulls where `r() < nullRate` (bitmap), from a typed array. */
function withNulls(data: gf.TypedArray, r: () => number, nullRate: number): gf.Column {
  const n = data.length;
  const bits = new Uint8Array(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) if (r() >= nullRate) bits[i >> 3]! |= 1 << (i & 7);
  return gf.Column.from(data, nullRate > 0 ? bits : undefined);
}

function fact(n: number, seed: number, nullRate: number): gf.DataFrame {
  const r = rng(seed);
  const strs = ['b', 'a', '', 'é', 'zz'];
  return new gf.DataFrame([
    ['f', withNulls(keys('float64', n, seed).data, r, nullRate)],
    ['i', withNulls(keys('int32', n, seed + 1).data, r, nullRate)],
    ['l', withNulls(keys('int64', n, seed + 2).data, r, nullRate)],
    ['j', withNulls(Int32Array.from({ length: n }, () => Math.floor(r() * 60) - 5), r, nullRate)],
    ['s', gf.Column.from(Array.from({ length: n }, () => (r() < nullRate ? null : strs[Math.floor(r() * strs.length)]!)))],
    ['row', gf.Column.from(Int32Array.from({ length: n }, (_, i) => i))],
  ]);
}

function dim(n: number, seed: number, unique: boolean): gf.DataFrame {
  const r = rng(seed);
  return new gf.DataFrame([
    ['j', gf.Column.from(Int32Array.from({ length: n }, (_, i) => (unique ? i : Math.floor(r() * 50))))],
    ['f', gf.Column.from(keys('float64', n, seed + 7).data)],
    ['s', gf.Column.from(Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'b' : 'q')))],
    ['w', gf.Column.from(Float64Array.from({ length: n }, () => r()))],
  ]);
}

/** Each case's result on 1, 2 and 4 threads: the same bytes. */
async function sameOnEveryThreadCount(run: () => Promise<gf.DataFrame>, what: string): Promise<void> {
  const out: string[] = [];
  for (const t of [1, 2, 4]) {
    await setThreads(t);
    expect(threadCount()).toBe(t);
    out.push(frameBytes(await run()));
  }
  expect(out[1], `${what}: 2 threads`).toBe(out[0]);
  expect(out[2], `${what}: 4 threads`).toBe(out[0]);
}

describe.runIf(cpu)('sort and join on 1, 2 and 4 threads', () => {
  it('sort: every key type, both directions, nulls first and last, ties kept in order', async () => {
    for (const [n, nullRate] of [[0, 0], [1, 1], [1500, 0.1]] as const) {
      const df = fact(n, 40 + n, nullRate);
      for (const [by, descending, nulls] of [[['f'], false, 'last'], [['l', 'f'], [true, false], 'first'], [['s', 'i'], [false, true], 'last'], [['j', 'l', 'f'], true, 'first']] as const) {
        await sameOnEveryThreadCount(async () => df.sort([...by], { descending: descending as boolean | boolean[], nulls }), `sort n=${n} by=${by.join(',')}`);
      }
    }
  });

  it('join: direct look-up and general path, every how, nulls, duplicates, float and int64+string keys', async () => {
    for (const [n, nullRate] of [[0, 0], [1, 0], [1200, 0.1]] as const) {
      const left = fact(n, 70 + n, nullRate);
      for (const unique of [true, false]) {
        const right = dim(Math.max(1, n >> 4), 5, unique);
        for (const how of ['inner', 'left', 'right', 'outer', 'semi', 'anti'] as const) {
          await sameOnEveryThreadCount(() => left.join(right, { on: 'j', how }), `join n=${n} unique=${unique} ${how}`);
        }
      }
      const r2 = fact(Math.max(1, n >> 3), 99, nullRate).select(['f', 'l', 's', 'row']);
      for (const on of [['f'], ['l', 's']]) {
        await sameOnEveryThreadCount(() => left.join(r2, { on, how: 'inner' }), `join n=${n} on ${on.join(',')}`);
      }
    }
  });
});
