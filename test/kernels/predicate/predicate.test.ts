import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

import { SIZES, parity, randomArray, randomValidity, isValid, rng, hasGpu } from '../../helpers/parity.js';
import { normalizeLiteral, normalizeString } from '../../../kernels/predicate/literal.js';
import { predicate, type PNode, type PredicateInput } from '../../../kernels/predicate/predicate.js';

type Row = number | bigint | null;
const toRows = (a: ArrayLike<number | bigint>, bits?: Uint8Array): Row[] => Array.from({ length: a.length }, (_, i) => (isValid(bits, i) ? a[i]! : null));

// An independent row-at-a-time oracle with Kleene nulls (null = undefined truth value).
// Polars' order: NaN equals NaN and is greater than every number (+Inf included); -0 == +0.
function cmp(op: string, x: Row, y: Row): boolean | null {
  if (x === null || y === null) return null;
  const xn = typeof x === 'number' && Number.isNaN(x), yn = typeof y === 'number' && Number.isNaN(y);
  const c = xn || yn ? (xn && yn ? 0 : xn ? 1 : -1) : x < y ? -1 : x > y ? 1 : 0;
  return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[op]!;
}
const and = (a: boolean | null, b: boolean | null) => (a === false || b === false ? false : a === null || b === null ? null : true);
const or = (a: boolean | null, b: boolean | null) => (a === true || b === true ? true : a === null || b === null ? null : false);

describe('predicate/fused', () => {
  const dtypes = ['float64', 'int64', 'int32', 'float32', 'uint32', 'uint64'] as const;
  for (const dtype of dtypes) {
    it(`(a > lit AND b <= a) OR (NOT c IS NULL AND c != lit) on ${dtype} matches an oracle and both backends`, async () => {
      for (const n of SIZES) {
        for (const nullRate of [0, 0.1, 1]) {
          const a = randomArray(dtype, n, n + 1, { distinct: 9 });
          const b = randomArray(dtype, n, n + 2, { distinct: 9 });
          if (dtype.startsWith('float')) {
            // NaN, ±0 and ±Inf on both sides of the column-column comparison.
            const special = [NaN, -0, 0, Infinity, -Infinity];
            for (let i = 0; i < n; i += 3) (a as Float64Array)[i] = special[i % 5]!;
            for (let i = 0; i < n; i += 4) (b as Float64Array)[i] = special[(i >> 2) % 5]!;
          }
          const c = randomArray(dtype, n, n + 3);
          const va = nullRate > 0 ? randomValidity(n, nullRate, n + 4) : undefined;
          const vc = randomValidity(n, nullRate, n + 5);
          const lit = dtype.includes('64') && dtype !== 'float64' ? 0n : 0;
          const inputs = (): PredicateInput[] => [
            { data: gf.array(a), validity: va ? gf.array(va, 'uint8') : undefined },
            { data: gf.array(b) },
            { data: gf.array(c), validity: gf.array(vc, 'uint8') },
          ];
          const tree: PNode = {
            k: 'or',
            l: { k: 'and', l: { k: 'cmpLit', input: 0, op: 'gt', value: lit }, r: { k: 'cmpCol', a: 1, b: 0, op: 'le' } },
            r: { k: 'and', l: { k: 'not', a: { k: 'isNull', a: { k: 'bool', input: 2 } } }, r: { k: 'cmpLit', input: 2, op: 'ne', value: lit } },
          };
          // 'bool' over a numeric input is not meaningful; use a null test on the comparison instead.
          (tree as { r: { l: { a: PNode } } }).r.l.a = { k: 'isNull', a: { k: 'cmpLit', input: 2, op: 'eq', value: lit } };
          const A = toRows(a, va), B = toRows(b), C = toRows(c, vc);
          const oracle = new Uint8Array(n);
          for (let i = 0; i < n; i++) {
            const left = and(cmp('gt', A[i]!, lit), cmp('le', B[i]!, A[i]!));
            const right = and(C[i] !== null, cmp('ne', C[i]!, lit));
            oracle[i] = or(left, right) === true ? 1 : 0;
          }
          await parity(() => predicate(tree, inputs(), n), { oracle: [oracle], what: `${dtype} n=${n} nulls=${nullRate}` });
        }
      }
    });
  }

  it('bool columns, constants and Kleene NOT of null', async () => {
    const flags = new Uint8Array([1, 0, 1, 0, 1]);
    const bits = new Uint8Array([0b01011]); // row 2 and row 4 null
    const mk = (): PredicateInput[] => [{ data: gf.array(flags, 'bool'), validity: gf.array(bits, 'uint8') }];
    const [m1] = await parity(() => predicate({ k: 'bool', input: 0 }, mk(), 5));
    expect([...m1!]).toEqual([1, 0, 0, 0, 0]);
    const [m2] = await parity(() => predicate({ k: 'not', a: { k: 'bool', input: 0 } }, mk(), 5));
    expect([...m2!]).toEqual([0, 1, 0, 1, 0]);
    const [m3] = await parity(() => predicate({ k: 'or', l: { k: 'bool', input: 0 }, r: { k: 'const', value: true, inputs: [] } }, mk(), 5));
    expect([...m3!]).toEqual([1, 1, 1, 1, 1]);
    const [m4] = await parity(() => predicate({ k: 'and', l: { k: 'bool', input: 0 }, r: { k: 'const', value: false, inputs: [] } }, mk(), 5));
    expect([...m4!]).toEqual([0, 0, 0, 0, 0]);
  });

  it('changing a literal reuses the compiled pipeline (literals are uniforms)', async () => {
    if (!hasGpu()) return;
    const x = gf.array(new Float64Array([1, 2, 3, 4]));
    const run = async (v: number) => [...(await gf.withBackend('webgpu', () => predicate({ k: 'cmpLit', input: 0, op: 'gt', value: v }, [{ data: x }], 4)).toArray())];
    expect(await run(1.5)).toEqual([0, 1, 1, 1]);
    const compiled = gf.stats().pipelinesCompiled;
    expect(await run(3.5)).toEqual([0, 0, 0, 1]);
    expect(gf.stats().pipelinesCompiled).toBe(compiled);
  });
});

