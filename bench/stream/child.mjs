// One engine streaming one file, in a process of its own so that its peak RSS is its own:
//   node bench/stream/child.mjs <engine> <csv> <out.parquet> [batchRows]
// The query, the same for every engine:
//   rows with y > -500000 (a null y fails it), grouped by (k, g):
//   count(x), sum(x), mean(y), min(x), max(y), std(x) (sample), written to Parquet.
// Prints one JSON line: { engine, seconds, peakRssBytes, maxRssBytes }.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [engine, csv, out, batchRows] = process.argv.slice(2);
const require = createRequire(new URL('../frame/package.json', import.meta.url));

function peakRss() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

const t0 = performance.now();
if (engine === 'gpuframe-cpu' || engine === 'gpuframe-webgpu') {
  const gf = await import('../../dist/index.js');
  await gf.init({ backend: engine === 'gpuframe-cpu' ? 'cpu' : 'webgpu', quiet: true });
  const t1 = performance.now();
  await gf
    .scanCSV(csv, batchRows ? { batchRows: Number(batchRows) } : {})
    .filter(gf.col('y').gt(-500000))
    .groupBy(['k', 'g'])
    .agg({ n: ['x', 'count'], s: ['x', 'sum'], m: ['y', 'mean'], lo: ['x', 'min'], hi: ['y', 'max'], sd: ['x', 'std'] })
    .sinkParquet(out);
  report((performance.now() - t1) / 1000);
} else if (engine === 'polars') {
  const pl = require('nodejs-polars');
  await pl
    .scanCSV(csv)
    .filter(pl.col('y').gt(-500000))
    .groupBy(['k', 'g'])
    .agg(pl.col('x').count().alias('n'), pl.col('x').sum().alias('s'), pl.col('y').mean().alias('m'), pl.col('x').min().alias('lo'), pl.col('y').max().alias('hi'), pl.col('x').std().alias('sd'))
    .sinkParquet(out)
    .collect();
  report((performance.now() - t0) / 1000);
} else if (engine === 'duckdb') {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const lit = (s) => `'${s.replaceAll("'", "''")}'`;
  await con.run(
    `COPY (SELECT k, g, count(x) AS n, sum(x) AS s, avg(y) AS m, min(x) AS lo, max(y) AS hi, stddev_samp(x) AS sd FROM read_csv(${lit(csv)}, header = true) WHERE y > -500000 GROUP BY k, g) TO ${lit(out)} (FORMAT parquet)`,
  );
  report((performance.now() - t0) / 1000);
} else throw new Error(`unknown engine ${engine}`);

function report(seconds) {
  console.log(JSON.stringify({ engine, seconds, peakRssBytes: peakRss(), maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
}
