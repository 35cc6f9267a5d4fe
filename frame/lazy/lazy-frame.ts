/**
 * LazyFrame: a plan over a streamed source (`scanCSV`, `scanParquet`) that runs batch by
 * batch. Row-wise steps (filter, withColumns, select) are the eager verbs applied to each
 * batch; `groupBy(keys).agg(...)` folds the batches into group states (./stream-agg.ts) and
 * is itself a LazyFrame of the aggregated rows. Nothing runs until it is iterated
 * (`for await (const batch of lf)`), collected or sunk; each run reads the source again.
 */
import { ensureBackend } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { showValue } from '../../src/options.js';
import type { ColumnInput } from '../data-frame.js';
import type { DataFrame } from '../data-frame.js';
import { Expr } from '../expr.js';
import { concat } from '../verbs/concat.js';
import type { AggSpec } from '../verbs/group-by.js';
import { rebatch, type Source } from './scan.js';
import { planItems, StreamAggregator } from './stream-agg.js';
import { sinkCSV, sinkParquet, type SinkCSVOptions, type SinkParquetOptions } from './sink.js';

type Step = (df: DataFrame) => Promise<DataFrame>;

const hasAgg = (e: Expr): boolean => JSON.stringify(e.node).includes('"kind":"agg"');

/**
 * A lazy, streamed frame (Polars' LazyFrame over `scan_csv` / `scan_parquet`): an async
 * iterable of DataFrame batches of at most `batchRows` rows, with row-wise verbs and a
 * streamed `groupBy().agg`, collected with `collect()` or written as it streams with
 * `sinkParquet` / `sinkCSV`. Memory stays near one batch (plus the group states).
 *
 * @example
 * ```ts
 * import * as gf from 'gpuframe';
 * import { join } from 'node:path';
 * import { tmpdir } from 'node:os';
 * const path = join(tmpdir(), 'gpuframe-lazy-example.csv');
 * await gf.writeCSV(new gf.DataFrame({ k: ['a', 'b', 'a', 'b'], x: new Float64Array([1, 2, 3, 4]) }), path);
 * const lf = gf.scanCSV(path, { batchRows: 3 }).filter(gf.col('x').gt(1));
 * for await (const batch of lf) console.log(batch.numRows); // 2, then 1 (batches of 3 rows, filtered)
 * const g = await lf.groupBy('k').agg({ n: ['x', 'count'], s: ['x', 'sum'] }).collect();
 * console.log(await g.toRecords()); // [{ k: 'a', n: 1n, s: 3 }, { k: 'b', n: 2n, s: 6 }]
 * ```
 */
export class LazyFrame implements AsyncIterable<DataFrame> {
  /** Internal: use `gf.scanCSV` / `gf.scanParquet`. */
  constructor(
    private readonly source: Source,
    private readonly steps: readonly Step[] = [],
  ) {}

  // (not named `then`: a `then` method would make a LazyFrame a thenable, and `await lf` would hang)
  private withStep(step: Step): LazyFrame {
    return new LazyFrame(this.source, [...this.steps, step]);
  }

  /**
   * The batches, each through the plan's steps (batches that come out empty are skipped, but
   * one empty frame is given when no row remains, so the schema is known).
   */
  async *[Symbol.asyncIterator](): AsyncIterator<DataFrame> {
    await ensureBackend(this.source.op);
    let empty: DataFrame | undefined;
    let any = false;
    for await (const b of this.source.batches()) {
      let df = b;
      for (const s of this.steps) df = await s(df);
      if (df.numRows === 0) {
        empty ??= df;
        continue;
      }
      any = true;
      yield df;
    }
    if (!any && empty) yield empty;
  }

  /**
   * Rows where `predicate` is true, batch by batch (`df.filter`).
   *
   * @example
   * ```ts
   * const lf = gf.scanCSV('data/airports.csv').filter(gf.col('state').eq('TX'));
   * console.log((await lf.collect()).numRows); // 209
   * ```
   */
  filter(predicate: Expr): LazyFrame {
    if (!(predicate instanceof Expr)) throw new ValueError(`LazyFrame.filter: expected an expression, got ${showValue(predicate)}`);
    if (hasAgg(predicate)) throw new ValueError(`LazyFrame.filter: expected a row-wise expression, got an aggregation ${predicate.toString()}`);
    return this.withStep((df) => df.filter(predicate));
  }

