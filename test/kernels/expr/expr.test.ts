// Parity of the fused expression kernel 'expr/fused': the WGSL body against the CPU twin, at
// the standard sizes and null rates, on the 2-D grid path, for exact ops (bit-identical) and
// for the elementary functions (within the registry tolerance, against JS Math.*).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { SIZES, parity, onBoth, expectSame, randomArray, randomValidity, rng, hasGpu, withGridCap, PAST_CAPPED_GRID } from '../../helpers/parity.js';
import { bindExpr } from '../../../frame/bind-expr.js';
import { evalExprProgram, exprShader } from '../../../kernels/expr/expr.js';
import type { Tolerance } from '../../../kernels/registry.js';

const EXACT: Tolerance = { kind: 'exact' };
const F64_TOL: Tolerance = { kind: 'float', rel: 1e-12, abs: 1e-300, note: 'expr/fused elementary functions' };
const F32_TOL: Tolerance = { kind: 'float', rel: 2 ** -23, abs: 1e-45, note: 'one float32 ulp' };

type Cols = Record<string, { data: TypedArray; bits?: Uint8Array; type?: gf.DTypeName }>;

/** Bind `expr` over fresh columns and run the kernel: [values, validity bytes (or none)]. */
function runExpr(cols: Cols, expr: gf.Expr, n: number): gf.DataBuffer[] {
  const columns = Object.fromEntries(Object.entries(cols).map(([k, c]) => [k, gf.Column.from(c.data, c.bits, c.type)]));
  const { prog } = bindExpr(expr.node, (name) => columns[name]!, 'test');
  const r = evalExprProgram(prog, n);
  r.status?.dispose();
  return r.validity ? [r.values, r.validity] : [r.values];
}

describe("'expr/fused' exact ops", () => {
  const exprs: Record<string, (t: string) => gf.Expr> = {
    arith: () => gf.col('a').add(gf.col('b')).mul(gf.col('a').sub(3)).floorDiv(gf.col('b')),
    mod: () => gf.col('a').mod(gf.col('b')).neg().abs(),
    logic: () => gf.when(gf.col('a').gt(gf.col('b')).or(gf.col('a').isNull())).then(gf.col('a')).otherwise(gf.col('b').fillNull(7)),
    cast: (t) => (t.startsWith('float') ? gf.col('a').cast('int64', { strict: false }) : gf.col('a').cast('float64')),
    isIn: () => gf.col('a').isIn([0, 1, -1, 3, null]).and(gf.col('b').ne(0)),
  };
  for (const dtype of ['int32', 'uint32', 'int64', 'uint64', 'float32', 'float64'] as const) {
    for (const [name, make] of Object.entries(exprs)) {
      it(`${name} on ${dtype}: CPU twin and WGSL agree bit for bit at every size and null rate`, async () => {
        for (const n of SIZES) {
          for (const nullRate of [0, 0.1, 1]) {
            const a = randomArray(dtype, n, n + 11, { distinct: n % 2 ? 9 : undefined });
            const b = randomArray(dtype, n, n + 12, { distinct: 5 });
            const cols: Cols = { a: { data: a, bits: nullRate > 0 ? randomValidity(n, nullRate, n + 13) : undefined }, b: { data: b, bits: randomValidity(n, nullRate, n + 14) } };
            await parity(() => runExpr(cols, make(dtype), n), { tol: EXACT, what: `${name} ${dtype} n=${n} nulls=${nullRate}` });
          }
        }
      });
    }
  }

  it('float64 and float32 + − × ÷, floor, ceil, round and sqrt are bit-identical to JS', async () => {
    const n = 4099;
    const a = randomArray('float64', n, 5, { specialRate: 0.3 }) as Float64Array;
    const b = randomArray('float64', n, 6, { specialRate: 0.3 }) as Float64Array;
    const f = Float32Array.from(a);
    const ops: Array<[string, gf.Expr, (x: number, y: number) => number]> = [
      ['add', gf.col('a').add(gf.col('b')), (x, y) => x + y],
      ['sub', gf.col('a').sub(gf.col('b')), (x, y) => x - y],
      ['mul', gf.col('a').mul(gf.col('b')), (x, y) => x * y],
      ['div', gf.col('a').div(gf.col('b')), (x, y) => x / y],
      ['floor', gf.col('a').floor(), (x) => Math.floor(x)],
      ['ceil', gf.col('a').ceil(), (x) => Math.ceil(x)],
      ['round', gf.col('a').round(), (x) => { const t = Math.trunc(x); return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t; }],
      ['sqrt', gf.col('a').sqrt(), (x) => Math.sqrt(x)],
    ];
    for (const [name, e, ref] of ops) {
      const oracle = canon(Float64Array.from(a, (x, i) => ref(x, b[i]!)));
      await parity(() => runExpr({ a: { data: a }, b: { data: b } }, e, n), { tol: EXACT, oracle: [oracle], what: `float64 ${name}` });
      const g = Float32Array.from(b);
      const oracle32 = canon(Float32Array.from(f, (x, i) => Math.fround(ref(x, g[i]!))));
      await parity(() => runExpr({ a: { data: f }, b: { data: g } }, e, n), { tol: EXACT, oracle: [oracle32], what: `float32 ${name}` });
    }
  });

  it('runs the 2-D grid path (grid cap) identically', async () => {
    const n = PAST_CAPPED_GRID * 32;
    const a = randomArray('int64', n, 1);
    const bits = randomValidity(n, 0.1, 2);
    await withGridCap(() => parity(() => runExpr({ a: { data: a, bits } }, gf.col('a').mul(3).add(1), n), { tol: EXACT, what: '2-D grid' }));
  });
});

