// The browser slice of the differential suite (issue 14): in Chromium, every kernel family runs
// on navigator.gpu (SwiftShader in CI) and on the CPU twin in the same page, on small random and
// edge data (0, 1 and 257 rows; NaN, ±0, ±Inf and extremes; nulls), and the results are compared
// exactly or within the kernel's registered tolerance. The last test checks that each registered
// kernel family's WebGPU body ran.
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { registeredKernels } from '../../kernels/registry.js';
import { families, recordGpuKernels, timings } from './compare.js';
import { frameVerbs, primitives, ROWS } from './cases-frame.js';
import { spatialCases, trajectoryCases } from './cases-spatial.js';
import { clusteringCases, modelCases } from './cases-ml.js';

const recorder = recordGpuKernels();
afterAll(() => recorder.stop());

describe('backend', () => {
  it('reports the browser adapter (WebGPU through navigator.gpu where required)', () => {
    const info = gf.info();
    console.log(`gpuframe in the browser: backend ${info.backend}, adapter "${info.adapter}", route ${info.route}${info.note ? ` (${info.note})` : ''}; ${navigator.userAgent}`);
    if (inject('requireWebgpu')) {
      expect(info.backend).toBe('webgpu');
      expect(info.route).toBe('navigator.gpu');
      expect(hasGpu()).toBe(true);
    }
  });
});

describe.each(ROWS)('%i rows', (n) => {
  it('primitives (map, nulls, sort, reduce, compact, gather, scatter, concat, scan, sequence, histogram)', () => primitives(n));
  it('frame verbs (filter, sort, select, groupBy, join, expressions, windows, lists, concat, unique)', () => frameVerbs(n));
  it('spatial (haversine, point-in-polygon, nearest linestring)', () => spatialCases(n));
});

describe('trajectories and ML at 257 rows', () => {
  it('trajectories and a distance matrix', () => trajectoryCases(257));
  it('clustering (KMeans, DBSCAN, agglomerative, silhouette)', () => clusteringCases(257));
  it('models (ridge, scalers, logistic, neighbours, naive Bayes, forest)', () => modelCases(257));
});

describe('coverage', () => {
  it.runIf(hasGpu())('every kernel family ran its WebGPU body in the page', () => {
    const ran = new Set([...recorder.ran].map((k) => k.split('/')[0]!));
    const missing = families().filter((f) => !ran.has(f));
    const notRun = registeredKernels().map((k) => k.name).filter((k) => !recorder.ran.has(k));
    console.log(`gpuframe in the browser: ${recorder.ran.size} kernels of all ${families().length} families ran on WebGPU${missing.length ? `; families not run: ${missing.join(', ')}` : ''}; kernels left to the Node suite: ${notRun.join(', ')}`);
    const slow = [...timings].sort((a, b) => b.gpuMs - a.gpuMs).slice(0, 8);
    console.log(`slowest cases on WebGPU: ${slow.map((t) => `${t.what} ${(t.gpuMs / 1000).toFixed(1)} s`).join('; ')}`);
    expect(missing).toEqual([]);
  });
});
