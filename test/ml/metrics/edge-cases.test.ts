// gf.metrics edge cases on the active backend (run with both): input kinds (Column, DataBuffer,
// typed array, number[], string[], frames and DataBuffer[] matrices), one class, tied scores,
// zero division, constant targets, and refused input (nulls, NaN, lengths, options, empty).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const m = gf.metrics;

describe('classification metrics', () => {
  it('takes every label kind; the confusion matrix labels are the sorted union', async () => {
    const cm = await m.confusionMatrix(['b', 'a', 'c', 'a'], new gf.Column({ type: 'utf8', data: gf.array(new Uint32Array([0, 0, 1, 0]), 'uint32'), dictionary: ['a', 'd'] }));
    expect(cm.labels).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(cm.matrix)).toEqual([2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const num = await m.confusionMatrix(Int32Array.from([1, 2, 3]), gf.array(Float64Array.from([3, 2, 5])));
    expect(Array.from(num.labels as Float64Array)).toEqual([1, 2, 3, 5]);
    expect(num.size).toBe(4);
    expect(await m.accuracyScore([1, 2, 3], [3, 2, 5])).toBe(1 / 3);
    expect(await m.accuracyScore([1, 2, 3], [3, 2, 5], { normalize: false })).toBe(1);
  });

  it('one class, zero division and posLabel as scikit-learn', async () => {
    expect(await m.accuracyScore([4, 4], [4, 4])).toBe(1);
    expect(await m.precisionScore([0, 0, 0], [0, 0, 0])).toBe(0);
    expect(await m.precisionScore([0, 0, 0], [0, 0, 0], { zeroDivision: 1 })).toBe(1);
    expect(await m.f1Score([0, 0, 0], [0, 0, 0], { zeroDivision: 1 })).toBe(1);
    expect(await m.recallScore([0, 0, 1], [0, 0, 0])).toBe(0);
    expect(await m.precisionScore(['x', 'y', 'y'], ['y', 'y', 'x'], { posLabel: 'y' })).toBe(0.5);
    expect(await m.f1Score([0, 1, 2, 0], [0, 2, 1, 0], { average: 'weighted' })).toBe(0.5);
    await expect(m.precisionScore(['x', 'y'], ['y', 'x'])).rejects.toThrow(/posLabel/);
    await expect(m.precisionScore([0, 1, 2], [0, 1, 2])).rejects.toThrow(/average 'binary'/);
    await expect(m.f1Score([0, 1], [0, 1], { average: 'samples' as never })).rejects.toThrow(/average/);
    await expect(m.f1Score([0, 1], [0, 1], { beta: 2 } as never)).rejects.toThrow(/options among/);
  });

  it('refuses lengths that differ (ShapeError naming yPred), nulls, NaN, empty and mixed kinds', async () => {
    await expect(m.accuracyScore([1, 2, 3], [1, 2])).rejects.toThrow(/yPred of length 3/);
    await expect(m.accuracyScore([1, 2, 3], [1, 2])).rejects.toThrow(gf.ShapeError);
    const withNull = new gf.Column({ type: 'float64', data: gf.array(Float64Array.from([1, 2])), validity: gf.array(new Uint8Array([1]), 'uint8') });
    await expect(m.accuracyScore(withNull, [1, 2])).rejects.toThrow(/nulls in yTrue/);
    await expect(m.accuracyScore([1, 2], [1, NaN])).rejects.toThrow(/NaN in yPred/);
    await expect(m.accuracyScore([], [])).rejects.toThrow(/at least one sample/);
    await expect(m.accuracyScore(['a', 'b'], [1, 2])).rejects.toThrow(/both strings or both numbers/);
  });
});

describe('ROC AUC and log loss', () => {
  it('counts tied scores half (distinct thresholds, trapezoid) and takes the greater class as positive', async () => {
    expect(await m.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(await m.rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(Math.abs((await m.rocAucScore([0, 1, 1, 0, 1], [1, 2, 2, 2, 3])) - 0.8333333333333333)).toBeLessThan(1e-15); // scikit-learn 1.2
    expect(await m.rocAucScore(['no', 'yes', 'yes'], gf.array(Float64Array.from([-1, 2, 2])))).toBe(1);
    await expect(m.rocAucScore([1, 1, 1], [0.1, 0.2, 0.3])).rejects.toThrow(/one class/);
    await expect(m.rocAucScore([0, 1, 1], [0.1, NaN, 0.3])).rejects.toThrow(/finite values in yScore/);
    await expect(m.rocAucScore([0, 1, 1], [0.1, 0.3])).rejects.toThrow(gf.ShapeError);
    await expect(m.rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])).rejects.toThrow(/multiClass 'ovr'/);
    await expect(m.rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 2]], { multiClass: 'ovr' })).rejects.toThrow(/sum to 1/);
    expect(await m.rocAucScore([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { multiClass: 'ovr' })).toBe(1);
  });

  it('log loss clips to [eps, 1 - eps] and renormalises rows', async () => {
    const want = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3;
    expect(Math.abs((await m.logLoss([0, 1, 1], [0.1, 0.8, 0.6])) - want)).toBeLessThanOrEqual(1e-15);
    expect(await m.logLoss([0, 1], [0, 1])).toBeCloseTo(-Math.log(1 - Number.EPSILON), 20);
    expect(Math.abs((await m.logLoss([0, 1], [1, 0], { eps: 1e-15 })) - 34.53917619362578)).toBeLessThan(1e-12 * 34.5); // scikit-learn 1.2 (1 - (1 - eps) is not eps)
    const rows = await m.logLoss([0, 1], new gf.DataFrame({ a: Float64Array.from([0.2, 0.1]), b: Float64Array.from([0.2, 0.3]) }));
    expect(Math.abs(rows - -(Math.log(0.5) + Math.log(0.75)) / 2)).toBeLessThan(1e-15);
    await expect(m.logLoss([1, 1], [0.5, 0.5])).rejects.toThrow(/at least 2 classes/);
    await expect(m.logLoss([0, 1, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])).rejects.toThrow(/one column per class/);
    await expect(m.logLoss([0, 1], [0.5, 0.5], { eps: 1 })).rejects.toThrow(/eps/);
  });
});

