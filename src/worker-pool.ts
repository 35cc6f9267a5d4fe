/**
 * A pool of Node worker threads running one compiled script (readCSV's parallel path,
 * GridSearchCV's CPU workers): started on first use and unref'd, so an idle pool never keeps the
 * process alive; a request in flight refs its worker until the reply. A worker with nothing in
 * flight for `idleMs` (default {@link DEFAULT_IDLE_MS}) is terminated, by an unref'd timer, so
 * its memory goes back; the next request starts workers again. A worker that fails or exits
 * leaves the pool and answers each of its requests in flight with the reply `lost` makes.
 * Workers come from the platform (src/platform): worker_threads in Node, module Web Workers in a
 * browser where the caller starts them itself (see {@link WorkerSource}); where there is no
 * worker to start, callers run on their own thread.
 */
import { platform } from '#platform';
import type { PlatformWorker as Worker } from './platform/types.js';

/**
 * The compiled worker script: `built` next to the calling module `here` (import.meta.url), or,
 * under a TypeScript runner (the tests run the sources), `fromSource` (the one in dist/);
 * undefined where there is no such file (a browser, an unbuilt tree).
 */
export async function workerScript(here: string, fromSource: string, built: string): Promise<URL | undefined> {
  return platform.workerScript(here, fromSource, built);
}

/** The cores the platform reports (Node: `os.availableParallelism()`; a browser: `navigator.hardwareConcurrency`). */
export async function availableCores(): Promise<number> {
  return platform.availableCores();
}

/**
 * What a pool starts its workers from: a script's URL, which the platform starts (Node: a worker
 * thread), or a function that starts one itself and returns it (a browser: the caller's
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })`, the form bundlers
 * recognise and emit the worker for).
 */
export type WorkerSource = URL | (() => unknown);

/** How long a worker may sit idle before the pool terminates it, in ms. */
export const DEFAULT_IDLE_MS = 5000;

/** Why a worker left the pool: the error it raised, or its exit code. */
export type WorkerLoss = { error: unknown } | { code: number };

/** A lazily started pool of workers exchanging messages that carry a request id. */
export class WorkerPool<Req extends { id: number }, Reply extends { id: number }> {
  private readonly pool: Worker[] = [];
  private readonly handlers = new Map<number, (m: Reply) => void>();
  private readonly inFlight = new Map<Worker, Set<number>>();
  private readonly idleTimers = new Map<Worker, ReturnType<typeof setTimeout>>();
  /** Callers holding a worker between requests (state it keeps for a later request): never retired idle meanwhile. */
  private readonly holds = new Map<Worker, number>();
  private lastId = 0;
  private startedCount = 0;
  /** Idle time after which a worker is terminated, in ms (settable: the tests shorten it). */
  idleMs = DEFAULT_IDLE_MS;

  /**
   * @param script the worker script (see {@link workerScript}) or a starter (see
   *   {@link WorkerSource}), undefined where there is none
   * @param lost the reply standing in for a request in flight on a worker that left the pool
   */
  constructor(
    private readonly script: () => Promise<WorkerSource | undefined>,
    private readonly lost: (id: number, why: WorkerLoss) => Reply,
  ) {}

  /** A fresh request id. */
  nextId(): number {
    return ++this.lastId;
  }

  /** Whether `w` is still in the pool (it has neither failed, exited nor been retired idle). */
  has(w: Worker): boolean {
    return this.pool.includes(w);
  }

  /** How many workers are running. */
  get size(): number {
    return this.pool.length;
  }

  /** How many workers this pool has started since it was made (the tests count them). */
  get started(): number {
    return this.startedCount;
  }

  /**
   * Keep `w` from being retired idle until the returned release is called: for a caller whose
   * later request needs what an earlier one left on the worker.
   */
  hold(w: Worker): () => void {
    this.holds.set(w, (this.holds.get(w) ?? 0) + 1);
    clearTimeout(this.idleTimers.get(w));
    this.idleTimers.delete(w);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.holds.get(w) ?? 1) - 1;
      if (left > 0) this.holds.set(w, left);
      else {
        this.holds.delete(w);
        this.armIdle(w);
      }
    };
  }

  /** Whether `w` may not be retired idle now: a request in flight, a hold, or it left the pool. */
  private inUse(w: Worker): boolean {
    return (this.inFlight.get(w)?.size ?? 0) > 0 || (this.holds.get(w) ?? 0) > 0 || !this.pool.includes(w);
  }

  /** (Re)start `w`'s idle timer if nothing is in flight on it; its expiry retires the worker. */
  private armIdle(w: Worker): void {
    clearTimeout(this.idleTimers.get(w));
    this.idleTimers.delete(w);
    if (this.inUse(w)) return;
    const t = setTimeout(() => this.retire(w), this.idleMs);
    (t as { unref?: () => void }).unref?.(); // an idle timer never keeps the process alive
    this.idleTimers.set(w, t);
  }

  /** Terminate an idle worker: it leaves the pool at once (its exit then finds nothing in flight). */
  private retire(w: Worker): void {
    this.idleTimers.delete(w);
    if (this.inUse(w)) return;
    this.pool.splice(this.pool.indexOf(w), 1);
    void w.terminate();
  }

  /** `n` workers, started as needed, or undefined where the script is not there. */
  async workers(n: number): Promise<Worker[] | undefined> {
    const source = await this.script().catch(() => undefined);
    if (!source) return undefined;
    while (this.pool.length < n) {
      let w: Worker;
      try {
        w = await platform.startWorker(source);
      } catch {
        if (this.pool.length === 0) return undefined; // none can be started here: callers read on their thread
        break;
      }
      this.startedCount++;
      this.inFlight.set(w, new Set());
      w.on('message', (m) => this.handlers.get((m as Reply).id)?.(m as Reply));
      const leave = (why: WorkerLoss): void => {
        clearTimeout(this.idleTimers.get(w));
        this.idleTimers.delete(w);
        if (this.pool.includes(w)) this.pool.splice(this.pool.indexOf(w), 1);
        for (const id of this.inFlight.get(w) ?? []) this.handlers.get(id)?.(this.lost(id, why));
        this.inFlight.delete(w);
      };
      w.on('error', (error) => leave({ error }));
      w.on('exit', (code) => leave({ code }));
      w.unref(); // after the listeners, which would ref it again: an idle pool never keeps the process alive
      this.pool.push(w);
    }
    const ws = this.pool.slice(0, n);
    for (const w of ws) this.armIdle(w); // a full idle period from now for the caller's first request
    return ws;
  }

  /**
   * Post `req` to `w` and resolve with its reply; messages with its id for which `interim`
   * returns true (progress reports) are passed to it and not taken as the reply.
   */
  send(w: Worker, req: Req, transfer: ArrayBuffer[] = [], interim?: (m: Reply) => boolean): Promise<Reply> {
    // a worker that left the pool (failed, exited, retired idle) would never answer
    if (!this.pool.includes(w)) return Promise.resolve(this.lost(req.id, { code: 1 }));
    clearTimeout(this.idleTimers.get(w));
    this.idleTimers.delete(w);
    return new Promise((resolve) => {
      this.handlers.set(req.id, (m) => {
        if (interim?.(m)) return;
        this.handlers.delete(req.id);
        const ids = this.inFlight.get(w);
        ids?.delete(req.id);
        if (ids?.size === 0) {
          w.unref();
          this.armIdle(w);
        }
        resolve(m);
      });
      this.inFlight.get(w)?.add(req.id);
      w.ref(); // a request in flight keeps the process alive until its reply
      w.postMessage(req, transfer);
    });
  }
}
