/**
 * Browser slice, frames and primitives: the gf.kernels primitives on random data of each word
 * dtype with NaN/±0/±Inf/extremes mixed in, and the DataFrame verbs (filter, sort, groupBy, join,
 * expressions, windows, lists, concat, unique) on frames with nulls, at 0, 1 and 257 rows.
 */
import * as gf from 'gpuframe';
import { randomArray, randomValidity } from '../helpers/parity.js';
import { both, tolOf } from './compare.js';

const { col, lit, when } = gf;

/** Rows at which every case runs: empty, one, and one past the workgroup size. */
export const ROWS = [0, 1, 257] as const;

const DTYPES = ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'] as const;

/** A frame with nulls in every column: int32 keys (5 values), float64 with edge values, int64, utf8. */
export function frameOf(n: number, seed: number): gf.DataFrame {
  const k = randomArray('int32', n, seed, { distinct: 5 });
  const x = randomArray('float64', n, seed + 1, { specialRate: 0.2 });
  const i = randomArray('int64', n, seed + 2, { distinct: 1000 });
  const words = ['oslo', 'lima', 'Pune', 'ærø', ''];
  const s = Array.from({ length: n }, (_, j) => (j % 7 === 3 ? null : words[(j * 31 + seed) % words.length]!));
  return new gf.DataFrame({
    k: gf.Column.from(k, randomValidity(n, 0.1, seed + 3)),
    x: gf.Column.from(x, randomValidity(n, 0.1, seed + 4)),
    i: gf.Column.from(i, randomValidity(n, 0.1, seed + 5)),
    s: gf.Column.from(s),
  });
}

export async function primitives(n: number): Promise<void> {
  const K = gf.kernels;
  for (const [d, dtype] of DTYPES.entries()) {
    const a = randomArray(dtype, n, 10 + d);
    const b = randomArray(dtype, n, 20 + d);
    const valid = randomValidity(n, 0.2, 30 + d);
    const what = `${dtype} n=${n}`;
    await both(`map ${what}`, () => [K.mapUnary(gf.array(a), 'neg'), K.mapUnary(gf.array(a), 'abs'), K.compare(gf.array(a), gf.array(b), 'le'), K.compare(gf.array(a), 0, 'gt')]);
    // float64 arithmetic is the expression kernel's (soft binary64), not map's.
    if (dtype !== 'float64') await both(`map binary ${what}`, () => [K.mapBinary(gf.array(a), gf.array(b), 'add'), K.mapBinary(gf.array(a), gf.array(b), 'max'), K.mapBinary(gf.array(a), 3, dtype.endsWith('64') ? 'sub' : 'mul')]);
    if (dtype === 'float32') await both(`map div ${what}`, () => K.mapBinary(gf.array(a), gf.array(b), 'div'), tolOf('map/binary'));
    await both(`nulls ${what}`, () => [K.nullFlags(gf.array(valid), n), K.fillNull(gf.array(a), gf.array(valid), 7)]);
    await both(`sort ${what}`, () => [K.argsort(gf.array(a)), K.argsort(gf.array(a), { descending: true }), K.sortPairs(gf.array(a)).keys]);
    await both(`reduce ${what}`, async () => [await K.reduceValue(gf.array(a), 'min'), await K.reduceValue(gf.array(a), 'max'), dtype.endsWith('64') && dtype !== 'float64' ? null : await K.reduceValue(gf.array(a), 'sum')]);
    await both(`compact ${what}`, async () => K.compact(gf.array(a), K.compare(gf.array(a), gf.array(b), 'lt'), { validity: gf.array(valid) }));
    await both(`gather ${what}`, () => {
      const order = K.argsort(gf.array(b));
      const g = K.gather(gf.array(a), order, { inRange: true });
      return [g.values, K.scatter(gf.array(a), order, n, { validity: gf.array(valid) })];
    });
    await both(`concat ${what}`, () => K.concatValues([gf.array(a), gf.array(b), gf.array(a.slice(0, 3))]));
    if (!dtype.startsWith('float')) await both(`scan ${what}`, () => [K.scan(gf.array(a)), K.scan(gf.array(a), { inclusive: true })]);
  }
  await both(`sequence n=${n}`, () => [K.sequence(n), K.sequence(n, 4_294_967_000)]);
  const bins = Uint32Array.from({ length: n }, (_, j) => (j * 2_654_435_761) % 37);
  await both(`histogram n=${n}`, () => [K.histogram(gf.array(bins), 37), K.histogram(gf.array(bins), 37, { validity: gf.array(randomValidity(n, 0.3, 4)) })]);
}

