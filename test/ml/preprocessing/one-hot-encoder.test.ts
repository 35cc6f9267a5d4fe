// OneHotEncoder: scikit-learn goldens (iris species strings, digits integer target), drop,
// unknown categories, given categories, both backends, output kinds, persistence, errors.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { dataset, golden, toRows } from './fixtures.js';
import { columnsOf } from './scaler-cases.js';

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('OneHotEncoder: scikit-learn 1.2 goldens', () => {
  const g = golden('OneHotEncoder');
  for (const c of g.cases) {
    it(`${c.id}`, async () => {
      const ds = dataset(c.dataset);
      const strings = c.dataset === 'iris';
      const all = strings ? gf.Column.from(Array.from(ds.target, (t) => g.targetNames[t] as string)) : gf.Column.from(Int32Array.from(ds.target));
      const opts = Object.fromEntries(Object.entries(c.params as Record<string, unknown>).filter(([k]) => ['categories', 'drop', 'handle_unknown'].includes(k)).map(([k, v]) => [camel(k), v]));
      const enc = new gf.OneHotEncoder(opts);
      await enc.fit([all]);
      expect(enc.categories.map((k) => Array.from(k as ArrayLike<string | number>))).toEqual(c.fitted.categories_);
      expect(enc.dropIdx).toEqual(c.fitted.drop_idx_);
      expect(enc.getFeatureNamesOut()).toEqual(c.fitted.feature_names_out);
      const rows = (c.rows as number[]).map((i) => ds.target[i]!);
      const X = strings ? [gf.Column.from(rows.map((t) => g.targetNames[t] as string))] : [gf.Column.from(Int32Array.from(rows))];
      const out = (await enc.transform(X)) as gf.DataFrame;
      expect(out.names).toEqual(c.fitted.feature_names_out);
      expect(toRows(await columnsOf(out))).toEqual(c.transform);
      if (c.extraInput) expect(toRows(await columnsOf(await enc.transform([gf.Column.from(c.extraInput as string[])])))).toEqual(c.extraTransform);
    });
  }
});

describe('OneHotEncoder', () => {
  const df = new gf.DataFrame({ city: gf.Column.from(['tokyo', 'paris', 'tokyo', 'lima']), zone: gf.array(Int32Array.from([3, 1, 3, 3])) });

  it('encodes several columns, names outputs <column>_<category>, and mirrors the input kind', async () => {
    const enc = new gf.OneHotEncoder({ drop: 'if_binary' });
    const out = await enc.fitTransform(df);
    expect(out.names).toEqual(['city_lima', 'city_paris', 'city_tokyo', 'zone_3']);
    expect(enc.dropIdx).toEqual([null, 0]);
    expect(toRows(await columnsOf(out))).toEqual([[0, 0, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [1, 0, 0, 1]]);
    const arr = await new gf.OneHotEncoder().fitTransform([Float64Array.from([1, 2, 1])]);
    expect(Array.isArray(arr)).toBe(true);
    expect(await columnsOf(arr)).toEqual([Float64Array.from([1, 0, 1]), Float64Array.from([0, 1, 0])]);
    const again = gf.OneHotEncoder.fromJSON(JSON.stringify(enc));
    expect(await columnsOf(await again.transform(df))).toEqual(await columnsOf(out));
    expect(again.getFeatureNamesOut()).toEqual(enc.getFeatureNamesOut());
  });

  it('takes given categories in their order, ignores unknowns when asked, and refuses them otherwise', async () => {
    const enc = new gf.OneHotEncoder({ categories: [['tokyo', 'paris', 'lima', 'rome']], handleUnknown: 'ignore' });
    await enc.fit(df, ['city']);
    const out = await enc.transform({ frame: new gf.DataFrame({ city: gf.Column.from(['rome', 'oslo', 'paris']) }), columns: ['city'] });
    expect(out.names).toEqual(['city_tokyo', 'city_paris', 'city_lima', 'city_rome']);
    expect(toRows(await columnsOf(out))).toEqual([[0, 0, 0, 1], [0, 0, 0, 0], [0, 1, 0, 0]]);
    const strict = new gf.OneHotEncoder();
    await strict.fit(df, ['city']);
    await expect(strict.transform(new gf.DataFrame({ city: gf.Column.from(['oslo']) }))).rejects.toThrow(/'city'.*unknown/);
    await expect(new gf.OneHotEncoder({ categories: [['paris']] }).fit(df, ['city'])).rejects.toThrow(/'city'.*unknown/);
    await expect(new gf.OneHotEncoder({ categories: [[3, 1]] }).fit(df, ['zone'])).rejects.toThrow(/sorted/);
  });

  it('refuses bad input and options with typed errors', async () => {
    await expect(new gf.OneHotEncoder().transform(df)).rejects.toThrow(gf.NotFittedError);
    expect(() => new gf.OneHotEncoder({ handle_unknown: 'ignore' } as object)).toThrow(/handleUnknown/);
    expect(() => new gf.OneHotEncoder({ drop: 'last' as 'first' })).toThrow(/drop/);
    const enc = await new gf.OneHotEncoder().fit(df);
    await expect(enc.transform(df, ['city'])).rejects.toThrow(/2 columns/);
    const dated = new gf.DataFrame({ d: new gf.Column({ type: 'date', data: gf.array(Int32Array.from([1])) }) });
    await expect(new gf.OneHotEncoder().fit(dated)).rejects.toThrow(gf.DTypeError);
  });

  it.skipIf(!hasGpu())('gives the same output on CPU and WebGPU', async () => {
    const city = Array.from({ length: 3001 }, (_, i) => `c${(i * 31) % 11}`);
    const zone = Int32Array.from({ length: 3001 }, (_, i) => (i * 7) % 5);
    const run = (b: gf.BackendName) =>
      gf.withBackendAsync(b, async () => {
        const enc = new gf.OneHotEncoder({ drop: 'first' });
        return columnsOf(await enc.fitTransform(new gf.DataFrame({ city: gf.Column.from(city), zone: gf.array(zone) })));
      });
    expect(await run('webgpu')).toEqual(await run('cpu'));
  });
});
