#!/usr/bin/env node
// Issue 15's streaming acceptance (opt-in: `npm run test:stream-big`, never part of `npm test`):
// 1. generate a ~3 GB CSV (bench/stream/data.mjs) in a temp folder, and its first 1e6 rows
//    as a second file;
// 2. in a child process, stream scan → filter → groupBy → sinkParquet over the big file and
//    read the child's peak RSS (/proc/self/status VmHWM, and process.resourceUsage().maxRSS);
//    assert it is under 1 GB (1e9 bytes);
// 3. on the 1e6-row slice, the streamed result (batches of 65,536 rows) equals the in-memory
//    path (readCSV → filter → groupBy.agg): every column exactly, std to 1e-12 relative;
// 4. print the numbers (rows, bytes, seconds, rows/s, peak RSS) as one JSON line; the temp
//    folder is removed.
// Options: --gb <size in GB> (default 3), --keep (keep the files), --backend cpu|webgpu.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generate } from '../bench/stream/data.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const gb = Number(opt('gb', '3'));
const backend = opt('backend', 'cpu');
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gpuframe-stream-big-'));
const LIMIT = 1e9;

try {
  const big = join(dir, 'big.csv');
  const slice = join(dir, 'slice.csv');
  let t = performance.now();
  const { rows, bytes } = generate(big, gb * 1e9, { slicePath: slice, sliceRows: 1_000_000 });
  console.error(`generated ${rows} rows, ${(bytes / 1e9).toFixed(2)} GB in ${((performance.now() - t) / 1000).toFixed(0)} s`);

  const out = join(dir, 'groups.parquet');
  const child = spawnSync(process.execPath, [join(root, 'bench/stream/child.mjs'), `gpuframe-${backend}`, big, out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`the streaming child failed (${child.status})`);
  const m = JSON.parse(child.stdout.trim().split('\n').pop());
  const gf = await import('../dist/index.js');
  await gf.init({ backend, quiet: true });
  const groups = await gf.readParquet(out);

  // the in-memory path on the slice
  const spec = { n: ['x', 'count'], s: ['x', 'sum'], m: ['y', 'mean'], lo: ['x', 'min'], hi: ['y', 'max'], sd: ['x', 'std'] };
  const pred = gf.col('y').gt(-500000);
  const eager = await (await (await gf.readCSV(slice)).filter(pred)).groupBy(['k', 'g']).agg(spec);
  const lazy = await gf.scanCSV(slice, { batchRows: 65_536 }).filter(pred).groupBy(['k', 'g']).agg(spec).collect();
  let sliceEqual = JSON.stringify(lazy.schema) === JSON.stringify(eager.schema) && lazy.numRows === eager.numRows;
  let worstStd = 0;
  for (const name of eager.names) {
    const a = await lazy.getColumn(name).toValues();
    const b = await eager.getColumn(name).toValues();
    for (let i = 0; i < b.length; i++) {
      if (name === 'sd' && typeof b[i] === 'number') worstStd = Math.max(worstStd, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
      else if (!Object.is(a[i], b[i])) sliceEqual = false;
    }
  }
  sliceEqual &&= worstStd <= 1e-12;
  const result = {
    rows, bytes, backend, groups: groups.numRows,
    seconds: Number(m.seconds.toFixed(1)), rowsPerSecond: Math.round(rows / m.seconds),
    peakRssBytes: m.peakRssBytes, maxRssBytes: m.maxRssBytes, rssLimit: LIMIT,
    sliceRows: 1_000_000, sliceEqual, sliceStdRelDiff: worstStd,
  };
  console.log(JSON.stringify(result));
  if (!(m.peakRssBytes < LIMIT)) throw new Error(`peak RSS ${m.peakRssBytes} bytes is not under ${LIMIT}`);
  if (!sliceEqual) throw new Error('the streamed result on the 1e6-row slice differs from the in-memory path');
  if (groups.numRows !== 25_050) throw new Error(`expected 25,050 groups (500 keys and null × 50), got ${groups.numRows}`);
  console.error('test:stream-big: passed');
} finally {
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
