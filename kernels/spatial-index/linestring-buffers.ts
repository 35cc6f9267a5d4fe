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
