/**
 * The thread pool's worker (src/threads/pool.ts): takes parts of a job from the job's shared
 * counter until none are left, runs each with the task registered under the job's name, and
 * posts each part's result on the channel the pool gave it (the pool reads it synchronously).
 * A part that throws, or whose result cannot be cloned, is posted as failed; the pool runs it
 * again on the calling thread for its error. A task this worker does not know (a stale build)
 * takes no parts: the calling thread does them.
 */
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
  else run(m);
});
