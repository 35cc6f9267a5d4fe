// Issue 14, "Readers": writers return bytes or a Blob. Every writer × every `as` kind (and the
// default, unchanged: text writers a string, binary writers a Uint8Array), read back through the
// matching reader (which takes text, bytes and Blobs) as the frame written; a Blob carries the
// format's media type; the file at a path is the same whatever `as` says; a bad `as` is a
// ValueError naming the option. Either backend.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';

const tmp = mkdtempSync(join(tmpdir(), 'gpuframe-writer-outputs-'));

const values = async (df: gf.DataFrame) => ({ schema: df.schema, rows: df.numRows, values: Object.fromEntries(await Promise.all(df.names.map(async (n) => [n, await df.column(n).toValues()] as const))) });

/** Types every format here keeps (JSON integers read as int64), with a null and non-ASCII text. */
const flat = () =>
  new gf.DataFrame({
    id: new BigInt64Array([1n, -2n, 9007199254740993n]),
    x: new Float64Array([1.5, -0, 0.1]),
    s: ['a,b', null, 'é "q"'],
    b: [true, false, null],
  });

/** A GeoJSON-shaped frame: properties and one point geometry column (GeoParquet when Parquet). */
const geo = () =>
  new gf.DataFrame({
    name: ['Paris', 'London'],
    pop: new BigInt64Array([2100000n, 8900000n]),
    geometry: gf.geo.fromGeoJSON([
      { type: 'Point', coordinates: [2.35, 48.85] },
      { type: 'Point', coordinates: [-0.1, 51.5] },
    ]),
  });

type Kind = 'string' | 'bytes' | 'blob' | undefined;
interface Case {
  name: string;
  frame: () => gf.DataFrame;
  kinds: Kind[];
  /** The default return kind, and the Blob's type. */
  dflt: 'string' | 'bytes';
  type: string;
  write: (df: gf.DataFrame, as: Kind, path?: string) => Promise<unknown>;
  read: (out: unknown, df: gf.DataFrame) => Promise<gf.DataFrame>;
}

const TEXT: Kind[] = [undefined, 'string', 'bytes', 'blob'];
const BINARY: Kind[] = [undefined, 'bytes', 'blob'];
const opts = (as: Kind) => (as === undefined ? {} : { as });

const CASES: Case[] = [
  { name: 'writeCSV', frame: flat, kinds: TEXT, dflt: 'string', type: 'text/csv', write: (df, as, p) => gf.writeCSV(df, p, opts(as) as { as?: 'string' }), read: (o, df) => gf.readCSV(o as string, { dtypes: df.schema as Record<string, gf.CSVDType> }) },
  { name: 'writeJSON', frame: flat, kinds: TEXT, dflt: 'string', type: 'application/json', write: (df, as, p) => gf.writeJSON(df, p, opts(as) as { as?: 'string' }), read: (o) => gf.readJSON(o as string) },
  { name: 'writeNDJSON', frame: flat, kinds: TEXT, dflt: 'string', type: 'application/x-ndjson', write: (df, as, p) => gf.writeNDJSON(df, p, opts(as) as { as?: 'string' }), read: (o) => gf.readNDJSON(o as string) },
  { name: 'writeGeoJSON', frame: geo, kinds: TEXT, dflt: 'string', type: 'application/geo+json', write: (df, as, p) => gf.writeGeoJSON(df, p, opts(as) as { as?: 'string' }), read: (o) => gf.readGeoJSON(o as string) },
  { name: 'writeArrow', frame: flat, kinds: BINARY, dflt: 'bytes', type: 'application/vnd.apache.arrow.file', write: (df, as, p) => gf.writeArrow(df, p, opts(as) as { as?: 'bytes' }), read: (o) => gf.readArrow(o as Uint8Array) },
  { name: 'writeArrow (stream)', frame: geo, kinds: BINARY, dflt: 'bytes', type: 'application/vnd.apache.arrow.stream', write: (df, as, p) => gf.writeArrow(df, p, { format: 'stream', ...(opts(as) as { as?: 'bytes' }) }), read: (o) => gf.readArrow(o as Uint8Array) },
  { name: 'writeParquet', frame: flat, kinds: BINARY, dflt: 'bytes', type: 'application/vnd.apache.parquet', write: (df, as, p) => gf.writeParquet(df, p, opts(as) as { as?: 'bytes' }), read: (o) => gf.readParquet(o as Uint8Array) },
  { name: 'writeParquet (GeoParquet)', frame: geo, kinds: BINARY, dflt: 'bytes', type: 'application/vnd.apache.parquet', write: (df, as, p) => gf.writeParquet(df, p, opts(as) as { as?: 'bytes' }), read: (o) => gf.readParquet(o as Uint8Array) },
];

