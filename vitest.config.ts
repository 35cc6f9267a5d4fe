import { configDefaults, defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    // '#platform' (package.json `imports`) names dist/; the tests run the sources. A browser
    // config maps it to ./src/platform/browser.ts instead.
    alias: { gpuframe: fileURLToPath(new URL('./index.ts', import.meta.url)), '#platform': fileURLToPath(new URL('./src/platform/node.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // test/browser/ runs in Chromium (npm run test:browser, vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    // One worker process holds one WebGPU device for the whole run: device creation is
    // slow on software adapters, and fewer processes mean fewer chances for dawn.node to fail.
    pool: 'forks',
    maxWorkers: 1,
    // --expose-gc lets the instance-lifetime test force collections.
    execArgv: ['--expose-gc'],
    isolate: false,
    fileParallelism: false,
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Generous: the soak runs the suite with one core kept busy, and SwiftShader slows several-fold
    // under load; a real hang is caught by the soak's 15-minute per-run limit.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
