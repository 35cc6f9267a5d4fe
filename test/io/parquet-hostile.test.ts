// Issue 16, Parquet: hostile files never crash the process, never leave a promise pending, and
// never poison the next read. Every reproducer runs in a child process (the built package, dist/)
// with a 10 s limit and NO uncaughtException handler, so a wasm trap that escapes kills the child
// and fails its test, not the suite; the footer checks, pure JS, also run here in-process.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as gf from 'gpuframe';
import { checkFooter, FLOOR_BYTES } from '../../src/io/parquet-footer.js';
import { mulberry32 } from '../../src/random.js';
import { rejection } from '../helpers/rejection.js';

const DIR = new URL('../fixtures/fuzz/parquet/', import.meta.url);
const fixture = (name: string): string => new URL(name, DIR).pathname;
// The child loads the reader's modules alone (not the whole package) and runs on the CPU backend:
// the reader needs no device, and under load a child must start well within its 10 s.
const dist = (f: string): string => new URL(`../../dist/src/${f}`, import.meta.url).href;

// What the child does with one file. It prints one JSON line: each step's outcome, where
// 'pending' means a promise still unsettled after 4 s (the bug this guards against).
const CHILD = `
import { readParquet } from ${JSON.stringify(dist('io/parquet.js'))};
import { ParseError } from ${JSON.stringify(dist('errors.js'))};
import * as host from ${JSON.stringify(dist('io/parquet-wasm.js'))};
import { readFileSync } from 'node:fs';
const [path, good, handler] = process.argv.slice(1);
const uncaught = [];
if (handler === '1') process.on('uncaughtException', (e) => uncaught.push(String(e)));
const within = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r({ outcome: 'pending' }), 4000))]);
const outcome = (p) => within(p.then(
  (v) => ({ outcome: 'resolved', rows: v?.numRows }),
  (e) => ({ outcome: 'rejected', name: e?.constructor?.name, parse: e instanceof ParseError, file: e?.file, message: String(e?.message ?? e) }),
));
// The async readers through a contained instance: ParquetFile.fromFile, .read and .stream.
async function asyncReader(bytes, how) {
  let h0;
  const r = await outcome(host.withParquetWasm(async (h) => {
    h0 = h;
    const pf = await host.settle(h, h.pw.ParquetFile.fromFile(new Blob([bytes])));
    if (how === 'read') await host.settle(h, pf.read());
    if (how === 'stream') {
      const reader = (await host.settle(h, pf.stream())).getReader();
      while (!(await host.settle(h, reader.read())).done);
    }
    return { numRows: pf.metadata().fileMetadata().numRows() };
  }));
  return { ...r, trapped: h0?.dead === true };
}
const bytes = readFileSync(path);
const out = { made0: host.instancesMade };
out.byPath = await outcome(readParquet(path));
out.byBytes = await outcome(readParquet(new Uint8Array(bytes)));
out.made1 = host.instancesMade;
for (const how of ['fromFile', 'read', 'stream']) out[how] = await asyncReader(bytes, how);
const t = await readParquet(good);
const col = async (n) => Array.from(await t.columns[t.names.indexOf(n)].toValues());
out.good = { names: t.names, x: await col('x'), i: (await col('i')).map(String), s: await col('s') };
out.made2 = host.instancesMade;
// The hostile file and the good one at once: the good read never pays for the other's trap.
const both = await within(Promise.allSettled([readParquet(path), readParquet(good)]));
out.concurrent = Array.isArray(both) ? both.map((r) => r.status === 'fulfilled' ? r.value.numRows : r.reason?.constructor?.name) : 'pending';
out.uncaught = uncaught;
console.log(JSON.stringify(out));
process.exit(0); // the 4 s timers of settled races would otherwise hold the process
`;

interface Step { outcome: string; name?: string; parse?: boolean; file?: string; message?: string; rows?: number; trapped?: boolean }
interface Result { byPath: Step; byBytes: Step; fromFile: Step; read: Step; stream: Step; good: unknown; made0: number; made1: number; made2: number; concurrent: unknown; uncaught: string[] }

