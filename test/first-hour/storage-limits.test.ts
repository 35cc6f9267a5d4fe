// Issue 13, "Storage-buffer limits": the fused expression kernel binds one storage buffer per
// column and per null bitmap, so a filter over 5 nullable columns or an expression over 11
// columns used to exceed a device's maxStorageBuffersPerShaderStage (8 at the WebGPU minimum).
// Its inputs are now packed (kernels/expr/pack.ts). Each case runs under the cap of 8 storage
// buffers per stage (init's maxStorageBuffersPerStage) and a small binding cap, so the packed
// buffers span several windows; CI also runs the whole WebGPU suite at the spec's minimum
// limits (GPUFRAME_LIMITS=minimum), which the last case checks. Results must equal plain JS
// and the CPU backend exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { mulberry32 } from '../../src/random.js';
import { gpu } from '../../src/device/index.js';
import { checkStorageCount } from '../../kernels/runner.js';
import { exprPackMode } from '../../kernels/expr/expr.js';
import { bindExpr } from '../../frame/bind-expr.js';
import { hasGpu } from '../helpers/parity.js';

const { col } = gf;
/** Past two 2048-row windows under the 16 KiB binding cap. */
const N = 5000;
const CAP = { maxStorageBuffersPerStage: 8, maxBindingBytes: 16384 };

type V = number | bigint | boolean | null;
const TYPES = ['float64', 'int32', 'int64', 'float32', 'uint32', 'bool'] as const;

/** Column i: type TYPES[i % 6], about 10% nulls, and its values as JS sees them. */
function column(i: number, n: number): { column: gf.Column; values: V[] } {
  const rnd = mulberry32(1000 + i);
  const t = TYPES[i % TYPES.length]!;
  const valid = new Uint8Array(Math.ceil(n / 8));
  const values: V[] = [];
  const data =
    t === 'float64' ? new Float64Array(n) : t === 'int32' ? new Int32Array(n) : t === 'int64' ? new BigInt64Array(n)
      : t === 'float32' ? new Float32Array(n) : t === 'uint32' ? new Uint32Array(n) : new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const u = rnd();
    let v: number | bigint | boolean;
    if (t === 'float64') v = u;
    else if (t === 'float32') v = Math.fround(u);
    else if (t === 'int64') v = BigInt(Math.floor(u * 1000));
    else if (t === 'bool') v = u > 0.97;
    else v = Math.floor(u * 1000);
    (data as unknown as Array<number | bigint>)[r] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    const ok = rnd() >= 0.1;
    if (ok) valid[r >> 3]! |= 1 << (r & 7);
    values.push(ok ? v : null);
  }
  return { column: gf.Column.from(data, valid, t === 'bool' ? 'bool' : undefined), values };
}

/** Column i's condition: about 3% of rows true. */
function cond(i: number): { e: gf.Expr; js: (v: V) => boolean | null } {
  const name = `c${i}`;
  switch (TYPES[i % TYPES.length]) {
    case 'bool': return { e: col(name), js: (v) => (v === null ? null : (v as boolean)) };
    case 'int64': return { e: col(name).ge(970), js: (v) => (v === null ? null : (v as bigint) >= 970n) };
    case 'int32':
    case 'uint32': return { e: col(name).ge(970), js: (v) => (v === null ? null : (v as number) >= 970) };
    default: return { e: col(name).gt(0.97), js: (v) => (v === null ? null : (v as number) > 0.97) };
  }
}

/** Kleene OR. */
const or = (a: boolean | null, b: boolean | null) => (a === true || b === true ? true : a === null || b === null ? null : false);

function frameOf(k: number, n = N): { df: gf.DataFrame; values: V[][] } {
  const cols: Record<string, gf.Column> = { id: gf.Column.from(Int32Array.from({ length: n }, (_, r) => r)) };
  const values: V[][] = [];
  for (let i = 0; i < k; i++) {
    const c = column(i, n);
    cols[`c${i}`] = c.column;
    values.push(c.values);
  }
  return { df: new gf.DataFrame(cols), values };
}

