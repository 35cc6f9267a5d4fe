// 'join/match' (kernels/join/match.ts): the output rows of an equi-join. The WebGPU body
// (sorted key ids, bounds, expand) and the CPU body (hashed or direct ids, or a direct
// look-up table) give the same rows in the same order, and both match a nested-loop
// reference: probe rows in order, each probe row's matches in build row order, NONE for a
// missing side, an outer join's unmatched right rows appended in order; NaN == NaN,
// -0 == +0, a null key matches nothing.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import type { TypedArray } from 'gpuframe';
import { isValid, parity, randomArray, randomValidity, SIZES } from '../../helpers/parity.js';

const NONE = 0xffffffff;
type Side = { keys: TypedArray[]; bits: Array<Uint8Array | undefined> };
const HOWS = ['inner', 'left', 'right', 'outer', 'semi', 'anti'] as const;

function eq(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'number' && Number.isNaN(a)) return typeof b === 'number' && Number.isNaN(b);
  return a === b; // -0 === +0
}

function matches(L: Side, R: Side, i: number, j: number): boolean {
  return L.keys.every((k, c) => isValid(L.bits[c], i) && isValid(R.bits[c], j) && eq(k[i]!, R.keys[c]![j]!));
}

function reference(L: Side, R: Side, how: (typeof HOWS)[number]): TypedArray[] {
  const nl = L.keys[0]!.length, nr = R.keys[0]!.length;
  const left: number[] = [], right: number[] = [];
  if (how === 'semi' || how === 'anti') {
    for (let i = 0; i < nl; i++) {
      let any = false;
      for (let j = 0; j < nr && !any; j++) any = matches(L, R, i, j);
      if (any === (how === 'semi')) left.push(i);
    }
    return [Uint32Array.from(left)];
  }
  const swap = how === 'right';
  const [np, nb] = swap ? [nr, nl] : [nl, nr];
  for (let p = 0; p < np; p++) {
    let any = false;
    for (let b = 0; b < nb; b++) {
      if (!(swap ? matches(L, R, b, p) : matches(L, R, p, b))) continue;
      any = true;
      left.push(swap ? b : p);
      right.push(swap ? p : b);
    }
    if (!any && how !== 'inner') {
      left.push(swap ? NONE : p);
      right.push(swap ? p : NONE);
    }
  }
  if (how === 'outer') {
    for (let j = 0; j < nr; j++) {
      let any = false;
      for (let i = 0; i < nl && !any; i++) any = matches(L, R, i, j);
      if (!any) {
        left.push(NONE);
        right.push(j);
      }
    }
  }
  return [Uint32Array.from(left), Uint32Array.from(right)];
}

async function check(L: Side, R: Side, what: string) {
  for (const how of HOWS) {
    await parity(async () => {
      const pairs = L.keys.map((k, c) => ({
        ld: gf.array(k),
        rd: gf.array(R.keys[c]!),
        lv: L.bits[c] && gf.array(L.bits[c]!, 'uint8'),
        rv: R.bits[c] && gf.array(R.bits[c]!, 'uint8'),
      }));
      const m = await gf.kernels.joinMatch(pairs, L.keys[0]!.length, how);
      return m.right ? [m.left, m.right] : [m.left];
    }, { oracle: reference(L, R, how), what: `join/match ${how} ${what}` });
  }
}

const side = (keys: TypedArray[], bits: Array<Uint8Array | undefined> = []): Side => ({ keys, bits: keys.map((_, i) => bits[i]) });

describe('join/match', () => {
  it('one int32 key: unique build keys in a small range (direct table), repeated keys, nulls', async () => {
    for (const n of SIZES.filter((s) => s < 2000)) {
      const m = Math.max(1, n >> 1);
      const unique = Int32Array.from({ length: m }, (_, i) => (i * 7) % (m + 3));
      await check(side([randomArray('int32', n, n + 1, { distinct: m + 5 })], [randomValidity(n, 0.1, n)]), side([unique]), `unique n=${n}`);
      await check(side([randomArray('int32', n, n + 2, { distinct: 9 })]), side([randomArray('int32', m, n + 3, { distinct: 9 })], [randomValidity(m, 0.2, n + 4)]), `repeated n=${n}`);
    }
  });

  it('float64 keys with NaN, -0/+0 and nulls; int64 x uint32 key pairs; empty sides', async () => {
    const f = (n: number, s: number) => {
      const a = randomArray('float64', n, s, { distinct: 6 }) as Float64Array;
      for (let i = 0; i < n; i += 5) a[i] = [NaN, -0, 0][i % 3]!;
      return a;
    };
    await check(side([f(300, 1)], [randomValidity(300, 0.1, 2)]), side([f(200, 3)], [randomValidity(200, 0.1, 4)]), 'float64');
    await check(side([randomArray('int64', 257, 5, { distinct: 5 }), randomArray('uint32', 257, 6, { distinct: 3 })]), side([randomArray('int64', 100, 7, { distinct: 5 }), randomArray('uint32', 100, 8, { distinct: 3 })]), 'two keys');
    await check(side([new Int32Array(0)]), side([new Int32Array([1, 2])]), 'empty left');
    await check(side([new Int32Array([1, 2])]), side([new Int32Array(0)]), 'empty right');
  });

  it('rejects an unknown kind and mismatched key dtypes', () => {
    const k = { ld: gf.array(new Int32Array(1)), rd: gf.array(new Int32Array(1)) };
    expect(() => gf.kernels.joinMatch([k], 1, 'cross' as never)).toThrow(gf.ValueError);
    expect(() => gf.kernels.joinMatch([{ ld: k.ld, rd: gf.array(new Float64Array(1)) }], 1, 'inner')).toThrow(/one dtype/);
  });
});
