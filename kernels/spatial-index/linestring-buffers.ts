/**
 * The buffers of a linestring or multilinestring column as the point–linestring kernels read
 * them: interleaved float64 vertices, part → vertex offsets, and (multilinestring only) row →
 * part offsets. A linestring is a one-part row, so its offsets are the part offsets and no
 * row offsets are made. Offsets are absolute into the child (they may start above 0).
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';

export interface LinestringBuffers {
  /** Interleaved x, y of every vertex (the point child's data). */
  coords: DataBuffer<'float64'>;
  /** Part p is vertices [partOffsets[p], partOffsets[p + 1]). */
  partOffsets: DataBuffer<'int32'>;
  /** Multilinestring: row r is parts [rowOffsets[r], rowOffsets[r + 1]); undefined: part = row. */
  rowOffsets: DataBuffer<'int32'> | undefined;
  /** Number of rows. */
  length: number;
}

/** The host views a CPU twin reads: query points x, y and the lines' vertices and offsets. */
export interface LinestringHostViews {
  px: Float64Array;
  py: Float64Array;
  xy: Float64Array;
  po: Int32Array;
  ro: Int32Array | undefined;
}

/** Host views of query points and lines, for the CPU twins (`op` names the caller in errors). */
export function linestringHostViews(x: DataBuffer<'float64'>, y: DataBuffer<'float64'>, lines: LinestringBuffers, op: string): LinestringHostViews {
  return {
    px: x.hostView(op) as Float64Array,
    py: y.hostView(op) as Float64Array,
    xy: lines.coords.hostView(op) as Float64Array,
    po: lines.partOffsets.hostView(op) as Int32Array,
    ro: lines.rowOffsets?.hostView(op) as Int32Array | undefined,
  };
}
