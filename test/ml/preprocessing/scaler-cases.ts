// The cases every scaler test runs (StandardScaler, MinMaxScaler, RobustScaler): scikit-learn
// goldens, CPU/WebGPU agreement bit for bit (also past one storage binding), edge shapes, every
// input kind with the output kind it gives, toJSON round trips and bad input.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import * as arrow from 'apache-arrow';
import { hasGpu, rng } from '../../helpers/parity.js';
import { withBindingCap } from '../../helpers/binding-cap.js';
import type { MatrixInput } from '../../../ml/matrix-input.js';
import { dataset, expectClose, golden, rowsOf, toRows } from './fixtures.js';

/** What the suite needs of a scaler. */
export interface Scaler {
  fit(X: MatrixInput, columns?: readonly string[]): Promise<unknown>;
  transform(X: MatrixInput, columns?: readonly string[]): Promise<gf.DataFrame | gf.DataBuffer[]>;
  inverseTransform(X: MatrixInput, columns?: readonly string[]): Promise<gf.DataFrame | gf.DataBuffer[]>;
  fitTransform(X: MatrixInput, columns?: readonly string[]): Promise<gf.DataFrame | gf.DataBuffer[]>;
  toJSON(): unknown;
  dispose(): void;
}

const camel = (k: string) => k.replace(/_$/, '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The columns of a transform's output as host arrays. */
export async function columnsOf(out: gf.DataFrame | gf.DataBuffer[]): Promise<Float64Array[]> {
  if (Array.isArray(out)) return Promise.all(out.map(async (b) => (await b.toArray()) as Float64Array));
  return Promise.all(out.names.map(async (n) => (await out.column(n).data.toArray()) as Float64Array));
}

/** Random columns; column 1 is constant (0.7) when d > 1. */
export function randomColumns(n: number, d: number, seed: number): Float64Array[] {
  const r = rng(seed);
  return Array.from({ length: d }, (_, j) => Float64Array.from({ length: n }, () => (j === 1 ? 0.7 : (r() - 0.3) * 10 ** (j % 4))));
}

export function scalerSuite(name: string, make: (opts?: object) => Scaler, attrs: readonly string[], variants: readonly object[]): void {
  const attrOf = (s: Scaler, a: string) => (s as unknown as Record<string, unknown>)[a];
  const fitOn = async (backend: gf.BackendName, cols: Float64Array[], opts?: object) => {
    const s = make(opts);
    return gf.withBackendAsync(backend, async () => {
      await s.fit(cols.map((c) => gf.array(c)));
      const out = await columnsOf(await s.transform(cols.map((c) => gf.array(c))));
      const back = await columnsOf(await s.inverseTransform(out.map((c) => gf.array(c))));
      return { attrs: attrs.map((a) => attrOf(s, a)), out, back };
    });
  };

  describe(`${name}: scikit-learn 1.2 goldens`, () => {
    for (const c of golden(name).cases) {
      it(`${c.id}`, async () => {
        const ds = dataset(c.dataset);
        const opts = Object.fromEntries(Object.entries(c.params as Record<string, unknown>).filter(([k]) => k !== 'copy').map(([k, v]) => [camel(k), v]));
        const s = make(opts);
        const df = new gf.DataFrame(ds.names.map((nm, j) => [nm, gf.array(ds.features[j]!)] as const));
        await s.fit(df);
        for (const [k, v] of Object.entries(c.fitted as Record<string, unknown>)) {
          const got = attrOf(s, camel(k));
          if (typeof v === 'number') expect(got).toBe(v);
          else expectClose(got as Float64Array, v as number[], 1e-10, k);
        }
        const rows = rowsOf(ds.features, c.rows);
        const out = await columnsOf(await s.transform(rows));
        expectClose(toRows(out).flat(), (c.transform as number[][]).flat(), 1e-10, 'transform');
        const back = await columnsOf(await s.inverseTransform(out));
        expectClose(toRows(back).flat(), toRows(rows).flat(), 1e-10, 'inverseTransform');
      });
    }
  });

  describe(`${name}: backends and shapes`, () => {
    it.skipIf(!hasGpu())('gives the same bits on CPU and WebGPU (constant column included), also past one storage binding', async () => {
      const cols = randomColumns(3001, 3, 5);
      for (const opts of variants) {
        const cpu = await fitOn('cpu', cols, opts);
        expect(await fitOn('webgpu', cols, opts)).toEqual(cpu);
      }
      const big = randomColumns(20_011, 3, 6);
      const full = await fitOn('cpu', big);
      await withBindingCap(async () => {
        expect(await fitOn('webgpu', big)).toEqual(full);
      });
    });

    it('handles d = 1, a single row (n < d), constant columns and 1e5 rows on the CPU', async () => {
      const one = await fitOn('cpu', [Float64Array.from([3, 1, 2, 5])]);
      expect(one.out).toHaveLength(1);
      expectClose(one.back[0]!, [3, 1, 2, 5], 1e-14, 'd = 1 round trip');
      const single = await fitOn('cpu', [new Float64Array([4]), new Float64Array([-2]), new Float64Array([0])]);
      single.out.forEach((c) => expect(Number.isFinite(c[0]!)).toBe(true));
      expect(single.back.map((c) => c[0])).toEqual([4, -2, 0]);
      const cols = randomColumns(100_000, 4, 7);
      const big = await fitOn('cpu', cols);
      expect(big.out[1]!.every((v) => v === big.out[1]![0])).toBe(true); // the constant column maps to one value
      big.back.forEach((c, j) => expectClose(c, cols[j]!, 1e-12, `1e5 round trip ${j}`));
    });
  });

  describe(`${name}: inputs, outputs and persistence`, () => {
    const a = Float64Array.from([1, 4, 2, 8, 5]);
    const b = Int32Array.from([3, 3, 9, 0, 1]);
    it('gives a frame for frame-kind input and buffers for array-kind input, named as the input', async () => {
      const df = new gf.DataFrame({ a: gf.array(a), b: gf.array(b), s: gf.Column.from(['x', 'y', 'z', 'x', 'y']) });
      const ref = await columnsOf(await make().fitTransform(df, ['a', 'b']));
      const kinds: Array<[MatrixInput, readonly string[] | undefined, boolean]> = [
        [df, ['a', 'b'], true],
        [{ frame: df, columns: ['a', 'b'] }, undefined, true],
        [[df.column('a'), df.column('b')], undefined, true],
        [arrow.tableFromArrays({ a, b }), undefined, true],
        [[gf.array(a), gf.array(b)], undefined, false],
        [[a, b], undefined, false],
        [toRows([a, b]), undefined, false],
      ];
      for (const [X, names, frame] of kinds) {
        const out = await make().fitTransform(X, names);
        expect(out instanceof gf.DataFrame).toBe(frame);
        if (out instanceof gf.DataFrame && names) expect(out.names).toEqual(['a', 'b']);
        expect(await columnsOf(out)).toEqual(ref);
      }
    });

    it('round-trips through toJSON / fromJSON and transforms the same', async () => {
      const s = make(variants[variants.length - 1]);
      await s.fit([a, Float64Array.from(b)]);
      const again = (s.constructor as unknown as { fromJSON(t: string): Scaler }).fromJSON(JSON.stringify(s));
      expect(await columnsOf(await again.transform([a, a]))).toEqual(await columnsOf(await s.transform([a, a])));
      for (const k of attrs) expect(attrOf(again, k)).toEqual(attrOf(s, k));
    });

    it('refuses bad input with typed errors naming the column or option', async () => {
      await expect(make().fit({ frame: new gf.DataFrame({ a: gf.array(a), z: gf.array(Float64Array.from([1, NaN, 2, 3, 4])) }), columns: ['a', 'z'] })).rejects.toThrow(/'z'.*NaN/);
      await expect(make().fit([a, Float64Array.from([1, 2, Infinity, 3, 4])])).rejects.toThrow(/X\[1\]/);
      const withNull = gf.Column.from(Float64Array.from([1, 0, 3, 4, 5]), Uint8Array.of(0b11101));
      await expect(make().fit(new gf.DataFrame({ n: withNull }))).rejects.toThrow(/'n'.*null/);
      await expect(make().fit(new gf.DataFrame({ s: gf.Column.from(['p', 'q']) }))).rejects.toThrow(gf.DTypeError);
      await expect(make().fit(new gf.DataFrame({ s: gf.Column.from(['p', 'q']) }))).rejects.toThrow(/utf8/);
      await expect(make().transform([a])).rejects.toThrow(gf.NotFittedError);
      expect(() => make({ with_mean: true })).toThrow(gf.ValueError);
      expect(() => make({ bogus: 1 })).toThrow(/unknown option 'bogus'/);
      const s = make();
      await s.fit([a, a]);
      await expect(s.transform([a])).rejects.toThrow(gf.ShapeError);
      await expect(make().fit([new Float64Array(0)])).rejects.toThrow(/0 rows/);
    });
  });
}
