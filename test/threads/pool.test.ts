// The CPU thread pool (src/threads/pool.ts): results in part order on 1, 2 and 4 threads, the
// same bits; inputs on plain ArrayBuffers shared for the call; a failing part's own error on any
// thread count; partsFor a function of n only; init's `threads` option and GPUFRAME_THREADS.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { col, DataFrame, init, info, ValueError, withBackendAsync } from '../../index.js';
import { borrowScratch, partsFor, poolStats, POOL_TUNING, releaseScratch, runTask, setThreads, sharedArray, threadCount, MAX_PARTS, MIN_PART_ROWS, STALL_MS } from '../../src/threads/pool.js';
import { markCallingThread } from '../../src/threads/selftest-tasks.js';

afterAll(async () => {
  await setThreads(undefined);
});

describe('thread pool', () => {
  it('partsFor depends on n only', async () => {
    expect(partsFor(0)).toBe(1);
    expect(partsFor(MIN_PART_ROWS * 2 - 1)).toBe(1);
    expect(partsFor(MIN_PART_ROWS * 2)).toBe(2);
    expect(partsFor(1e9)).toBe(MAX_PARTS);
    expect(partsFor(1000, 100)).toBe(10);
    await setThreads(1);
    const one = [0, 5, 1e6, 1e8].map((n) => partsFor(n));
    await setThreads(4);
    expect([0, 5, 1e6, 1e8].map((n) => partsFor(n))).toEqual(one);
  });

  it('runs parts on workers and returns them in part order, the same bits on 1, 2 and 4 threads', async () => {
    const n = 100_003;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.sin(i) * 1e6 + 1 / (i + 1);
    x[7] = Number.NaN;
    x[11] = -0;
    const runs: { sums: unknown; out: Float64Array }[] = [];
    for (const t of [1, 2, 4]) {
      await setThreads(t);
      expect(threadCount()).toBe(t);
      const before = poolStats().workerParts;
      const out = sharedArray(Float64Array, n);
      expect(out.buffer instanceof SharedArrayBuffer).toBe(t > 1);
      const res = runTask<{ part: number; sum: number }>('threads.rowSum', 37, { x, out }); // x on a plain buffer: shared per call
      expect(res.map((r) => r.part)).toEqual([...Array(37).keys()]);
      if (t > 1) expect(poolStats().workers).toBe(t - 1);
      if (t === 1) expect(poolStats().workerParts).toBe(before);
      runs.push({ sums: res, out });
    }
    for (const r of runs.slice(1)) {
      expect(r.sums).toEqual(runs[0]!.sums);
      expect(Buffer.from(r.out.buffer).equals(Buffer.from(runs[0]!.out.buffer))).toBe(true);
    }
    // the calling thread idle (POOL_TUNING): the workers compute every part, the same bits
    await setThreads(3);
    const before = poolStats().workerParts;
    POOL_TUNING.callerTakesParts = false;
    try {
      const out = sharedArray(Float64Array, n);
      expect(runTask('threads.rowSum', 37, { x, out })).toEqual(runs[0]!.sums);
      expect(Buffer.from(out.buffer).equals(Buffer.from(runs[0]!.out.buffer))).toBe(true);
    } finally {
      POOL_TUNING.callerTakesParts = true;
    }
    expect(poolStats().workerParts).toBe(before + 37);
  });

  it('frees the shared arrays jobs passed: a worker does not keep them alive after the job', async () => {
    // Each job below passes a fresh 16 MiB shared array. A worker's copy of its handle keeps the
    // memory until the worker's garbage collector runs, and a worker that only computes on shared
    // memory never needed one: before the pool's workers collected after their jobs, 24 such jobs
    // left about 384 MiB allocated.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
    await setThreads(2);
    // Freed memory shows up a little after a collection (buffers are swept in the background):
    // look a few times, past the worker's idle collection.
    const settle = async (below: number, looks = 10): Promise<number> => {
      let bytes = Infinity;
      for (let k = 0; k < looks && bytes >= below; k++) {
        await new Promise((r) => setTimeout(r, 300));
        gc();
        bytes = process.memoryUsage().arrayBuffers;
      }
      return bytes;
    };
    try {
      const before = await settle(0, 1);
      const x = new Float64Array(1);
      for (let j = 0; j < 24; j++) runTask('threads.rowSum', 2, { x, out: sharedArray(Float64Array, 2 << 20) });
      const after = await settle(before + (64 << 20));
      expect(after - before, 'bytes still allocated after 24 jobs of 16 MiB').toBeLessThan(64 << 20);
    } finally {
      POOL_TUNING.callerTakesParts = true;
    }
  });

  it('scratch arrays: a released one is reused, nothing else is taken back, and results made with them do not alias', async () => {
    for (const t of [1, 2]) {
      await setThreads(t);
      const a = borrowScratch(Float64Array, 1000);
      expect(a.buffer instanceof SharedArrayBuffer).toBe(t > 1);
      releaseScratch(a);
      const b = borrowScratch(Uint32Array, 1500); // 6,000 bytes: fits the 8,000 given back
      expect(b.buffer).toBe(a.buffer);
      expect(borrowScratch(Uint32Array, 1500).buffer).not.toBe(a.buffer); // taken: a new one
      const mine = new Float64Array(1000);
      releaseScratch(mine); // never borrowed: ignored
      expect(borrowScratch(Float64Array, 1000).buffer).not.toBe(mine.buffer);
      releaseScratch(b);
      releaseScratch(b); // twice: kept once
      expect(borrowScratch(Uint8Array, 6000).buffer).toBe(b.buffer);
      expect(borrowScratch(Uint8Array, 6000).buffer).not.toBe(b.buffer);
    }
    // Filters reuse the mask and compaction memory: an earlier result keeps its rows.
    const n = 300_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const df = new DataFrame({ x, i: Int32Array.from({ length: n }, (_, i) => i) });
    for (const t of [1, 2]) {
      await setThreads(t);
      // Both filters made before either frame's columns are gathered from its row numbers.
      const first = await withBackendAsync('cpu', () => df.filter(col('x').gt(0.5)));
      const second = await withBackendAsync('cpu', () => df.filter(col('x').lt(-0.5)));
      for (const [f, keep] of [[first, (v: number) => v > 0.5], [second, (v: number) => v < -0.5]] as const) {
        const rows = [...(f.column('i').data.hostView('test') as Int32Array)];
        expect(rows).toEqual([...Array(n).keys()].filter((r) => keep(x[r]!)));
      }
    }
  });

  it('throws the lowest failing part its own typed error on any thread count', async () => {
    for (const t of [1, 3]) {
      await setThreads(t);
      expect(() => runTask('threads.failAt', 16, { at: 5 })).toThrow(ValueError);
      expect(() => runTask('threads.failAt', 16, { at: 5 })).toThrow('threads.failAt: expected a part below 5, got 5');
      expect(runTask('threads.failAt', 0, { at: 0 })).toEqual([]);
    }
    expect(() => runTask('threads.nope', 2, {})).toThrow("runTask: expected a task defined with defineTask, got 'threads.nope'");
  });

  it('a worker that dies holding a part does not hang the job: the calling thread runs it, and the pool starts a new worker', async () => {
    markCallingThread();
    await setThreads(2);
    const before = poolStats();
    POOL_TUNING.callerTakesParts = false; // the worker takes the parts, so it holds part 3 when it dies
    POOL_TUNING.stallMs = 300;
    try {
      expect(runTask('threads.dieAt', 8, { at: 3 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    } finally {
      POOL_TUNING.callerTakesParts = true;
      POOL_TUNING.stallMs = STALL_MS;
    }
    expect(poolStats().stalls).toBe(before.stalls + 1);
    // the dead worker leaves the pool when its exit is heard; the next start replaces it
    for (let i = 0; i < 100 && poolStats().workers > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(poolStats().workers).toBe(0);
    await setThreads(2);
    expect(poolStats().workers).toBe(1);
    const parts = poolStats().workerParts;
    POOL_TUNING.callerTakesParts = false;
    try {
      expect(runTask('threads.failAt', 6, { at: 99 })).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      POOL_TUNING.callerTakesParts = true;
    }
    expect(poolStats().workerParts).toBe(parts + 6);
  });

  it('init({ threads }) sets the pool size; bad values and GPUFRAME_THREADS are ValueErrors', async () => {
    const backend = info().backend ?? 'cpu';
    await init({ backend, threads: 3 });
    expect(threadCount()).toBe(3);
    for (const bad of [0, -1, 1.5, Number.NaN, '2', true]) {
      await expect(init({ backend, threads: bad as number })).rejects.toThrow(ValueError);
    }
    await expect(init({ backend, threads: 0 })).rejects.toThrow('init: expected threads to be an integer >= 1, got 0');
    const env = process.env.GPUFRAME_THREADS;
    try {
      process.env.GPUFRAME_THREADS = 'two';
      await expect(init({ backend })).rejects.toThrow("init: expected GPUFRAME_THREADS to be an integer >= 1, got 'two'");
      process.env.GPUFRAME_THREADS = '2';
      await init({ backend });
      expect(threadCount()).toBe(2);
      await init({ backend, threads: 1 }); // the option wins
      expect(threadCount()).toBe(1);
    } finally {
      if (env === undefined) delete process.env.GPUFRAME_THREADS;
      else process.env.GPUFRAME_THREADS = env;
      await init({ backend });
    }
  });
});