/** NaN written as the canonical quiet NaN, as the kernel writes every NaN result. */
function canon<T extends Float64Array | Float32Array>(a: T): T {
  for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) a[i] = NaN;
  return a;
}

function wide(r: () => number, n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, () => (r() < 0.5 ? -1 : 1) * 10 ** (lo + r() * (hi - lo)));
}

describe("'expr/fused' elementary functions (within 1e-12 relative of JS Math.*)", () => {
  const r = rng(42);
  const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2 ** -30, -(2 ** -60), 1e-310];
  const cases: Array<[string, (e: gf.Expr) => gf.Expr, Float64Array]> = [
    ['exp', (e) => e.exp(), Float64Array.from([...SPECIAL, 709.78, 709.79, 710, -745.1, -745.2, -750, 2 ** -54, -(2 ** -53), ...Array.from({ length: 600 }, () => (r() - 0.5) * 1490)])],
    ['log', (e) => e.log(), Float64Array.from([...SPECIAL, 1 + 2 ** -52, 1 - 2 ** -53, Math.SQRT2, Math.SQRT1_2, 5e-324, 1.7976931348623157e308, ...wide(r, 600, -310, 308).map(Math.abs)])],
    ['sin', (e) => e.sin(), Float64Array.from([...SPECIAL, Math.PI, 2 * Math.PI, 355, 1e6, -1e6, ...Array.from({ length: 200 }, (_, k) => (k * Math.PI) / 2), ...wide(r, 400, -8, 6)])],
    ['cos', (e) => e.cos(), Float64Array.from([...SPECIAL, Math.PI / 2, 3 * Math.PI / 2, 1e6, ...Array.from({ length: 200 }, (_, k) => (k * Math.PI) / 2), ...wide(r, 400, -8, 6)])],
    ['tan', (e) => e.tan(), Float64Array.from([...SPECIAL, Math.PI / 4, Math.PI / 2, ...wide(r, 400, -8, 6)])],
    ['asin', (e) => e.asin(), Float64Array.from([...SPECIAL, 1 - 2 ** -53, -(1 - 2 ** -40), 0.7071, 1.5, ...Array.from({ length: 400 }, () => (r() - 0.5) * 2)])],
    ['acos', (e) => e.acos(), Float64Array.from([...SPECIAL, 1 - 2 ** -53, -(1 - 2 ** -40), 0.7071, -1.5, ...Array.from({ length: 400 }, () => (r() - 0.5) * 2)])],
    ['atan', (e) => e.atan(), Float64Array.from([...SPECIAL, 1e30, -1e300, 2 ** 70, ...wide(r, 400, -20, 20)])],
  ];
  for (const [name, make, x] of cases) {
    it(`${name}: float64 on both backends, float32 within one ulp`, async () => {
      const oracle = canon(Float64Array.from(x, (v) => (Math as unknown as Record<string, (v: number) => number>)[name]!(v)));
      await parity(() => runExpr({ x: { data: x } }, make(gf.col('x')), x.length), { tol: F64_TOL, oracle: [oracle], what: `${name} float64` });
      const x32 = Float32Array.from(x.filter((v) => name !== 'exp' || Math.abs(v) < 80));
      const oracle32 = canon(Float32Array.from(x32, (v) => Math.fround((Math as unknown as Record<string, (v: number) => number>)[name]!(v))));
      await parity(() => runExpr({ x: { data: x32 } }, make(gf.col('x')), x32.length), { tol: F32_TOL, oracle: [oracle32], what: `${name} float32` });
    });
  }

  it('atan2 over every quadrant, zeros, infinities and extreme ratios', async () => {
    const ys: number[] = [];
    const xs: number[] = [];
    const edge = [0, -0, Infinity, -Infinity, NaN, 1, -1, 1e-300, -1e300, 5e-324];
    for (const y of edge) for (const x of edge) { ys.push(y); xs.push(x); }
    const a = wide(r, 500, -30, 30);
    const b = wide(r, 500, -30, 30);
    ys.push(...a);
    xs.push(...b);
    const y = Float64Array.from(ys), x = Float64Array.from(xs);
    const oracle = canon(Float64Array.from(y, (v, i) => Math.atan2(v, x[i]!)));
    await parity(() => runExpr({ y: { data: y }, x: { data: x } }, gf.col('y').atan2(gf.col('x')), y.length), { tol: F64_TOL, oracle: [oracle], what: 'atan2' });
  });

  it('pow: JS special cases exactly, finite results within 1e-12·max(1, |y·ln x|)', async () => {
    const xs: number[] = [], ys: number[] = [];
    const edge = [0, -0, Infinity, -Infinity, NaN, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 2.5];
    for (const a of edge) for (const b of edge) { xs.push(a); ys.push(b); }
    for (let i = 0; i < 500; i++) {
      xs.push(r() < 0.2 ? -Math.floor(r() * 20) : r() * 100);
      ys.push(r() < 0.3 ? Math.floor((r() - 0.5) * 40) : (r() - 0.5) * 60);
    }
    const x = Float64Array.from(xs), y = Float64Array.from(ys);
    const oracle = canon(Float64Array.from(x, (v, i) => Math.pow(v, y[i]!)));
    // CPU twin vs JS exactly; the device within the bound, which scales with |y·ln x|.
    const { cpu: c2, gpu } = await onBoth(() => runExpr({ x: { data: x }, y: { data: y } }, gf.col('x').pow(gf.col('y')), x.length));
    expectSame(c2[0]!, oracle, EXACT, 'pow cpu-vs-oracle');
    if (gpu) {
      for (let i = 0; i < x.length; i++) {
        const c = oracle[i]!, g = (gpu[0] as Float64Array)[i]!;
        if (Number.isNaN(c)) { expect(Number.isNaN(g), `pow(${x[i]}, ${y[i]})`).toBe(true); continue; }
        if (Object.is(c, g)) continue;
        const scale = Math.max(1, Math.abs(y[i]! * Math.log(Math.abs(x[i]!))));
        expect(Math.abs(g - c), `pow(${x[i]}, ${y[i]}) = ${c}, got ${g}`).toBeLessThanOrEqual(1e-12 * scale * Math.abs(c));
      }
    }
  });

  it('sin/cos/tan of |x| beyond 2^20·π/2 raise the status bit on both backends', async () => {
    const x = new Float64Array([1, 2e6, 3]);
    const [status] = await parity(() => {
      const c = gf.Column.from(x);
      const { prog } = bindExpr(gf.col('x').sin().node, () => c, 'test');
      const res = evalExprProgram(prog, 3);
      res.values.dispose();
      return res.status!;
    });
    expect(status![0]).toBe(2);
  });
});

