// Runs in the page before each browser test file: take navigator.gpu's adapter (SwiftShader in
// CI), or fall back to the CPU backend with a notice when there is none, unless the run requires
// WebGPU (GPUFRAME_REQUIRE_WEBGPU=1, passed in through the config's `provide`), where that fails.
import { inject } from 'vitest';
import * as gf from 'gpuframe';

declare module 'vitest' {
  export interface ProvidedContext {
    requireWebgpu: boolean;
  }
}

if (!gf.hasWebGPU()) {
  try {
    await gf.init({ backend: 'webgpu' });
  } catch (e) {
    if (inject('requireWebgpu') || !(e instanceof gf.DeviceError)) throw e;
    await gf.init({ backend: 'cpu' });
    const bar = '!'.repeat(78);
    console.log(`\n${bar}\n!! gpuframe: no WebGPU adapter in this browser: only the CPU backend is tested in the page.\n!! Reason: ${e.message}\n${bar}\n`);
  }
}
