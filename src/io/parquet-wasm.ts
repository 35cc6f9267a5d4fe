/**
 * parquet-wasm instances that a wasm trap cannot take down with the process.
 *
 * How a trap escapes (parquet-wasm 0.8, arrow-rs built with `panic = "abort"`): a Rust panic is
 * the wasm instruction `unreachable`, which V8 throws as `WebAssembly.RuntimeError`. In a sync
 * call (`readParquet`, `readSchema`) it reaches the caller like any exception. In an async one
 * (`ParquetFile.fromFile`, `.read`, `.stream`) the Rust future is polled by wasm-bindgen-futures
 * in a `queueMicrotask` callback, or in a `.then` reaction on a JS promise: the panic is thrown
 * from that callback, where no caller can catch it. Node reports it as an uncaught exception (the
 * process exits), and the promise the caller awaits is never settled, because the future that
 * would settle it died with the instance.
 *
 * The containment, at that source: in Node, each instance is made by evaluating parquet-wasm's
 * own Node glue (its `node/parquet_wasm.js`, unchanged) with a `WebAssembly` whose `Instance`
 * wraps (1) every function the instance exports, so that any exception leaving wasm marks the
 * instance dead (wasm-bindgen returns Rust errors as values: only a trap, or a JS exception
 * unwinding through Rust frames, leaves an export as an exception), and (2) every callback the
 * instance hands to `queueMicrotask`, `setTimeout` or a promise's `then`, so that a callback
 * that kills the instance returns instead of throwing into the event loop. A death rejects the
 * instance's `trapped` promise, which every async call races against: the caller's promise
 * settles. A dead instance runs no more wasm (its finalizers' frees are skipped) and the next
 * use makes a fresh one from the once-compiled module, because a trapped instance's memory (its
 * allocator, the futures' queue, half-built tables) cannot be trusted.
 *
 * Uses of an instance are serialized (`withParquetWasm`), so a trap is charged to the one call
 * that caused it, and a concurrent read of a good file never fails for another file's trap.
 * Outside Node (browsers), parquet-wasm's ESM build is used as it is: a sync trap is still a
 * ParseError, but the instance cannot be recreated and an async trap is not contained.
 */
import type * as PW from 'parquet-wasm';

export type ParquetWasm = typeof PW;

/** One parquet-wasm instance and its state. */
export interface WasmHost {
  readonly pw: ParquetWasm;
  /** Set when an exception left the instance's wasm (a trap): the instance is never used again. */
  dead: boolean;
  /** The first exception that killed the instance. */
  fault?: unknown;
  /** Rejects with `fault` when the instance dies; race an async call against it. */
  readonly trapped: Promise<never>;
  /** Whether a dead instance can be replaced (Node: yes; the ESM build: no). */
  readonly renewable: boolean;
}

/** How many instances have been made (tests check that a trap makes a new one). */
export let instancesMade = 0;

let compiled: { module: WebAssembly.Module; run: (shadow: Record<string, unknown>) => ParquetWasm } | undefined;
let current: WasmHost | undefined;
let queue: Promise<unknown> = Promise.resolve();

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
const SCHEDULERS = /^__wbg_(queueMicrotask|then|setTimeout|setInterval)_/;
const FREES = /(_free|_destroy_closure|_table_dealloc)$/;

/** parquet-wasm's Node glue, compiled once into a function of the globals it is given. */
async function loadGlue(): Promise<NonNullable<typeof compiled>> {
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  const vm = await import('node:vm');
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('parquet-wasm'); // the "node" export: node/parquet_wasm.js (CommonJS)
  const source = readFileSync(gluePath, 'utf8');
  const wasmPath = `${dirname(gluePath)}/parquet_wasm_bg.wasm`;
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const params = ['exports', 'require', 'module', '__filename', '__dirname', 'WebAssembly'];
  const fn = vm.compileFunction(source, params, { filename: gluePath });
  const fsShim = { readFileSync: () => new Uint8Array(0) }; // the glue reads its .wasm: the compiled module stands in
  const localRequire = (id: string): unknown => (id === 'fs' || id === 'node:fs' ? fsShim : require(id));
  return {
    module,
    run(shadow) {
      const mod = { exports: {} as Record<string, unknown> };
      fn(mod.exports, localRequire, mod, gluePath, dirname(gluePath), shadow);
      return mod.exports as unknown as ParquetWasm;
    },
  };
}