describe('writers return a string, bytes or a Blob, by `as`', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.kinds.map((k) => k ?? 'default').join(', ')} read back as the frame`, async () => {
      const df = c.frame();
      const want = await values(df);
      const got: Record<string, unknown> = {};
      for (const as of c.kinds) {
        const out = await c.write(df, as, undefined);
        const kind = as ?? c.dflt;
        if (kind === 'string') expect(typeof out).toBe('string');
        else if (kind === 'bytes') expect(out).toBeInstanceOf(Uint8Array);
        else {
          expect(out).toBeInstanceOf(Blob);
          expect((out as Blob).type).toBe(c.type);
        }
        expect(await values(await c.read(out, df)), `${c.name} as ${as}`).toEqual(want);
        got[kind] = kind === 'blob' ? new Uint8Array(await (out as Blob).arrayBuffer()) : kind === 'string' ? new TextEncoder().encode(out as string) : out;
      }
      // every kind holds the same bytes (a string as its UTF-8)
      const first = Object.values(got)[0];
      for (const [k, v] of Object.entries(got)) expect(v, `${c.name}: ${k} vs ${Object.keys(got)[0]}`).toEqual(first);
    });
  }

  it('the file at a path is written the same whatever `as` says, and the same value is returned', async () => {
    for (const c of CASES) {
      const df = c.frame();
      const files: Uint8Array[] = [];
      for (const as of c.kinds) {
        const path = join(tmp, `${c.name.replace(/\W+/g, '-')}-${as ?? 'default'}`);
        const out = await c.write(df, as, path);
        const file = new Uint8Array(readFileSync(path));
        files.push(file);
        const bytes = out instanceof Blob ? new Uint8Array(await out.arrayBuffer()) : typeof out === 'string' ? new TextEncoder().encode(out) : (out as Uint8Array);
        expect(bytes, `${c.name} as ${as}`).toEqual(file);
      }
      for (const f of files) expect(f).toEqual(files[0]);
    }
  });

  it('the return types follow `as` (checked by the compiler) and the defaults are unchanged', async () => {
    const df = flat();
    const s: string = await gf.writeCSV(df);
    const s2: string = await gf.writeJSON(df, undefined, { as: 'string' });
    const u: Uint8Array = await gf.writeNDJSON(df, undefined, { as: 'bytes' });
    const b: Blob = await gf.writeGeoJSON(geo(), undefined, { as: 'blob' });
    const a: Uint8Array = await gf.writeArrow(df);
    const ab: Blob = await gf.writeArrow(df, undefined, { as: 'blob', format: 'stream' });
    const p: Uint8Array = await gf.writeParquet(df, undefined, { compression: 'snappy' });
    const pb: Blob = await gf.writeParquet(df, undefined, { as: 'blob' });
    const either: 'bytes' | 'blob' = Math.random() < 2 ? 'blob' : 'bytes';
    const ub: Uint8Array | Blob = await gf.writeParquet(df, undefined, { as: either });
    // @ts-expect-error a Blob is not a string
    const wrong: string = await gf.writeCSV(df, undefined, { as: 'blob' });
    // @ts-expect-error a binary writer has no 'string' output
    await rejection(gf.writeArrow(df, undefined, { as: 'string' }));
    expect(wrong).toBeInstanceOf(Blob);
    expect([typeof s, typeof s2, u.constructor.name, b.type, a.constructor.name, ab.type, p.constructor.name, pb.type, ub instanceof Blob]).toEqual([
      'string', 'string', 'Uint8Array', 'application/geo+json', 'Uint8Array', 'application/vnd.apache.arrow.stream', 'Uint8Array', 'application/vnd.apache.parquet', true,
    ]);
  });
});

describe('a bad `as` is a ValueError naming the option', () => {
  const bad: [string, () => Promise<unknown>, RegExp][] = [
    ['writeCSV', () => gf.writeCSV(flat(), undefined, { as: 'text' } as never), /^writeCSV: expected option as 'string', 'bytes', 'blob' \(default 'string'\), got 'text'$/],
    ['writeJSON', () => gf.writeJSON(flat(), undefined, { as: 'Blob' } as never), /^writeJSON: expected option as 'string', 'bytes', 'blob' \(default 'string'\), got 'Blob'$/],
    ['writeNDJSON', () => gf.writeNDJSON(flat(), undefined, { as: Uint8Array } as never), /^writeNDJSON: expected option as .*, got a function$/],
    ['writeGeoJSON', () => gf.writeGeoJSON(geo(), undefined, { as: null } as never), /^writeGeoJSON: expected option as 'string', 'bytes', 'blob' \(default 'string'\), got null$/],
    ['writeArrow', () => gf.writeArrow(flat(), undefined, { as: 'string' } as never), /^writeArrow: expected option as 'bytes', 'blob' \(default 'bytes'\), got 'string'$/],
    ['writeParquet', () => gf.writeParquet(flat(), undefined, { as: 'arraybuffer' } as never), /^writeParquet: expected option as 'bytes', 'blob' \(default 'bytes'\), got 'arraybuffer'$/],
  ];
  for (const [name, call, message] of bad) {
    it(name, async () => {
      const e = await rejection(call());
      expect(e).toBeInstanceOf(gf.ValueError);
      expect(e.message).toMatch(message);
    });
  }

  it('no file is written when `as` is bad', async () => {
    const path = join(tmp, 'never.csv');
    await rejection(gf.writeCSV(flat(), path, { as: 'text' } as never));
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });

  it("an unknown option's error lists 'as' among the valid ones", async () => {
    expect((await rejection(gf.writeJSON(flat(), undefined, { output: 'blob' } as never))).message).toBe("writeJSON: expected options among 'as', got unknown option 'output'");
    expect((await rejection(gf.writeArrow(flat(), undefined, { type: 'blob' } as never))).message).toMatch(/among 'format', 'as', got unknown option 'type'/);
  });
});
