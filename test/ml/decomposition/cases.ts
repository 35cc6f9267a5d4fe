// Shared helpers of the decomposition tests: data sets as columns, outputs as host arrays,
// closeness with a scale, and a fit on a named backend returning every number it produced.
import { expect } from 'vitest';
import * as gf from 'gpuframe';
import { rng } from '../../helpers/parity.js';
import type { MatrixInput } from '../../../ml/matrix-input.js';

/** The columns of a transform's output as host arrays. */
export async function columnsOf(out: gf.DataFrame | gf.DataBuffer[]): Promise<Float64Array[]> {
  if (Array.isArray(out)) return Promise.all(out.map(async (b) => ((await b.toArray()) as Float64Array).slice()));
  return Promise.all(out.names.map(async (n) => ((await out.column(n).data.toArray()) as Float64Array).slice()));
}

/** |a − e| <= tol · scale for every entry (scale: the largest |e|, at least `floor`). */
export function expectNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string, floor = 0): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  let scale = floor;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!);
    if (!(err <= tol * scale)) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (error ${err}, allowed ${tol * scale})`);
  }
}

/** n × d random columns, column j scaled by 10^(j % 3), column `constant` (if any) all 0.7. */
export function randomColumns(n: number, d: number, seed: number, constant = -1): Float64Array[] {
  const r = rng(seed);
  const base = Array.from({ length: 3 }, () => Float64Array.from({ length: n }, () => r() - 0.5));
  return Array.from({ length: d }, (_, j) =>
    j === constant ? new Float64Array(n).fill(0.7) : Float64Array.from({ length: n }, (_, i) => (base[j % 3]![i]! * (j + 1) + (r() - 0.5) * 0.3) * 10 ** (j % 3)),
  );
}

/** Columns to rows (number[][]). */
export function toRows(cols: ReadonlyArray<ArrayLike<number>>): number[][] {
  const n = cols.length ? cols[0]!.length : 0;
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));
}

/** What the shared tests need of PCA / TruncatedSVD. */
export interface Decomposer {
  fit(X: MatrixInput, columns?: readonly string[]): Promise<unknown>;
  transform(X: MatrixInput, columns?: readonly string[]): Promise<gf.DataFrame | gf.DataBuffer[]>;
  fitTransform(X: MatrixInput, columns?: readonly string[]): Promise<gf.DataFrame | gf.DataBuffer[]>;
  inverseTransform(X: MatrixInput, columns?: readonly string[]): Promise<gf.DataFrame | gf.DataBuffer[]>;
}

/** Fit + transform + inverseTransform on one backend; the attributes and outputs as plain data. */
export async function fitOn(backend: gf.BackendName, make: () => Decomposer, cols: Float64Array[], attrs: readonly string[]) {
  return gf.withBackendAsync(backend, async () => {
    const est = make();
    const ft = await columnsOf(await est.fitTransform(cols.map((c) => gf.array(c))));
    const t = await columnsOf(await est.transform(cols.map((c) => gf.array(c))));
    const back = await columnsOf(await est.inverseTransform(t.map((c) => gf.array(c))));
    const rec = est as unknown as Record<string, unknown>;
    return { attrs: Object.fromEntries(attrs.map((a) => [a, rec[a]])), ft, t, back };
  });
}

/** The device fit (WebGPU under a 64 KB binding cap, so `cols` spans several bindings) equals the CPU one. */
export async function expectSamePastCap(make: () => Decomposer, cols: Float64Array[], attrs: readonly string[]): Promise<void> {
  const cpu = await fitOn('cpu', make, cols, attrs);
  await gf.init({ maxBindingBytes: 65536 });
  try {
    expect(await fitOn('webgpu', make, cols, attrs)).toEqual(cpu);
  } finally {
    await gf.init();
  }
}
