// Issue 16, the fuzzer's XGBoost JSON reader (scripts/fuzz/xgboost.mjs): hostile models are a
// ParseError or ValueError naming the file, tree and node, never a model that predicts ±Infinity
// from a value XGBoost (float32 throughout) could not have saved. Fixtures: test/fixtures/fuzz/xgboost/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';

const fixture = (name: string) => readFileSync(`test/fixtures/fuzz/xgboost/${name}.json`, 'utf8');

describe('loadXGBoost: hostile models from the fuzzer', () => {
  it('tiny.json (the fixtures\' base) loads and predicts its two leaves', async () => {
    const model = await gf.loadXGBoost(fixture('tiny'));
    const m = await model.predictMargin([new Float64Array([0, 0]), new Float64Array([0, 1])]);
    // feature 1 < 0.5 → leaf -0.25, else 0.75; base_score 0.5 is the starting margin (float32 sums)
    expect(Array.from((await (m as gf.DataBuffer).toArray()) as Float32Array)).toEqual([0.25, 1.25]);
  });

  it('base_score past float32 (1e40) is a ParseError naming the field, not margins of Infinity', async () => {
    const e = await rejection(gf.loadXGBoost(fixture('base-score-1e40')));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.message).toBe(`loadXGBoost: expected 'learner.learner_model_param.base_score' within float32's range (XGBoost's type), got "1e40" (<json>)`);
    expect((e as gf.ParseError).file).toBe('<json>');
  });

  it('a leaf value past float32 (1e40) is a ParseError naming tree and node', async () => {
    const e = await rejection(gf.loadXGBoost(fixture('leaf-1e40')));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect(e.message).toBe("loadXGBoost: expected a split condition or leaf value within float32's range, got 1e+40 at tree 0, node 2 (<json>)");
  });

  it('a child pointing at itself, or the same child on both sides, is a ParseError naming tree and node', async () => {
    for (const name of ['child-self', 'child-both-sides']) {
      const e = await rejection(gf.loadXGBoost(fixture(name)));
      expect(e).toBeInstanceOf(gf.ParseError);
      expect(e.message).toMatch(/^loadXGBoost: expected every node reached once from the root, got node \d reached again from node 0 \(a cycle or a shared child\) at tree 0, node 0 \(<json>\)$/);
    }
  });

  it('float32 extremes that XGBoost can write still load (3.4028234663852886e38, the largest float32)', async () => {
    const doc = JSON.parse(fixture('tiny'));
    doc.learner.gradient_booster.model.trees[0].split_conditions[2] = 3.4028234663852886e38;
    const model = await gf.loadXGBoost(doc);
    expect(model.forest.value[2]).toBe(3.4028234663852886e38);
  });
});
