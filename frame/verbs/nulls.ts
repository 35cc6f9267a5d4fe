/**
 * fillNull and dropNulls on frames.
 * - fillNull: a device kernel writes the value into the null slots (kernels/nulls `fill`);
 *   bool columns go through the fused predicate kernel (`b OR isNull(b)` fills true,
 *   `b AND isNotNull(b)` fills false); a string value joins the dictionary (codes remapped
 *   by a device gather). A column's type never changes.
 * - dropNulls: one fused predicate `isNotNull(a) AND isNotNull(b) ...`, then every column is
 *   compacted (as filter), so it is async (the kept-row count is a 4-byte control read).
 */
import { Column } from '../../src/column/column.js';
import { uniqueSortedUtf8 } from '../../src/column/utf8-order.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { fillNull as fillKernel } from '../../kernels/nulls/nulls.js';
import { gather } from '../../kernels/gather/gather.js';
import { predicate } from '../../kernels/predicate/predicate.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { col, type Expr } from '../expr.js';
import { bindPredicate } from '../bind.js';
import { filter } from './filter.js';
import { gatherRows } from './take.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { nameOrNames } from '../arguments.js';

/** A value `fillNull` writes into null slots. */
export type FillValue = number | bigint | string | boolean;

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  date: [-(2n ** 31n), 2n ** 31n - 1n],
  timestamp: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** The value as the column stores it, or undefined when the column cannot hold it exactly. */
function storable(c: Column, v: FillValue): number | bigint | string | boolean | undefined {
  const t = c.type;
  if (t === 'utf8' || t === 'categorical') return typeof v === 'string' ? v : undefined;
  if (t === 'bool') return typeof v === 'boolean' ? v : undefined;
  if (t === 'float32' || t === 'float64') return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
  const range = INT_RANGE[t];
  if (!range) return undefined;
  if (typeof v === 'number' && !Number.isInteger(v)) return undefined;
  if (typeof v !== 'number' && typeof v !== 'bigint') return undefined;
  const b = BigInt(v);
  return b >= range[0] && b <= range[1] ? b : undefined;
}

function fillColumn(name: string, c: Column, v: number | bigint | string | boolean, n: number): Column {
  const validity = c.validity!;
  if (typeof v === 'string') {
    const dict = uniqueSortedUtf8([...c.dictionary!, v]);
    const index = new Map(dict.map((s, i) => [s, i]));
    let codes = c.data;
    if (dict.length !== c.dictionary!.length) {
      const table = DataBuffer.fromHost(Uint32Array.from(c.dictionary!, (s) => index.get(s)!), 'uint32');
      const g = gather(table, c.data as DataBuffer<'uint32'>);
      g.validity.dispose();
      table.dispose();
      codes = g.values;
    }
    const filled = fillKernel(codes, validity, index.get(v)!);
    if (codes !== c.data) codes.dispose();
    return new Column({ type: c.type, data: filled, dictionary: dict });
  }
  if (typeof v === 'boolean') {
    const me = col(name);
    const e: Expr = v ? me.or(me.isNull()) : me.and(me.isNotNull());
    const { tree, inputs } = bindPredicate(e.node, () => c);
    return new Column({ type: 'bool', data: predicate(tree, inputs, n) });
  }
  return c.derive(fillKernel(c.data, validity, v));
}

/**
 * Null slots replaced by `value` (every column that can hold it exactly) or by one value per
 * named column. Polars `fill_null(value)`, except that no column changes type: a scalar
 * skips columns it does not fit (a string fills only string columns, 1.5 fills only float
 * columns, an integer fills integer and float columns), and a per-column value that does
 * not fit its column is a DTypeError. Dates take days since 1970 and timestamps counts of
 * their unit (number or bigint), per column only.
 */
export function fillNull(df: DataFrame, value: FillValue | Record<string, FillValue>): DataFrame {
  const perColumn = value !== null && typeof value === 'object';
  if (!perColumn && !['number', 'bigint', 'string', 'boolean'].includes(typeof value)) {
    throw new ValueError(`fillNull: expected a number, bigint, string, boolean or an object of them per column, got ${value === null ? 'null' : typeof value}`);
  }
  const wanted = new Map<string, FillValue>();
  if (perColumn) {
    for (const [name, v] of Object.entries(value)) {
      const c = df.column(name);
      if (storable(c, v) === undefined) throw new DTypeError(`fillNull: expected a value that ${c.type} column '${name}' holds exactly, got ${typeof v} ${String(v)}`);
      wanted.set(name, v);
    }
  } else {
    // A scalar fills physical columns only: a number is not a date or a time.
    df.names.forEach((n, i) => {
      const t = df.getColumns()[i]!.type;
      if (t !== 'date' && t !== 'timestamp') wanted.set(n, value);
    });
  }
  const n = df.numRows;
  const cols = df.names.map((name, i) => {
    const c = df.getColumns()[i]!;
    const v = wanted.get(name);
    const s = v === undefined ? undefined : storable(c, v);
    if (s === undefined || !c.validity) return [name, c] as const;
    return [name, fillColumn(name, c, s, n)] as const;
  });
  return createFrame(cols);
}

/**
 * Rows with no null in `subset` (default: every column), as Polars `drop_nulls`. NaN is a
 * value, not a null, so it stays.
 */
export async function dropNulls(df: DataFrame, subset?: string | readonly string[]): Promise<DataFrame> {
  const names = subset === undefined ? df.names : nameOrNames('dropNulls', 'subset', subset);
  const nullable = names.filter((n) => df.column(n).validity !== undefined);
  if (nullable.length === 0) return createFrame(df.names.map((n, i) => [n, df.getColumns()[i]!] as const));
  // A nested column (list, struct, geometry) takes part through its bitmap alone: a flat stand-in
  // with that bitmap, since expressions read flat columns only.
  const nested = nullable.some((n) => df.column(n).isNested);
  if (nullable.length <= BATCH && !nested) return filter(df, nullable.map((n) => col(n).isNotNull()).reduce((a, b) => a.and(b)));
  // Many columns: fold the bitmaps in batches (a kernel binds at most a few storage
  // buffers), each batch ANDed with the mask of the previous ones.
  const n = df.numRows;
  let mask: DataBuffer<'bool'> | undefined;
  for (let b = 0; b < nullable.length; b += BATCH) {
    const names = nullable.slice(b, b + BATCH);
    let e = names.map((c) => col(c).isNotNull()).reduce((x, y) => x.and(y));
    if (mask) e = col(PREV).and(e);
    const prev = mask ? new Column({ type: 'bool', data: mask }) : undefined;
    const { tree, inputs } = bindPredicate(e.node, (c) => (c === PREV ? prev! : flatView(df.column(c), n)));
    const next = predicate(tree, inputs, n);
    mask?.dispose();
    mask = next;
  }
  const idx = await compactIndices(mask!);
  mask!.dispose();
  return gatherRows(df, idx);
}

/** `c`, or for a nested column a bool column of `n` zeros with its bitmap (for null tests). */
function flatView(c: Column, n: number): Column {
  return c.isNested ? new Column({ type: 'bool', data: DataBuffer.fromHost(new Uint8Array(n), 'bool'), validity: c.validity }) : c;
}

/** Columns whose null tests one predicate kernel takes (each binds data and bitmap). */
const BATCH = 4;
/** The internal name of the previous batches' mask (never looked up in the frame). */
const PREV = '\u0000dropNulls-mask';
