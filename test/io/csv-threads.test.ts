// readCSV's `threads` (issue 16, arguments): capped at the cores, validated as a typed error
// naming the option, and the worker pool releases idle workers (src/worker-pool.ts) while
// staying reusable, with threaded reads equal to one thread.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as gf from 'gpuframe';
import { csvWorkerPool } from '../../src/io/csv-parallel.js';
import { dump } from '../helpers/csv-files.js';
import { rejection } from '../helpers/rejection.js';

/** A quote-free file of `n` rows: the parallel read cuts it into one piece per thread. */
function multiChunk(n: number): string {
  const rows = ['id,x,word,flag'];
  for (let k = 0; k < n; k++) rows.push(`${k},${((k * 7919) % 1000) / 8},${['ant', 'bee', 'cat', ''][k % 4]},${k % 3 === 0}`);
  return rows.join('\n') + '\n';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('readCSV threads', () => {
  it('threads: 1e6 in a child process (1 GiB heap, 60 s): the right table, at most one worker per core', () => {
    // Before the cap this aborted the process after 38 s at 12 GB, hence the child process.
    const dist = (p: string): string => JSON.stringify(new URL(`../../dist/${p}`, import.meta.url).href);
    const script = [
      `const gf = await import(${dist('index.js')});`,
      `const { csvWorkerPool } = await import(${dist('src/io/csv-parallel.js')});`,
      `const rows = ['a,b']; for (let k = 0; k < 200000; k++) rows.push(k + ',' + (k % 97) / 4);`,
      `const bytes = new TextEncoder().encode(rows.join('\\n') + '\\n');`,
      `const t0 = performance.now();`,
      `const many = await gf.readCSV(bytes, { threads: 1e6 });`,
      `const ms = performance.now() - t0;`,
      `const workers = csvWorkerPool().size;`,
      `const one = await gf.readCSV(bytes, { threads: 1 });`,
      `const same = JSON.stringify(await many.toRecords()) === JSON.stringify(await one.toRecords());`,
      `console.log(JSON.stringify({ rows: many.numRows, same, workers, ms }));`,
    ].join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'gf-csvthreads-')), 'read.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error, 'the process did not exit within 60 s').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { rows: number; same: boolean; workers: number; ms: number };
    expect(out.rows).toBe(200_000);
    expect(out.same).toBe(true);
    expect(out.workers).toBeGreaterThanOrEqual(availableParallelism() > 1 ? 1 : 0);
    expect(out.workers).toBeLessThanOrEqual(availableParallelism()); // the caller's thread reads one piece
  });

  it('threads: 1e6 in process: the pool holds at most one worker per core, the table equals one thread', async () => {
    const text = multiChunk(20_000);
    const many = await gf.readCSV(text, { threads: 1e6 });
    expect(csvWorkerPool().size).toBeLessThanOrEqual(availableParallelism());
    expect(await dump(many)).toEqual(await dump(await gf.readCSV(text, { threads: 1 })));
  });

  it('threads other than a positive integer are a ValueError naming the option', async () => {
    for (const threads of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '4', null, true, 2n]) {
      const e = await rejection(gf.readCSV('a,b\n1,2\n', { threads } as never));
      expect(e, String(threads)).toBeInstanceOf(gf.ValueError);
      expect(e.message).toMatch(/^readCSV: expected threads as a positive integer/);
    }
  });

  it('idle workers are terminated after the idle time; the pool then starts again and reads equal one thread', async () => {
    const pool = csvWorkerPool();
    const saved = pool.idleMs;
    pool.idleMs = 150;
    try {
      const text = multiChunk(30_000);
      const one = await dump(await gf.readCSV(text, { threads: 1 }));
      const threads = Math.min(3, availableParallelism());
      expect(await dump(await gf.readCSV(text, { threads }))).toEqual(one);
      if (threads > 1) expect(pool.size).toBeGreaterThan(0); // the workers of that read, idle now
      for (let waited = 0; pool.size > 0 && waited < 10_000; waited += 50) await sleep(50);
      expect(pool.size, 'workers left running after the idle time').toBe(0);
      // reusable: the next read starts workers again and gives the same table
      expect(await dump(await gf.readCSV(text, { threads }))).toEqual(one);
      if (threads > 1) expect(pool.size).toBeGreaterThan(0);
    } finally {
      pool.idleMs = saved;
    }
  });

  it('a read whose worker was retired between reads still equals one thread (no request to a terminated worker)', async () => {
    const pool = csvWorkerPool();
    const saved = pool.idleMs;
    pool.idleMs = 1;
    try {
      const text = multiChunk(12_000);
      const one = await dump(await gf.readCSV(text, { threads: 1 }));
      for (let k = 0; k < 5; k++) {
        expect(await dump(await gf.readCSV(text, { threads: 2 }))).toEqual(one);
        await sleep(k * 3);
      }
    } finally {
      pool.idleMs = saved;
    }
  });
});
