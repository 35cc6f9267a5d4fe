// gpuframe (from the repo's dist/, built by `npm run build`) on the CPU backend (one thread,
// or `threads` omitted: init's default, every core) or the WebGPU backend.
import * as gf from '../../dist/index.js';
import { CHECK_COLUMNS, dimTable, factCsv, factTable } from './data.mjs';

const FRAME_METHODS = { join: 'join', unique: 'unique' };

async function toNumbers(df, names) {
  const cols = {};
  for (const n of names) cols[n] = await df.column(n).data.toArray();
  return cols;
}

export async function prepare({ workload, size, backend, threads }) {
  await gf.init({ backend, quiet: true, ...(threads === undefined ? {} : { threads }) });
  const info = gf.info();
  if (info.backend !== backend) return { error: `backend '${backend}' not available (got '${info.backend}': ${info.note})` };
  const method = FRAME_METHODS[workload];
  if (method && typeof gf.DataFrame.prototype[method] !== 'function') return { na: `DataFrame.${method} not available yet` };
  if (workload === 'csv' && typeof gf.readCSV !== 'function') return { na: 'readCSV not available' };

  const done = backend === 'webgpu' ? () => gf.sync() : async () => {};
  const adapter = info.adapter ? `${info.adapter} (route ${info.route})` : null;
  const free = (r) => r?.dispose?.();
  const extract = async (r) => ({ rows: r.numRows, cols: await toNumbers(r, CHECK_COLUMNS[workload]) });

  if (workload === 'csv') {
    const path = factCsv(size);
    return { adapter, run: async () => { const r = await gf.readCSV(path); await done(); return r; }, extract, free };
  }
  const df = new gf.DataFrame(factTable(size));
  const dim = workload === 'join' ? new gf.DataFrame(dimTable()) : null;
  const ops = {
    'filter-sum': async () => {
      const f = await df.filter(gf.col('x').gt(0.5));
      const s = await gf.kernels.reduceValue(f.column('y').data, 'sum');
      const n = f.numRows;
      f.dispose();
      return { scalars: { n, s } };
    },
    'groupby-1k': () => df.groupBy('k').agg({ s: ['y', 'sum'], m: ['y', 'mean'] }),
    'groupby-1m': () => df.groupBy('g').agg({ s: ['y', 'sum'], m: ['y', 'mean'] }),
    sort: async () => df.sort(['k', 'x'], { descending: [false, true] }),
    join: () => df.join(dim, { on: 'j', how: 'inner' }),
    unique: () => df.unique({ subset: ['k', 'j'] }),
  };
  const op = ops[workload];
  if (workload === 'filter-sum') return { adapter, run: op, extract: async (r) => r };
  // Row-selecting ops gather each column when it is first read (`r.getColumns()` reads them all):
  // the timed run materialises the whole result, as Arquero's `reify()` and Polars do.
  return { adapter, run: async () => { const r = await op(); r.getColumns(); await done(); return r; }, extract, free };
}
