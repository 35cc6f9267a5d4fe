// The parallel CSV read (src/io/csv-parallel.ts) against one pass: the same table, byte for
// byte, or the same error, on random files cut into pieces parsed on worker threads.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as gf from 'gpuframe';
import { parseCSVParallel } from '../../src/io/csv-parallel.js';
import type { CSVParseOptions } from '../../src/io/csv-fast.js';
import { dump, makeCSV, outcome, pick, randomFloat, randomInt, type Opts } from '../helpers/csv-files.js';
import { rng as mulberry32 } from '../helpers/parity.js';

const enc = new TextEncoder();

const scratch = mkdtempSync(join(tmpdir(), 'gf-csvfile-'));

describe('readCSV with worker threads = one pass', () => {
  it('identical tables or errors on the 600 seeded random files, cut into 2 and 3 pieces', async () => {
    let parallel = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const { text, options } = makeCSV(seed);
      const what = `seed ${seed}: ${JSON.stringify(options)}\n${JSON.stringify(text.slice(0, 300))}`;
      const one = await outcome(gf.readCSV(text, { ...options, text: true, threads: 1 }));
      for (const threads of [2, 3]) {
        expect(await outcome(gf.readCSV(text, { ...options, text: true, threads })), `${what} (threads ${threads})`).toEqual(one);
      }
      const bytes = enc.encode(text);
      if ((await parseCSVParallel(bytes, '<text>', options as CSVParseOptions, 3)) !== null) parallel++;
    }
    // Most of these files have quotes, one column or a few records, which are read in one
    // pass by design; the next test has files the parallel read takes.
    expect(parallel).toBeGreaterThan(15);
  });

  it('identical tables on 300 random quote-free files (every type, nulls, empty lines, CRLF/CR, BOM, overrides), cut into 2–5 pieces', async () => {
    let parallel = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = mulberry32(1000 + seed);
      const delim = r() < 0.7 ? ',' : r() < 0.5 ? ';' : '\t';
      const lb = r() < 0.6 ? '\n' : r() < 0.7 ? '\r\n' : '\r';
      const ncols = 2 + Math.floor(r() * 4);
      const nrows = Math.floor(r() * 400);
      const gens: Array<() => string> = Array.from({ length: ncols }, () => {
        const kind = Math.floor(r() * 6);
        const nulls = r() < 0.5 ? 0 : r() * 0.4;
        const late = r() < 0.3 ? Math.floor(r() * nrows) : -1; // one value of another kind, anywhere
        let row = 0;
        return () => {
          const k = row++;
          if (r() < nulls) return r() < 0.8 ? '' : 'NA';
          if (k === late) return pick(['0.5', '-0', '9223372036854775807', '1e400', 'true', 'word'])(r);
          return [() => randomInt(r), () => String(Math.floor(r() * 100) - 50), () => randomFloat(r), () => pick(['true', 'false', 'TRUE'])(r), () => pick(['red', 'green', 'blue', 'ä', '日本'])(r), () => pick(['-0', '0', '+0', '-00', '7'])(r)][kind]!();
        };
      });
      const header = r() < 0.85;
      const lines = header ? [Array.from({ length: ncols }, (_, c) => `c${c}`).join(delim)] : [];
      for (let k = 0; k < nrows; k++) {
        lines.push(gens.map((g) => g()).join(delim));
        if (r() < 0.03) lines.push('');
      }
      let text = lines.join(lb) + (r() < 0.5 ? lb : '');
      if (r() < 0.2) text = '\ufeff' + text;
      const options: Opts = { delimiter: delim, header };
      if (r() < 0.3) options.nullValues = ['NA'];
      if (header && r() < 0.2) options.dtypes = { c0: pick(['int64', 'float64', 'utf8'])(r) as 'int64' };
      if (header && r() < 0.2) options.columns = ['c1', 'c0'];
      const what = `quote-free seed ${seed}: ${JSON.stringify(options)}\n${JSON.stringify(text.slice(0, 300))}`;
      const one = await outcome(gf.readCSV(text, { ...options, text: true, threads: 1 }));
      const threads = 2 + (seed % 4);
      expect(await outcome(gf.readCSV(text, { ...options, text: true, threads })), what).toEqual(one);
      if (seed % 3 === 0) {
        // The same bytes in a file: each thread reads its own range of it (parseCSVFileParallel).
        const path = join(scratch, `q${seed}.csv`);
        writeFileSync(path, text);
        const fromFile = await outcome(gf.readCSV(path, { ...options, threads: 1 }));
        expect(await outcome(gf.readCSV(path, { ...options, threads })), `${what} (a file)`).toEqual(fromFile);
        if ('ok' in one) expect(fromFile, `${what} (a file, one pass)`).toEqual(one);
      }
      if ((await parseCSVParallel(enc.encode(text), '<text>', options as CSVParseOptions, threads)) !== null) parallel++;
    }
    expect(parallel).toBeGreaterThan(150);
  });

  it('pieces whose types differ are unified as one pass types the column (int32 → int64 → float64, all-null, text dictionaries)', async () => {
    const r = mulberry32(5);
    const n = 40_000;
    const lines = ['i,l,f,z,s,b'];
    for (let k = 0; k < n; k++) {
      const late = k > n / 2;
      const i = String(Math.floor(r() * 1000) - 500);
      const l = late && k % 97 === 0 ? '9007199254740993' : String(k); // int64 in the second half only
      const f = late && k % 89 === 0 ? '0.25' : String(k % 7); // float in the second half only
      const z = late && k % 1000 === 3 ? '12' : ''; // null in the whole first half
      const s = ['red', 'green', 'blue'][k % 3]! + (late ? 'x' : ''); // each half has its own words
      const b = k % 11 === 0 ? '' : r() < 0.5 ? 'true' : 'false';
      lines.push([i, l, f, z, s, b].join(','));
    }
    const text = lines.join('\n') + '\n';
    const one = await gf.readCSV(text, { text: true, threads: 1 });
    expect(one.getColumns().map((c) => c.type)).toEqual(['int32', 'int64', 'float64', 'int32', 'utf8', 'bool']);
    for (const threads of [2, 4, 7]) {
      const t = await parseCSVParallel(enc.encode(text), '<text>', {}, threads);
      expect(t, `threads ${threads}: the parallel read applied`).not.toBeNull();
      expect(await dump(t!)).toEqual(await dump(one));
    }
  });

  it('a column that turns to text in a later piece falls back to one pass, with the same table', async () => {
    const text = 'a,b\n' + Array.from({ length: 5000 }, (_, k) => `${k},${k === 4000 ? 'oops' : k * 2}`).join('\n');
    expect(await parseCSVParallel(enc.encode(text), '<text>', {}, 2)).toBeNull();
    const t = await gf.readCSV(text, { text: true, threads: 2 });
    expect(t.getColumns()[1]!.type).toBe('utf8');
    expect(await dump(t)).toEqual(await dump(await gf.readCSV(text, { text: true, threads: 1 })));
  });

  it('an error in any piece is the one-pass error, with its file line', async () => {
    const text = 'a,b\n' + Array.from({ length: 5000 }, (_, k) => (k === 4321 ? '1,2,3' : `${k},${k}`)).join('\n');
    const err = (await gf.readCSV(text, { text: true, threads: 3 }).then(() => undefined, (e: unknown) => e)) as gf.ParseError;
    expect(err).toBeInstanceOf(gf.ParseError);
    expect(err.row).toBe(4323);
    expect(err.message).toContain('expected 2 fields, got 3');
  });

  it('a file read with the default threads: progress is monotonic and ends at the file size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-csvpar-'));
    const path = join(dir, 'big.csv');
    const r = mulberry32(9);
    const rows = ['x,y,k'];
    for (let k = 0; k < 260_000; k++) rows.push(`${(r() * 1000).toFixed(6)},${(r() - 0.5).toFixed(9)},${k % 1000}`);
    writeFileSync(path, rows.join('\n') + '\n');
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(4 << 20); // past the default threshold for threads
    const seen: gf.CSVProgress[] = [];
    const t = await gf.readCSV(path, { onProgress: (p) => seen.push(p) });
    expect(t.numRows).toBe(260_000);
    expect(await dump(t)).toEqual(await dump(await gf.readCSV(path, { threads: 1 })));
    expect(seen.at(-1)).toEqual({ bytesRead: size, totalBytes: size, rowsRead: 260_000 });
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k]!.bytesRead).toBeGreaterThanOrEqual(seen[k - 1]!.bytesRead);
      expect(seen[k]!.rowsRead).toBeGreaterThanOrEqual(seen[k - 1]!.rowsRead);
    }
  });

  it('a file is read in ranges (no thread holds it whole); a quote, bad UTF-8 or a bad value past the first megabyte gives what one pass gives', async () => {
    const r = mulberry32(21);
    const rows = ['x,y,k,d'];
    for (let k = 0; k < 40_000; k++) rows.push(`${(r() * 1000).toFixed(6)},${(r() - 0.5).toFixed(9)},${k % 1000},2024-01-${String(1 + (k % 28)).padStart(2, '0')}`);
    const plain = rows.join('\n') + '\n';
    const at = Math.floor(rows.length * 0.8); // well past the first megabyte, in the last piece
    const variants: Array<[string, string | Uint8Array, Opts]> = [
      ['plain', plain, {}],
      ['a quote in a later piece', rows.map((l, k) => (k === at ? '"1.5",2,3,2024-01-01' : l)).join('\n') + '\n', {}],
      ['a bad date in a later piece', rows.map((l, k) => (k === at ? '1.5,2,3,2024-13-45' : l)).join('\n') + '\n', { dtypes: { d: 'date' } }],
      ['invalid UTF-8 in a later piece', (() => { const b = enc.encode(plain); b[Math.floor(b.length * 0.8)] = 0xff; return b; })(), {}],
    ];
    for (const [what, content, options] of variants) {
      const path = join(scratch, `ranges-${what.replaceAll(' ', '-')}.csv`);
      writeFileSync(path, content);
      const one = await outcome(gf.readCSV(path, { ...options, threads: 1 }));
      const before = gf.stats().csvWorkerPieces;
      for (const threads of [2, 3]) expect(await outcome(gf.readCSV(path, { ...options, threads })), `${what} (threads ${threads})`).toEqual(one);
      const pieces = gf.stats().csvWorkerPieces - before;
      const workerPieces = [2, 3].reduce((sum, t) => sum + Math.min(t, availableParallelism()) - 1, 0); // threads are capped at the cores
      if (what === 'plain' || what === 'a bad date in a later piece') expect(pieces, `${what}: the workers parsed their ranges`).toBe(workerPieces);
      if (what === 'a quote in a later piece') expect(pieces, `${what}: the piece with the quote bailed`).toBeLessThan(workerPieces);
      if (what === 'a bad date in a later piece') expect(one).toMatchObject({ error: { name: 'ParseError', row: at + 1, column: 'd', file: path } });
    }
  });

  it('the worker pool never keeps a process alive: a script that reads in parallel exits by itself', () => {
    const index = new URL('../../dist/index.js', import.meta.url).href;
    const script = `const gf = await import(${JSON.stringify(index)}); const t = await gf.readCSV('a,b\\n' + '1,2\\n'.repeat(5000), { text: true, threads: 2 }); console.log(t.numRows);`;
    // A script file, not `node -e` (which exits once the evaluated code settles, workers or not).
    const file = join(mkdtempSync(join(tmpdir(), 'gf-csvexit-')), 'read.mjs');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
    expect(r.error, 'the process did not exit within 30 s').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('5000');
  });

  it('threads must be a positive integer', async () => {
    for (const threads of [0, -1, 1.5, Number.NaN]) await expect(gf.readCSV('a,b\n1,2\n', { text: true, threads })).rejects.toThrow(gf.ValueError);
  });
});
