/**
 * The browser platform (see ./types.ts). It imports no Node module:
 * - no file system: a path is an IOError (readers take a File, Blob, bytes, URL or stream;
 *   writers return the bytes or text);
 * - WebGPU is `navigator.gpu` (src/device/webgpu.ts takes that route outside Node), never Dawn;
 * - parquet-wasm is its web build (`parquet-wasm/esm`), loaded on first use as a separate chunk,
 *   its .wasm fetched from beside that module (`new URL('parquet_wasm_bg.wasm', import.meta.url)`
 *   in parquet-wasm's own init: Vite copies the file; for an esbuild bundle, copy
 *   node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm next to the chunks, as
 *   scripts/bundle-browser.mjs does);
 * - the parallel CSV read runs its pieces in module Web Workers. src/io/csv-parallel.ts starts
 *   them itself, with `new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' })`,
 *   the form bundlers recognise (Vite bundles the worker from it; scripts/bundle-browser.mjs
 *   emits csv-worker.js beside the code that names it), and `startWorker` wraps what it returns;
 *   the worker hears the page through `onParentMessage`. `workerScript` answers undefined (a
 *   worker named by a computed URL would not be in a bundle), so the other pools (GridSearchCV's)
 *   run on the calling thread. The table is the one-pass table either way (src/io/csv-parallel.ts).
 */
import type { ParquetWasmModule, Platform, PlatformFsError, PlatformWorker, WorkerParent } from './types.js';

function noFileSystem(path: string): PlatformFsError {
  const e = new Error(`no file system in a browser to read '${path}' from (pass a File, Blob, Uint8Array, ArrayBuffer, URL or ReadableStream)`) as PlatformFsError;
  e.code = 'ENOSYS';
  return e;
}

let parquetWeb: Promise<ParquetWasmModule> | undefined;

/** Whether bytes are valid UTF-8: a fatal decoder throws on the first bad sequence. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const platform: Platform = {
  name: 'browser',
  hasFileSystem: false,
  readFile: async (path) => {
    throw noFileSystem(path);
  },
  writeFile: async (path) => {
    const e = new Error(`no file system in a browser to write '${path}' to (leave the path out: the writer returns the bytes)`) as PlatformFsError;
    e.code = 'ENOSYS';
    throw e;
  },
  fileURLToPath: (url) => {
    throw noFileSystem(url.href);
  },
  syncFs: async () => undefined,
  streamFs: async () => undefined,
  availableCores: async () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  isUtf8(bytes) {
    // ASCII is the common case and needs no decoder
    let i = 0;
    while (i < bytes.length && bytes[i]! < 0x80) i++;
    if (i === bytes.length) return true;
    try {
      utf8.decode(bytes.subarray(i)); // bytes before i are ASCII: a character boundary
      return true;
    } catch {
      return false;
    }
  },
  workerScript: async () => undefined,
  async startWorker(source): Promise<PlatformWorker> {
    const W = (globalThis as { Worker?: new (u: URL, o: { type: 'module' }) => Worker }).Worker;
    if (!W) throw new Error('no Worker in this runtime');
    const w = typeof source === 'function' ? (source() as Worker) : new W(source, { type: 'module' });
    return {
      postMessage: (m, transfer) => w.postMessage(m, transfer ?? []),
      on(event: 'message' | 'error' | 'exit', f: (x: never) => void) {
        if (event === 'message') w.addEventListener('message', (e) => (f as (m: unknown) => void)((e as MessageEvent).data));
        else if (event === 'error') w.addEventListener('error', (e) => (f as (m: unknown) => void)(e));
      },
      unref() {},
      ref() {},
      terminate: () => w.terminate(),
    } as PlatformWorker;
  },
  syncReceive: async () => undefined, // the main thread may not block (no Atomics.wait): tasks run inline
  onParentMessage(f) {
    // Inside a Web Worker the global scope is the port to the page; listen before any await.
    const scope = globalThis as unknown as { WorkerGlobalScope?: unknown; addEventListener(t: 'message', l: (e: MessageEvent) => void): void; postMessage(m: unknown, t: Transferable[]): void };
    if (typeof scope.WorkerGlobalScope !== 'function') return;
    const parent: WorkerParent = { postMessage: (m, transfer) => scope.postMessage(m, transfer ?? []) };
    scope.addEventListener('message', (e) => f(e.data, parent));
  },
  loadDawn: async () => undefined,
  parquetWasmFactory: async () => undefined,
  loadParquetWasmWeb() {
    parquetWeb ??= import('parquet-wasm/esm').then(async (m) => {
      await (m as unknown as { default: () => Promise<unknown> }).default();
      return m as unknown as ParquetWasmModule;
    });
    parquetWeb.catch(() => (parquetWeb = undefined)); // a failed fetch of the .wasm is tried again next time
    return parquetWeb;
  },
};
