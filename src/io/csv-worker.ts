/**
 * Worker side of the parallel CSV read (./csv-parallel.ts): parse one piece of a file (its
 * header record, then a run of whole records: given, or read here from the file's range) and
 * post the columns back with their buffers transferred, not copied; or, with `keep`, keep them
 * and post only what the join needs to plan, then write them into the joined table's shared
 * arrays when a FillJob says where. It runs as a Node worker thread or as a module Web Worker:
 * the platform (`#platform`) gives it the messages from the thread that started it, so no Node
 * module is imported here (a browser bundle carries this file as an entry of its own).
 */
import { platform } from '#platform';
import { fillPiece, metaOf, parsePiece, pieceBytes, type FillJob, type PieceColumn, type PieceJob, type PieceReply } from './csv-piece.js';

/** Pieces parsed with `keep`, by job id, until their FillJob. */
const kept = new Map<number, { numRows: number; columns: PieceColumn[] }>();

platform.onParentMessage(async (message, parent) => {
  if ((message as FillJob).kind === 'fill') {
    const f = message as FillJob;
    const piece = kept.get(f.piece);
    kept.delete(f.piece);
    if (!f.columns) return; // dropped: the join did not take the pieces
    try {
      if (!piece) throw new Error(`no piece ${f.piece} is kept here`);
      piece.columns.forEach((c, k) => fillPiece(c, piece.numRows, f.columns![k]!, f.at));
      parent.postMessage({ id: f.id, kind: 'filled' } satisfies PieceReply);
    } catch (e) {
      parent.postMessage({ id: f.id, kind: 'error', message: String((e as Error)?.message ?? e) } satisfies PieceReply);
    }
    return;
  }
  const job = message as PieceJob;
  if (job.range) {
    // A file range this worker reads itself (the reading thread never holds these bytes).
    const bytes = await pieceBytes(job.bytes, job.range);
    if (!bytes) {
      parent.postMessage({ id: job.id, kind: 'bail' } satisfies PieceReply);
      return;
    }
    job.bytes = bytes;
  }
  const report = (bytesRead: number, rowsRead: number): void => {
    parent.postMessage({ id: job.id, kind: 'progress', bytes: Math.max(0, bytesRead - job.headerBytes), rows: rowsRead } satisfies PieceReply);
  };
  const reply = parsePiece(job.id, job.bytes, job.file, job.options, job.linebreak, report);
  if (job.keep && reply.kind === 'done') {
    // The values stay here until the join says where they go (a FillJob): no copy crosses threads.
    kept.set(job.id, { numRows: reply.numRows, columns: reply.columns });
    parent.postMessage({ id: job.id, kind: 'kept', numRows: reply.numRows, names: reply.names, columns: reply.columns.map(metaOf) } satisfies PieceReply);
    return;
  }
  const transfer = new Set<ArrayBuffer>();
  if (reply.kind === 'done') {
    for (const c of reply.columns) {
      for (const a of [c.data, c.validity]) if (a) transfer.add(a.buffer as ArrayBuffer);
    }
  }
  parent.postMessage(reply, [...transfer]);
});
