/**
 * Row selection: the rows of a frame at given row numbers, for filter, sort, head/tail, slice,
 * sample and dropNulls. Each column is gathered the first time it is read (Arquero's filtered
 * tables and Polars' lazy projection work alike), so `(await df.filter(p)).column('y')`
 * gathers one column, not all of them. Nested columns (lists, structs, geometry) are
 * gathered level by level (see `gatherColumn`).
 */
import { isNestedType, isOffsetType, type Column, type ColumnType, type TimeUnit } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../../kernels/gather/gather.js';
import { fixedGather, lastOffset, listGather } from '../../kernels/gather/list-gather.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import { ResidencyError, ValueError } from '../../src/errors.js';
import { sequence } from '../../kernels/sequence/sequence.js';
import { activeBackend, withBackend, type BackendName } from '../../src/device/index.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { SLOT } from '../slot.js';

/** What a row selection knows about its row numbers, for sizing nested columns' children. */
export interface RowHints {
  /** The most times any row number occurs (1: distinct rows, as from sort, filter, slices). Default 1. */
  repeats?: number;
}

/** Row numbers shared by the pending columns of one frame; freed when the last is done. */
class RowSelection {
  private refs = 0;

  constructor(
    readonly rows: DataBuffer<'uint32'>,
    readonly backend: BackendName,
    readonly hints: RowHints = {},
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
 * (every one, children included, so disposing the source frame first is safe) and gathers
 * them, on the backend that was active when the op ran, when the frame first reads it.
 * Internal: frames resolve it.
 */
export class PendingColumn {
  private done: Column | undefined;
  private live = true;

  constructor(
    readonly source: Column,
    readonly selection: RowSelection,
  ) {
    selection.take();
    for (const b of source.buffers()) b.hold();
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
    this.done = withBackend(selection.backend, () => gatherColumn(source, selection.rows, selection.hints));
    this.cancel();
    return this.done;
  }

  /** Let go of the source buffers and the row numbers (after the gather, or unread at dispose). */
  cancel(): void {
    if (!this.live) return;
    this.live = false;
    for (const b of this.source.buffers()) b.release();
    this.selection.drop();
  }
}

/** Options of `gatherColumn`. */
export interface GatherColumnOptions extends RowHints {
  /** Every row number is < c.length (default true); otherwise out-of-range rows give nulls. */
  inRange?: boolean;
}

/**
 * The column's values at `rows` (row numbers; all in range unless `inRange: false`, where the
 * others give nulls), any type, nulls carried. Nested columns are gathered level by level:
 * a list-like column's offsets by the list-gather op, whose child row numbers gather the
 * child (sized by `repeats` × the child's length, the slack past the total being null rows
 * no offset reaches); points as x, y pairs; structs field by field.
 */
export function gatherColumn(c: Column, rows: DataBuffer<'uint32'>, options: GatherColumnOptions = {}): Column {
  const inRange = options.inRange ?? true;
  if (!isNestedType(c.type)) return gatherFlat(c, rows, inRange);
  if (c.type === 'point') {
    const g = fixedGather(c.data, rows, { width: 2, rows: c.length, validity: c.validity, inRange });
    return c.derive(g.values!, g.validity);
  }
  if (c.type === 'struct') {
    const children = c.children.map((f) => gatherColumn(f, rows, options));
    return c.derive(emptyData(), nestedValidity(c, rows, inRange), { children, length: rows.length });
  }
  const capacity = (options.repeats ?? 1) * c.child.length;
  if (capacity > MAX_CHILD) throw new ValueError(`take: expected at most ${MAX_CHILD} child rows in a gathered ${c.type} column, got up to ${capacity}`);
  const g = listGather(c.data as DataBuffer<'int32'>, rows, { validity: c.validity, inRange, capacity });
  // Slack slots past the total are NONE, so the child is gathered with out-of-range rows.
  const child = gatherColumn(c.child, g.rows, { inRange: false, repeats: options.repeats });
  g.rows.dispose();
  return c.derive(g.offsets, g.validity, { children: [child] });
}

/**
 * `gatherColumn` with exact children (no slack): each list level reads its total back
 * (one 4-byte control read per level). For row numbers that may repeat without a known
 * bound (a join's).
 */
export async function gatherColumnExact(c: Column, rows: DataBuffer<'uint32'>, inRange: boolean): Promise<Column> {
  if (!isOffsetType(c.type)) {
    if (c.type !== 'struct') return gatherColumn(c, rows, { inRange });
    const children = await Promise.all(c.children.map((f) => gatherColumnExact(f, rows, inRange)));
    return c.derive(emptyData(), nestedValidity(c, rows, inRange), { children, length: rows.length });
  }
  const sized = listGather(c.data as DataBuffer<'int32'>, rows, { inRange: true, capacity: 0 });
  const total = await lastOffset(sized.offsets);
  sized.offsets.dispose();
  sized.rows.dispose();
  const g = listGather(c.data as DataBuffer<'int32'>, rows, { validity: c.validity, inRange, capacity: total });
  const child = await gatherColumnExact(c.child, g.rows, true);
  g.rows.dispose();
  return c.derive(g.offsets, g.validity, { children: [child] });
}

const MAX_CHILD = 2 ** 31 - 1;

function emptyData(): DataBuffer {
  return DataBuffer.fromHost(new Uint8Array(0), 'uint8');
}

/** The validity of a nested column at `rows` (undefined when nothing can be null). */
function nestedValidity(c: Column, rows: DataBuffer<'uint32'>, inRange: boolean): DataBuffer<'uint8'> | undefined {
  if (inRange && !c.validity) return undefined;
  return fixedGather(undefined, rows, { width: 0, rows: c.length, validity: c.validity, inRange }).validity;
}

function gatherFlat(c: Column, rows: DataBuffer<'uint32'>, inRange: boolean): Column {
  const packed = PACKED_DTYPES.includes(c.data.dtype) && c.data.dtype !== 'bool';
  const src = packed ? widen(c.data) : c.data;
  const g = gather(src, rows, { validity: c.validity, inRange });
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
 * first read. Takes ownership of `indices`. `hints` size nested children (see `RowHints`).
 */
export function gatherRows(df: DataFrame, indices: DataBuffer<'uint32'>, hints: RowHints = {}): DataFrame {
  // Indices are in range, so a column without nulls stays without nulls (no bitmap is built);
  // 8- and 16-bit columns are widened for the gather and narrowed back.
  const backend = activeBackend();
  const selection = new RowSelection(indices, backend, hints);
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
      const repeats = (slot.selection.hints.repeats ?? 1) * (hints.repeats ?? 1);
      sel = new RowSelection(gather(slot.selection.rows, indices, { inRange: true }).values as DataBuffer<'uint32'>, backend, { repeats });
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
