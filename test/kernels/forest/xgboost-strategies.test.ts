// XGBoost goldens (test/fixtures/trees/, XGBoost 1.7.4's Booster.predict) through every device
// strategy: margins bit for bit (hence within the 1e-6 relative tolerance of
// test/ml/xgboost-import.test.ts), probabilities and leaf ids identical to the CPU walk's, on the
// active backend. On WebGPU the features stay on the device (no feature column is read back:
// only the results). The `strategy` option: strict, persisted, changed by setParams.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';
import { loadDataset, takeRows, type DatasetName } from '../../helpers/ml-data.js';
import { rejection } from '../../helpers/rejection.js';

const DIR = 'test/fixtures/trees/';
interface Case { id: string; dataset: string; model: string; maxDepth: number; nTest: number; margin: number[] | number[][]; proba?: number[] | number[][]; predLeaf?: number[][] }
const golden = JSON.parse(readFileSync(`${DIR}xgboost.json`, 'utf8')) as { synthetic: { X: Array<Array<number | null>> }; cases: Case[] };

function testColumns(dataset: string): Float64Array[] {
  if (dataset.startsWith('synthetic')) {
    const rows = golden.synthetic.X.filter((_, i) => i % 5 === 0);
    return rows[0]!.map((_, j) => Float64Array.from(rows, (r) => r[j] ?? NaN));
  }
  const ds = loadDataset(dataset as DatasetName);
  return takeRows(ds, Array.from({ length: ds.n }, (_, i) => i).filter((i) => i % 5 === 0));
}
const cols = async (out: unknown) => Promise.all((Array.isArray(out) ? out : [out]).map(async (b: gf.DataBuffer) => Array.from(await b.toArray() as Float32Array)));

describe('loadXGBoost on every strategy', () => {
  for (const c of golden.cases) {
    it(`${c.id} (depth ${c.maxDepth}): gemm, perfect and traversal give XGBoost's margins bit for bit`, async () => {
      const X = testColumns(c.dataset).map((x) => gf.array(x));
      const want = Array.isArray(c.margin[0]) ? (c.margin as number[][])[0]!.map((_, g) => (c.margin as number[][]).map((r) => Math.fround(r[g]!))) : [(c.margin as number[]).map(Math.fround)];
      let proba: number[][] | undefined;
      for (const strategy of ['gemm', 'perfect', 'traversal'] as const) {
        const model = await gf.loadXGBoost(`${DIR}${c.model}`, { strategy });
        gf.resetStats();
        const margin = await cols(await model.predictMargin(X));
        if (hasGpu()) expect(gf.stats().downloadBytes, 'only the margins come back').toBe(4 * c.nTest * want.length);
        expect(margin, strategy).toEqual(want);
        if (c.proba) {
          const p = await cols(await model.predictProba(X));
          if (proba) expect(p, strategy).toEqual(proba);
          proba = p;
        }
        if (c.predLeaf) expect((await cols(await model.predictLeaf(X)))[0], strategy).toEqual(c.predLeaf.map((r) => r[0]));
      }
    });
  }
});

describe('the strategy option', () => {
  const file = `${DIR}xgb-breast_cancer-stumps.json`;
  it('is checked strictly, persisted and changed by setParams', async () => {
    const bad = await rejection(gf.loadXGBoost(file, { strategy: 'fast' as never }));
    expect(bad).toBeInstanceOf(gf.ValueError);
    expect(bad.message).toMatch(/strategy.*'auto', 'gemm', 'perfect' or 'traversal'/);
    const unknown = await rejection(gf.loadXGBoost(file, { strategi: 'gemm' } as never));
    expect(unknown.message).toMatch(/loadXGBoost: expected options among 'strategy', got unknown option 'strategi'/);
    const model = await gf.loadXGBoost(file, { strategy: 'traversal' });
    expect(model.getParams()).toEqual({ strategy: 'traversal' });
    expect(gf.XGBoostModel.fromJSON(JSON.stringify(model)).getParams()).toEqual({ strategy: 'traversal' });
    expect(model.setParams({ strategy: 'gemm' }).getParams().strategy).toBe('gemm');
    expect((await gf.loadXGBoost(file)).getParams().strategy).toBe('auto');
  });
});