/** The packing the fused kernel takes for `e` over `df` on the device now (null on the CPU). */
function modeOf(df: gf.DataFrame, e: gf.Expr, mask: boolean): string | null {
  if (!hasGpu()) return null;
  const bound = bindExpr(e.node, (n) => df.column(n), 'test');
  return exprPackMode(gpu(), bound.prog, mask);
}

/** Filter over the first k columns' conditions ORed: the kept ids equal plain JS and the CPU backend. */
async function checkFilter(k: number): Promise<number[]> {
  const { df, values } = frameOf(k);
  const conds = Array.from({ length: k }, (_, i) => cond(i));
  const e = conds.map((c) => c.e).reduce((a, b) => a.or(b));
  const want: number[] = [];
  for (let r = 0; r < N; r++) {
    let m: boolean | null = conds[0]!.js(values[0]![r]!);
    for (let i = 1; i < k; i++) m = or(m, conds[i]!.js(values[i]![r]!));
    if (m === true) want.push(r);
  }
  const out = await df.filter(e);
  const ids = Array.from((await out.column('id').data.toArray()) as Int32Array);
  expect(ids).toEqual(want);
  const onCpu = await gf.withBackendAsync('cpu', async () => (await df.filter(e)).toRecords());
  expect(await out.toRecords()).toEqual(onCpu);
  return want;
}

describe('storage-buffer limits: the fused kernel packs its inputs', () => {
  beforeAll(async () => {
    await gf.init(CAP);
  });
  afterAll(async () => {
    await gf.init();
  });

  it('the device reports the cap of 8 storage buffers per stage', () => {
    if (!hasGpu()) return;
    const limits = gf.info().limits!;
    expect(limits.maxStorageBuffersPerStage).toBe(8);
    expect(limits.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(8);
    expect(limits.maxBindingBytes).toBe(16384);
  });

  it('a filter over 5 nullable columns (the bitmaps packed into one buffer)', async () => {
    const { df } = frameOf(5, 8);
    const e = Array.from({ length: 5 }, (_, i) => cond(i).e).reduce((a, b) => a.or(b));
    if (hasGpu()) expect(modeOf(df, e, true)).toBe('validity');
    expect((await checkFilter(5)).length).toBeGreaterThan(400);
  });

  it('a filter over 40 nullable columns (every input packed into one buffer)', async () => {
    const { df } = frameOf(40, 8);
    const e = Array.from({ length: 40 }, (_, i) => cond(i).e).reduce((a, b) => a.or(b));
    if (hasGpu()) expect(modeOf(df, e, true)).toBe('all');
    const kept = await checkFilter(40);
    expect(kept.length).toBeGreaterThan(N / 2);
    expect(kept.length).toBeLessThan(N);
  });

  it('an expression over 12 columns (float64 and nullable int32) equals plain JS bit for bit', async () => {
    const n = N;
    const cols: Record<string, gf.Column> = {};
    const values: Array<Array<number | null>> = [];
    for (let i = 0; i < 12; i++) {
      const rnd = mulberry32(77 + i);
      const isInt = i % 2 === 1;
      const data = isInt ? new Int32Array(n) : new Float64Array(n);
      const valid = new Uint8Array(Math.ceil(n / 8));
      const vs: Array<number | null> = [];
      for (let r = 0; r < n; r++) {
        const v = isInt ? Math.floor((rnd() - 0.5) * 2 ** 31) : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 15);
        data[r] = v;
        const ok = !isInt || rnd() >= 0.05;
        if (ok) valid[r >> 3]! |= 1 << (r & 7);
        vs.push(ok ? v : null);
      }
      cols[`x${i}`] = gf.Column.from(data, isInt ? valid : undefined);
      values.push(vs);
    }
    const df = new gf.DataFrame(cols);
    const e = Array.from({ length: 12 }, (_, i) => col(`x${i}`)).reduce((a, b) => a.add(b));
    if (hasGpu()) expect(modeOf(df, e, false)).toBe('all');
    const out = df.withColumns({ s: e });
    const got = (await out.column('s').data.toArray()) as Float64Array;
    const rec = await out.toRecords();
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      let acc: number | null = values[0]![r]!;
      for (let i = 1; i < 12; i++) acc = acc === null || values[i]![r] === null ? null : acc + values[i]![r]!;
      if (acc === null) {
        nulls++;
        expect(rec[r]!.s).toBeNull();
      } else if (!Object.is(got[r], acc)) expect.fail(`row ${r}: expected ${acc}, got ${got[r]}`);
    }
    expect(nulls).toBeGreaterThan(0);
    const onCpu = await gf.withBackendAsync('cpu', async () => df.withColumns({ s: e }).toRecords());
    expect(rec).toEqual(onCpu);
  });

  it('an expression over 11 non-null int32 columns with a nullable result (integer division by zero)', async () => {
    const n = 3000;
    const cols: Record<string, gf.Column> = {};
    const values: number[][] = [];
    for (let i = 0; i < 11; i++) {
      const rnd = mulberry32(500 + i);
      const data = Int32Array.from({ length: n }, () => Math.floor(rnd() * 2001) - 1000);
      cols[`k${i}`] = gf.Column.from(data);
      values.push(Array.from(data));
    }
    const df = new gf.DataFrame(cols);
    // Integer floor division by a column holding zeros gives nulls; the sum fits int32.
    const sum = Array.from({ length: 10 }, (_, i) => col(`k${i}`)).reduce((a, b) => a.add(b));
    const q = sum.floorDiv(col('k10').mod(7));
    if (hasGpu()) expect(modeOf(df, q, false)).toBe('all');
    const out = df.withColumns({ q });
    const rec = await out.toRecords();
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < 10; i++) s += values[i]![r]!;
      const d = ((values[10]![r]! % 7) + 7) % 7;
      expect(rec[r]!.q).toBe(d === 0 ? null : Math.floor(s / d));
    }
    const onCpu = await gf.withBackendAsync('cpu', async () => df.withColumns({ q }).toRecords());
    expect(rec).toEqual(onCpu);
  });
});