/** A fresh instance whose traps are contained (see the file's comment). */
function instantiate(glue: NonNullable<typeof compiled>): WasmHost {
  let reject!: (e: unknown) => void;
  const trapped = new Promise<never>((_, r) => (reject = r));
  trapped.catch(() => undefined); // observed by racing callers; never an unhandled rejection
  const host = { dead: false, fault: undefined as unknown, trapped, renewable: true } as WasmHost & { pw: ParquetWasm };
  const kill = (e: unknown): void => {
    if (host.dead) return;
    host.dead = true;
    host.fault = e;
    reject(e);
  };
  const guard = (f: (...a: unknown[]) => unknown) =>
    function guarded(this: unknown, ...a: unknown[]): unknown {
      if (host.dead) return undefined;
      try {
        return f.apply(this, a);
      } catch (e) {
        if (host.dead) return undefined; // the trap is reported through `trapped`, not the event loop
        throw e;
      }
    };
  const shadowInstance = function (this: unknown, module: WebAssembly.Module, imports: Record<string, Record<string, unknown>>) {
    for (const ns of Object.values(imports)) {
      for (const [name, f] of Object.entries(ns)) {
        if (typeof f !== 'function' || !SCHEDULERS.test(name)) continue;
        ns[name] = function (this: unknown, ...a: unknown[]) {
          return (f as (...x: unknown[]) => unknown).apply(this, a.map((x) => (typeof x === 'function' ? guard(x as (...y: unknown[]) => unknown) : x)));
        };
      }
    }
    const inst = new WebAssembly.Instance(module, imports as WebAssembly.Imports);
    const exports: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(inst.exports)) {
      if (typeof v !== 'function') {
        exports[name] = v;
        continue;
      }
      const f = v as (...a: unknown[]) => unknown;
      const skipWhenDead = FREES.test(name);
      exports[name] = function (this: unknown, ...a: unknown[]): unknown {
        if (host.dead) {
          if (skipWhenDead) return undefined;
          throw new Error('parquet-wasm: this instance trapped earlier and runs no more wasm');
        }
        try {
          return f.apply(this, a);
        } catch (e) {
          kill(e);
          throw e;
        }
      };
    }
    return { exports };
  };
  const shadow = Object.create(WebAssembly, {
    Module: { value: function () { return glue.module; } },
    Instance: { value: shadowInstance },
  }) as Record<string, unknown>;
  host.pw = glue.run(shadow);
  instancesMade++;
  return host;
}

let esm: Promise<WasmHost> | undefined;

/** Outside Node: parquet-wasm's ESM build, one instance for good. */
function esmHost(): Promise<WasmHost> {
  esm ??= import('parquet-wasm').then(async (m) => {
    const init = (m as unknown as { default?: unknown }).default;
    if (typeof init === 'function') await (init as () => Promise<unknown>)();
    instancesMade++;
    return { pw: m, dead: false, trapped: new Promise<never>(() => undefined), renewable: false };
  });
  return esm;
}

async function host(): Promise<WasmHost> {
  if (!isNode) return esmHost();
  if (current !== undefined && !current.dead) return current;
  compiled ??= await loadGlue();
  current = instantiate(compiled);
  return current;
}

/**
 * Run `fn` with a live parquet-wasm instance, one call at a time. When `fn` kills the instance,
 * the next call gets a fresh one. `fn` must race its async wasm calls against `h.trapped`
 * (`settle` does).
 */
export function withParquetWasm<T>(fn: (h: WasmHost) => Promise<T> | T): Promise<T> {
  const run = queue.then(async () => fn(await host()));
  queue = run.catch(() => undefined);
  return run;
}

/** `p` (an async call into `h`), or the instance's fault when it dies first: always settles. */
export function settle<T>(h: WasmHost, p: Promise<T>): Promise<T> {
  return Promise.race([p, h.trapped]);
}

/** Whether `e` is (or came with) a wasm fault rather than an error the reader reported. */
export function isTrap(h: WasmHost, e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError || (h.dead && e === h.fault);
}
