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
 * The platform (src/platform) provides the instances: in Node a factory over the Node glue (loaded
 * on first use; node:vm, node:fs); in a browser parquet-wasm's web build is used as it is, loaded
 * on first use as a chunk of its own: a sync trap is still a ParseError, but the instance cannot
 * be recreated and an async trap is not contained.
 */
import type * as PW from 'parquet-wasm';
import { platform } from '#platform';

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

type Factory = (webAssembly: Record<string, unknown>) => ParquetWasm;

let factory: Factory | undefined;
let current: WasmHost | undefined;
let queue: Promise<unknown> = Promise.resolve();

const SCHEDULERS = /^__wbg_(queueMicrotask|then|setTimeout|setInterval)_/;
const FREES = /(_free|_destroy_closure|_table_dealloc)$/;

/** A fresh instance whose traps are contained (see the file's comment). */
function instantiate(make: Factory): WasmHost {
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
  const shadow = Object.create(WebAssembly, { Instance: { value: shadowInstance } }) as Record<string, unknown>;
  host.pw = make(shadow);
  instancesMade++;
  return host;
}

let web: Promise<WasmHost> | undefined;

/** A browser: parquet-wasm's web build, one instance for good. */
function webHost(): Promise<WasmHost> {
  web ??= platform.loadParquetWasmWeb().then((pw) => {
    instancesMade++;
    return { pw, dead: false, trapped: new Promise<never>(() => undefined), renewable: false };
  });
  web.catch(() => (web = undefined)); // a failed load (the .wasm not fetched) is tried again on the next call
  return web;
}

async function host(): Promise<WasmHost> {
  if (current !== undefined && !current.dead) return current;
  if (!factory) {
    const f = await platform.parquetWasmFactory();
    if (!f) return webHost();
    factory = f;
  }
  current = instantiate(factory);
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
