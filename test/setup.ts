// Runs in the test worker before each file: one backend choice for the whole run.
// The suite uses software adapters (SwiftShader, llvmpipe) explicitly: 'auto' never takes one,
// so a run that is not told GPUFRAME_BACKEND=cpu asks for 'webgpu' itself. Plain `npm test` falls
// back to the CPU (and global-setup.ts prints its banner) when there is no adapter at all;
// GPUFRAME_BACKEND=webgpu or GPUFRAME_REQUIRE_WEBGPU=1 makes that an error.
import { writeFileSync } from 'node:fs';
import * as gf from 'gpuframe';
import { statusFile } from './helpers/status.js';

const required = process.env.GPUFRAME_REQUIRE_WEBGPU === '1';
const wanted = process.env.GPUFRAME_BACKEND || 'auto';

async function choose(): Promise<gf.Info> {
  if (gf.hasWebGPU()) return gf.info();
  if (wanted === 'cpu' && !required) return { ...(await gf.init({ backend: 'cpu' })), note: 'GPUFRAME_BACKEND=cpu' };
  try {
    return await gf.init({ backend: 'webgpu' });
  } catch (e) {
    if (required || wanted === 'webgpu' || !(e instanceof gf.DeviceError)) throw e;
    const cpu = await gf.init({ backend: 'cpu' });
    return { ...cpu, note: e.message };
  }
}

const info = await choose();
writeFileSync(statusFile(), JSON.stringify({ backend: info.backend, adapter: info.adapter, route: info.route, note: info.note, required }));
