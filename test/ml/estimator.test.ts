// The estimator contract (ml/estimator.ts, persist.ts, matrix-input.ts, output.ts) on a
// minimal estimator defined here: option checks, params, clone, JSON, NotFittedError, and
// every input kind with its output kind, on the active backend.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { Estimator, estimatorFromJSON, is, registerEstimator, type ParamSpecs } from '../../ml/estimator.js';
import { decodeJSON, encodeJSON } from '../../ml/persist.js';
import { resolveInput, resolveVector, type MatrixInput } from '../../ml/matrix-input.js';
import { outputMatrix, outputVector } from '../../ml/output.js';
import * as arrow from 'apache-arrow';

interface ShiftOptions {
  by?: number;
  mode?: 'add' | 'sub';
  nIter?: number;
}
const SPECS: ParamSpecs<ShiftOptions> = {
  by: { default: 1, check: is.finite },
  mode: { default: 'add', check: is.oneOf('add', 'sub') },
  nIter: { default: 10, check: is.positiveInt },
};

/** A toy estimator: fit stores the feature count and a typed array; transform returns the inputs. */
class Shift extends Estimator<ShiftOptions, { d: number; w: Float64Array }> {
  static override readonly estimatorName = 'TestShift';
  constructor(options?: ShiftOptions) {
    super(SPECS, options);
  }
  async fit(X: MatrixInput, columns?: readonly string[]): Promise<this> {
    const m = await resolveInput(`${this.name}.fit`, X, columns);
    this.fitted = { d: m.d, w: new Float64Array([this.params.by, NaN, -0, Infinity]) };
    m.release();
    return this;
  }
  get w(): Float64Array {
    return this.state('w').w;
  }
}
registerEstimator(Shift);

