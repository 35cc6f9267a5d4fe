/**
 * Small typed arrays carved out of shared chunks, for the CSV fast path's per-column scratch
 * (each column's values, null bits, codes and hash table while a file is read).
 *
 * A typed array of its own costs a few microseconds to create (each has an ArrayBuffer), which
 * a file with 100,000 columns pays several times per column; a view into a shared chunk costs a
 * tenth of that. Views never outlive the read except as `PieceSettings.numbers` (a view of
 * values, kept on a worker until the join or posted back with its chunk). Arrays that grow
 * past their first size are allocated on their own, as before.
 */

/** Bytes per chunk: views larger than this get a chunk of their own. */
const CHUNK_BYTES = 1 << 20;

export class Slab {
  private chunk = new ArrayBuffer(0);
  private used = 0;

  /** `n` zeroed float64 slots. */
  f64(n: number): Float64Array {
    return new Float64Array(this.take(n * 8), this.used - n * 8, n);
  }

  /** `n` zeroed uint32 slots. */
  u32(n: number): Uint32Array {
    return new Uint32Array(this.take(n * 4), this.used - n * 4, n);
  }

  /** `n` zeroed int32 slots. */
  i32(n: number): Int32Array {
    return new Int32Array(this.take(n * 4), this.used - n * 4, n);
  }

  /** `n` zeroed bytes. */
  u8(n: number): Uint8Array {
    return new Uint8Array(this.take(n), this.used - n, n);
  }

  /** The chunk holding `bytes` more bytes at 8-byte alignment; `used` ends past them. */
  private take(bytes: number): ArrayBuffer {
    let at = (this.used + 7) & ~7;
    if (at + bytes > this.chunk.byteLength) {
      this.chunk = new ArrayBuffer(Math.max(CHUNK_BYTES, bytes));
      at = 0;
    }
    this.used = at + bytes;
    return this.chunk;
  }
}
