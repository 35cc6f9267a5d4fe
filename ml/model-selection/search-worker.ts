/**
 * Worker side of GridSearchCV's parallel search (./search-pool.ts), on the CPU backend: it
 * keeps one search's X, y and folds (sent once), and for each task rebuilds the estimator from
 * its registered name and options (`estimatorFromJSON`), sets the candidate's options, fits it
 * on the fold's train rows and scores it (./search-task.ts, the code the in-process search
 * runs). Errors go back with their class name and message, for the caller to raise as the
 * same typed error. Importing ../index.js registers every gpuframe estimator.
 */
import { parentPort } from 'node:worker_threads';
import { init } from '../../src/device/index.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { decodeJSON } from '../persist.js';
import { estimatorFromJSON } from '../estimator.js';
import '../index.js';
import { scorerOf } from './scorers.js';
import { fromHost, runTask, selectFold, type FoldData, type SearchEstimator } from './search-task.js';
import type { SearchReply, SearchRequest } from './search-pool.js';

interface Held {
  X: ReturnType<typeof fromHost>;
  job: Extract<SearchRequest, { kind: 'data' }>;
  fold: { index: number; data: FoldData } | undefined;
}

const jobs = new Map<number, Held>();
const ready = init({ backend: 'cpu', quiet: true });
let queue: Promise<void> = Promise.resolve();

function reply(m: SearchReply): void {
  parentPort!.postMessage(m);
}

function failure(id: number, e: unknown): SearchReply {
  const err = e as Error;
  return { id, kind: 'failed', name: err?.name ?? 'Error', message: String(err?.message ?? e) };
}

async function handle(m: SearchRequest): Promise<void> {
  await ready;
  if (m.kind === 'data') {
    try {
      estimatorFromJSON(m.estimator); // refused here when this build does not register it
      jobs.set(m.job, { X: fromHost(m.data), job: m, fold: undefined });
      reply({ id: m.id, kind: 'ready' });
    } catch (e) {
      reply(failure(m.id, e));
    }
    return;
  }
  const held = jobs.get(m.job);
  if (m.kind === 'end') {
    held?.fold?.data.release();
    jobs.delete(m.job);
    return;
  }
  if (!held) return reply({ id: m.id, kind: 'failed', name: 'ValueError', message: `search worker: expected the data of search ${m.job}, got none` });
  try {
    if (held.fold?.index !== m.fold) {
      held.fold?.data.release();
      held.fold = undefined;
      const f = held.job.folds[m.fold]!;
      const train = DataBuffer.fromHost(f.train, 'int32');
      const test = DataBuffer.fromHost(f.test, 'int32');
      held.fold = { index: m.fold, data: await selectFold('GridSearchCV.fit', held.X.X, held.X.y, train, test) };
    }
    const model = (estimatorFromJSON(held.job.estimator) as unknown as SearchEstimator).setParams(decodeJSON(m.params) as never);
    const r = await runTask(model, held.fold.data, scorerOf(held.job.scoring), held.job.returnTrainScore);
    reply({ id: m.id, kind: 'result', ...r });
  } catch (e) {
    reply(failure(m.id, e));
  }
}

parentPort?.on('message', (m: SearchRequest) => {
  queue = queue.then(() => handle(m));
});