describe('storage-buffer limits: the fused predicate packs its inputs too', () => {
  beforeAll(async () => {
    await gf.init(CAP);
  });
  afterAll(async () => {
    await gf.init();
  });

  it('dropNulls over 10 nullable columns (batches of 4 columns: 9 bindings direct, 6 with the bitmaps packed)', async () => {
    const { df, values } = frameOf(10);
    const want: number[] = [];
    for (let r = 0; r < N; r++) if (values.every((v) => v[r] !== null)) want.push(r);
    const out = await df.dropNulls();
    expect(Array.from((await out.column('id').data.toArray()) as Int32Array)).toEqual(want);
    expect(want.length).toBeGreaterThan(N / 5);
    const onCpu = await gf.withBackendAsync('cpu', async () => (await df.dropNulls()).toRecords());
    expect(await out.toRecords()).toEqual(onCpu);
  });
});

describe('storage-buffer limits: checks', () => {
  it('a kernel binding more storage buffers than allowed fails by name', () => {
    if (!hasGpu()) return;
    expect(() => checkStorageCount({ ...gpu(), maxStorageBuffersPerStage: 8 }, 'family/op', 9)).toThrow(
      /family\/op: expected at most 8 storage buffers per shader stage \(maxStorageBuffersPerStage\), got 9/,
    );
    expect(() => checkStorageCount({ ...gpu(), maxStorageBuffersPerStage: 8 }, 'family/op', 8)).not.toThrow();
  });

  it('init refuses a cap below the WebGPU minimum of 8', async () => {
    if (!hasGpu()) return;
    await expect(gf.init({ maxStorageBuffersPerStage: 4 })).rejects.toThrow(/init: expected maxStorageBuffersPerStage >= 8 \(the WebGPU minimum\), got 4/);
    await gf.init();
  });

  it('under GPUFRAME_LIMITS=minimum the device has the spec minimum limits', () => {
    if (!hasGpu() || process.env.GPUFRAME_LIMITS !== 'minimum') return;
    const limits = gf.info().limits!;
    expect(limits.mode).toBe('minimum');
    expect(limits.maxStorageBuffersPerShaderStage).toBe(8);
    expect(limits.maxStorageBufferBindingSize).toBe(128 * 1024 * 1024);
  });
});
