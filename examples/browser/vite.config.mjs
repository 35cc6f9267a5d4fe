// `npm run demo:browser`: Vite serves the example page (this folder) on localhost, where
// WebGPU is allowed (a secure context). gpuframe's sources are imported directly; the shipped
// data (data/: airports.csv, naturalearth_lowres/, storms.csv) is served at the page's root.
// `npx vite build --config examples/browser/vite.config.mjs` writes a static copy to out/demo-browser/.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: `${repo}data`,
  // The page imports gpuframe's TypeScript sources: take the browser platform's source too
  // (package.json `imports` names the built dist/ file, which a fresh clone lacks).
  resolve: { alias: { '#platform': `${repo}src/platform/browser.ts` } },
  server: { host: 'localhost', port: 5173, fs: { allow: [repo] } },
  preview: { host: 'localhost' },
  // Pre-bundled up front (a dependency found mid-run makes Vite reload the page). parquet-wasm
  // is left as it is, so its web build finds parquet_wasm_bg.wasm beside itself.
  optimizeDeps: { include: ['apache-arrow', 'papaparse', 'shpjs'], exclude: ['parquet-wasm', 'parquet-wasm/esm'] },
  build: { outDir: `${repo}out/demo-browser`, emptyOutDir: true, target: 'es2022' },
});
