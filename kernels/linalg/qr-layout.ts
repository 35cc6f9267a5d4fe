/**
 * The fixed reduction tree of the tall-skinny QR ('linalg/qr'), shared by the WGSL body and
 * the CPU twin so both factor exactly the same blocks in the same order.
 *
 * Level 0 cuts the n × d matrix into blocks of `leafRows(d)` consecutive rows (the last one
 * may be shorter). Every block is factored by Householder reflections into a d × d upper
 * triangle (rows past the block's height are zero), and the triangles are stacked, block
 * after block, into the next level's matrix. Higher levels cut that stack into groups of
 * `fanIn(d)` triangles (`fanIn(d) * d` rows) and factor each group the same way, until one
 * block is left; its triangle is R (after the sign rule).
 */
import { ValueError } from '../../src/errors.js';

/** Rows per level-0 block: at least 256 and at least 2d, so every level halves the rows. */
export function leafRows(d: number): number {
  return Math.max(256, 2 * d);
}

/** Triangles stacked per block above level 0 (at least 2). */
export function fanIn(d: number): number {
  return Math.max(2, Math.floor(leafRows(d) / d));
}

export interface Level {
  /** Rows of this level's matrix (n at level 0, blocks below times d above). */
  readonly rows: number;
  /** Rows per block at this level. */
  readonly rowsPer: number;
  /** Blocks at this level (0 when rows is 0). */
  readonly blocks: number;
}

/** The levels of the tree for an n × d matrix, bottom first; the last has at most one block. */
export function levelsOf(n: number, d: number): Level[] {
  const out: Level[] = [];
  let rows = n;
  let rowsPer = leafRows(d);
  for (;;) {
    const blocks = Math.ceil(rows / rowsPer);
    out.push({ rows, rowsPer, blocks });
    if (blocks <= 1) return out;
    rows = blocks * d;
    rowsPer = fanIn(d) * d;
  }
}

/** Blocks per binding window such that `bytesPerBlock` each (plus 256 bytes of slack) fit `maxBytes`. */
export function blocksPerWindow(op: string, bytesPerBlock: number, maxBytes: number): number {
  const per = Math.floor((maxBytes - 256) / bytesPerBlock);
  if (per < 1) throw new ValueError(`${op}: expected one block of ${bytesPerBlock} bytes to fit one binding of ${maxBytes} bytes, got too many columns`);
  return per;
}
