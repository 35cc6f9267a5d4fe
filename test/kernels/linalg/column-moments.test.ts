// 'linalg/column-moments': the statistics of 'linalg/moments' and the flags of 'linalg/pack'
// straight from the columns. Exact on both backends and against pack then moments (the CPU
// twins, each checked against its own oracle): float32 and float64 columns, sizes around the
// block and the four-block stride, NaN/±Inf/±0, Inf without NaN, nulls, n = 0, windows.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu, isValid, parity, randomArray, randomValidity, SIZES } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import { run } from '../../../kernels/registry.js';
import { linalgColumnMoments } from '../../../kernels/linalg/column-moments.js';
import { momentsCpu } from '../../../kernels/linalg/moments.js';
import { packCpu } from '../../../kernels/linalg/pack.js';

type Col = Float64Array | Float32Array;

function oracle(cols: Col[], valid: Array<Uint8Array | undefined>, range: boolean): [Float64Array, Uint32Array] {
  const p = packCpu(cols.map((c) => gf.array(c)), valid.map((v) => (v ? gf.array(v, 'uint8') : undefined)));
  const s = momentsCpu(p.matrix, { range });
  return [(s.hostView('test') as Float64Array).slice(), (p.flags.hostView('test') as Uint32Array).slice()];
}

async function check(cols: Col[], valid: Array<Uint8Array | undefined>, what: string): Promise<Array<[Float64Array, Uint32Array]>> {
  const out: Array<[Float64Array, Uint32Array]> = [];
  for (const range of [false, true]) {
    const r = await parity(
      () => {
        const { stats, flags } = run(linalgColumnMoments, cols.map((c) => gf.array(c)), valid.map((v) => (v ? gf.array(v, 'uint8') : undefined)), range ? { range } : undefined);
        return [stats, flags];
      },
      { oracle: oracle(cols, valid, range), what: `${what} range=${range}` },
    );
    out.push(r as [Float64Array, Uint32Array]);
  }
  return out;
}

const none = (d: number) => Array.from({ length: d }, () => undefined);

describe('linalg/column-moments', () => {
  it('equals pack then moments for float64 and float32 columns at every size', async () => {
    for (const n of [...SIZES, 1023, 1024, 1025, 2 * 1024 + 300, 20_000]) {
      for (const d of [1, 3]) {
        const cols = Array.from({ length: d }, (_, j) => randomArray(j % 2 ? 'float32' : 'float64', n, 7 * n + j, { specialRate: 0 }) as Col);
        const [[s, f]] = await check(cols, none(d), `n=${n} d=${d}`);
        expect([...f!]).toEqual(new Array(d).fill(0));
        if (n === 0) expect(s!.every(Number.isNaN)).toBe(true);
      }
    }
  });

  it('flags NaN and ±Inf per column and carries them as moments does', async () => {
    for (const n of [1, 257, 4099]) {
      const cols = [0, 1, 2].map((j) => randomArray(j === 1 ? 'float32' : 'float64', n, 3 * n + j, { specialRate: 0.1 }) as Col);
      await check(cols, none(3), `specials n=${n}`);
    }
    const infOnly = new Float64Array([1, Infinity, 3, 4]);
    const infBoth = new Float64Array([-Infinity, 2, Infinity, 0]);
    const nanLate = new Float64Array(3000).map((_, i) => (i === 2999 ? NaN : i));
    const zeros = new Float64Array([-0, 0, -0, 0]);
    const [, [s, f]] = await check([infOnly, infBoth, new Float64Array(4).fill(2), zeros], none(4), 'inf');
    expect([...f!]).toEqual([1, 1, 0, 0]);
    expect([s![0], s![8], s![12]]).toEqual([Infinity, 1, Infinity]);
    expect(Object.is(s![12 + 3], -0) && Object.is(s![8 + 3], -0)).toBe(true);
    const [[m, g]] = await check([nanLate], [undefined], 'late NaN');
    expect(Number.isNaN(m![0]) && g![0] === 1).toBe(true);
  });

  it('flags nulls (statistics NaN, as packed) at rates 0, 0.1 and 1', async () => {
    for (const rate of [0, 0.1, 1]) {
      for (const n of [1, 257, 3001]) {
        const cols = [randomArray('float32', n, n, { specialRate: 0 }) as Col, randomArray('float64', n, n + 1, { specialRate: 0 }) as Col];
        const v = randomValidity(n, rate, 5 * n);
        const [, [s, f]] = await check(cols, [undefined, v], `nulls ${rate} n=${n}`);
        const nulls = Array.from({ length: n }, (_, i) => isValid(v, i)).includes(false);
        if (rate === 1 || (rate > 0 && n > 100)) expect(nulls).toBe(true);
        expect([...f!]).toEqual([0, nulls ? 2 : 0]);
        expect(Number.isNaN(s![1])).toBe(nulls);
      }
    }
    const n = 5000;
    const v = randomValidity(n, 0, 1);
    v[(n - 1) >> 3]! &= ~(1 << ((n - 1) & 7)); // the last slot only
    const [[, f]] = await check([randomArray('float64', n, 2, { specialRate: 0 }) as Col], [v], 'last null');
    expect(f![0]).toBe(2);
  });

  it.skipIf(!hasGpu())('gives the same statistics when the binding cap forces many windows', async () => {
    await withBindingCap(async () => {
      const n = 20_011;
      await check([randomArray('float32', n, 3, { specialRate: 0 }) as Col, randomArray('float64', n, 4, { specialRate: 0 }) as Col], none(2), 'windows');
    });
  });
});