function child(name: string, handler = false): Result {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, fixture(name), fixture('base.parquet'), handler ? '1' : '0'], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, GPUFRAME_BACKEND: 'cpu' } });
  expect(r.error, `the child for ${name} ran past 10 s or failed to start`).toBeUndefined();
  expect(r.status, `the child for ${name} exited with ${r.status} (${r.signal ?? ''}): ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Result;
}

const GOOD = { names: ['x', 'i', 's'], x: [1.5, -2, 3], i: ['1', '2', '3'], s: ['a', 'bb', null] };

/** A ParseError naming the file: the path when read by path, '<bytes>' for bytes. */
function expectParseError(r: Result, name: string, says: RegExp): void {
  expect(r.byPath).toMatchObject({ outcome: 'rejected', name: 'ParseError', parse: true, file: fixture(name) });
  expect(r.byPath.message).toMatch(says);
  expect(r.byPath.message).toContain(`(${fixture(name)})`);
  expect(r.byBytes).toMatchObject({ outcome: 'rejected', name: 'ParseError', parse: true, file: '<bytes>' });
  expect(r.byBytes.message).toMatch(says);
}

describe('the built package is current', () => {
  test('dist/ is newer than the Parquet reader sources the child processes run', () => {
    for (const f of ['parquet', 'parquet-wasm', 'parquet-footer']) {
      const built = `dist/src/io/${f}.js`;
      expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
      expect(statSync(built).mtimeMs, `${built} is older than src/io/${f}.ts: run npm run build`).toBeGreaterThanOrEqual(statSync(`src/io/${f}.ts`).mtimeMs);
    }
  });
});

describe('wasm traps are ParseErrors, every promise settles, and the next read is right', () => {
  test('the base file reads in the child (the control)', () => {
    const r = child('base.parquet');
    expect(r.byPath).toEqual({ outcome: 'resolved', rows: 3 });
    expect(r.byBytes).toEqual({ outcome: 'resolved', rows: 3 });
    for (const how of ['fromFile', 'read', 'stream'] as const) expect(r[how]).toMatchObject({ outcome: 'resolved', trapped: false });
    expect(r.made2).toBe(1); // one instance served every read
    expect(r.good).toEqual(GOOD);
    expect(r.concurrent).toEqual([3, 3]);
  });

  test('corrupt footer (ARROW:schema): ParquetFile.fromFile traps asynchronously — the issue reproducer', () => {
    // Without an uncaughtException handler (an escaped trap exits the child) and with one (the
    // issue's second symptom: the promise never settled).
    for (const handler of [false, true]) {
      const r = child('footer-schema-trap.parquet', handler);
      expectParseError(r, 'footer-schema-trap.parquet', /a crash in parquet-wasm \(RuntimeError: unreachable; its instance is discarded/);
      // The async trap is contained at its source: no uncaught exception even with a handler installed.
      expect(r.uncaught).toEqual([]);
      for (const how of ['fromFile', 'read', 'stream'] as const) expect(r[how]).toMatchObject({ outcome: 'rejected', name: 'RuntimeError', trapped: true });
      // Each trap discarded its instance: a fresh one for each of the 5 reads, and one for the good file.
      expect(r.made1 - r.made0).toBe(2);
      expect(r.made2).toBe(r.made1 + 3 + 1);
      expect(r.good).toEqual(GOOD);
      expect(r.concurrent).toEqual(['ParseError', 3]);
    }
  });

  test('corrupt column metadata: the sync reader traps (a caught RuntimeError, the instance replaced)', () => {
    const r = child('footer-sync-trap.parquet');
    expectParseError(r, 'footer-sync-trap.parquet', /expected row group 0 to decode, got: a crash in parquet-wasm \(RuntimeError: unreachable/);
    expect(r.fromFile).toMatchObject({ outcome: 'resolved', trapped: false });
    expect(r.read).toMatchObject({ outcome: 'rejected', name: 'RuntimeError', trapped: true }); // the async reader traps too
    expect(r.uncaught).toEqual([]);
    expect(r.good).toEqual(GOOD); // read right after a trap, on a fresh instance
    expect(r.made2).toBeGreaterThan(r.made1);
    expect(r.concurrent).toEqual(['ParseError', 3]);
  });

  test('a zeroed dictionary page offset: the async reader (read, stream) traps, the sync one reports an error', () => {
    const r = child('footer-async-trap.parquet');
    expectParseError(r, 'footer-async-trap.parquet', /expected row group 0 to decode, got: Parquet argument error/);
    expect(r.fromFile).toMatchObject({ outcome: 'resolved', trapped: false });
    expect(r.read).toMatchObject({ outcome: 'rejected', name: 'RuntimeError', message: 'unreachable', trapped: true });
    expect(r.stream).toMatchObject({ outcome: 'rejected', name: 'RuntimeError', message: 'unreachable', trapped: true });
    expect(r.good).toEqual(GOOD); // right after two traps, on the third instance
    expect(r.made2).toBe(3);
  });

  test.each([
    ['magic-end.parquet', /no PAR1 magic at its end/],
    ['footer-length.parquet', /a footer length of 2147418112 bytes in a file of 1600 \(at most 1588\)/],
    ['rows-bound.parquet', /a footer declaring 1073741825 rows \(21877489685 bytes decoded\) in 1608 bytes: at most max\(64 × the file's size, 268435456\)/],
    ['chunk-range.parquet', /row group 1, column 1 at bytes 214 to 261, outside the data region 4 to 251/],
  ])('%s is refused before any byte reaches wasm', (name, says) => {
    const r = child(name);
    expectParseError(r, name, says);
    expect(r.made1).toBe(r.made0); // readParquet made no instance: wasm never ran
    expect(r.good).toEqual(GOOD);
    expect(r.concurrent).toEqual(['ParseError', 3]);
  });
});

describe('checkFooter (pure JS, in-process)', () => {
  const base = readFileSync(fixture('base.parquet'));

  test('the base file: row groups and the declared decoded size', () => {
    expect(checkFooter('readParquet', base, 'b')).toEqual({ groupRows: [2, 1], numRows: 3, leaves: 3, decodedBytes: 62 });
  });

  test('framing: short, no magic, encrypted', () => {
    const at = (b: Uint8Array) => () => checkFooter('readParquet', b, 'f.parquet');
    expect(at(new Uint8Array([0x50, 0x41, 0x52, 0x31]))).toThrow(/got 4 bytes \(a Parquet file has at least 12/);
    const noStart = Uint8Array.from(base);
    noStart[0] = 0;
    expect(at(noStart)).toThrow(gf.ParseError);
    expect(at(noStart)).toThrow(/no PAR1 magic at its start \(f.parquet\)/);
    const pare = Uint8Array.from(base);
    pare[pare.length - 1] = 0x45;
    expect(at(pare)).toThrow(/an encrypted footer \(PARE\)/);
  });

  test('seeded footer mutations: checkFooter returns or throws a ParseError, never anything else', () => {
    const rand = mulberry32(16);
    const footerStart = base.length - 8 - base.readUInt32LE(base.length - 8);
    let refused = 0;
    for (let k = 0; k < 3000; k++) {
      const b = Uint8Array.from(base);
      for (let j = 0, n = 1 + Math.floor(rand() * 4); j < n; j++) b[footerStart + Math.floor(rand() * (b.length - footerStart))] = Math.floor(rand() * 256);
      try {
        const info = checkFooter('readParquet', b, 'm');
        expect(info.decodedBytes).toBeLessThanOrEqual(Math.max(64 * b.length, FLOOR_BYTES));
      } catch (e) {
        if (!(e instanceof gf.ParseError)) throw e;
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(300);
  });

  test('row groups that do not add up to num_rows; a file without columns still reads', async () => {
    const b = Buffer.from(base);
    expect(b[603]).toBe(0x06); // num_rows 3, a zigzag varint (see README.md)
    b[603] = 0x08; // 4
    expect(() => checkFooter('readParquet', b, 'f')).toThrow(/row groups of 3 rows in all where num_rows says 4 \(f\)/);
    const empty = await gf.readParquet(await gf.writeParquet(new gf.DataFrame({})));
    expect([empty.numRows, empty.columns]).toEqual([0, []]);
  });

  test('readParquet refuses a bad footer with a ParseError naming <bytes>', async () => {
    const e = await rejection(gf.readParquet(readFileSync(fixture('rows-bound.parquet'))));
    expect(e).toBeInstanceOf(gf.ParseError);
    expect((e as gf.ParseError).file).toBe('<bytes>');
  });
});
