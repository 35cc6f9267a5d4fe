/**
 * One piece of the parallel CSV read (./csv-parallel.ts): the messages between the reading
 * thread and a worker, and the parse of one piece with the fast path. It is all a worker
 * (./csv-worker.ts) imports, so the worker's code holds neither the pool nor the join.
 */
import { platform } from '#platform';
import { parseCSVFast, type CSVParseOptions, type PieceSettings, type ProgressReport } from './csv-fast.js';
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

/** One parsed column of a piece: its type, arrays and the kinds of values it saw. */
export interface PieceColumn {
  type: string;
  data: ArrayBufferView;
  validity: Uint8Array | undefined;
  dictionary: string[] | undefined;
  kinds: number;
  /** An integer column's values as doubles (see PieceSettings.doubles). */
  doubles: Float64Array | undefined;
}

export type PieceReply =
  | { id: number; kind: 'progress'; bytes: number; rows: number }
  | { id: number; kind: 'done'; numRows: number; names: string[]; columns: PieceColumn[] }
  | { id: number; kind: 'bail' }
  | { id: number; kind: 'error'; message: string };

/**
 * Parse one piece with the fast path, on whichever thread runs it (the reading thread for piece
 * 0, a worker for the others): its columns as plain arrays, or 'bail' / 'error' (the one-pass
 * read then reads the file, raising any error with its file line).
 */
export function parsePiece(id: number, bytes: Uint8Array, file: string, options: CSVParseOptions, linebreak: string, report: ProgressReport): PieceReply {
  const piece: PieceSettings = { linebreak, kinds: [], doubles: [] };
  let t: Table | undefined;
  try {
    t = parseCSVFast(bytes, file, options, report, piece);
  } catch (e) {
    return { id, kind: 'error', message: String((e as Error)?.message ?? e) };
  }
  if (!t) return { id, kind: 'bail' };
  const columns = t.columns.map((c, k): PieceColumn => ({
    type: c.type,
    data: c.data.hostView('readCSV'),
    validity: c.validity?.hostView('readCSV') as Uint8Array | undefined,
    dictionary: c.dictionary ? [...c.dictionary] : undefined,
    kinds: piece.kinds[k]!,
    doubles: piece.doubles[k],
  }));
  return { id, kind: 'done', numRows: t.numRows, names: [...t.names], columns };
}