describe('options', () => {
  it('fills defaults and keeps given values', () => {
    expect(new Shift().getParams()).toEqual({ by: 1, mode: 'add', nIter: 10 });
    expect(new Shift({ by: 2.5, mode: 'sub' }).getParams()).toEqual({ by: 2.5, mode: 'sub', nIter: 10 });
  });
  it('refuses an unknown key, listing the valid ones', () => {
    expect(() => new Shift({ bogus: 1 } as ShiftOptions)).toThrow(gf.ValueError);
    expect(() => new Shift({ bogus: 1 } as ShiftOptions)).toThrow(/'by', 'mode', 'nIter'.*unknown option 'bogus'/);
  });
  it('hints the camelCase spelling of a snake_case key', () => {
    expect(() => new Shift({ n_iter: 3 } as ShiftOptions)).toThrow(/unknown option 'n_iter' \(did you mean 'nIter'\?/);
  });
  it('refuses bad values, naming the option', () => {
    expect(() => new Shift({ nIter: 0 })).toThrow(/option 'nIter' as an integer >= 1, got 0/);
    expect(() => new Shift({ mode: 'mul' as 'add' })).toThrow(/option 'mode' as one of 'add', 'sub', got 'mul'/);
    expect(() => new Shift({ by: NaN })).toThrow(/option 'by' as a finite number, got NaN/);
    expect(() => new Shift(42 as never)).toThrow(/expected an options object, got number/);
  });
  it('setParams validates and merges; clone copies options, not the fit', async () => {
    const s = new Shift({ by: 3 });
    expect(s.setParams({ nIter: 4 }).getParams()).toEqual({ by: 3, mode: 'add', nIter: 4 });
    expect(() => s.setParams({ nIter: -1 })).toThrow(gf.ValueError);
    expect(s.getParams().nIter).toBe(4);
    await s.fit([new Float64Array([1, 2])]);
    const c = s.clone();
    expect(c).toBeInstanceOf(Shift);
    expect(c.getParams()).toEqual(s.getParams());
    expect(c.isFitted).toBe(false);
    expect(s.isFitted).toBe(true);
  });
});

describe('fitted state', () => {
  it('throws NotFittedError (a ValueError) before fit', () => {
    const s = new Shift();
    expect(() => s.w).toThrow(gf.NotFittedError);
    expect(() => s.w).toThrow(gf.ValueError);
    expect(() => s.w).toThrow(/TestShift\.w: expected a fitted estimator/);
  });
  it('round-trips options and state through JSON text exactly (NaN, -0, Inf, typed arrays)', async () => {
    const s = await new Shift({ by: 0.1 + 0.2, mode: 'sub' }).fit([new Float64Array([1, 2, 3])]);
    const text = JSON.stringify(s);
    const back = Shift.fromJSON(text);
    expect(back.getParams()).toEqual(s.getParams());
    expect(back.w).toBeInstanceOf(Float64Array);
    expect(Array.from(back.w)).toEqual([0.30000000000000004, NaN, -0, Infinity]);
    expect(Object.is(back.w[2], -0)).toBe(true);
    const any = estimatorFromJSON(JSON.parse(text));
    expect(any).toBeInstanceOf(Shift);
    expect(new Shift().toJSON().state).toBeNull();
  });
  it('rebuilds a public estimator through gf.estimatorFromJSON, fitted state included', async () => {
    const scaler = await new gf.StandardScaler().fit([new Float64Array([1, 2, 4])]);
    const back = gf.estimatorFromJSON(JSON.stringify(scaler)) as gf.StandardScaler;
    expect(back).toBeInstanceOf(gf.StandardScaler);
    expect(Array.from(back.mean!)).toEqual([7 / 3]);
    expect(() => gf.KMeans.fromJSON(JSON.stringify(scaler))).toThrow(/expected a saved KMeans, got a saved StandardScaler/);
  });
  it('refuses JSON of another class or format', async () => {
    const s = await new Shift().fit([new Float64Array([1])]);
    const j = s.toJSON();
    expect(() => estimatorFromJSON({ ...j, estimator: 'Nope' })).toThrow(/expected an estimator among .*TestShift.*got 'Nope'/);
    expect(() => estimatorFromJSON('{not json')).toThrow(/expected JSON text/);
    expect(() => estimatorFromJSON({ format: 'x' } as never)).toThrow(/format 'gpuframe.estimator'/);
  });
  it('encodes bigints and refuses non-plain data with its path', () => {
    expect(decodeJSON(encodeJSON({ a: [1n, new BigInt64Array([-(2n ** 63n)])] }, 'op'))).toEqual({ a: [1n, new BigInt64Array([-(2n ** 63n)])] });
    expect(() => encodeJSON({ a: { b: gf.array(new Float64Array(1)) } }, 'op')).toThrow(/op: expected plain data at \$\.a\.b/);
  });
});

describe('input kinds', () => {
  const a = new Float64Array([1, 2, 3]);
  const b = new Float32Array([4, 5, 6]);
  const df = new gf.DataFrame({ a, b, i: new Int32Array([7, 8, 9]), s: gf.Column.from(['x', 'y', 'z']), big: new BigInt64Array(3) });

  async function features(X: MatrixInput, columns?: readonly string[]) {
    const m = await resolveInput('T.fit', X, columns);
    const values = await Promise.all(m.cols.map(async (c) => Array.from(await c.toArray(), Number)));
    m.release();
    return { kind: m.kind, names: m.names, n: m.n, d: m.d, values };
  }

  it('takes a frame with names, { frame, columns }, Columns and an Arrow Table as the frame kind', async () => {
    const want = { kind: 'frame', n: 3, d: 3, values: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] };
    expect(await features(df, ['a', 'b', 'i'])).toEqual({ ...want, names: ['a', 'b', 'i'] });
    expect(await features({ frame: df, columns: ['a', 'b', 'i'] })).toEqual({ ...want, names: ['a', 'b', 'i'] });
    expect(await features([df.column('a'), df.column('b'), df.column('i')])).toEqual({ ...want, names: ['x0', 'x1', 'x2'] });
    const t = arrow.tableFromArrays({ a, i: new Int32Array([7, 8, 9]) });
    expect(await features(t)).toEqual({ kind: 'frame', names: ['a', 'i'], n: 3, d: 2, values: [[1, 2, 3], [7, 8, 9]] });
  });
  it('takes DataBuffers, typed arrays and number[][] as the array kind', async () => {
    const want = { kind: 'array', n: 3, d: 2, values: [[1, 2, 3], [4, 5, 6]], names: ['X[0]', 'X[1]'] };
    expect(await features([gf.array(a), gf.array(b)])).toEqual(want);
    expect(await features([a, b])).toEqual(want);
    expect(await features([[1, 4], [2, 5], [3, 6]])).toEqual(want);
    expect(await features([new Uint8Array([1, 2, 3]), new Int16Array([4, 5, 6])])).toEqual(want);
  });
  it('binds float columns without a copy', async () => {
    const m = await resolveInput('T.fit', df, ['a']);
    expect(m.cols[0]).toBe(df.column('a').data);
    m.release();
    expect(df.column('a').data.isDisposed).toBe(false);
  });
  it('refuses bad X with typed errors naming the column', async () => {
    await expect(resolveInput('T.fit', df, ['s'])).rejects.toThrow(gf.DTypeError);
    await expect(resolveInput('T.fit', df, ['s'])).rejects.toThrow(/column 's' as a numeric column, got utf8 \(encode it first/);
    await expect(resolveInput('T.fit', df, ['big'])).rejects.toThrow(/column 'big' .*got int64/);
    await expect(resolveInput('T.fit', df, ['nope'])).rejects.toThrow(gf.ColumnNotFoundError);
    await expect(resolveInput('T.fit', [[1, 2], [3]])).rejects.toThrow(/every row of X with 2 values .*got 1 in X\[1\]/);
    await expect(resolveInput('T.fit', [a, new Float64Array(2)])).rejects.toThrow(gf.ShapeError);
    await expect(resolveInput('T.fit', [])).rejects.toThrow(/at least one feature column/);
    await expect(resolveInput('T.fit', 'x' as never)).rejects.toThrow(gf.ValueError);
    await expect(resolveInput('T.fit', [a], ['a'])).rejects.toThrow(/column names without a frame/);
    await expect(resolveInput('T.fit', [['1', 2]] as never)).rejects.toThrow(/numbers in X, got string at X\[0\]\[0\]/);
  });
  it('resolves y by name, Column, buffer, typed array or number[], checking its length', async () => {
    for (const y of ['i', df.column('i'), gf.array(new Int32Array([7, 8, 9])), new Float64Array([7, 8, 9]), [7, 8, 9]]) {
      const v = await resolveVector('T.fit', 'y', df, y, 3);
      expect(Array.from(await v.data.toArray(), Number)).toEqual([7, 8, 9]);
      expect(['float64', 'float32']).toContain(v.data.dtype);
      v.release();
    }
    await expect(resolveVector('T.fit', 'y', df, [1, 2], 3)).rejects.toThrow(/y of length 3 \(the number of samples\), got 2/);
    await expect(resolveVector('T.fit', 'y', undefined, 'i', 3)).rejects.toThrow(/needs X as a DataFrame/);
    await expect(resolveVector('T.fit', 'y', df, 's', 3)).rejects.toThrow(/got utf8/);
  });
  it('gives outputs in the input kind', async () => {
    const buf = gf.array(new Float64Array([1, 2]));
    expect(outputVector('array', buf)).toBe(buf);
    const c = outputVector('frame', buf) as gf.Column;
    expect(c).toBeInstanceOf(gf.Column);
    expect(c.data).toBe(buf);
    const f = outputMatrix('frame', [buf, buf], ['p0', 'p1']) as gf.DataFrame;
    expect(f.names).toEqual(['p0', 'p1']);
    expect(outputMatrix('array', [buf], ['p0'])).toEqual([buf]);
  });
});
