/**
 * One piece of the parallel CSV read (./csv-parallel.ts): the messages between the reading
 * thread and a worker, and the parse of one piece with the fast path. It is all a worker
 * (./csv-worker.ts) imports, so the worker's code holds neither the pool nor the join.
 */
import { parseCSVFast, type CSVParseOptions, type PieceSettings, type ProgressReport } from './csv-fast.js';
import type { Table } from './table.js';

/** One piece to parse. `headerBytes`: how many leading bytes are the repeated header record. */
export interface PieceJob {
  id: number;
  bytes: Uint8Array;
  file: string;
  options: CSVParseOptions;
  linebreak: string;
  headerBytes: number;
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