describe('regression metrics', () => {
  it('match the definitions; constant targets as force_finite', async () => {
    expect(await m.meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.375);
    expect(await m.meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.5);
    expect(await m.r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBeCloseTo(0.9486081370449679, 15);
    expect(await m.r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(await m.r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
    expect(await m.r2Score([1], [1])).toBeNaN();
    await expect(m.meanSquaredError([1, 2], [1, Infinity])).rejects.toThrow(/finite values in yPred/);
    await expect(m.r2Score([1, 2, 3], [1, 2])).rejects.toThrow(gf.ShapeError);
  });
});

describe('clustering metrics', () => {
  it('silhouette on a frame with columns, singleton clusters, errors', async () => {
    const df = new gf.DataFrame({ x: Float64Array.from([0, 0, 10, 10, 30]), y: Float64Array.from([0, 1, 0, 1, 0]), s: ['a', 'b', 'c', 'd', 'e'] });
    const s = await m.silhouetteScore(df, [0, 0, 1, 1, 2], { columns: ['x', 'y'] });
    const a = 1;
    const b0 = (10 + Math.hypot(10, 1)) / 2;
    const b2 = (10 + Math.hypot(10, 1)) / 2; // point (10, 0): nearest other cluster is {(0,0),(0,1)}
    const want = (2 * ((b0 - a) / b0) + 2 * ((b2 - a) / b2) + 0) / 5;
    expect(Math.abs(s - want)).toBeLessThan(1e-15);
    await expect(m.silhouetteScore(df, [0, 0, 0, 0, 0], { columns: ['x', 'y'] })).rejects.toThrow(/number of labels/);
    await expect(m.silhouetteScore(df, [0, 1, 2, 3, 4], { columns: ['x', 'y'] })).rejects.toThrow(/number of labels/);
    await expect(m.silhouetteScore(df, [0, 1], { columns: ['x', 'y'] })).rejects.toThrow(gf.ShapeError);
    await expect(m.silhouetteScore([Float64Array.from([0, NaN, 1])], [0, 1, 1])).rejects.toThrow(/finite values in X/);
    await expect(m.silhouetteScore(df, [0, 0, 1, 1, 2])).rejects.toThrow(/utf8/);
  });

  it('adjusted Rand index: renaming-invariant, scikit-learn special cases', async () => {
    expect(await m.adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(await m.adjustedRandScore(['a', 'a', 'b', 'c'], [0, 0, 1, 1])).toBeCloseTo(0.5714285714285714, 15);
    expect(await m.adjustedRandScore([0, 0, 0, 0], [0, 0, 0, 0])).toBe(1);
    expect(await m.adjustedRandScore([0, 1, 2, 3], [0, 1, 2, 3])).toBe(1);
    expect(await m.adjustedRandScore([0, 0, 1, 1], [0, 1, 0, 1])).toBe(-0.5);
    await expect(m.adjustedRandScore([0, 0, 1], [0, 1])).rejects.toThrow(/labelsPred of length 3/);
  });
});
