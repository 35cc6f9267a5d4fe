// Runs once in the main vitest process: after the run, say loudly which backend the
// differential tests ran on, and shout if the WebGPU half did not run.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { statusFile } from './helpers/status.js';

export function setup(): () => void {
  process.env.GPUFRAME_TEST_RUN ??= String(process.pid);
  rmSync(statusFile(), { force: true });
  return () => {
    const file = statusFile();
    if (!existsSync(file)) return;
    const s = JSON.parse(readFileSync(file, 'utf8')) as { backend: string; adapter: string | null; route: string | null; note: string | null };
    rmSync(file, { force: true });
    if (s.backend === 'webgpu') {
      console.log(`\ngpuframe: differential tests ran on WebGPU adapter "${s.adapter}" (route ${s.route}) and on the CPU backend.\n`);
    } else {
      const bar = '!'.repeat(78);
      console.log(
        `\n${bar}\n!! gpuframe: the WebGPU tests DID NOT RUN. Only the CPU backend was tested.\n!! Reason: ${s.note}\n` +
          `!! To enable them on a machine without a GPU (Debian/Ubuntu):\n!!   sudo apt-get install chromium   # ships SwiftShader, a CPU Vulkan driver\n` +
          `!! then run 'npm test' again (unset GPUFRAME_BACKEND=cpu if it is set).\n${bar}\n`,
      );
    }
  };
}
