/**
 * Worker side of the parallel CSV read (./csv-parallel.ts): parse one piece of a file (its
 * header record, then a run of whole records) and post the columns back with their buffers
 * transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { parsePiece, type PieceJob, type PieceReply } from './csv-parallel.js';

function run(job: PieceJob): void {
  const port = parentPort!;
  const report = (bytesRead: number, rowsRead: number): void => {
    port.postMessage({ id: job.id, kind: 'progress', bytes: Math.max(0, bytesRead - job.headerBytes), rows: rowsRead } satisfies PieceReply);
  };
  const reply = parsePiece(job.id, job.bytes, job.file, job.options, job.linebreak, report);
  const transfer = new Set<ArrayBuffer>();
  if (reply.kind === 'done') {
    for (const c of reply.columns) {
      for (const a of [c.data, c.validity, c.doubles]) if (a) transfer.add(a.buffer as ArrayBuffer);
    }
  }
  port.postMessage(reply, [...transfer]);
}

parentPort?.on('message', run);