describe("'expr/fused' shader text", () => {
  it('holds no column name or literal: a name and a literal full of WGSL stay out of the shader', () => {
    const evil = 'x; } @compute fn evil() { O[0] = 1u; //';
    const c = gf.Column.from(new Float64Array([1, 2]));
    const s = gf.Column.from([evil, 'b']);
    const e = gf.col(evil).mul(123.456789).gt(987654.321).and(gf.col('s').eq(evil)).or(gf.col('s').str.startsWith(evil)).or(gf.col('s').isIn([evil, 'zzz']));
    const { prog } = bindExpr(e.node, (n) => (n === evil ? c : s), 'test');
    const { code } = exprShader(prog, false);
    expect(code).not.toContain(evil);
    expect(code).not.toContain('evil');
    expect(code).not.toContain('123.456789');
    expect(code).not.toContain('987654');
    expect(code).not.toContain('zzz');
    expect(code).toContain('@compute');
  });

  it('changing literals (and isIn lists) reuses the compiled pipeline', async () => {
    if (!hasGpu()) return;
    const x = gf.Column.from(new Int32Array([1, 2, 3, 4]));
    const go = async (k: number, list: number[]) => {
      const { prog } = bindExpr(gf.col('x').mul(k).isIn(list).node, () => x, 'test');
      const r = gf.withBackend('webgpu', () => evalExprProgram(prog, 4));
      return [...(await r.values.toArray())];
    };
    expect(await go(2, [2, 8])).toEqual([1, 0, 0, 1]);
    const compiled = gf.stats().pipelinesCompiled;
    expect(await go(3, [3, 6, 9, 12, 5])).toEqual([1, 1, 1, 1]);
    expect(gf.stats().pipelinesCompiled).toBe(compiled);
  });
});