  /**
   * Columns added or replaced by row-wise expressions, batch by batch (`df.withColumns`).
   *
   * @example
   * ```ts
   * const lf = gf.scanCSV('data/airports.csv').withColumns({ north: gf.col('latitude').gt(40) });
   * console.log((await lf.collect()).schema.north); // 'bool'
   * ```
   */
  withColumns(columns: Record<string, Expr>): LazyFrame {
    if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) throw new ValueError(`LazyFrame.withColumns: expected an object of name → expression, got ${showValue(columns)}`);
    for (const [name, e] of Object.entries(columns)) {
      if (!(e instanceof Expr)) throw new ValueError(`LazyFrame.withColumns: expected an expression for '${name}' (arrays have no place in a stream), got ${showValue(e)}`);
      if (hasAgg(e)) throw new ValueError(`LazyFrame.withColumns: expected a row-wise expression for '${name}', got an aggregation ${e.toString()}`);
    }
    return this.withStep(async (df) => df.withColumns(columns as Record<string, ColumnInput | Expr>));
  }

  /**
   * Columns by name or row-wise expressions, batch by batch (`df.select`).
   *
   * @example
   * ```ts
   * const lf = gf.scanCSV('data/airports.csv').select('iata', gf.col('latitude').round(0).alias('lat'));
   * console.log((await lf.collect()).columns); // ['iata', 'lat']
   * ```
   */
  select(...names: Array<string | readonly string[] | Expr>): LazyFrame {
    for (const a of names) if (a instanceof Expr && hasAgg(a)) throw new ValueError(`LazyFrame.select: expected column names or row-wise expressions, got an aggregation ${a.toString()} (use groupBy(...).agg)`);
    return this.withStep(async (df) => df.select(...names));
  }

  /**
   * Group by key columns; `agg` folds the stream into group states (see ./stream-agg.ts for
   * the ops and how each combines).
   *
   * @example
   * ```ts
   * const g = await gf.scanCSV('data/airports.csv').groupBy('state').agg(gf.col('latitude').mean().alias('lat')).collect();
   * console.log(g.columns); // ['state', 'lat']
   * ```
   */
  groupBy(keys: string | readonly string[]): LazyGroupBy {
    const ks = typeof keys === 'string' ? [keys] : keys;
    if (!Array.isArray(ks) || ks.length === 0 || ks.some((k) => typeof k !== 'string')) throw new ValueError(`LazyFrame.groupBy: expected key column names, got ${showValue(keys)}`);
    return new LazyGroupBy(this, this.source, [...ks]);
  }

  /**
   * Run the plan and stack its batches into one DataFrame.
   *
   * @example
   * ```ts
   * const df = await gf.scanCSV('data/airports.csv', { batchRows: 1000 }).collect();
   * console.log(df.numRows); // 3376
   * ```
   */
  async collect(): Promise<DataFrame> {
    const parts: DataFrame[] = [];
    for await (const b of this) parts.push(b);
    return parts.length === 1 ? parts[0]! : concat(parts);
  }

  /**
   * Run the plan and write its batches to a Parquet file as they come (one row group per
   * `rowGroupSize` rows), to a temporary name renamed to `path` at the end: a failure leaves
   * no file at `path` (and none half-written beside it). Options as `writeParquet` (no `as`).
   *
   * @example
   * ```ts
   * import * as gf from 'gpuframe';
   * import { join } from 'node:path';
   * import { tmpdir } from 'node:os';
   * const out = join(tmpdir(), 'gpuframe-sink-example.parquet');
   * const { rows } = await gf.scanCSV('data/airports.csv').filter(gf.col('state').eq('CA')).sinkParquet(out, { rowGroupSize: 100 });
   * console.log(rows, (await gf.readParquet(out)).numRows); // 205 205
   * ```
   */
  sinkParquet(path: string, options: SinkParquetOptions = {}): Promise<{ rows: number }> {
    return sinkParquet(this, path, options ?? {}, this.source.memoryLimit);
  }

  /**
   * Run the plan and write its batches as CSV as they come (the header once), to a temporary
   * name renamed to `path` at the end. Options as `writeCSV` (no `as`).
   *
   * @example
   * ```ts
   * import * as gf from 'gpuframe';
   * import { join } from 'node:path';
   * import { tmpdir } from 'node:os';
   * const out = join(tmpdir(), 'gpuframe-sink-example.csv');
   * const { rows } = await gf.scanCSV('data/airports.csv').select('iata', 'state').sinkCSV(out);
   * console.log(rows, (await gf.readCSV(out)).columns); // 3376 ['iata', 'state']
   * ```
   */
  sinkCSV(path: string, options: SinkCSVOptions = {}): Promise<{ rows: number }> {
    return sinkCSV(this, path, options ?? {});
  }
}

/**
 * `lazyFrame.groupBy(keys)`, waiting for `agg`.
 *
 * @example
 * ```ts
 * const lf = gf.scanCSV('data/airports.csv').groupBy(['state']).agg({ n: ['iata', 'count'], top: ['latitude', 'max'] });
 * console.log((await lf.collect()).columns); // ['state', 'n', 'top']
 * ```
 */
export class LazyGroupBy {
  /** Internal: use `lazyFrame.groupBy(keys)`. */
  constructor(
    private readonly input: LazyFrame,
    private readonly source: Source,
    private readonly keys: readonly string[],
  ) {}

  /**
   * The streamed aggregation, as a LazyFrame of one row per group (keys first, in key order,
   * as the eager `agg`). Ops: count, sum, mean, min, max, var, std, first, last (and `len()`
   * in the expression form); the object form `{ out: [column, op] }` or expressions
   * `col(x).op()` whose input is any row-wise expression.
   *
   * @example
   * ```ts
   * const g = await gf.scanCSV('data/airports.csv').groupBy('state').agg(gf.col('latitude').std().alias('sd'), gf.col('iata').count().alias('n')).collect();
   * console.log(g.columns); // ['state', 'sd', 'n']
   * ```
   */
  agg(spec: Record<string, AggSpec>): LazyFrame;
  agg(...exprs: Expr[]): LazyFrame;
  agg(...args: Array<Expr | Record<string, AggSpec>>): LazyFrame {
    const op = 'LazyFrame.groupBy.agg';
    const items = planItems(op, this.keys, args);
    const { input, keys, source } = this;
    const aggregated: Source = {
      op,
      batchRows: source.batchRows,
      memoryLimit: source.memoryLimit,
      batches: () => {
        async function* one(): AsyncGenerator<DataFrame> {
          const agg = new StreamAggregator(op, keys, items, source.memoryLimit);
          let empty: DataFrame | undefined;
          for await (const b of input) {
            if (b.numRows === 0) empty ??= b;
            else await agg.add(b);
          }
          yield await agg.result(empty!);
        }
        return rebatch(op, one(), source);
      },
    };
    return new LazyFrame(aggregated);
  }
}

