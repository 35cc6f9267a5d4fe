/**
 * explode: each element of a list column becomes a row, the other columns repeated, as
 * Polars' `explode`. An empty or null list gives one row whose element is null.
 *
 * All of it runs as registered ops: the list's per-row lengths and start offsets
 * (kernels/list/per-row.ts), the index expansion "repeat row i max(1, length[i]) times" with
 * each output row's child position (kernels/join/expand.ts, the join's left-join expansion;
 * an empty list's row gets position NONE, which gathers as null), then one gather of the
 * child at the positions and a lazy row selection of the other columns (./take.ts).
 * Several columns explode together when their lists have equal lengths row by row (a null
 * list and an empty one count as equal); the check is one fused comparison kernel and a
 * compaction. Async: the output row count is a control read.
 */
import { isNestedType, type Column } from '../../src/column/column.js';
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { listPerRow } from '../../kernels/list/per-row.js';
import { joinExpand } from '../../kernels/join/expand.js';
import { evalExprProgram } from '../../kernels/expr/expr.js';
import type { ENode } from '../../kernels/expr/ir.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { reduceValue } from '../../kernels/reduce/reduce.js';
import type { ColumnInput, DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { SLOT } from '../slot.js';
import { gatherColumn, gatherRows } from './take.js';

function names(columns: string | readonly string[]): string[] {
  const list = typeof columns === 'string' ? [columns] : Array.isArray(columns) ? [...(columns as readonly string[])] : undefined;
  if (!list || list.length === 0 || list.some((n) => typeof n !== 'string')) {
    throw new ValueError(`explode: expected a column name or a non-empty array of names, got ${Array.isArray(columns) ? `[${columns.map(String).join(', ')}]` : String(columns)}`);
  }
  const dup = list.find((n, i) => list.indexOf(n) !== i);
  if (dup !== undefined) throw new ValueError(`explode: expected distinct column names, got '${dup}' twice`);
  return list;
}

/** Throw a ShapeError naming the first row where a list's length differs from the first list's. */
async function checkLengths(lists: readonly Column[], counts: readonly DataBuffer<'uint32'>[], cols: readonly string[], n: number): Promise<void> {
  let tree: ENode | undefined;
  for (let k = 1; k < counts.length; k++) {
    const ne: ENode = { k: 'cmp', op: 'ne', a: { k: 'col', input: 0, t: 'uint32' }, b: { k: 'col', input: k, t: 'uint32' } };
    tree = tree ? { k: 'or', a: tree, b: ne } : ne;
  }
  if (!tree) return;
  const r = evalExprProgram({ tree, inputs: counts.map((data) => ({ data })), literals: [] }, n, { mask: true });
  const bad = await compactIndices(r.values as DataBuffer<'bool'>);
  r.values.dispose();
  r.validity?.dispose();
  r.status?.dispose();
  try {
    if (bad.length === 0) return;
    const row = (await bad.readControl())[0]!;
    const lens = await Promise.all(lists.map(async (l) => (await l.data.toArray()) as Int32Array));
    const lengths = lens.map((o) => o[row + 1]! - o[row]!);
    const k = lengths.findIndex((l) => l !== lengths[0]);
    throw new ShapeError(`explode: expected lists of equal length in '${cols[0]}' and '${cols[k]}' in every row, got ${lengths[0]} and ${lengths[k]} in row ${row}`);
  } finally {
    bad.dispose();
  }
}

/**
 * `df.explode(columns)`: one row per list element of `columns` (one name or several whose
 * lists have equal lengths in every row); other columns are repeated. An empty or null list
 * gives one row with a null element. The exploded column takes the list's element type.
 */
export async function explode(df: DataFrame, columns: string | readonly string[]): Promise<DataFrame> {
  const cols = names(columns);
  const lists = cols.map((name) => {
    const c = df.column(name);
    if (c.type !== 'list') throw new DTypeError(`explode: expected a list column, got '${name}' of type ${c.type}`);
    return c;
  });
  const n = df.numRows;
  const counts = lists.map((l) => listPerRow(l.data as DataBuffer<'int32'>, l.validity, 'length'));
  const exploded = new Map<string, Column>();
  const restNames = df.names.filter((name) => !cols.includes(name));
  let rows: DataBuffer<'uint32'> | undefined;
  let repeats = 1;
  try {
    await checkLengths(lists, counts, cols, n);
    // Nested columns repeated with the rows size their gathered children by the most times a
    // row repeats: the longest list (one control read, only when there are such columns).
    if (restNames.some((name) => isNestedType(df[SLOT](df.names.indexOf(name)).type))) {
      repeats = Math.max(1, Number((await reduceValue(counts[0]!, 'max')) ?? 0));
    }
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k]!;
      const starts = listPerRow(list.data as DataBuffer<'int32'>, list.validity, 'start');
      const e = await joinExpand(starts, counts[k]!, { keepUnmatched: true, op: 'explode' }).finally(() => starts.dispose());
      if (rows) e.rows.dispose();
      else rows = e.rows;
      try {
        exploded.set(cols[k]!, gatherColumn(list.child, e.pos, { inRange: false }));
      } finally {
        e.pos.dispose();
      }
    }
  } catch (err) {
    rows?.dispose();
    for (const c of exploded.values()) c.dispose();
    throw err;
  } finally {
    for (const c of counts) c.dispose();
  }
  // The other columns: a row selection of them (gathered when read), composed with any
  // selection df holds.
  const rest = createFrame(restNames.map((name) => [name, df[SLOT](df.names.indexOf(name)) as ColumnInput] as const));
  const repeated = gatherRows(rest, rows!, { repeats });
  return createFrame(df.names.map((name) => [name, (exploded.get(name) ?? repeated[SLOT](restNames.indexOf(name))) as ColumnInput] as const));
}
