// `npm run test:browser` (scripts/test-browser.mjs): the browser slice of the differential suite,
// run by vitest's browser mode in Chromium, served from localhost (WebGPU needs a secure context).
// The browser is the system's Chromium (GPUFRAME_CHROMIUM, default /usr/bin/chromium), never a
// downloaded one; WebGPU runs on SwiftShader, its CPU Vulkan driver, as in the Node suite.
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-vulkan-surface',
];

export default defineConfig({
  resolve: {
    alias: { gpuframe: fileURLToPath(new URL('./index.ts', import.meta.url)) },
  },
  // The page's own dependency cache, pre-bundled up front: a dependency that the optimizer
  // discovers mid-run makes Vite reload the page, and the test file fails to load.
  cacheDir: 'node_modules/.vite/browser-tests',
  optimizeDeps: { include: ['apache-arrow', 'papaparse', 'shpjs', 'parquet-wasm/esm'] },
  test: {
    include: ['test/browser/**/*.test.ts'],
    setupFiles: ['test/browser/setup.ts'],
    // Read by the page through inject(): whether a missing navigator.gpu adapter fails the run.
    provide: { requireWebgpu: process.env.GPUFRAME_REQUIRE_WEBGPU === '1' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: { executablePath: process.env.GPUFRAME_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_FLAGS },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
