// readCSV's parallel read in the page (issue 14, "worker threads vs Web Workers"): a CSV above
// the parallel cut-over (PARALLEL_MIN_BYTES) is cut into pieces that module Web Workers parse
// (src/io/csv-worker.ts, started by src/io/csv-parallel.ts through Vite's worker form), and the
// joined table equals the one-thread read byte for byte: names, types, data, validity and
// dictionaries. The pool's `started` counter shows that Web Workers were started (a browser has
// no other kind), and stats().csvWorkerPieces that they parsed their pieces. The esbuild
// bundle's worker (csv-worker.js beside gpuframe.js) is checked by scripts/test-browser-page.mjs.
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { csvWorkerPool, PARALLEL_MIN_BYTES } from '../../src/io/csv-parallel.js';

/**
 * A quote-free CSV of at least `bytes` bytes with every type the join unifies: int32 that turns
 * int64 late in the file, integers that turn float late ("-0" included), strings whose dictionary
 * differs piece to piece, bools, nulls, and a date.
 */
function wideCsv(bytes: number): string {
  const rows = ['id,late64,latefloat,word,flag,maybe,day'];
  let size = rows[0]!.length + 1;
  const words = ['ant', 'bee', 'cat', 'dog', 'eel', 'fox', 'émeu', 'gnu'];
  for (let k = 0; size < bytes; k++) {
    const late = size > bytes * 0.8;
    const row = [
      k,
      late && k % 5 === 0 ? 2 ** 40 + k : k % 1000,
      late && k % 7 === 0 ? (k % 3) / 8 : k % 11 === 0 ? '-0' : k % 50,
      words[(k * 7 + Math.floor(size / 400_000)) % words.length]! + (size > bytes / 2 ? 'x' : ''),
      k % 3 === 0,
      k % 13 === 0 ? '' : ((k * 7919) % 100_003) / 64,
      `2024-0${1 + (k % 9)}-1${k % 10}`,
    ].join(',');
    rows.push(row);
    size += row.length + 1;
  }
  return rows.join('\n') + '\n';
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Where two frames differ (names, types, lengths, data, validity, dictionary), or [] where they are equal. */
async function differences(a: gf.DataFrame, b: gf.DataFrame): Promise<string[]> {
  const out: string[] = [];
  if (JSON.stringify(a.names) !== JSON.stringify(b.names)) out.push(`names ${a.names} vs ${b.names}`);
  const [ca, cb] = [a.getColumns(), b.getColumns()];
  for (let k = 0; k < Math.min(ca.length, cb.length); k++) {
    const [x, y] = [ca[k]!, cb[k]!];
    const name = a.names[k];
    if (x.type !== y.type || x.length !== y.length) out.push(`${name}: ${x.type}[${x.length}] vs ${y.type}[${y.length}]`);
    else if (!sameBytes((await x.data.toArray()) as ArrayBufferView, (await y.data.toArray()) as ArrayBufferView)) out.push(`${name}: data`);
    if (!!x.validity !== !!y.validity || (x.validity && !sameBytes((await x.validity.toArray()) as ArrayBufferView, (await y.validity!.toArray()) as ArrayBufferView))) out.push(`${name}: validity`);
    if (JSON.stringify(x.dictionary ?? null) !== JSON.stringify(y.dictionary ?? null)) out.push(`${name}: dictionary`);
  }
  return out;
}

describe('readCSV in Web Workers', () => {
  it('a CSV above the cut-over is parsed by module Web Workers, and equals the one-thread read byte for byte', async () => {
    const text = wideCsv(PARALLEL_MIN_BYTES + (1 << 18));
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThanOrEqual(PARALLEL_MIN_BYTES);
    const pool = csvWorkerPool();
    const before = pool.started;
    const piecesBefore = gf.stats().csvWorkerPieces;
    // threads unset: the default (the cores, at most 8) applies above the cut-over; at least 2
    // threads are asked for where the browser reports one core
    const cores = navigator.hardwareConcurrency;
    const t0 = performance.now();
    const parallel = await gf.readCSV(bytes, cores > 1 ? {} : { threads: 2 });
    const t1 = performance.now();
    const one = await gf.readCSV(bytes, { threads: 1 });
    const t2 = performance.now();
    const started = pool.started - before;
    const pieces = gf.stats().csvWorkerPieces - piecesBefore;
    console.log(
      `readCSV in the page: ${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${parallel.numRows} rows; ${started} Web Worker(s) started (${cores} cores reported), ${pieces} piece(s) parsed in them, ` +
        `pool size ${pool.size}; parallel ${(t1 - t0).toFixed(0)} ms, one thread ${(t2 - t1).toFixed(0)} ms; types ${parallel.getColumns().map((c) => c.type).join(', ')}`,
    );
    expect(typeof Worker).toBe('function');
    expect(started).toBeGreaterThanOrEqual(1); // the cap (cores) leaves at least one worker beside this thread
    expect(pool.size).toBeGreaterThanOrEqual(1);
    expect(pieces).toBe(started); // each worker parsed its piece and sent it back whole
    expect(parallel.numRows).toBe(one.numRows);
    // the join widened what the pieces read narrower: int32 → int64, int → float64 ("-0" kept)
    expect(parallel.getColumns().map((c) => c.type).slice(0, 3)).toEqual(['int32', 'int64', 'float64']);
    expect(await differences(parallel, one)).toEqual([]);
  });

  it('threads: 2 below the cut-over also reads in a Web Worker (started or reused), same table', async () => {
    const text = wideCsv(1 << 20);
    const pool = csvWorkerPool();
    const piecesBefore = gf.stats().csvWorkerPieces;
    const parallel = await gf.readCSV(text, { threads: 2 });
    expect(pool.size).toBe(1); // 2 threads: this one and one worker
    expect(gf.stats().csvWorkerPieces - piecesBefore).toBe(1);
    expect(await differences(parallel, await gf.readCSV(text, { threads: 1 }))).toEqual([]);
  });
});