describe('literal normalisation is exact', () => {
  const r = rng(9);
  it('int32 and float32 columns against non-representable literals agree with exact JS comparisons', async () => {
    const ints = new Int32Array(2000).map(() => Math.floor((r() - 0.5) * 20));
    const floats = new Float32Array(2000).map(() => Math.fround((r() - 0.5) * 2));
    floats.set([NaN, -0, 0, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, NaN]);
    for (const [data, lits] of [
      [ints, [2.5, -3.5, 3, -1e10, 1e10, 2 ** 31, -(2 ** 31) - 0.5, Infinity, -Infinity, NaN]],
      [floats, [0.1, -0.1, 1 / 3, 1e-50, -1e-50, 1e39, -1e39, 0, -0, Infinity, -Infinity, 3.4028234663852886e38, NaN]],
    ] as const) {
      for (const lit of lits) {
        for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
          const dtype = data instanceof Int32Array ? 'int32' : 'float32';
          const norm = normalizeLiteral(dtype, op, lit);
          const tree: PNode = 'constant' in norm ? { k: 'const', value: norm.constant, inputs: [0] } : { k: 'cmpLit', input: 0, op: norm.op, value: norm.value };
          const oracle = Uint8Array.from(data as ArrayLike<number>, (x) => (cmp(op, x, lit) ? 1 : 0));
          await parity(() => predicate(tree, [{ data: gf.array(data) }], data.length), { oracle: [oracle], what: `${dtype} ${op} ${lit}` });
        }
      }
    }
  });

  it('int64 columns compare exactly beyond 2^53', async () => {
    const big = 2n ** 53n;
    const data = new BigInt64Array([big, big + 1n, big + 2n, -big - 1n, 2n ** 63n - 1n, -(2n ** 63n)]);
    const norm = normalizeLiteral('int64', 'gt', big);
    expect(norm).toEqual({ op: 'ge', value: big + 1n });
    const [m] = await parity(() => predicate({ k: 'cmpLit', input: 0, op: 'ge', value: big + 1n }, [{ data: gf.array(data) }], data.length));
    expect([...m!]).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it('strings compare through the sorted dictionary', () => {
    const dict = ['apple', 'kiwi', 'pear'];
    expect(normalizeString(dict, 'eq', 'kiwi')).toEqual({ op: 'eq', value: 1 });
    expect(normalizeString(dict, 'eq', 'fig')).toEqual({ constant: false });
    expect(normalizeString(dict, 'gt', 'fig')).toEqual({ op: 'ge', value: 1 });
    expect(normalizeString(dict, 'lt', 'kiwi')).toEqual({ op: 'le', value: 0 });
    expect(normalizeString(dict, 'lt', 'apple')).toEqual({ constant: false });
    expect(normalizeString(dict, 'ge', 'zebra')).toEqual({ constant: false });
  });
});
