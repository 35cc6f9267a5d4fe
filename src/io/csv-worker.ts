/**
 * Worker side of the parallel CSV read (./csv-parallel.ts): parse one piece of a file (its
 * header record, then a run of whole records) with the fast path, and post the columns back
 * with their buffers transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { parseCSVFast, type CSVParseOptions, type PieceSettings } from './csv-fast.js';

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

function run(job: PieceJob): void {
  const port = parentPort!;
  const piece: PieceSettings = { linebreak: job.linebreak, kinds: [], doubles: [] };
  const report = (bytesRead: number, rowsRead: number): void => {
    port.postMessage({ id: job.id, kind: 'progress', bytes: Math.max(0, bytesRead - job.headerBytes), rows: rowsRead } satisfies PieceReply);
  };
  let reply: PieceReply;
  const transfer = new Set<ArrayBuffer>();
  try {
    const t = parseCSVFast(job.bytes, job.file, job.options, report, piece);
    if (!t) {
      reply = { id: job.id, kind: 'bail' };
    } else {
      const columns = t.columns.map((c, k): PieceColumn => {
        const data = c.data.hostView('readCSV');
        const validity = c.validity?.hostView('readCSV') as Uint8Array | undefined;
        transfer.add(data.buffer as ArrayBuffer);
        if (validity) transfer.add(validity.buffer as ArrayBuffer);
        const doubles = piece.doubles[k];
        if (doubles) transfer.add(doubles.buffer as ArrayBuffer);
        return { type: c.type, data, validity, dictionary: c.dictionary ? [...c.dictionary] : undefined, kinds: piece.kinds[k]!, doubles };
      });
      reply = { id: job.id, kind: 'done', numRows: t.numRows, names: [...t.names], columns };
    }
  } catch (e) {
    // The driver re-reads the file on one thread, which raises the error with its file line.
    reply = { id: job.id, kind: 'error', message: String((e as Error)?.message ?? e) };
  }
  port.postMessage(reply, [...transfer]);
}

parentPort?.on('message', run);
