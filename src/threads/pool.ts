/**
 * The CPU backend's thread pool: synchronous CPU twins split their rows into parts and run the
 * parts on the calling thread and on worker threads at once, over SharedArrayBuffer-backed
 * arrays, then combine the parts' results in part order.
 *
 * Bit-identical on any thread count: the number of parts is a function of the row count only
 * (`partsFor`), each part computes the same thing on whichever thread runs it, and the caller
 * combines results by part index, never by arrival. Threads only change which thread computes a
 * part (workers pull parts from a shared atomic counter, so a slow thread takes fewer).
 *
 * `runTask` is synchronous (the CPU twins are): it posts the job to the workers, works on parts
 * itself, then blocks in `Atomics.wait` until the workers' parts are done and takes their results
 * with a synchronous receive on a MessagePort. Node allows `Atomics.wait` on the main thread; a
 * browser does not, so there (and wherever the platform has no synchronous receive) every part
 * runs inline on the calling thread, with the same parts and the same combine: same bits.
 *
 * The pool size is `init({ threads })`, else `GPUFRAME_THREADS`, else all cores; 1 means no
 * workers. Workers start on `init` (awaited) or, lazily, on the first job that wants them (that
 * job runs inline while they start). They are unref'd: an idle pool never keeps the process
 * alive. The worker script is kernels/threads/worker.ts (built to dist/), which imports the task
 * modules listed in kernels/threads/task-list.ts.
 */
import { platform } from '#platform';
import type { TypedArray } from '../dtypes.js';
import { ValueError } from '../errors.js';
import type { PlatformWorker } from '../platform/types.js';
import { workerScript } from '../worker-pool.js';
import { taskNamed } from './tasks.js';

/** A typed-array constructor (`Float64Array`, `Int32Array`, ...). */
export interface TypedArrayCtor<T extends TypedArray> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** Rows per part below which `partsFor` makes fewer parts (a part's fixed cost is a message and a wake-up). */
export const MIN_PART_ROWS = 1 << 17;
/** The most parts `partsFor` makes, whatever n (enough for dynamic balance on 8–16 threads). */
export const MAX_PARTS = 64;

let cores = 1;
void platform.availableCores().then((c) => (cores = Math.max(1, Math.floor(c))), () => undefined);

/** The pool size set by `init({ threads })`; undefined: GPUFRAME_THREADS, else all cores. */
let requested: number | undefined;

const sharedMemory = typeof SharedArrayBuffer !== 'undefined' && typeof Atomics !== 'undefined';

/**
 * A thread count from `init({ threads })` or GPUFRAME_THREADS: an integer >= 1, else a
 * ValueError naming where it came from.
 */
export function checkThreads(v: unknown, from: 'threads' | 'GPUFRAME_THREADS'): number {
  const n = from === 'GPUFRAME_THREADS' && typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    const shown = typeof v === 'string' ? `'${v}'` : typeof v === 'number' ? String(v) : `${typeof v} ${String(v)}`;
    throw new ValueError(from === 'threads' ? `init: expected threads to be an integer >= 1, got ${shown}` : `init: expected GPUFRAME_THREADS to be an integer >= 1, got ${shown}`);
  }
  return n;
}

function envThreads(): number | undefined {
  const v = typeof process !== 'undefined' ? process.env?.GPUFRAME_THREADS : undefined;
  return v === undefined || v === '' ? undefined : checkThreads(v, 'GPUFRAME_THREADS');
}

/**
 * The pool size in effect: `init({ threads })`, else `GPUFRAME_THREADS`, else all cores (the
 * calling thread counts as one; 1 means no workers). 1 wherever shared memory is missing.
 */
export function threadCount(): number {
  if (!sharedMemory) return 1;
  return requested ?? envThreads() ?? cores;
}

/** The pool size the user set (`init({ threads })`, else GPUFRAME_THREADS), or undefined: all cores. */
export function requestedThreads(): number | undefined {
  return requested ?? envThreads();
}

/**
 * Set the pool size (`init({ threads })`; undefined goes back to GPUFRAME_THREADS or all cores)
 * and start the workers it needs; workers beyond it are stopped. Resolves when they are started.
 */
export async function setThreads(n: number | undefined): Promise<void> {
  if (n !== undefined) checkThreads(n, 'threads');
  requested = n;
  const want = Math.max(0, threadCount() - 1);
  for (const s of slots.splice(want)) void s.worker.terminate();
  await startThreads();
}

