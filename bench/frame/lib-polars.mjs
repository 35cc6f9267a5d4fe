// nodejs-polars 0.26.1 (native binary nodejs-polars-linux-x64-gnu installed explicitly:
// npm skips it on Node 20 because of its engines field). Uses its own thread pool (all cores).
// filter+sum uses the lazy API (projection pushdown), the idiomatic and fastest form;
// everything else is eager and fully materialised in native memory.
import pl from 'nodejs-polars';
import { CHECK_COLUMNS, dimTable, factCsv, factTable } from './data.mjs';

const arr = (s) => (typeof s.toTypedArray === 'function' ? s.toTypedArray() : s.toArray());

export async function prepare({ workload, size }) {
  const extract = async (df) => ({
    rows: df.height,
    cols: Object.fromEntries(CHECK_COLUMNS[workload].map((n) => [n, arr(df.getColumn(n))])),
  });
  if (workload === 'csv') {
    const path = factCsv(size);
    return { run: async () => pl.readCSV(path), extract };
  }
  const df = pl.DataFrame(factTable(size));
  const dim = workload === 'join' ? pl.DataFrame(dimTable()) : null;
  const ops = {
    'filter-sum': () => {
      const r = df.lazy().filter(pl.col('x').gt(0.5)).select(pl.len().alias('n'), pl.col('y').sum().alias('s')).collectSync();
      return { scalars: { n: r.getColumn('n').get(0), s: r.getColumn('s').get(0) } };
    },
    'groupby-1k': () => df.groupBy('k').agg(pl.col('y').sum().alias('s'), pl.col('y').mean().alias('m')),
    'groupby-1m': () => df.groupBy('g').agg(pl.col('y').sum().alias('s'), pl.col('y').mean().alias('m')),
    sort: () => df.sort(['k', 'x'], [false, true]),
    join: () => df.join(dim, { on: 'j', how: 'inner' }),
    unique: () => df.unique({ subset: ['k', 'j'] }),
  };
  const run = ops[workload];
  return { run: async () => run(), extract: workload === 'filter-sum' ? async (r) => r : extract };
}