export async function frameVerbs(n: number): Promise<void> {
  const df = () => frameOf(n, 100 + n);
  await both(`filter n=${n}`, () => df().filter(col('x').gt(0).or(col('k').isNull()).and(col('s').str.startsWith('o').not())));
  // The predicate kernel: null tests over a nested column (dropNulls) and a bool column's fillNull.
  await both(`predicate n=${n}`, async () => {
    const per = await df().groupBy('s').agg({ xs: ['x', 'list'], k: ['k', 'max'] });
    return [await per.dropNulls(), df().withColumns({ b: col('x').gt(0) }).fillNull({ b: false })];
  });
  await both(`sort n=${n}`, () => df().sort(['k', 'x', 's'], { descending: [false, true, false] }));
  await both(`select n=${n}`, () => df().select(col('x').sum().alias('sx'), col('i').max(), col('x').min().alias('mx'), col('k').count().alias('c'), col('x').mean().alias('m')));
  await both(`groupBy n=${n}`, () =>
    df().groupBy('k').agg({ n: ['x', 'count'], sx: ['x', 'sum'], med: ['x', 'median'], sd: ['x', 'std'], mn: ['i', 'min'], mx: ['i', 'max'], first: ['s', 'first'], xs: ['x', 'list'] }),
  );
  await both(`groupBy two keys n=${n}`, () => df().groupBy(['s', 'k']).agg(col('i').sum().alias('si')));
  const right = () => new gf.DataFrame({ k: gf.Column.from(Int32Array.from([-2, -1, 0, 1, 1, 7])), label: gf.Column.from(['a', 'b', null, 'c', 'd', 'e']) });
  for (const how of ['inner', 'left', 'outer', 'semi', 'anti'] as const) await both(`join ${how} n=${n}`, () => df().join(right(), { on: 'k', how }));
  await both(`join two keys n=${n}`, async () => {
    const a = df();
    return a.join(a.select('k', 's', 'i').head(40), { on: ['k', 's'], how: 'inner' });
  });
  await both(`expressions n=${n}`, () =>
    df().withColumns({
      y: col('x').mul(2).add(col('i').cast('float64')),
      q: col('i').div(col('k')),
      f: col('x').fillNull(-1).floor(),
      band: when(col('x').gt(1)).then(lit('big')).otherwise(col('s')),
      e: col('x').abs().sqrt().exp(),
      i32: col('i').cast('int32', { strict: false }),
      k64: col('k').cast('int64'),
      x32: col('x').cast('float32', { strict: false }),
      z: col('x').mul(0).cast('int32', { strict: false }),
    }),
    tolOf('expr/fused'),
  );
  await both(`windows n=${n}`, () =>
    df().withColumns({
      cs: col('x').cumSum(),
      cm: col('i').cumMax(),
      rm: col('x').rollingMean(3),
      rs: col('i').rollingSum(4, { minPeriods: 2 }),
      r: col('i').rank({ method: 'dense' }),
      ra: col('x').rank(),
      sh: col('s').shift(2),
      d: col('x').diff().over('k'),
    }),
  );
  await both(`lists n=${n}`, async () => {
    const per = await df().groupBy('k').agg({ xs: ['x', 'list'], ss: ['s', 'list'] });
    const stats = per.withColumns({ len: col('xs').list.len(), last: col('xs').list.get(-1), total: col('xs').list.sum() });
    return [stats, await per.sort('k', { descending: true }).explode('ss')];
  });
  await both(`concat unique n=${n}`, async () => {
    const c = gf.concat([df(), frameOf(Math.min(n, 9), 7), df().head(5)]);
    return [c, await c.unique(['k', 's']), await c.valueCounts('k'), await c.dropNulls()];
  });
}
