// Differential suite for value expressions: many expressions (every op × the dtypes it takes)
// over random frames with nulls, NaN, ±0, ±Inf and >2^53 int64 values, evaluated on both
// backends AND checked against an independent row-at-a-time plain-JS reference written here.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { frameParity } from '../helpers/frames.js';
import { randomFrame as randomBase, FRAME_SIZES } from '../helpers/random-frame.js';
import { mulberry32 } from '../../src/random.js';
import { hasGpu } from '../helpers/parity.js';

type Row = Record<string, unknown>;
type V = number | bigint | boolean | string | null;
const { col, when } = gf;

const i64 = (x: bigint) => BigInt.asIntN(64, x);
const nn = (...xs: unknown[]) => xs.some((x) => x === null);
const floorDiv = (a: bigint, b: bigint) => { let q = a / b; if (a % b !== 0n && (a < 0n) !== (b < 0n)) q -= 1n; return q; };
const floorMod = (a: bigint, b: bigint) => { let m = a % b; if (m !== 0n && (m < 0n) !== (b < 0n)) m += b; return m; };
const roundHalfAway = (x: number) => { const t = Math.trunc(x); return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t; };
const civil = (days: number) => { const d = new Date(days * 86400000); return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]; };
const cmp = (x: number | bigint, y: number | bigint, op: string) => ({ gt: x > y, lt: x < y, eq: x == y })[op]!;
/** x < y in Polars' order: NaN equals NaN and is greater than every number. */
const ltTotal = (x: number, y: number) => (Number.isNaN(x) ? false : Number.isNaN(y) ? true : x < y);
const gtTotal = (x: number, y: number) => ltTotal(y, x);

/**
 * The shared random frame plus 8- and 16-bit columns (a8 int8, h16 uint16: extremes, nulls),
 * which expressions read widened to 32 bits.
 */
function randomFrame(n: number, seed: number): gf.DataFrame {
  const r = mulberry32(seed * 7 + 1);
  const a8 = Int8Array.from({ length: n }, (_, i) => (i % 11 === 3 ? -128 : i % 11 === 4 ? 127 : Math.floor(r() * 256) - 128));
  const h16 = Uint16Array.from({ length: n }, (_, i) => (i % 13 === 5 ? 65535 : Math.floor(r() * 65536)));
  const bits = Uint8Array.from({ length: Math.ceil(n / 8) }, () => Math.floor(r() * 256) | 0x11);
  return randomBase(n, seed).withColumns({ a8: gf.Column.from(a8, bits), h16 });
}

