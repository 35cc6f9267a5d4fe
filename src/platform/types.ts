/**
 * What differs between Node and a browser, behind one interface. `#platform` (package.json
 * `imports`) resolves to ./node.ts or, under the `browser` condition that bundlers (esbuild,
 * Vite, webpack) set for a browser build, to ./browser.ts; nothing else in the library imports a
 * `node:` module or the `webgpu` package, so no Node module is reachable from a browser bundle
 * (`node scripts/bundle-browser.mjs` checks it).
 *
 * The platform modules are leaves: they import nothing from the library but types, so that a
 * resolver that maps `#platform` to the built file (dist/) still shares one copy of the rest.
 */
import type * as PW from 'parquet-wasm';

/** A raw file-system failure: carries the system's `code` (ENOENT, EACCES, …) where there is one. */
export interface PlatformFsError extends Error {
  code?: string;
}

/** The two synchronous file calls the Node WebGPU route probes drivers with. */
export interface SyncFs {
  existsSync(path: string): boolean;
  readdirSync(path: string): string[];
}

/** A worker started from a module URL: worker_threads in Node, a module Web Worker in a browser. */
export interface PlatformWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Listen for the worker's messages, its errors and (Node) its exit. */
  on(event: 'message', f: (m: unknown) => void): void;
  on(event: 'error', f: (e: unknown) => void): void;
  on(event: 'exit', f: (code: number) => void): void;
  /** Let an idle worker not keep the process alive (Node); a no-op in a browser. */
  unref(): void;
  ref(): void;
  terminate(): Promise<unknown> | void;
}

/** The thread that started this worker, as the worker sees it. */
export interface WorkerParent {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

/** Dawn's Node binding (the optional `webgpu` package). */
export interface Dawn {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

/** The parquet-wasm module (its node or its web build: the same API). */
export type ParquetWasmModule = typeof PW;

/** A file opened for streaming (Node): reads at offsets, appends, closes. */
export interface StreamFile {
  /** Read up to `length` bytes at `position` into `into` (from its start); the bytes read. */
  read(into: Uint8Array, position: number): Promise<number>;
  /** Append bytes (a file opened for writing). */
  write(data: Uint8Array | string): Promise<void>;
  close(): Promise<void>;
}

/** The file calls streaming scans and sinks need (Node); a browser has none. */
export interface StreamFs {
  size(path: string): Promise<number>;
  open(path: string, mode: 'r' | 'w'): Promise<StreamFile>;
  rename(from: string, to: string): Promise<void>;
  /** Remove a file; no error when it is not there. */
  remove(path: string): Promise<void>;
  /** The names in a folder. */
  list(dir: string): Promise<string[]>;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /** Whether paths name files here (Node: yes; a browser has no file system). */
  readonly hasFileSystem: boolean;
  /** A file's bytes; rejects with a PlatformFsError (with `code`) when it cannot be read. */
  readFile(path: string): Promise<Uint8Array>;
  /** Write a file; rejects with a PlatformFsError when it cannot be written. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** A `file:` URL's path (Node); a browser throws. */
  fileURLToPath(url: URL): string;
  /** The sync calls the Node WebGPU routes probe with; undefined in a browser. */
  syncFs(): Promise<SyncFs | undefined>;
  /** The cores there are to run workers on (Node: `os.availableParallelism()`; browser: `navigator.hardwareConcurrency`). */
  availableCores(): Promise<number>;
  /** Whether bytes are valid UTF-8 (Node: `buffer.isUtf8`; browser: a fatal TextDecoder). */
  isUtf8(bytes: Uint8Array): boolean;
  /**
   * The compiled worker script beside the module `here` (import.meta.url): `built`, or
   * `fromSource` when `here` is a TypeScript source (the tests run the sources); undefined where
   * it cannot be loaded as a worker (a browser: see ./browser.ts).
   */
  workerScript(here: string, fromSource: string, built: string): Promise<URL | undefined>;
  /**
   * Start a worker: the module at a URL (Node: a worker thread; a browser: a module Web Worker),
   * or through a function that starts one itself and returns it (a Web Worker, or a Node
   * worker_threads Worker), which this wraps. Rejects where no worker can be started.
   */
  startWorker(source: URL | (() => unknown)): Promise<PlatformWorker>;
  /**
   * Inside a worker: call `f` with each message from the thread that started it (Node:
   * worker_threads' parentPort; a browser: the worker's global scope); nothing outside a worker.
   * A browser listens at once, before this returns: a module Web Worker drops messages that
   * arrive while no one listens.
   */
  onParentMessage(f: (message: unknown, parent: WorkerParent) => void): void;
  /**
   * A synchronous receive on a MessagePort (Node: worker_threads' `receiveMessageOnPort`), for
   * the thread pool's blocking `runTask` (src/threads/pool.ts); undefined where a caller may not
   * block (a browser's main thread), so tasks run on the calling thread.
   */
  syncReceive(): Promise<((port: unknown) => { message: unknown } | undefined) | undefined>;
  /** Dawn's binding, or undefined (a browser, or the optional package missing). */
  loadDawn(): Promise<Dawn | undefined>;
  /**
   * parquet-wasm for the parquet reader and writer, loaded on first use. Node: a factory that
   * makes fresh instances of parquet-wasm's Node build (so that a trapped instance can be
   * replaced; see src/io/parquet-wasm.ts), given the `WebAssembly` each instance is built with.
   * Browser: undefined (the web build is loaded once by `loadParquetWasmWeb`).
   */
  parquetWasmFactory(): Promise<((webAssembly: Record<string, unknown>) => ParquetWasmModule) | undefined>;
  /** File calls for streaming (scanCSV, sinkParquet, ...); undefined in a browser. */
  streamFs(): Promise<StreamFs | undefined>;
  /** The web build of parquet-wasm, initialised (its .wasm fetched beside the module); Node never calls it. */
  loadParquetWasmWeb(): Promise<ParquetWasmModule>;
}
