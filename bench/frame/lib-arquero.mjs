// Arquero 8 (flechette pinned to 2.6.0, see package.json). Results are materialised
// (`reify`) where Arquero would otherwise keep a filtered or ordered view.
import { readFileSync } from 'node:fs';
import * as aq from 'arquero';
import { CHECK_COLUMNS, dimTable, factCsv, factTable } from './data.mjs';

const { op } = aq;

export async function prepare({ workload, size }) {
  const extract = async (t) => ({
    rows: t.numRows(),
    cols: Object.fromEntries(CHECK_COLUMNS[workload].map((n) => [n, t.array(n)])),
  });
  if (workload === 'csv') {
    const path = factCsv(size);
    return { run: async () => aq.fromCSV(readFileSync(path, 'utf8')), extract };
  }
  const dt = aq.table(factTable(size));
  const dim = workload === 'join' ? aq.table(dimTable()) : null;
  const ops = {
    'filter-sum': () => {
      const r = dt.filter((d) => d.x > 0.5).rollup({ n: op.count(), s: op.sum('y') });
      return { scalars: { n: r.get('n', 0), s: r.get('s', 0) } };
    },
    'groupby-1k': () => dt.groupby('k').rollup({ s: op.sum('y'), m: op.mean('y') }),
    'groupby-1m': () => dt.groupby('g').rollup({ s: op.sum('y'), m: op.mean('y') }),
    sort: () => dt.orderby('k', aq.desc('x')).reify(),
    join: () => dt.join(dim, 'j'),
    unique: () => dt.dedupe('k', 'j').reify(),
  };
  const run = ops[workload];
  return { run: async () => run(), extract: workload === 'filter-sum' ? async (r) => r : extract };
}