/**
 * A zeroed typed array of `length` elements, in shared memory where `threadCount() > 1` (so
 * workers write their parts of it in place), else on a plain ArrayBuffer.
 */
export function sharedArray<T extends TypedArray>(ctor: TypedArrayCtor<T>, length: number): T {
  if (!sharedMemory || threadCount() <= 1) return new ctor(length);
  return new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT));
}

/** Whether `buf` is shared memory (false wherever SharedArrayBuffer does not exist). */
export function isShared(buf: ArrayBufferLike): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && buf instanceof SharedArrayBuffer;
}

/** Scratch buffers given back (`releaseScratch`) and not yet reused, oldest first. */
const spare: ArrayBufferLike[] = [];
let spareBytes = 0;
let spareTimer: ReturnType<typeof setTimeout> | undefined;

/** The most bytes of scratch kept for reuse; all of it is let go after {@link SCRATCH_IDLE_MS} without a release. */
export const SCRATCH_LIMIT = 256 << 20;
export const SCRATCH_IDLE_MS = 2000;

/**
 * A typed array of `length` elements for a kernel's own temporary use, in shared memory where
 * `threadCount() > 1` (as `sharedArray`), and NOT zeroed: a buffer given back by an earlier call
 * (`releaseScratch`) when one fits, else a new one. Reuse matters because fresh pages are
 * expensive (the kernel zeroes each one on first touch, measured at about 4 ms per MB here) and
 * shared buffers, unlike plain ones, never come back from the C allocator's free lists.
 * Only for arrays every reader is done with before the kernel returns.
 */
export function borrowScratch<T extends TypedArray>(ctor: TypedArrayCtor<T>, length: number): T {
  const bytes = length * ctor.BYTES_PER_ELEMENT;
  const shared = sharedMemory && threadCount() > 1;
  let best = -1;
  for (let i = 0; i < spare.length; i++) {
    const b = spare[i]!;
    // The smallest that fits, and not one much larger (it would hold memory a later, larger ask needs).
    if (isShared(b) === shared && b.byteLength >= bytes && b.byteLength <= 2 * bytes + (1 << 20) && (best < 0 || b.byteLength < spare[best]!.byteLength)) best = i;
  }
  let a: T;
  if (best >= 0) {
    const [b] = spare.splice(best, 1);
    spareBytes -= b!.byteLength;
    a = new ctor(b!, 0, length);
  } else a = new ctor(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), 0, length);
  borrowed.add(a.buffer);
  return a;
}

/** Buffers `borrowScratch` handed out: only these are taken back. */
const borrowed = new WeakSet<ArrayBufferLike>();

/**
 * Give a `borrowScratch` array back for reuse; the caller and every reader must be done with it.
 * Any other array is ignored, so a caller may pass an array that only may have been borrowed.
 */
export function releaseScratch(a: TypedArray): void {
  const buf = a.buffer;
  // Borrowed once, taken back once: a buffer in `spare` is never in `borrowed`.
  if (!borrowed.delete(buf) || buf.byteLength > SCRATCH_LIMIT) return;
  spare.push(buf);
  spareBytes += buf.byteLength;
  while (spareBytes > SCRATCH_LIMIT) spareBytes -= spare.shift()!.byteLength;
  if (spareTimer) clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    spare.length = 0;
    spareBytes = 0;
  }, SCRATCH_IDLE_MS);
  (spareTimer as { unref?: () => void }).unref?.();
}

/**
 * How many parts `n` rows split into: `floor(n / minPerPart)`, at least 1 and at most
 * {@link MAX_PARTS}. A function of n (and the caller's constant) only, never of the thread
 * count, so results are the same bits on any number of threads. One part runs inline: inputs
 * under `2 * minPerPart` rows never reach a worker (the cut-over).
 */
export function partsFor(n: number, minPerPart = MIN_PART_ROWS): number {
  return Math.max(1, Math.min(MAX_PARTS, Math.floor(n / Math.max(1, minPerPart))));
}

/**
 * Rows [lo, hi) of part `part` of `parts` over n rows, boundaries at multiples of `align` (a
 * summation block, 8 rows of a validity bitmap byte) except the last, which is n. A function of
 * (part, parts, n, align) only.
 */
export function partRange(part: number, parts: number, n: number, align = 1): [number, number] {
  const units = Math.ceil(n / align);
  const lo = Math.min(n, Math.floor((units * part) / parts) * align);
  const hi = part + 1 >= parts ? n : Math.min(n, Math.floor((units * (part + 1)) / parts) * align);
  return [lo, hi];
}

