// LabelEncoder: the scikit-learn golden (iris species), numbers and strings, both backends,
// output kinds, persistence, errors.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { dataset, golden } from './fixtures.js';

async function codesOf(x: gf.Column | gf.DataBuffer): Promise<number[]> {
  return Array.from((await (x instanceof gf.Column ? x.data : x).toArray()) as Int32Array);
}

async function labelsOf(c: gf.Column): Promise<Array<string | number>> {
  const v = await c.data.toArray();
  return c.dictionary ? Array.from(v as Uint32Array, (k) => c.dictionary![k]!) : Array.from(v as Float64Array, Number);
}

describe('LabelEncoder', () => {
  const g = golden('LabelEncoder');
  for (const c of g.cases) {
    it(`matches scikit-learn 1.2 on ${c.id}`, async () => {
      const species = Array.from(dataset(c.dataset).target, (t) => g.targetNames[t] as string);
      const le = new gf.LabelEncoder();
      const codes = await le.fitTransform(gf.Column.from(species));
      expect(le.classes).toEqual(c.fitted.classes_);
      expect(codes).toBeInstanceOf(gf.Column);
      expect(await codesOf(codes)).toEqual(c.transform);
      expect(await labelsOf(await le.inverseTransform(Int32Array.from(c.inverseInput)))).toEqual(c.inverseTransform);
      expect(await codesOf(await le.transform(species))).toEqual(c.transform);
    });
  }

  it('encodes numbers in their dtype, gives buffers for array input and round-trips through JSON', async () => {
    const le = new gf.LabelEncoder();
    const y = Int32Array.from([10, -5, 10, 7]);
    const codes = await le.fitTransform(y);
    expect(codes).toBeInstanceOf(gf.DataBuffer);
    expect(le.classes).toEqual(Int32Array.from([-5, 7, 10]));
    expect(await codesOf(codes)).toEqual([2, 0, 2, 1]);
    const again = gf.LabelEncoder.fromJSON(JSON.stringify(le));
    expect(await codesOf(await again.transform(Int32Array.from([7, 7])))).toEqual([1, 1]);
    expect(await labelsOf(await again.inverseTransform([2, 0]))).toEqual([10, -5]);
    const f = new gf.LabelEncoder();
    await f.fit([2.5, 1, 2.5]);
    expect(f.classes).toEqual(Float64Array.from([1, 2.5]));
  });

  it.skipIf(!hasGpu())('gives the same codes and classes on CPU and WebGPU', async () => {
    const y = Array.from({ length: 5000 }, (_, i) => `k${(i * 7919) % 37}`);
    const run = (b: gf.BackendName) =>
      gf.withBackendAsync(b, async () => {
        const le = new gf.LabelEncoder();
        const codes = await codesOf(await le.fitTransform(y));
        return { codes, classes: le.classes, back: await labelsOf(await le.inverseTransform(Int32Array.from(codes.slice(0, 50)))) };
      });
    expect(await run('webgpu')).toEqual(await run('cpu'));
  });

  it('refuses unseen labels, codes out of range, nulls, NaN, use before fit and options', async () => {
    const le = new gf.LabelEncoder();
    await le.fit(['a', 'b']);
    await expect(le.transform(['a', 'c'])).rejects.toThrow(/unseen/);
    await expect(le.inverseTransform(Int32Array.from([0, 2]))).rejects.toThrow(/0\.\.1/);
    await expect(le.inverseTransform([0.5])).rejects.toThrow(/0\.\.1/);
    await expect(new gf.LabelEncoder().fit(['a', null as unknown as string])).rejects.toThrow(gf.ValueError);
    await expect(new gf.LabelEncoder().fit(Float64Array.from([1, NaN]))).rejects.toThrow(/NaN/);
    await expect(new gf.LabelEncoder().transform(['a'])).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.LabelEncoder({ classes: [] } as object)).toThrow(/unknown option 'classes'/);
  });
});
