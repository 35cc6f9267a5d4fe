/** Frame-level differential helper: run a frame pipeline on both backends, compare records. */
import { expect } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from './parity.js';

type Rec = Array<Record<string, unknown>>;

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

/** Records of the frame `fn` builds, on the CPU and (if present) on WebGPU; asserts they are equal. */
export async function frameParity(fn: () => gf.DataFrame | Promise<gf.DataFrame>): Promise<Rec> {
  const cpu = await gf.withBackendAsync('cpu', async () => (await fn()).toRecords());
  if (hasGpu()) {
    const gpu = await gf.withBackendAsync('webgpu', async () => (await fn()).toRecords());
    expect(gpu.length, 'row count gpu vs cpu').toBe(cpu.length);
    for (let r = 0; r < cpu.length; r++) {
      for (const k of Object.keys(cpu[r]!)) {
        if (!same(gpu[r]![k], cpu[r]![k])) expect.fail(`row ${r} column '${k}': gpu ${String(gpu[r]![k])} vs cpu ${String(cpu[r]![k])}`);
      }
    }
  }
  return cpu;
}