const sharedCopies = new WeakMap<object, TypedArray>();

/**
 * `a` in shared memory: `a` itself when it is there already (or no workers run), else a shared
 * copy made once per array and kept while `a` lives (a WeakMap), so a column read by many
 * parallel ops is copied once. Only for arrays that are never mutated afterwards (a DataBuffer's
 * host array is not, by contract); pass a mutable array to `runTask` as is (copied per call).
 */
export function sharedInput<T extends TypedArray>(a: T): T {
  if (!sharedMemory || threadCount() <= 1 || isShared(a.buffer)) return a;
  let c = sharedCopies.get(a) as T | undefined;
  if (!c) {
    c = new (a.constructor as TypedArrayCtor<T>)(new SharedArrayBuffer(a.byteLength), 0, a.length);
    c.set(a as never);
    sharedCopies.set(a, c);
  }
  return c;
}

interface Slot {
  worker: PlatformWorker;
  /** Our end of the channel the worker posts part results on (read with the synchronous receive). */
  port: { unref?: () => void };
}

const slots: Slot[] = [];
let receive: ((port: unknown) => { message: unknown } | undefined) | undefined;
let starting: Promise<void> | undefined;
/** No workers here: a browser (for good), or no built worker script (looked for again after a while). */
let noWorkers = false;
let noScriptUntil = 0;

/** Start the workers the pool size asks for (idempotent; concurrent calls share one start). */
export async function startThreads(): Promise<void> {
  if (noWorkers || Date.now() < noScriptUntil || slots.length >= threadCount() - 1) return;
  starting ??= (async () => {
    receive ??= await platform.syncReceive();
    if (!receive || typeof MessageChannel === 'undefined') {
      noWorkers = true; // a browser: every task runs inline
      return;
    }
    const url = await workerScript(import.meta.url, '../../dist/kernels/threads/worker.js', '../../kernels/threads/worker.js');
    if (!url) {
      noScriptUntil = Date.now() + 5000; // an unbuilt tree: tasks run inline; look again later
      return;
    }
    while (slots.length < threadCount() - 1) {
      const worker = await platform.startWorker(url);
      const { port1, port2 } = new MessageChannel();
      const slot: Slot = { worker, port: port1 as unknown as Slot['port'] };
      const leave = (): void => {
        const i = slots.indexOf(slot);
        if (i >= 0) slots.splice(i, 1);
      };
      worker.on('error', leave);
      worker.on('exit', leave);
      worker.postMessage({ kind: 'port', port: port2 }, [port2 as unknown as ArrayBuffer]);
      worker.unref(); // after the listeners: an idle pool never keeps the process alive
      slot.port.unref?.();
      slots.push(slot);
    }
  })().finally(() => (starting = undefined));
  await starting;
}

/**
 * How long a job waits with every part taken and none finishing before the calling thread runs
 * the parts whose results have not come (a worker died holding them), in ms.
 */
export const STALL_MS = 10_000;

/**
 * Internal, for the tests: `stallMs` shortens {@link STALL_MS}; `callerTakesParts: false` leaves every part of a job with workers to
 * the workers (the calling thread only waits; it takes what is left if no worker finishes a
 * part within 2 s), so a test compares the workers' results (the built code) with one thread's.
 */
export const POOL_TUNING = { callerTakesParts: true, stallMs: STALL_MS };

/** Counters for the tests: workers running, parts computed on workers since the start. */
export function poolStats(): { workers: number; workerParts: number; jobs: number; stalls: number } {
  return { workers: slots.length, workerParts, jobs, stalls };
}

let workerParts = 0;
let stalls = 0;
let jobs = 0;

/** A plain (non-shared) typed array's bytes copied into shared memory; everything else as is. */
function share(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !isShared(v.buffer)) {
    const a = v as unknown as TypedArray;
    const copy = new (a.constructor as TypedArrayCtor<TypedArray>)(new SharedArrayBuffer(a.byteLength), 0, a.length);
    copy.set(a as never);
    return copy;
  }
  if (Array.isArray(v) && v.some((x) => ArrayBuffer.isView(x))) return v.map(share);
  return v;
}