/** Name → [expression, reference(row), exact?]. Exact ones must agree bit for bit on both backends. */
const CASES: Record<string, [gf.Expr, (r: Row) => V, boolean]> = {
  addI32: [col('i').add(col('k')), (r) => (nn(r.i, r.k) ? null : ((r.i as number) + (r.k as number)) | 0), true],
  mulI32Lit: [col('i').mul(3).sub(7), (r) => (nn(r.i) ? null : (Math.imul(r.i as number, 3) - 7) | 0), true],
  addMixed: [col('i').add(col('u')), (r) => (nn(r.i, r.u) ? null : BigInt(r.i as number) + BigInt(r.u as number)), true],
  mulI64: [col('l').mul(col('k')).add(1n), (r) => (nn(r.l, r.k) ? null : i64((r.l as bigint) * BigInt(r.k as number) + 1n)), true],
  subI64: [col('l').sub(col('i')), (r) => (nn(r.l, r.i) ? null : i64((r.l as bigint) - BigInt(r.i as number))), true],
  floorDivI32: [col('i').floorDiv(col('k')), (r) => (nn(r.i, r.k) || r.k === 0 ? null : Math.floor((r.i as number) / (r.k as number)) | 0), true],
  modI64: [col('l').mod(col('k')), (r) => (nn(r.l, r.k) || r.k === 0 ? null : floorMod(r.l as bigint, BigInt(r.k as number))), true],
  floorDivI64: [col('l').floorDiv(col('k')), (r) => (nn(r.l, r.k) || r.k === 0 ? null : i64(floorDiv(r.l as bigint, BigInt(r.k as number)))), true],
  divInt: [col('i').div(col('k')), (r) => (nn(r.i, r.k) ? null : (r.i as number) / (r.k as number)), true],
  divI64: [col('l').div(col('u')), (r) => (nn(r.l, r.u) ? null : Number(r.l as bigint) / (r.u as number)), true],
  f64Arith: [col('f').mul(col('g')).add(col('f')).div(3), (r) => (nn(r.f, r.g) ? null : ((r.f as number) * (r.g as number) + (r.f as number)) / 3), true],
  f32Arith: [col('g').mul(2.5).sub(1), (r) => (nn(r.g) ? null : Math.fround(Math.fround((r.g as number) * 2.5) - 1)), true],
  f32Int: [col('g').add(col('i')), (r) => (nn(r.g, r.i) ? null : (r.g as number) + (r.i as number)), true],
  modF64: [col('f').mod(7), (r) => (nn(r.f) ? null : (r.f as number) - 7 * Math.floor((r.f as number) / 7)), true],
  negAbs: [col('l').neg().abs(), (r) => { if (nn(r.l)) return null; const x = i64(-(r.l as bigint)); return x < 0n ? i64(-x) : x; }, true],
  floorCeilRound: [col('f').floor().add(col('f').ceil()).add(col('f').round(2)), (r) => (nn(r.f) ? null : Math.floor(r.f as number) + Math.ceil(r.f as number) + roundHalfAway((r.f as number) * 100) / 100), true],
  sqrt: [col('f').abs().sqrt(), (r) => (nn(r.f) ? null : Math.sqrt(Math.abs(r.f as number))), true],
  castF64I32: [col('f').cast('int32', { strict: false }), (r) => (nn(r.f) || !Number.isFinite(r.f) || Math.trunc(r.f as number) > 2147483647 || Math.trunc(r.f as number) < -2147483648 ? null : Math.trunc(r.f as number) | 0), true],
  castU32I32: [col('u').cast('int32', { strict: false }), (r) => (nn(r.u) || (r.u as number) > 2147483647 ? null : r.u as number), true],
  castI64F64: [col('l').cast('float64'), (r) => (nn(r.l) ? null : Number(r.l as bigint)), true],
  castF32: [col('f').cast('float32'), (r) => (nn(r.f) ? null : Math.fround(r.f as number)), true],
  castBool: [col('i').cast('bool'), (r) => (nn(r.i) ? null : r.i !== 0), true],
  cmpExpr: [col('i').mul(2).gt(col('k')), (r) => (nn(r.i, r.k) ? null : cmp(Math.imul(r.i as number, 2) | 0, r.k as number, 'gt')), true],
  cmpMixed: [col('l').lt(col('f')), (r) => (nn(r.l, r.f) ? null : ltTotal(Number(r.l as bigint), r.f as number)), true],
  kleene: [col('b').and(col('f').gt(0)).or(col('i').isNull()), (r) => {
    const a = r.b as boolean | null, c = nn(r.f) ? null : gtTotal(r.f as number, 0);
    const and = a === false || c === false ? false : a === null || c === null ? null : true;
    return and === true || r.i === null ? true : and === null ? null : false;
  }, true],
  when: [when(col('f').gt(0)).then(col('i')).when(col('f').lt(0)).then(col('k')).otherwise(0), (r) => (r.f !== null && gtTotal(r.f as number, 0) ? r.i : r.f !== null && (r.f as number) < 0 ? r.k : 0) as V, true],
  whenNull: [when(col('b')).then(col('g')), (r) => (r.b === true ? r.g : null) as V, true],
  fillNull: [col('f').fillNull(col('g')).fillNull(-1), (r) => (r.f ?? r.g ?? -1) as V, true],
  fillNullStr: [col('s').fillNull('zz-new'), (r) => (r.s ?? 'zz-new') as V, true],
  isIn: [col('k').isIn([0, 2, -3, null]), (r) => (nn(r.k) ? null : [0, 2, -3].includes(r.k as number)), true],
  isInStr: [col('s').isIn(['beta', 'eta', 'nope']), (r) => (nn(r.s) ? null : ['beta', 'eta'].includes(r.s as string)), true],
  startsWith: [col('s').str.startsWith('e'), (r) => (nn(r.s) ? null : (r.s as string).startsWith('e')), true],
  strCmp: [col('s').gt('delta'), (r) => (nn(r.s) ? null : (r.s as string) > 'delta'), true],
  between: [col('f').between(-1, 1), (r) => (nn(r.f) ? null : (r.f as number) >= -1 && (r.f as number) <= 1), true],
  dateParts: [col('d').dt.year().mul(10000).add(col('d').dt.month().mul(100)).add(col('d').dt.day()), (r) => {
    if (nn(r.d)) return null;
    const [y, m, d] = civil(r.d as number);
    return y! * 10000 + m! * 100 + d!;
  }, true],
  tsParts: [col('t').dt.year().mul(1000000).add(col('t').dt.month().mul(10000)).add(col('t').dt.day().mul(100)).add(col('t').dt.hour()), (r) => {
    if (nn(r.t)) return null;
    const dt = new Date(Number(r.t as bigint));
    return ((dt.getUTCFullYear() * 1000000 + (dt.getUTCMonth() + 1) * 10000 + dt.getUTCDate() * 100 + dt.getUTCHours()) | 0);
  }, true],
  allNull: [col('z').add(1).mul(col('f')), () => null, true],
  addI8: [col('a8').add(col('a8')).sub(1), (r) => (nn(r.a8) ? null : (r.a8 as number) * 2 - 1), true],
  mulU16I32: [col('h16').mul(col('i')), (r) => (nn(r.h16, r.i) ? null : Math.imul(r.h16 as number, r.i as number)), true],
  cmpI8: [col('a8').gt(-5).and(col('h16').lt(40000)), (r) => { const a = nn(r.a8) ? null : (r.a8 as number) > -5; const b = (r.h16 as number) < 40000; return a === false || !b ? false : a; }, true],
  castI8F64: [col('a8').cast('float64').div(col('h16')), (r) => (nn(r.a8) ? null : (r.a8 as number) / (r.h16 as number)), true],
  exp: [col('g').exp(), (r) => (nn(r.g) ? null : Math.fround(Math.exp(r.g as number))), false],
  log: [col('f').abs().log(), (r) => (nn(r.f) ? null : Math.log(Math.abs(r.f as number))), false],
  sinAtan: [col('f').atan().sin(), (r) => (nn(r.f) ? null : Math.sin(Math.atan(r.f as number))), false],
  cos: [col('k').mul(1000.5).cos(), (r) => (nn(r.k) ? null : Math.cos((r.k as number) * 1000.5)), false],
  tanF32: [col('g').atan().tan(), (r) => (nn(r.g) ? null : Math.fround(Math.tan(Math.fround(Math.atan(r.g as number))))), false],
  atan2: [col('f').atan2(col('i')), (r) => (nn(r.f, r.i) ? null : Math.atan2(r.f as number, r.i as number)), false],
};

