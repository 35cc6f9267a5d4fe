/**
 * A CSV file read in chunks that end at record boundaries, for `scanCSV`. Each chunk is handed
 * to the eager reader (src/io/csv.ts: the fast path, its worker threads, papaparse where the
 * file needs it) as a small CSV of its own: the file's header record, then whole records.
 *
 * Cutting: a chunk ends just past the last line break that lies outside quotes (quotes are
 * counted from the chunk's start, which is a record boundary, so `""` escapes pair up); a file
 * without a quote character is cut with one `lastIndexOf`. In a one-column file an empty line
 * is a value (a null) unless it ends the file, so a cut never leaves empty lines at the end of
 * a chunk: they start the next one. A record longer than `maxRecordBytes` is a ValueError
 * naming the file and the line it starts on (the memory limit cannot hold it).
 *
 * Line numbers: each chunk carries `rowOffset`, what to add to a line number the eager reader
 * reports for the chunk (its header is its line 1) to get the file's line.
 */
import type { StreamFile } from '../../src/platform/types.js';
import { ValueError } from '../../src/errors.js';
import { guessLinebreak, hasBom } from '../../src/io/csv-fast.js';

export interface CsvChunk {
  /** The header record (unless `header: false`) followed by whole records. */
  bytes: Uint8Array;
  /** File line = the reader's line in `bytes` + rowOffset() (counted when asked: for errors). */
  rowOffset: () => Promise<number>;
}

const QUOTE = 34;

/** Offset just past the last line break (its last byte `nl`) outside quotes in b[from, end), or -1. */
function lastRecordEnd(b: Uint8Array, from: number, nl: number): number {
  if (b.indexOf(QUOTE, from) < 0) {
    const i = b.lastIndexOf(nl);
    return i >= from ? i + 1 : -1;
  }
  let inQuote = false;
  let last = -1;
  for (let i = from; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) inQuote = !inQuote;
    else if (c === nl && !inQuote) last = i + 1;
  }
  return last;
}

/** Line breaks (their last byte) in b[from, to). */
function countLines(b: Uint8Array, from: number, to: number, nl: number): number {
  let n = 0;
  for (let i = b.indexOf(nl, from); i >= 0 && i < to; i = b.indexOf(nl, i + 1)) n++;
  return n;
}

/**
 * The chunks of the file open as `f` (of `size` bytes): about `chunkBytes` each.
 * `header`: whether the first record is the header (readCSV's option); `delimiter`: one byte.
 */
export async function* csvChunks(op: string, file: string, f: StreamFile, size: number, chunkBytes: number, maxRecordBytes: number, header: boolean, delimiter: number): AsyncGenerator<CsvChunk> {
  let pos = 0; // file offset of the next byte to read
  let front = new Uint8Array(0); // bytes kept in front of every later chunk (the header record)
  let mem = new Uint8Array(0);
  /** buf (kept) followed by up to n more bytes of the file, with `front` before it in one allocation. */
  const refill = async (keep: Uint8Array, n: number): Promise<Uint8Array> => {
    const want = Math.min(n, size - pos);
    mem = new Uint8Array(front.length + keep.length + want);
    mem.set(front, 0);
    mem.set(keep, front.length);
    let got = 0;
    const at = front.length + keep.length;
    while (got < want) {
      const k = await f.read(mem.subarray(at + got, at + want), pos + got);
      if (k === 0) break;
      got += k;
    }
    pos += got;
    return mem.subarray(front.length, at + got);
  };
  /** Line breaks in the file before offset `end` (counted only for an error's line number). */
  const linesUpTo = async (end: number, nl: number): Promise<number> => {
    let n = 0;
    const piece = new Uint8Array(Math.min(end, 16 << 20));
    for (let p = 0; p < end; ) {
      const k = await f.read(piece.subarray(0, Math.min(piece.length, end - p)), p);
      if (k === 0) break;
      n += countLines(piece, 0, k, nl);
      p += k;
    }
    return n;
  };
  let buf = await refill(new Uint8Array(0), chunkBytes);
  if (buf.length === 0) {
    yield { bytes: buf, rowOffset: async () => 0 };
    return;
  }
  const pos0 = hasBom(buf, 0) ? 3 : 0;
  const lb = guessLinebreak(buf, pos0);
  const nl = lb.charCodeAt(lb.length - 1);
  // the header record (re-read until it is whole); the first chunk keeps it in place
  let headEnd = firstRecordEnd(buf, pos0, nl);
  while (headEnd < 0 && pos < size) {
    if (buf.length > maxRecordBytes) throw new ValueError(`${op}: expected a record of at most ${maxRecordBytes} bytes (memoryLimit / 4), got a longer one (${file}, row 1)`);
    buf = await refill(buf, chunkBytes);
    headEnd = firstRecordEnd(buf, pos0, nl);
  }
  const headerBytes = header && headEnd > 0 ? buf.slice(pos0, headEnd) : new Uint8Array(0);
  const oneColumn = headEnd > 0 && buf.subarray(pos0, headEnd).indexOf(delimiter) < 0;
  let first = true;
  let start = 0; // file offset of buf[0]
  for (;;) {
    const atEnd = pos >= size;
    const from = first ? pos0 : 0;
    const dataStart = first && header ? Math.max(headEnd, pos0) : from;
    let cut = atEnd ? buf.length : lastRecordEnd(buf, from, nl);
    if (!atEnd && cut > 0 && oneColumn) {
      // leave trailing empty lines to the next chunk (at the file's end they are dropped)
      while (cut > dataStart && isEmptyLineBefore(buf, dataStart, cut, lb)) cut -= lb.length;
    }
    if (!atEnd && cut <= dataStart) cut = -1; // no whole record yet: read on
    if (cut < 0) {
      if (buf.length > maxRecordBytes) {
        const line = (await linesUpTo(start, nl)) + 1 + (first ? countLines(buf, 0, headEnd, nl) : 0);
        throw new ValueError(`${op}: expected a record of at most ${maxRecordBytes} bytes (memoryLimit / 4), got a longer one (${file}, row ${line})`);
      }
      buf = await refill(buf, chunkBytes);
      continue;
    }
    // later chunks: the header sits in front of buf in the same allocation
    const bytes = mem.subarray(0, buf.byteOffset - mem.byteOffset + cut);
    const chunkStart = start;
    // the reader numbers the header line 1: later chunks' records start after it
    const rowOffset = first ? async () => 0 : async () => (await linesUpTo(chunkStart, nl)) - (header ? 1 : 0);
    yield { bytes, rowOffset };
    if (atEnd) return;
    start += cut;
    if (first) front = headerBytes;
    first = false;
    buf = await refill(buf.subarray(cut), chunkBytes);
    if (buf.length === 0) return;
  }
}

/** Offset just past the first line break outside quotes from `from`, or -1. */
function firstRecordEnd(b: Uint8Array, from: number, nl: number): number {
  let inQuote = false;
  for (let i = from; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) inQuote = !inQuote;
    else if (c === nl && !inQuote) return i + 1;
  }
  return -1;
}

/** Whether the line that ends at `end` (just past its line break) is empty. */
function isEmptyLineBefore(b: Uint8Array, start: number, end: number, lb: string): boolean {
  const k = end - lb.length;
  if (k <= start) return k === start; // the chunk's first line
  // the previous line break ends right where this one starts
  for (let j = 0; j < lb.length; j++) if (b[k - lb.length + j] !== lb.charCodeAt(j)) return false;
  return true;
}
