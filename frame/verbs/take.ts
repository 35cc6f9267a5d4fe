/**
 * Row selection: the rows of a frame at given row numbers, for filter, sort, head/tail, slice,
 * sample and dropNulls. Each column is gathered the first time it is read (Arquero's filtered
 * tables and Polars' lazy projection work alike), so `(await df.filter(p)).column('y')`
 * gathers one column, not all of them.
 */
import { isNestedType, type Column, type ColumnType, type TimeUnit } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { ResidencyError, ValueError } from '../../src/errors.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import { activeBackend, withBackend, type BackendName } from '../../src/device/index.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { SLOT } from '../slot.js';

/** Row numbers shared by the pending columns of one frame; freed when the last is done. */
class RowSelection {
  private refs = 0;

  constructor(
    readonly rows: DataBuffer<'uint32'>,
    readonly backend: BackendName,
  ) {}

  take(): void {
    this.refs++;
  }

  drop(): void {
    if (--this.refs === 0) this.rows.dispose();
  }
}

/**
 * A column of a row-selected frame, not gathered yet. It holds its source column's buffers
 * (so disposing the source frame first is safe) and gathers them, on the backend that was
 * active when the op ran, when the frame first reads it. Internal: frames resolve it.
 */
export class PendingColumn {
  private done: Column | undefined;
  private live = true;

  constructor(
    readonly source: Column,
    readonly selection: RowSelection,
  ) {
    selection.take();
    source.data.hold();
    source.validity?.hold();
  }

  get length(): number {
    return this.selection.rows.length;
  }

  get type(): ColumnType {
    return this.source.type;
  }

  get unit(): TimeUnit | undefined {
    return this.source.unit;
  }

  /** Whether the source is still held (neither gathered nor cancelled). */
  get pending(): boolean {
    return this.live;
  }

  /** The gathered column (gathered once). */
  resolve(): Column {
    if (this.done) return this.done;
    if (!this.live) throw new ResidencyError('column: expected a live frame, got one that was disposed');
    const { source, selection } = this;
    this.done = withBackend(selection.backend, () => gatherColumn(source, selection.rows));
    this.cancel();
    return this.done;
  }

  /** Let go of the source buffers and the row numbers (after the gather, or unread at dispose). */
  cancel(): void {
    if (!this.live) return;
    this.live = false;
    this.source.data.release();
    this.source.validity?.release();
    this.selection.drop();
  }
}

/** The column's values at `rows` (row numbers, all in range), any type, nulls carried. */
export function gatherColumn(c: Column, rows: DataBuffer<'uint32'>): Column {
  const packed = PACKED_DTYPES.includes(c.data.dtype) && c.data.dtype !== 'bool';
  const src = packed ? widen(c.data) : c.data;
  const g = gather(src, rows, { validity: c.validity, inRange: true });
  if (packed) src.dispose();
  let data: DataBuffer = g.values;
  if (packed) {
    data = narrow(g.values, c.data.dtype);
    g.values.dispose();
  }
  return c.derive(data, g.validity);
}

/**
 * The rows of `df` at `indices` (uint32 row numbers, all in range), each column gathered when
 * first read. Takes ownership of `indices`.
 */
export function gatherRows(df: DataFrame, indices: DataBuffer<'uint32'>): DataFrame {
  const nested = df.names.find((_, i) => isNestedType(df[SLOT](i).type));
  if (nested !== undefined) {
    indices.dispose();
    throw new ValueError(`take: expected flat columns (row selection of nested columns is not implemented yet), got '${nested}'`);
  }
  // Indices are in range, so a column without nulls stays without nulls (no bitmap is built);
  // 8- and 16-bit columns are widened for the gather and narrowed back.
  const backend = activeBackend();
  const selection = new RowSelection(indices, backend);
  selection.take();
  // A column df has not gathered yet is not gathered now: its own row numbers are composed
  // with these (one uint32 gather per selection df holds), so a chain such as
  // filter → sort → head gathers each column once, at the rows finally kept.
  const composed = new Map<RowSelection, RowSelection>();
  const cols = df.names.map((name, i) => {
    const slot = df[SLOT](i);
    if (!(slot instanceof PendingColumn) || !slot.pending) return [name, new PendingColumn(df.column(name), selection)] as const;
    let sel = composed.get(slot.selection);
    if (!sel) {
      sel = new RowSelection(gather(slot.selection.rows, indices, { inRange: true }).values as DataBuffer<'uint32'>, backend);
      sel.take();
      composed.set(slot.selection, sel);
    }
    return [name, new PendingColumn(slot.source, sel)] as const;
  });
  selection.drop(); // a frame of no columns, or of pending ones only, frees the row numbers here
  for (const sel of composed.values()) sel.drop();
  // The frame resolves its PendingColumns (an internal kind of column input).
  return createFrame(cols as unknown as ReadonlyArray<readonly [string, Column]>);
}

export function take(df: DataFrame, start: number, count: number): DataFrame {
  return gatherRows(df, sequence(count, start));
}
