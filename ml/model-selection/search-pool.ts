/**
 * The worker threads of GridSearchCV on the CPU backend (Node). A pool of workers running the
 * compiled ./search-worker.js (under a TypeScript runner, the one in dist/) is started on first
 * use and unref'd, so an idle pool never keeps the process alive. Each search sends every
 * worker its own host copy of X, y and the fold rows once (transferred, not cloned), then hands
 * out tasks (candidate × fold, fold-major) one at a time to whichever worker is free; results
 * are stored by task index, so their order never depends on which worker finished first.
 *
 * After a task fails no further task is handed out; every task before it was handed out
 * earlier and still completes, so the first failing task in task order is known, as a
 * sequential search would meet it.
 */
import { workerScript, WorkerPool } from '../../src/worker-pool.js';
import type { EstimatorJSON } from '../estimator.js';
import type { Persisted } from '../persist.js';
import { transferList, type HostData, type TaskResult } from './search-task.js';

/** What the main thread sends a worker. */
export type SearchRequest =
  | {
      kind: 'data';
      id: number;
      job: number;
      estimator: EstimatorJSON;
      data: HostData;
      folds: Array<{ train: Int32Array; test: Int32Array }>;
      scoring: string | null;
      returnTrainScore: boolean;
    }
  | { kind: 'task'; id: number; job: number; fold: number; params: Persisted }
  | { kind: 'end'; id: number; job: number };

/** What a worker answers. */
export type SearchReply = { id: number; kind: 'ready' } | ({ id: number; kind: 'result' } & TaskResult) | { id: number; kind: 'failed'; name: string; message: string };

/** One task's outcome: its scores, or the class name and message of what it threw. */
export type TaskOutcome = { ok: true; result: TaskResult } | { ok: false; name: string; message: string };

/** A search for the workers. */
export interface PoolSearch {
  estimator: EstimatorJSON;
  /** A fresh host copy of X and y per call (each worker gets its own, transferred). */
  data: () => Promise<HostData>;
  folds: Array<{ train: Int32Array; test: Int32Array }>;
  scoring: string | null;
  returnTrainScore: boolean;
  /** The tasks in order: fold and the candidate's options (encoded). */
  tasks: Array<{ fold: number; params: Persisted }>;
}

const pool = new WorkerPool<SearchRequest, SearchReply>(
  () => workerScript(import.meta.url, '../../dist/ml/model-selection/search-worker.js', './search-worker.js'),
  (id, why) => ({ id, kind: 'failed', name: 'GpuframeError', message: 'code' in why ? `GridSearchCV: a search worker exited (code ${why.code})` : `GridSearchCV: a search worker failed (${String(why.error)})` }),
);
let nextJob = 1;

/**
 * Run a search's tasks on `n` workers: the outcomes by task index (undefined for tasks not
 * handed out after a failure), or null when workers are not available or refuse the estimator
 * (the caller then searches in process).
 */
export async function runOnWorkers(search: PoolSearch, n: number): Promise<Array<TaskOutcome | undefined> | null> {
  const ws = await pool.workers(n);
  if (!ws) return null;
  const job = nextJob++;
  const outcomes = new Array<TaskOutcome | undefined>(search.tasks.length);
  const { data: _d, tasks: _t, ...common } = search;
  try {
    const readies = await Promise.all(
      ws.map(async (w) => {
        const data = await search.data();
        const folds = search.folds.map((f) => ({ train: f.train.slice(), test: f.test.slice() }));
        const transfer = [...transferList(data), ...folds.flatMap((f) => [f.train.buffer as ArrayBuffer, f.test.buffer as ArrayBuffer])];
        return pool.send(w, { kind: 'data', id: pool.nextId(), job, ...common, data, folds }, transfer);
      }),
    );
    if (readies.some((r) => r.kind !== 'ready')) return null;
    let next = 0;
    let failed = false;
    await Promise.all(
      ws.map(async (w) => {
        while (!failed && next < search.tasks.length) {
          const t = next++;
          const r = await pool.send(w, { kind: 'task', id: pool.nextId(), job, ...search.tasks[t]! });
          if (r.kind === 'result') {
            const { id: _id, kind: _kind, ...result } = r;
            outcomes[t] = { ok: true, result };
          } else if (r.kind === 'failed') {
            outcomes[t] = { ok: false, name: r.name, message: r.message };
            failed = true;
          }
        }
      }),
    );
    return outcomes;
  } finally {
    for (const w of ws) if (pool.has(w)) w.postMessage({ kind: 'end', id: pool.nextId(), job } satisfies SearchRequest);
  }
}