/**
 * Run task `name` (registered with `defineTask`, src/threads/tasks.ts) for parts
 * 0..parts-1 and return their results in part order. Synchronous: parts run on this thread and,
 * where there are workers, on them at the same time; the call returns when all are done.
 *
 * `args` reaches the workers by postMessage: typed arrays in shared memory (see `sharedArray`)
 * are shared, not copied; a typed array on a plain ArrayBuffer (at the top level of `args`, or
 * in an array there) is copied into shared memory once per call, so produce inputs in shared
 * memory where you can. Outputs go in shared arrays the task writes (its own part's rows) or in
 * the returned values (structured-cloned back).
 *
 * A part that throws on a worker is run again on this thread, so the error thrown is the same
 * object type and text on any thread count; with several failing parts, the lowest part's.
 *
 * In a browser (no `Atomics.wait` on the main thread), and wherever `threadCount()` is 1 or
 * parts is 1, every part runs inline on the calling thread: the same parts and combine, the
 * same bits.
 */
export function runTask<R>(name: string, parts: number, args: Record<string, unknown>): R[] {
  const fn = taskNamed(name);
  if (!fn) throw new ValueError(`runTask: expected a task defined with defineTask, got '${name}'`);
  if (!Number.isInteger(parts) || parts < 0) throw new ValueError(`runTask: expected parts to be an integer >= 0, got ${parts}`);
  const out = new Array<R>(parts);
  const want = threadCount() - 1;
  const helpers = parts > 1 && want > 0 ? slots.slice(0, want) : [];
  if (parts > 1 && want > slots.length && !noWorkers && Date.now() >= noScriptUntil) void startThreads().catch(() => (noScriptUntil = Date.now() + 5000));
  if (helpers.length === 0 || !receive) {
    for (let p = 0; p < parts; p++) out[p] = fn(p, parts, args) as R;
    return out;
  }
  jobs++;
  const job = jobs;
  const shared: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) shared[k] = share(v);
  const ctl = new Int32Array(new SharedArrayBuffer(8)); // [next part to take, parts done]
  for (const s of helpers) s.worker.postMessage({ kind: 'job', job, name, parts, args: shared, ctl });
  let failed = -1;
  const got = new Uint8Array(parts); // 1: part p's result is in `out` (this thread's, or received)
  const takeParts = (): void => {
    for (let p = Atomics.add(ctl, 0, 1); p < parts; p = Atomics.add(ctl, 0, 1)) {
      try {
        out[p] = fn(p, parts, shared) as R;
      } catch {
        if (failed < 0 || p < failed) failed = p;
      }
      got[p] = 1;
      Atomics.add(ctl, 1, 1);
    }
  };
  if (POOL_TUNING.callerTakesParts) takeParts();
  // Wait for the workers' parts, taking their results as they come. A worker that dies holding a
  // part (out of memory, terminated) would leave it undone for ever: when every part is taken
  // and none has finished for STALL_MS, this thread runs each part whose result has not come
  // (parts are idempotent: the same values into the same rows), so a job never hangs on a
  // lost worker; a merely slow worker's late result is then ignored.
  const drain = (): void => {
    for (const s of helpers) {
      for (let m = receive!(s.port); m !== undefined; m = receive!(s.port)) {
        const r = m.message as { job: number; part: number; value?: R; failed?: true };
        if (r.job !== job || got[r.part]) continue;
        workerParts++;
        got[r.part] = 1;
        if (r.failed) {
          if (failed < 0 || r.part < failed) failed = r.part;
        } else out[r.part] = r.value as R;
      }
    }
  };
  let since = Date.now();
  for (let d = Atomics.load(ctl, 1); d < parts; d = Atomics.load(ctl, 1)) {
    const limit = POOL_TUNING.callerTakesParts ? POOL_TUNING.stallMs : Math.min(2000, POOL_TUNING.stallMs);
    if (Atomics.wait(ctl, 1, d, Math.min(250, limit)) !== 'timed-out' || Atomics.load(ctl, 1) !== d) {
      since = Date.now();
      continue;
    }
    if (Date.now() - since < limit) continue;
    // (the calling thread idle, for the tests: if no worker has finished a part for a while, take the rest)
    if (Atomics.load(ctl, 0) < parts) {
      takeParts();
      since = Date.now();
      continue;
    }
    drain();
    for (let p = 0; p < parts; p++) {
      if (got[p]) continue;
      try {
        out[p] = fn(p, parts, shared) as R;
      } catch {
        if (failed < 0 || p < failed) failed = p;
      }
      got[p] = 1;
      stalls++;
    }
    break;
  }
  drain();
  if (failed >= 0) {
    fn(failed, parts, shared); // the lowest failing part again, here: its own error, on any thread count
    throw new Error(`runTask: task '${name}' part ${failed} failed on a worker but not on the calling thread`);
  }
  return out;
}
