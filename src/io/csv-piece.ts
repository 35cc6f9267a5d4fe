/**
 * One piece of the parallel CSV read (./csv-parallel.ts): the messages between the reading
 * thread and a worker, and the parse of one piece with the fast path. It is all a worker
 * (./csv-worker.ts) imports, so the worker's code holds neither the pool nor the join.
 */
import { platform } from '#platform';
import { parseCSVFast, writeNumbers, type CSVParseOptions, type PieceSettings, type ProgressReport } from './csv-fast.js';
import type { Table } from './table.js';

/**
 * One piece to parse. `headerBytes`: how many leading bytes are the repeated header record.
 * With `range`, `bytes` holds only the header and the piece is bytes [start, end) of the file
 * at `path`, which the worker reads itself (see `pieceBytes`).
 */
export interface PieceJob {
  id: number;
  bytes: Uint8Array;
  file: string;
  options: CSVParseOptions;
  linebreak: string;
  headerBytes: number;
  range?: FileRange;
  /** Keep the columns on the worker and reply with their `PieceMeta` only; a `FillJob` writes them out later. */
  keep?: boolean;
}

/** Bytes [start, end) of a file. */
export interface FileRange {
  path: string;
  start: number;
  end: number;
}

const QUOTE = 34;

/**
 * The header followed by bytes [start, end) of the file, read on this thread; undefined
 * (the piece bails) where the file is shorter now, cannot be read, is not UTF-8, or has a quote
 * character in the range: the one-pass read then takes the file and says what is wrong.
 */
export async function pieceBytes(header: Uint8Array, range: FileRange): Promise<Uint8Array | undefined> {
  const fs = await platform.streamFs();
  if (!fs) return undefined;
  const out = new Uint8Array(header.length + range.end - range.start);
  out.set(header);
  let f: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    f = await fs.open(range.path, 'r');
    for (let at = header.length; at < out.length; ) {
      const got = await f.read(out.subarray(at), range.start + at - header.length);
      if (got <= 0) return undefined;
      at += got;
    }
  } catch {
    return undefined;
  } finally {
    await f?.close().catch(() => undefined);
  }
  const body = out.subarray(header.length);
  return body.indexOf(QUOTE) < 0 && platform.isUtf8(body) ? out : undefined;
}

/**
 * One parsed column of a piece: its type, arrays and the kinds of values it saw. A column that
 * is not text holds its parsed doubles in `data` whatever its type, and its int64 values beyond
 * 2^53 in `bigs` (see PieceSettings.numbers); a text column holds its codes.
 */
export interface PieceColumn {
  type: string;
  data: ArrayBufferView;
  validity: Uint8Array | undefined;
  dictionary: string[] | undefined;
  kinds: number;
  bigs: Map<number, bigint> | undefined;
}

/** What the join needs to know of a column a worker keeps (`PieceJob.keep`): no values. */
export type PieceMeta = Pick<PieceColumn, 'type' | 'kinds' | 'dictionary'> & { nullable: boolean };

/** A column's `PieceMeta`. */
export const metaOf = (c: PieceColumn): PieceMeta => ({ type: c.type, kinds: c.kinds, dictionary: c.dictionary, nullable: c.validity !== undefined });

export type PieceReply =
  | { id: number; kind: 'progress'; bytes: number; rows: number }
  | { id: number; kind: 'done'; numRows: number; names: string[]; columns: PieceColumn[] }
  | { id: number; kind: 'kept'; numRows: number; names: string[]; columns: PieceMeta[] }
  | { id: number; kind: 'filled' }
  | { id: number; kind: 'bail' }
  | { id: number; kind: 'error'; message: string };

/**
 * A kept piece's columns written into the joined table's shared arrays from row `at` on
 * (`fillPiece`), then dropped; or (`columns` null) only dropped.
 */
export interface FillJob {
  id: number;
  kind: 'fill';
  /** The id of the job that parsed the piece. */
  piece: number;
  at: number;
  columns: FillColumn[] | null;
}

/** One joined column: its type and arrays (n rows; `bits` when any row is null), and a text piece's codes into the joined dictionary. */
export interface FillColumn {
  dtype: string;
  data: ArrayBufferView;
  bits: Uint8Array | undefined;
  remap: Uint32Array | undefined;
}

/**
 * A piece's `m` rows of one column written into the joined column from row `at` on: validity bits
 * and values, converted where the piece's type is narrower. Pieces are written at once by
 * several threads, so the validity bytes a piece shares with its neighbours (its first and last)
 * are set with atomic ORs where the bitmap is shared.
 */
export function fillPiece(c: PieceColumn, m: number, f: FillColumn, at: number): void {
  const allNull = c.kinds === 0 && c.type !== f.dtype;
  const v = c.validity;
  const valid = (r: number): boolean => !allNull && (!v || ((v[r >> 3]! >> (r & 7)) & 1) === 1);
  const bits = f.bits;
  if (bits) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && bits.buffer instanceof SharedArrayBuffer;
    const edge0 = at >> 3, edge1 = (at + m - 1) >> 3;
    for (let r = 0; r < m; r++) {
      if (!valid(r)) continue;
      const q = at + r, byte = q >> 3, bit = 1 << (q & 7);
      if (shared && (byte === edge0 || byte === edge1)) Atomics.or(bits, byte, bit);
      else bits[byte]! |= bit;
    }
  }
  if (!allNull) copyValues(c, f.dtype, f.data, at, m, f.remap, valid);
}

/** A piece's values into the joined array at `at`, converted where its type is narrower. */
function copyValues(c: PieceColumn, dtype: string, out: ArrayBufferView, at: number, m: number, remap: Uint32Array | undefined, valid: (r: number) => boolean): void {
  if (c.type !== 'utf8') {
    // Doubles, written as the whole file's type (an integer piece of a float64 column: the
    // doubles one pass would have kept, "-0" staying −0).
    writeNumbers(c.data as Float64Array, c.bigs, m, dtype, out, at);
    return;
  }
  const src = c.data as Uint32Array;
  if (!remap) {
    (out as Uint32Array).set(src, at);
    return;
  }
  const o = out as Uint32Array;
  for (let r = 0; r < m; r++) if (valid(r)) o[at + r] = remap[src[r]!]!; // null slots stay 0, as in one pass
}

/**
 * Parse one piece with the fast path, on whichever thread runs it (the reading thread for piece
 * 0, a worker for the others): its columns as plain arrays, or 'bail' / 'error' (the one-pass
 * read then reads the file, raising any error with its file line).
 */
export function parsePiece(id: number, bytes: Uint8Array, file: string, options: CSVParseOptions, linebreak: string, report: ProgressReport): PieceReply {
  const piece: PieceSettings = { linebreak, kinds: [], numbers: [] };
  let t: Table | undefined;
  try {
    t = parseCSVFast(bytes, file, options, report, piece);
  } catch (e) {
    return { id, kind: 'error', message: String((e as Error)?.message ?? e) };
  }
  if (!t) return { id, kind: 'bail' };
  const columns = t.columns.map((c, k): PieceColumn => ({
    type: piece.numbers[k]?.dtype ?? c.type,
    data: c.data.hostView('readCSV'),
    validity: c.validity?.hostView('readCSV') as Uint8Array | undefined,
    dictionary: c.dictionary ? [...c.dictionary] : undefined,
    kinds: piece.kinds[k]!,
    bigs: piece.numbers[k]?.bigs,
  }));
  return { id, kind: 'done', numRows: t.numRows, names: [...t.names], columns };
}
