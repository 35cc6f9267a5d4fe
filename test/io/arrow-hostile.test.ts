// Issue 16, Arrow IPC: hostile bytes are a ParseError naming the file and the place, before
// apache-arrow decodes them (src/io/arrow-validate.ts). Each reproducer the fuzzing found
// (test/fixtures/fuzz/arrow/cases.json: a seed plus a byte edit) runs in a child process with a
// 10 s limit and a 256 MB heap, since before the validator they hung or aborted the process;
// the child runs the built package (dist/, which `npm test`'s pretest builds). Then a seeded
// mutation loop runs in this process, and valid files of every type still read.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as gf from 'gpuframe';
import { validateArrowIpc } from '../../src/io/arrow-validate.js';

const DIR = new URL('../fixtures/fuzz/arrow/', import.meta.url);
interface Case {
  name: string;
  seed: string;
  edits: Array<[number, number]>;
  before: string;
}
const CASES = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8')) as Case[];
const seed = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));

function build(c: Case): Uint8Array {
  const b = seed(c.seed).slice();
  for (const [at, value] of c.edits) b[at] = value;
  return b;
}

const SOURCES = ['arrow.ts', 'arrow-validate.ts', 'arrow-ipc-batch.ts', 'arrow-ipc-schema.ts', 'arrow-flatbuffer.ts'];

describe('Arrow IPC reproducers, each in a child process (10 s, 256 MB heap)', () => {
  test('dist/ is newer than the Arrow reader sources the child processes run', () => {
    for (const f of SOURCES) {
      const built = `dist/src/io/${f.replace(/\.ts$/, '.js')}`;
      expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
      expect(statSync(built).mtimeMs, `${built} is older than src/io/${f}: run npm run build`).toBeGreaterThanOrEqual(statSync(`src/io/${f}`).mtimeMs);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'gpuframe-arrow-hostile-'));
  const index = new URL('../../dist/index.js', import.meta.url).href;
  test.each(CASES.map((c) => [c.name, c] as const))('%s: a ParseError naming the file', (_name, c) => {
    const path = join(dir, `${c.name}.arrow`);
    writeFileSync(path, build(c));
    const code = `import * as gf from ${JSON.stringify(index)};
      try { const df = await gf.readArrow(${JSON.stringify(path)}); console.log(JSON.stringify({ resolved: df.numRows })); }
      catch (e) { console.log(JSON.stringify({ name: e?.constructor?.name, parse: e instanceof gf.ParseError, file: e?.file, message: String(e?.message) })); }`;
    const env = { ...process.env, GPUFRAME_BACKEND: 'cpu' };
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', code], { encoding: 'utf8', env, timeout: 10_000, killSignal: 'SIGKILL' });
    expect(r.error, `the child did not finish within 10 s (before the fix: ${c.before})`).toBeUndefined();
    expect(r.status, `the child exited with ${r.status}: ${r.stderr.slice(-500)}`).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { parse?: boolean; file?: string; message?: string; resolved?: number };
    expect(out.resolved, 'a corrupt file resolved').toBeUndefined();
    expect(out.parse, `${out.message}`).toBe(true);
    expect(out.file).toBe(path);
    expect(out.message).toMatch(/^readArrow: expected .+, got .+ \(message \d+.*\) \(.+\)$/);
    expect(out.message).toContain(path);
  });
});

/** A seeded generator (mulberry32). */
function random(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, -1, 0x7fffffff, -0x80000000, 1, 8, 0x10000, -8, 0x100000];

/** One mutant: a random byte, a flipped bit, an int32 set to an edge value or nudged, or a truncation. */
function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const b = src.slice();
  const view = new DataView(b.buffer);
  const kind = Math.floor(r() * 5);
  for (let e = 0, edits = 1 + Math.floor(r() * 2); e < edits; e++) {
    const p = Math.floor(r() * b.length);
    const q = p & ~3;
    if (kind === 0) b[p] = Math.floor(r() * 256);
    else if (kind === 1) b[p]! ^= 1 << Math.floor(r() * 8);
    else if (kind === 2 && q + 4 <= b.length) view.setInt32(q, INTERESTING[Math.floor(r() * INTERESTING.length)]!, true);
    else if (kind === 3 && q + 4 <= b.length) view.setInt32(q, view.getInt32(q, true) + [1, -1, 8, -8, 1024, -1024][Math.floor(r() * 6)]!, true);
    else if (kind === 4) return b.subarray(0, p);
  }
  return b;
}

/** Bytes the result holds: column data and validity, dictionary strings (2 bytes a code unit). */
function resultBytes(df: gf.DataFrame): number {
  let n = 0;
  for (const name of df.columns) {
    const c = df.column(name);
    n += c.data.byteLength + (c.validity?.byteLength ?? 0);
    for (const s of c.dictionary ?? []) n += 2 * s.length;
  }
  return n;
}

