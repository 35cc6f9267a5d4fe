/**
 * Worker side of the parallel CSV read (./csv-parallel.ts): parse one piece of a file (its
 * header record, then a run of whole records: given, or read here from the file's range) and
 * post the columns back with their buffers transferred, not copied. It runs as a Node worker thread or as a module Web Worker: the
 * platform (`#platform`) gives it the messages from the thread that started it, so no Node
 * module is imported here (a browser bundle carries this file as an entry of its own).
 */
import { platform } from '#platform';
import { parsePiece, pieceBytes, type PieceJob, type PieceReply } from './csv-piece.js';

platform.onParentMessage(async (message, parent) => {
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
  const transfer = new Set<ArrayBuffer>();
  if (reply.kind === 'done') {
    for (const c of reply.columns) {
      for (const a of [c.data, c.validity, c.doubles]) if (a) transfer.add(a.buffer as ArrayBuffer);
    }
  }
  parent.postMessage(reply, [...transfer]);
});
