/**
 * The thread pool's worker (src/threads/pool.ts): takes parts of a job from the job's shared
 * counter until none are left, runs each with the task registered under the job's name, and
 * posts each part's result on the channel the pool gave it (the pool reads it synchronously).
 * A part that throws, or whose result cannot be cloned, is posted as failed; the pool runs it
 * again on the calling thread for its error. A task this worker does not know (a stale build)
 * takes no parts: the calling thread does them.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { setThreads } from '../../src/threads/pool.js';
import { taskNamed } from '../../src/threads/tasks.js';
import './task-list.js';

// A part that reaches a parallel loop itself runs it inline: a worker never starts workers.
void setThreads(1);

interface Job {
  kind: 'job';
  job: number;
  name: string;
  parts: number;
  args: Record<string, unknown>;
  ctl: Int32Array;
}

let out: MessagePort | undefined;

/**
 * This isolate's garbage collector, or undefined. A job's shared arrays arrive here as new
 * SharedArrayBuffer objects that keep the memory alive until this isolate collects them, and a
 * worker that only computes on shared memory allocates too little to ever trigger a collection:
 * without one, every buffer a job passed stayed allocated for the life of the worker (measured:
 * about 290 MB more per inner join of 1e7 rows, 2.6 GB after 8 joins) and the calling thread's
 * next arrays took fresh pages instead of the freed ones. The flag is set only long enough to
 * take the function from a new context, then cleared again.
 */
const collect = ((): ((o?: { type: 'major' | 'minor' }) => void) | undefined => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as ((o?: { type: 'major' | 'minor' }) => void) | undefined;
    setFlagsFromString('--no-expose-gc');
    return typeof gc === 'function' ? gc : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * Collect once the job queue is idle: jobs run back to back, then a young-generation collection
 * (a job's buffer objects are young); a full one when no job came for a while (anything that
 * survived into the old generation).
 */
let collectSoon: ReturnType<typeof setImmediate> | undefined;
let collectLater: ReturnType<typeof setTimeout> | undefined;
function scheduleCollect(): void {
  if (!collect) return;
  collectSoon ??= setImmediate(() => {
    collectSoon = undefined;
    collect({ type: 'minor' });
  });
  if (collectLater) clearTimeout(collectLater);
  collectLater = setTimeout(() => collect({ type: 'major' }), 200);
  collectLater.unref?.();
}

function run(m: Job): void {
  const fn = taskNamed(m.name);
  if (!fn || !out) return;
  const { ctl, parts } = m;
  for (let p = Atomics.add(ctl, 0, 1); p < parts; p = Atomics.add(ctl, 0, 1)) {
    try {
      out.postMessage({ job: m.job, part: p, value: fn(p, parts, m.args) });
    } catch {
      out.postMessage({ job: m.job, part: p, failed: true });
    }
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  }
}

parentPort?.on('message', (m: { kind: 'port'; port: MessagePort } | Job) => {
  if (m.kind === 'port') out = m.port;
  else {
    run(m);
    scheduleCollect();
  }
});
