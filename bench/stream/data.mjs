// The generated CSV that bench:stream and test:stream-big stream: rows of
//   id (int, sequential), k (one of 500 strings, 1% empty = null), g (int 0..49),
//   x (float, 3 decimals; 1% empty), y (int in ±1e6; 2% empty)
// from a fixed seed, written until the file reaches `bytes`. The first `sliceRows` rows are
// written to a second file as well (the same header), for the in-memory comparison.
// For speed (3 GB in about a minute), a pool of 2^20 random (k, g, x, y) bodies is drawn once
// and row i takes body (i · 7919) mod 2^20 (an odd stride: every body once per 2^20 rows).
// No NaN: DuckDB's stddev_samp fails on NaN (the default tests cover NaN).
import { closeSync, openSync, writeSync } from 'node:fs';
import { mulberry32 } from '../../dist/src/random.js'; // the library's seeded generator (built by the npm scripts)

export const HEADER = 'id,k,g,x,y\n';

/** Write the file (and the slice); returns { rows, bytes }. */
export function generate(path, bytes, { slicePath, sliceRows = 0, seed = 1 } = {}) {
  const r = mulberry32(seed);
  const keys = Array.from({ length: 500 }, (_, i) => `key${String(i).padStart(3, '0')}`);
  const fd = openSync(path, 'w');
  const sfd = slicePath ? openSync(slicePath, 'w') : -1;
  writeSync(fd, HEADER);
  if (sfd >= 0) writeSync(sfd, HEADER);
  let written = HEADER.length;
  const POOL = 1 << 20;
  const bodies = new Array(POOL);
  for (let i = 0; i < POOL; i++) {
    const u = r();
    const k = u < 0.01 ? '' : keys[(r() * 500) | 0];
    const x = r() < 0.01 ? '' : (r() * 2000 - 1000).toFixed(3);
    const y = r() < 0.02 ? '' : String(((r() * 2e6) | 0) - 1e6);
    bodies[i] = `,${k},${(r() * 50) | 0},${x},${y}\n`;
  }
  let id = 0;
  const BLOCK = 50_000;
  while (written < bytes) {
    const lines = new Array(BLOCK);
    for (let i = 0; i < BLOCK; i++, id++) lines[i] = id + bodies[(id * 7919) % POOL];
    const text = lines.join('');
    writeSync(fd, text);
    written += Buffer.byteLength(text);
    if (sfd >= 0 && id - BLOCK < sliceRows) writeSync(sfd, lines.slice(0, Math.min(BLOCK, sliceRows - (id - BLOCK))).join(''));
  }
  closeSync(fd);
  if (sfd >= 0) closeSync(sfd);
  return { rows: id, bytes: written };
}