describe('seeded mutations, in process', () => {
  test('300 mutants of the three seeds: each resolves within 64 x its size or rejects with a typed error', async () => {
    const r = random(16);
    const tally = { resolved: 0, parse: 0, other: 0 };
    for (const name of ['seed-file.arrow', 'seed-stream.arrow', 'seed-nested-stream.arrow']) {
      const src = seed(name);
      for (let k = 0; k < 100; k++) {
        const b = mutate(src, r);
        const what = `${name} mutant ${k}`;
        let df: gf.DataFrame | undefined;
        try {
          df = await gf.readArrow(b);
        } catch (e) {
          expect(e, `${what}: ${String(e)}`).toBeInstanceOf(gf.GpuframeError);
          if (e instanceof gf.ParseError) {
            tally.parse++;
            expect(e.file, what).toBe('<bytes>');
          } else tally.other++;
          continue;
        }
        tally.resolved++;
        expect(resultBytes(df), what).toBeLessThanOrEqual(64 * Math.max(b.length, 1));
      }
    }
    // Most mutants of a small file are refused; some (a flipped value bit) still read.
    expect(tally.parse).toBeGreaterThan(150);
    expect(tally.resolved).toBeGreaterThan(10);
  });
});

describe('valid files still read', () => {
  const item = (t: arrow.DataType) => new arrow.Field('item', t, true);
  const numField = new arrow.Field('n', new arrow.Int32(), true);
  const strField = new arrow.Field('s', new arrow.Utf8(), true);
  /** One vector per Arrow type apache-arrow 21 writes, with nulls where the type has them. */
  function everyType(): Record<string, arrow.Vector> {
    const v = (values: unknown[], t: arrow.DataType) => arrow.vectorFromArray(values, t);
    return {
      null: arrow.makeVector(arrow.makeData({ type: new arrow.Null(), length: 4 })),
      bool: v([true, null, false, true], new arrow.Bool()),
      i8: v([1, null, -3, 4], new arrow.Int8()),
      u16: v([1, null, 3, 65535], new arrow.Uint16()),
      i64: v([1n, null, -3n, 4n], new arrow.Int64()),
      f16: v([1.5, null, -2, 0], new arrow.Float16()),
      f32: v([1.5, null, -2, 0], new arrow.Float32()),
      dec: arrow.makeVector(arrow.makeData({ type: new arrow.Decimal(2, 10, 128), length: 4, data: new Uint32Array(16).fill(7) })),
      dayDate: v([new Date(0), null, new Date(86400000), new Date(0)], new arrow.DateDay()),
      msDate: v([new Date(0), null, new Date(86400000), new Date(0)], new arrow.DateMillisecond()),
      time32: arrow.makeVector(arrow.makeData({ type: new arrow.TimeMillisecond(), length: 4, data: new Int32Array([1, 2, 3, 4]) })),
      time64: arrow.makeVector(arrow.makeData({ type: new arrow.TimeNanosecond(), length: 4, data: new BigInt64Array([1n, 2n, 3n, 4n]) })),
      ts: arrow.makeVector(arrow.makeData({ type: new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, 'UTC'), length: 4, data: new BigInt64Array([1n, 2n, 3n, 4n]) })),
      dur: arrow.makeVector(arrow.makeData({ type: new arrow.Duration(arrow.TimeUnit.SECOND), length: 4, data: new BigInt64Array([1n, 2n, 3n, 4n]) })),
      ival: arrow.makeVector(arrow.makeData({ type: new arrow.IntervalDayTime(), length: 4, data: new Int32Array(8) })),
      fsb: arrow.makeVector(arrow.makeData({ type: new arrow.FixedSizeBinary(3), length: 4, data: new Uint8Array(12).fill(9) })),
      utf8: v(['a', null, '', 'dd'], new arrow.Utf8()),
      large: v(['a', null, '', 'dd'], new arrow.LargeUtf8()),
      bin: v([new Uint8Array([1]), null, new Uint8Array(0), new Uint8Array([2, 3])], new arrow.Binary()),
      dict8: v(['x', 'y', null, 'x'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int8())),
      list: v([[1, 2], [], null, [3]], new arrow.List(item(new arrow.Int32()))),
      listOfList: v([[[1], []], null, [], [[2, 3]]], new arrow.List(item(new arrow.List(item(new arrow.Float64()))))),
      fsl: v([[1, 2], null, [3, 4], [5, 6]], new arrow.FixedSizeList(2, item(new arrow.Int32()))),
      struct: v([{ a: 1, b: 'p' }, null, { a: 3, b: null }, { a: 4, b: 'q' }], new arrow.Struct([new arrow.Field('a', new arrow.Int32(), true), new arrow.Field('b', new arrow.Utf8(), true)])),
      map: v([new Map([['k', 1]]), null, new Map(), new Map([['a', 2], ['b', 3]])], new arrow.Map_(new arrow.Field('entries', new arrow.Struct([new arrow.Field('key', new arrow.Utf8(), false), new arrow.Field('value', new arrow.Int32(), true)]) as never, false))),
      sparse: arrow.makeVector(arrow.makeData({ type: new arrow.SparseUnion([0, 1], [numField, strField]), length: 4, typeIds: new Int8Array([0, 1, 0, 0]), children: [arrow.vectorFromArray([1, 0, 0, 2], new arrow.Int32()).data[0]!, arrow.vectorFromArray(['', 'a', '', ''], new arrow.Utf8()).data[0]!] })),
      dense: arrow.makeVector(arrow.makeData({ type: new arrow.DenseUnion([0, 1], [numField, strField]), length: 4, typeIds: new Int8Array([0, 1, 1, 0]), valueOffsets: new Int32Array([0, 0, 1, 1]), children: [arrow.vectorFromArray([1, 2], new arrow.Int32()).data[0]!, arrow.vectorFromArray(['a', ''], new arrow.Utf8()).data[0]!] })),
    };
  }

  test.each(['file', 'stream'] as const)('every Arrow type, whole and sliced, several batches (%s format): the validator accepts, apache-arrow decodes the same values', (format) => {
    const table = new arrow.Table(everyType());
    const batches = new arrow.Table([...table.batches, ...table.slice(1, 3).batches, ...table.slice(3).batches]);
    for (const t of [table, table.slice(1, 3), batches]) {
      const bytes = arrow.tableToIPC(t, format);
      expect(() => validateArrowIpc('readArrow', bytes, '<bytes>')).not.toThrow();
      const back = arrow.tableFromIPC(bytes);
      expect(back.numRows).toBe(t.numRows);
      for (const f of t.schema.fields) expect(JSON.stringify(back.getChild(f.name)!.toArray(), (_k, x) => (typeof x === 'bigint' ? String(x) : x)), f.name).toBe(JSON.stringify(t.getChild(f.name)!.toArray(), (_k, x) => (typeof x === 'bigint' ? String(x) : x)));
    }
  });

  test.each(['file', 'stream'] as const)('gpuframe dtypes, nested and categorical columns round-trip through readArrow, whole and sliced (%s format)', async (format) => {
    const df = new gf.DataFrame({
      b: [true, null, false, true, false],
      i32: new Int32Array([1, -2, 3, 4, 5]),
      u64: new BigUint64Array([1n, 2n ** 64n - 1n, 0n, 4n, 5n]),
      f64: new Float64Array([1.5, NaN, -0, Infinity, 5]),
      s: ['a', 'bb', null, '', 'a'],
    });
    for (const frame of [df, df.slice(1, 4)]) {
      const back = await gf.readArrow(await gf.writeArrow(frame, undefined, { format }));
      for (const name of frame.columns) expect(back.column(name).hostValues(), name).toEqual(frame.column(name).hostValues());
    }
    const t = new arrow.Table({ d: everyType().dict8, l: everyType().listOfList, st: everyType().struct, ls: everyType().large });
    for (const part of [t, t.slice(1, 3)]) {
      const back = await gf.readArrow(arrow.tableToIPC(part, format));
      expect(back.numRows).toBe(part.numRows);
      expect(back.column('ls').hostValues()).toEqual(part.getChild('ls')!.toArray());
      expect(back.column('d').hostValues()).toEqual([...part.getChild('d')!].map((x) => x ?? null));
    }
  });

  test('a compressed body (ZSTD) is a ParseError naming the codec, not apache-arrow\'s untyped error', async () => {
    // apache-arrow writes a compressed body only with a codec registered: register a stand-in
    // ZSTD encoder (the zstd magic before the raw bytes) for the write, then take it out again.
    const zstd = arrow.CompressionType.ZSTD;
    const before = arrow.compressionRegistry.get(zstd);
    arrow.compressionRegistry.set(zstd, { encode: (d: Uint8Array) => new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, ...d]) });
    let bytes: Uint8Array;
    try {
      const t = new arrow.Table({ x: arrow.vectorFromArray([1, 2, 3], new arrow.Int32()) });
      bytes = arrow.RecordBatchStreamWriter.writeAll(t, { compressionType: zstd }).toUint8Array(true);
    } finally {
      arrow.compressionRegistry.set(zstd, before as never);
    }
    expect(arrow.compressionRegistry.get(zstd)).toBe(before);
    const e = await gf.readArrow(bytes).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(gf.ParseError);
    expect((e as Error).message).toMatch(/^readArrow: expected an uncompressed body .*, got ZSTD compression \(message 1 at byte \d+\) \(<bytes>\)$/);
  });
});
