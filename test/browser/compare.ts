/**
 * The browser slice's differential check: run a case under the CPU backend and under WebGPU
 * (navigator.gpu) in the same page, turn each result into plain values, and compare them exactly
 * (bits for floats: -0 and NaN count), or within a registered kernel's tolerance.
 */
import { expect } from 'vitest';
import * as gf from 'gpuframe';
import { registeredKernels, type Tolerance } from '../../kernels/registry.js';
import { hasGpu } from '../helpers/parity.js';

/** A registered kernel's tolerance, by name ('spatial/haversine'). */
export function tolOf(name: string): Tolerance {
  const k = registeredKernels().find((e) => e.name === name);
  if (!k) throw new Error(`tolOf: no kernel '${name}'`);
  return k.tolerance;
}

const isTyped = (v: unknown): v is ArrayLike<number | bigint> => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** Frames, Columns, DataBuffers, distance matrices, typed arrays and objects of them, as plain values. */
export async function plain(v: unknown): Promise<unknown> {
  if (v instanceof gf.DataFrame) return { columns: v.columns, dtypes: await plain(v.dtypes), rows: await plain(await v.toRecords()) };
  if (v instanceof gf.Column) return { type: await plain(v.type), values: await plain(await v.toValues()) };
  if (v instanceof gf.DataBuffer) return { dtype: v.dtype, values: Array.from((await v.toArray()) as ArrayLike<number>) };
  if (v instanceof gf.DistanceMatrix) return { n: v.n, values: Array.from(await v.toArray()) };
  if (isTyped(v)) return { typed: v.constructor.name, values: Array.from(v) };
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return Promise.all(v.map(plain));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await plain(x);
    return out;
  }
  return v;
}

/** Compare plain values: exact (Object.is on numbers) or within `tol` for floats. */
export function expectAlike(got: unknown, want: unknown, tol: Tolerance, path: string): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Object.is(got, want)) return;
    if (tol.kind === 'float' && !Number.isNaN(want) && Number.isFinite(want) && Math.abs(got - want) <= tol.abs + tol.rel * Math.abs(want)) return;
    expect.fail(`${path}: WebGPU gave ${Object.is(got, -0) ? '-0' : got}, the CPU twin ${Object.is(want, -0) ? '-0' : want}${tol.kind === 'float' ? ` (tolerance rel ${tol.rel}, abs ${tol.abs})` : ''}`);
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) expect.fail(`${path}: WebGPU gave ${typeof got}, the CPU twin an array`);
    expect(got.length, `${path} length`).toBe(want.length);
    want.forEach((w, i) => expectAlike(got[i], w, tol, `${path}[${i}]`));
    return;
  }
  if (want !== null && typeof want === 'object') {
    expect(got !== null && typeof got === 'object', `${path}: an object`).toBe(true);
    expect(Object.keys(got as object).sort(), `${path} keys`).toEqual(Object.keys(want).sort());
    for (const [k, w] of Object.entries(want)) expectAlike((got as Record<string, unknown>)[k], w, tol, `${path}.${k}`);
    return;
  }
  expect(got, path).toBe(want);
}

/**
 * Run `fn` on the CPU backend and, when the page has an adapter, on WebGPU; compare the plain
 * results. Returns the CPU result, so a case can also check it against what it knows.
 */
export async function both(what: string, fn: () => unknown, tol: Tolerance = { kind: 'exact' }): Promise<unknown> {
  const t0 = performance.now();
  const cpu = await gf.withBackendAsync('cpu', async () => plain(await fn()));
  const t1 = performance.now();
  if (hasGpu()) {
    const gpu = await gf.withBackendAsync('webgpu', async () => plain(await fn()));
    expectAlike(gpu, cpu, tol, what);
  }
  timings.push({ what, cpuMs: t1 - t0, gpuMs: performance.now() - t1 });
  return cpu;
}

/** How long each case took on each backend (WebGPU time includes first-use shader compiles). */
export const timings: Array<{ what: string; cpuMs: number; gpuMs: number }> = [];

/**
 * Record which registered kernels run their WebGPU body (by wrapping each entry's `gpu`), so the
 * slice can show that every kernel family ran on navigator.gpu. `stop()` puts the bodies back.
 */
export function recordGpuKernels(): { ran: Set<string>; stop(): void } {
  const ran = new Set<string>();
  const undo: Array<() => void> = [];
  for (const entry of registeredKernels()) {
    const e = entry as unknown as { name: string; gpu: (...a: unknown[]) => unknown };
    const body = e.gpu;
    e.gpu = (...a: unknown[]) => {
      ran.add(e.name);
      return body(...a);
    };
    undo.push(() => {
      e.gpu = body;
    });
  }
  return { ran, stop: () => undo.forEach((u) => u()) };
}

/** Kernel families ('sort', 'groupby', …): the part of each registered name before the slash. */
export function families(): string[] {
  return [...new Set(registeredKernels().map((k) => k.name.split('/')[0]!))].sort();
}
