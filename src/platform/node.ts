/**
 * The Node platform (see ./types.ts): node:fs, worker_threads, Dawn through the optional
 * `webgpu` package, and parquet-wasm's Node build evaluated through node:vm so that each
 * instance can be made afresh. Modules that cost time to load (worker_threads, vm, webgpu) are
 * loaded on first use.
 */
import { open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isUtf8 } from 'node:buffer';
import { availableParallelism, cpus } from 'node:os';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Dawn, ParquetWasmModule, Platform, PlatformWorker, StreamFs } from './types.js';

export const platform: Platform = {
  name: 'node',
  hasFileSystem: true,
  async readFile(path) {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  async writeFile(path, data) {
    await writeFile(path, data);
  },
  fileURLToPath: (url) => fileURLToPath(url),
  syncFs: async () => ({ existsSync, readdirSync: (p: string) => readdirSync(p) }),
  availableCores: async () => (typeof availableParallelism === 'function' ? availableParallelism() : cpus().length),
  isUtf8: (bytes) => isUtf8(bytes),
  async workerScript(here, fromSource, built) {
    const url = here.endsWith('.ts') ? new URL(fromSource, here) : new URL(built, here);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
  },
  async startWorker(source): Promise<PlatformWorker> {
    if (typeof source === 'function') return source() as PlatformWorker; // a worker_threads Worker
    const { Worker } = await import('node:worker_threads');
    return new Worker(source) as unknown as PlatformWorker;
  },
  onParentMessage(f) {
    // worker_threads queues a port's messages until it has a listener: loading the module first loses none
    void import('node:worker_threads').then(({ parentPort }) => {
      const parent = parentPort;
      if (!parent) return;
      const to = { postMessage: (m: unknown, transfer?: ArrayBuffer[]) => parent.postMessage(m, transfer) };
      parent.on('message', (m) => f(m, to));
    });
  },
  async syncReceive() {
    const { receiveMessageOnPort } = await import('node:worker_threads');
    return (port) => receiveMessageOnPort(port as import('node:worker_threads').MessagePort);
  },
  async loadDawn(): Promise<Dawn | undefined> {
    try {
      return (await import('webgpu')) as unknown as Dawn;
    } catch {
      return undefined;
    }
  },
  async parquetWasmFactory() {
    const vm = await import('node:vm');
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('parquet-wasm'); // the "node" export: node/parquet_wasm.js (CommonJS)
    const source = readFileSync(gluePath, 'utf8');
    const module = new WebAssembly.Module(readFileSync(`${dirname(gluePath)}/parquet_wasm_bg.wasm`));
    const params = ['exports', 'require', 'module', '__filename', '__dirname', 'WebAssembly'];
    const fn = vm.compileFunction(source, params, { filename: gluePath });
    const fsShim = { readFileSync: () => new Uint8Array(0) }; // the glue reads its .wasm: the compiled module stands in
    const localRequire = (id: string): unknown => (id === 'fs' || id === 'node:fs' ? fsShim : require(id));
    return (webAssembly) => {
      // the glue compiles the module it is given through `new WebAssembly.Module(bytes)`: hand it the compiled one
      const shadow = Object.create(webAssembly, { Module: { value: function () { return module; } } }) as Record<string, unknown>;
      const mod = { exports: {} as Record<string, unknown> };
      fn(mod.exports, localRequire, mod, gluePath, dirname(gluePath), shadow);
      return mod.exports as unknown as ParquetWasmModule;
    };
  },
  async streamFs(): Promise<StreamFs> {
    return {
      size: async (path) => (await stat(path)).size,
      async open(path, mode) {
        const h = await open(path, mode);
        return {
          read: async (into, position) => (await h.read(into, 0, into.length, position)).bytesRead,
          async write(data) {
            await h.writeFile(data);
          },
          close: () => h.close(),
        };
      },
      rename: (from, to) => rename(from, to),
      remove: (path) => rm(path, { force: true }),
      list: (dir) => readdir(dir),
    };
  },
  async loadParquetWasmWeb(): Promise<ParquetWasmModule> {
    throw new Error('parquet-wasm: the web build is not used in Node');
  },
};