function same(a: unknown, b: unknown, exact: boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return true;
    if (exact) return a === b && a !== 0; // +0 vs -0 is a difference
    return Math.abs(a - b) <= 1e-300 + 1e-12 * Math.abs(b) || Math.abs(a - b) <= 2 ** -23 * Math.abs(b);
  }
  return a === b;
}

describe('expressions: both backends and a plain-JS reference on random frames', () => {
  for (const n of FRAME_SIZES) {
    it(`${Object.keys(CASES).length} expressions at ${n} rows`, async () => {
      const exact = Object.fromEntries(Object.entries(CASES).filter(([, c]) => c[2]).map(([k, c]) => [k, c[0]]));
      const base = await randomFrame(n, 17 + n).toRecords();
      const rows = await frameParity(() => randomFrame(n, 17 + n).withColumns(exact));
      expect(rows.length).toBe(n);
      for (const [name, [, ref, isExact]] of Object.entries(CASES)) {
        if (!isExact) continue;
        for (let r = 0; r < n; r++) {
          const want = ref(base[r]!);
          const got = rows[r]![name];
          if (!same(got, want, true)) expect.fail(`${name} row ${r}: expected ${String(want)}, got ${String(got)} (row ${JSON.stringify(base[r], (_, v) => (typeof v === 'bigint' ? `${v}n` : v))})`);
        }
      }
      // Elementary functions: CPU against JS exactly, the device within the stated tolerance.
      for (const [name, [e, ref, isExact]] of Object.entries(CASES)) {
        if (isExact) continue;
        const cpu = await gf.withBackendAsync('cpu', async () => (await randomFrame(n, 17 + n).eval(e)).toValues());
        cpu.forEach((v, r) => { if (!same(v, ref(base[r]!), true)) expect.fail(`${name} cpu row ${r}: expected ${String(ref(base[r]!))}, got ${String(v)}`); });
        if (!hasGpu()) continue;
        const gpu = await gf.withBackendAsync('webgpu', async () => (await randomFrame(n, 17 + n).eval(e)).toValues());
        gpu.forEach((v, r) => { if (!same(v, cpu[r], false)) expect.fail(`${name} gpu row ${r}: expected ${String(cpu[r])}, got ${String(v)}`); });
      }
    });
  }

  it('columns past one storage binding: the kernel runs in row windows (maxBindingBytes 65536), same results', async () => {
    const n = 20_001; // float64 columns of 160 kB: three windows of 8,192 rows
    const exact = Object.fromEntries(Object.entries(CASES).filter(([, c]) => c[2]).map(([k, c]) => [k, c[0]]));
    const base = await randomFrame(n, 3).toRecords();
    if (hasGpu()) await gf.init({ maxBindingBytes: 65536 });
    try {
      const rows = await frameParity(() => randomFrame(n, 3).withColumns(exact));
      for (const [name, [, ref, isExact]] of Object.entries(CASES)) {
        if (!isExact) continue;
        for (let r = 0; r < n; r++) {
          if (!same(rows[r]![name], ref(base[r]!), true)) expect.fail(`${name} row ${r}: expected ${String(ref(base[r]!))}, got ${String(rows[r]![name])}`);
        }
      }
      const kept = await frameParity(() => randomFrame(n, 3).filter(col('f').gt(0).and(col('a8').lt(0))));
      expect(kept).toEqual(base.filter((r) => r.f !== null && gtTotal(r.f as number, 0) && r.a8 !== null && (r.a8 as number) < 0));
    } finally {
      if (hasGpu()) await gf.init();
    }
  });

  it('8- and 16-bit columns: a bare reference stays itself, arithmetic is 32-bit, filter is exact', async () => {
    const df = randomFrame(300, 9);
    const a8 = await df.eval(col('a8'));
    expect(a8.type).toBe('int8');
    expect(a8).toBe(df.column('a8'));
    expect(df.withColumns({ s: col('a8').add(col('h16')) }).schema.s).toBe('int32');
    const base = await df.toRecords();
    const rows = await frameParity(() => randomFrame(300, 9).filter(col('a8').lt(-100).or(col('h16').ge(65000))));
    expect(rows).toEqual(base.filter((r) => (r.a8 !== null && (r.a8 as number) < -100) || (r.h16 as number) >= 65000));
    expect(rows.length).toBeGreaterThan(20);
  });

  it('filter with value expressions matches the reference on both backends', async () => {
    const n = 3001;
    const base = await randomFrame(n, 5).toRecords();
    const rows = await frameParity(() => randomFrame(n, 5).filter(col('i').mul(2).gt(col('k')).and(col('f').add(col('g')).lt(100))));
    const want = base.filter((r) => !nn(r.i, r.k, r.f, r.g) && (Math.imul(r.i as number, 2) | 0) > (r.k as number) && (r.f as number) + (r.g as number) < 100);
    expect(rows).toEqual(want);
    expect(rows.length).toBeGreaterThan(100);
  });
});
