// The frame's hot CPU paths on the thread pool (src/threads/pool.ts): the expression evaluator
// (kernels/expr/expr-tasks.ts: filter masks, computed columns with nulls and status bits), the
// compaction (kernels/compact/compact-tasks.ts), float and integer sums (kernels/reduce/reduce-mt.ts)
// and hash groupBy (kernels/groupby/direct-mt.ts ids, count-ids.ts group sizes, group-reduce-cpu.ts reductions) give the
// same bytes, validity included, on 1, 2 and 4 threads, on random and edge data: empty, one row,
// sizes that are not multiples of a part, NaN, ±0, ±Inf, nulls. Part sizes are lowered so that
// small inputs split into many parts. On 4 threads the calling thread leaves every part to the
// workers (POOL_TUNING), so their results (the built worker code in dist/) are the ones compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { POOL_TUNING, poolStats, setThreads } from '../../src/threads/pool.js';
import { EXPR_TUNING } from '../../kernels/expr/expr-cpu.js';
import { COMPACT_TUNING } from '../../kernels/compact/compact-cpu.js';
import { REDUCE_TUNING } from '../../kernels/reduce/reduce-mt.js';
import { DIRECT_MT_TUNING } from '../../kernels/groupby/hash-groups-cpu.js';
import { GROUP_REDUCE_TUNING } from '../../kernels/groupby/group-reduce-cpu.js';
import { COUNT_IDS_TUNING } from '../../kernels/groupby/count-ids.js';
import { FIRST_TABLES } from '../../kernels/groupby/direct-mt.js';
import { rng } from '../helpers/parity.js';

const saved = { e: EXPR_TUNING.partRows, c: COMPACT_TUNING.partRows, r: REDUCE_TUNING.partRows, d: { ...DIRECT_MT_TUNING }, g: { ...GROUP_REDUCE_TUNING }, n: { ...COUNT_IDS_TUNING } };
beforeAll(() => {
  EXPR_TUNING.partRows = 40;
  COMPACT_TUNING.partRows = 37;
  REDUCE_TUNING.partRows = 1; // a sum's parts are whole 65,536-row blocks whatever this says
  Object.assign(DIRECT_MT_TUNING, { partRows: 29, minRows: 0 });
  Object.assign(GROUP_REDUCE_TUNING, { minRows: 1, minGroups: 1 });
  Object.assign(COUNT_IDS_TUNING, { minRows: 1, poolAddGroups: 1 });
});
afterAll(async () => {
  EXPR_TUNING.partRows = saved.e;
  COMPACT_TUNING.partRows = saved.c;
  REDUCE_TUNING.partRows = saved.r;
  Object.assign(DIRECT_MT_TUNING, saved.d);
  Object.assign(GROUP_REDUCE_TUNING, saved.g);
  Object.assign(COUNT_IDS_TUNING, saved.n);
  await setThreads(undefined);
});

const EDGE = [Number.NaN, -0, 0, Infinity, -Infinity, 0.5, 1e300, -1e-300];

/** A column of `dtype` from values with nulls: typed values (0 in null slots) and an Arrow validity bitmap. */
function nullable(v: (number | null)[], A: Float64ArrayConstructor | Int32ArrayConstructor): gf.Column {
  const bits = new Uint8Array(Math.ceil(v.length / 8));
  const values = new A(v.length);
  v.forEach((x, i) => {
    if (x === null) return;
    values[i] = x;
    bits[i >> 3]! |= 1 << (i & 7);
  });
  return gf.Column.from(values, bits);
}

/** A frame of n rows: floats with edge values and nulls, an int key with nulls, an int column. */
function frame(n: number, seed: number): gf.DataFrame {
  const r = rng(seed);
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const k: (number | null)[] = [];
  const m: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    x.push(u < 0.05 ? null : u < 0.15 ? EDGE[i % EDGE.length]! : r() * 2 - 0.5);
    y.push(r() < 0.04 ? null : r() < 0.05 ? EDGE[(i * 7) % EDGE.length]! : Math.round(r() * 1e8) / 1e3);
    k.push(r() < 0.03 ? null : Math.floor(r() * 50) - 10);
    m.push(Math.floor(r() * 2 ** 31) - 2 ** 30);
  }
  return new gf.DataFrame({ x: nullable(x, Float64Array), y: nullable(y, Float64Array), k: nullable(k, Int32Array), m: new Int32Array(m) });
}

/** Every column's bytes and validity bytes, for exact comparison. */
function bytes(df: gf.DataFrame): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  df.getColumns();
  for (const name of df.columns) {
    const c = df.column(name);
    const d = c.data.hostView('test');
    out[name] = [...new Uint8Array(d.buffer, d.byteOffset, d.byteLength)];
    if (c.validity) out[`${name}?`] = [...(c.validity.hostView('test') as Uint8Array)];
  }
  return out;
}

async function ops(df: gf.DataFrame) {
  const f1 = await df.filter(gf.col('x').gt(0.25));
  const f2 = await df.filter(gf.col('x').lt(0).or(gf.col('y').isNull()).and(gf.col('k').ne(3)));
  const w = await df.withColumns({ z: gf.col('x').mul(gf.col('y')).add(1), c: gf.col('x').cast('int32', { strict: false }), s: gf.when(gf.col('k').gt(5)).then(gf.col('y')).otherwise(gf.col('x').sqrt()) });
  const g = await df.groupBy('k').agg({ s: ['y', 'sum'], a: ['y', 'mean'], lo: ['x', 'min'], hi: ['x', 'max'], n: ['y', 'count'], v: ['y', 'var'], t: ['m', 'sum'] });
  const sums = [
    await gf.kernels.reduceValue(df.column('y').data, 'sum'),
    await gf.kernels.reduceValue(df.column('m').data, 'sum'),
    await gf.kernels.reduceValue(f1.column('y').data, 'sum'),
  ];
  return { f1: bytes(f1), f2: bytes(f2), w: bytes(w), g: bytes(g), sums: sums.map(String) };
}

describe('frame ops on the thread pool', () => {
  it('are the same bytes on 1, 2 and 4 threads (sizes 0, 1, 7, 1,001 and 140,001 rows)', async () => {
    for (const [n, seed] of [[0, 1], [1, 2], [7, 3], [1001, 4], [140_001, 5]] as const) {
      const df = frame(n, seed);
      const runs = [];
      for (const t of [1, 2, 4]) {
        await setThreads(t);
        const before = poolStats().workerParts;
        POOL_TUNING.callerTakesParts = t === 2; // on 4 threads the workers compute every part
        // First rows of the direct groupBy: per-thread tables on 2 threads, the shared compare-and-swap table on 4.
        const tables = FIRST_TABLES.maxBytes;
        if (t === 4) FIRST_TABLES.maxBytes = 0;
        try {
          runs.push(await gf.withBackendAsync('cpu', () => ops(df)));
        } finally {
          POOL_TUNING.callerTakesParts = true;
          FIRST_TABLES.maxBytes = tables;
        }
        if (t === 4 && n > 1) expect(poolStats().workerParts, `workers took parts (${t} threads, ${n} rows)`).toBeGreaterThan(before);
      }
      expect(runs[1], `2 threads, ${n} rows`).toEqual(runs[0]);
      expect(runs[2], `4 threads, ${n} rows`).toEqual(runs[0]);
    }
  });
});
