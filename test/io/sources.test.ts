// Issue 14, "Readers": every reader takes a path, a file: URL, an http(s) URL (a URL object or a
// string; fetched from a server started here), a Blob, a File, a Uint8Array, an ArrayBuffer and
// a ReadableStream, and gives the frame the path read gives; errors name the Blob/File or URL.
// Also the browser platform's pieces that run in Node (src/platform/browser.ts). Either backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as gf from 'gpuframe';
import { platform as browser } from '../../src/platform/browser.js';
import { zipBytes } from './shapefile-bytes.js';
import { rejection } from '../helpers/rejection.js';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'gpuframe-sources-'));
const WORLD = 'data/naturalearth_lowres/naturalearth_lowres';

const values = async (df: gf.DataFrame) => ({ schema: df.schema, rows: df.numRows, values: Object.fromEntries(await Promise.all(df.names.map(async (n) => [n, await df.column(n).toValues()] as const))) });

let server: Server;
let base = '';
beforeAll(async () => {
  // /repo/<path> serves the repository's files, /tmp/<name> the files written here
  server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    const file = url.startsWith('/repo/') ? join(root, url.slice(6)) : url.startsWith('/tmp/') ? join(tmp, url.slice(5)) : '';
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Every input kind for the file at `path` (absolute), with the name its errors should give. */
function kinds(path: string, httpPath: string, bufferName: string): Array<[string, () => unknown, string]> {
  const bytes = () => new Uint8Array(readFileSync(path));
  const name = path.split('/').pop()!;
  return [
    ['file: URL', () => pathToFileURL(path), path],
    ['http URL object', () => new URL(`${base}${httpPath}`), `${base}${httpPath}`],
    ['http string', () => `${base}${httpPath}`, `${base}${httpPath}`],
    ['Blob', () => new Blob([bytes()]), '<blob>'],
    ['File', () => new File([bytes()], name), name],
    ['Uint8Array', bytes, bufferName],
    ['ArrayBuffer', () => bytes().buffer, bufferName],
    ['ReadableStream', () => new Blob([bytes()]).stream(), '<stream>'],
  ];
}

describe('every reader × every input kind gives the path read', () => {
  it('readCSV (data/airports.csv)', async () => {
    const path = join(root, 'data/airports.csv');
    const want = await values(await gf.readCSV(path));
    for (const [kind, make] of kinds(path, '/repo/data/airports.csv', '<buffer>')) expect(await values(await gf.readCSV(make() as gf.TextSource)), kind).toEqual(want);
  });

  it('readParquet (test/fixtures/parquet/golden.parquet, and a GeoParquet file)', async () => {
    for (const rel of ['test/fixtures/parquet/golden.parquet', 'test/fixtures/geoparquet/data-polygon-encoding_wkb.parquet']) {
      const path = join(root, rel);
      const want = await values(await gf.readParquet(path));
      for (const [kind, make] of kinds(path, `/repo/${rel}`, '<bytes>')) expect(await values(await gf.readParquet(make() as gf.ByteSource)), `${rel} ${kind}`).toEqual(want);
    }
  });

  it('readArrow (the airports written as Arrow IPC here)', async () => {
    const path = join(tmp, 'airports.arrow');
    await gf.writeArrow(await gf.readCSV(join(root, 'data/airports.csv')), path);
    const want = await values(await gf.readArrow(path));
    expect(want.rows).toBe(3376);
    for (const [kind, make] of kinds(path, '/tmp/airports.arrow', '<bytes>')) expect(await values(await gf.readArrow(make() as gf.ByteSource)), kind).toEqual(want);
  });

  it('readGeoJSON (the Natural Earth countries written as GeoJSON here)', async () => {
    const path = join(tmp, 'world.geojson');
    await gf.writeGeoJSON(await gf.readShapefile(`${WORLD}.shp`), path);
    const want = await values(await gf.readGeoJSON(path));
    expect(want.rows).toBe(177);
    for (const [kind, make] of kinds(path, '/tmp/world.geojson', '<buffer>')) expect(await values(await gf.readGeoJSON(make() as object)), kind).toEqual(want);
  });

  it('readShapefile: a .zip from every input kind, the parts as buffers, Blobs or Files, and a .shp URL with its siblings fetched', async () => {
    const want = await values(await gf.readShapefile(`${WORLD}.shp`));
    const part = (ext: string) => new Uint8Array(readFileSync(join(root, `${WORLD}.${ext}`)));
    const zip = zipBytes(Object.fromEntries(['shp', 'dbf', 'prj', 'cpg'].map((e) => [`naturalearth_lowres.${e}`, part(e)])));
    const zipPath = join(tmp, 'world.zip');
    await import('node:fs/promises').then((fs) => fs.writeFile(zipPath, zip));
    expect(await values(await gf.readShapefile(zipPath)), 'zip path').toEqual(want);
    for (const [kind, make] of kinds(zipPath, '/tmp/world.zip', '<buffer>')) expect(await values(await gf.readShapefile(make() as gf.ShapefileSource)), `zip ${kind}`).toEqual(want);
    const files = ['shp', 'dbf', 'prj', 'cpg'].map((e) => new File([part(e)], `naturalearth_lowres.${e}`));
    expect(await values(await gf.readShapefile(files)), 'Files picked together').toEqual(want);
    expect(await values(await gf.readShapefile([new File([zip as Uint8Array<ArrayBuffer>], 'world.zip')])), 'one zip File').toEqual(want);
    expect(await values(await gf.readShapefile({ shp: files[0]!, dbf: files[1]!, prj: files[2]!, cpg: files[3]! })), 'parts as Files').toEqual(want);
    expect(await values(await gf.readShapefile({ shp: part('shp'), dbf: part('dbf').buffer, prj: part('prj'), cpg: part('cpg') })), 'parts as buffers').toEqual(want);
    expect(await values(await gf.readShapefile(new URL(`${base}/repo/${WORLD}.shp`))), '.shp URL').toEqual(want);
    expect(await values(await gf.readShapefile(`${base}/repo/${WORLD}.shp`)), '.shp URL string').toEqual(want);
  });
});

describe('errors name the Blob, File or URL', () => {
  it('a File of bad bytes: a ParseError naming the File; a Blob: <blob>', async () => {
    const junk = new TextEncoder().encode('not parquet, not arrow, not a zip');
    for (const read of [(s: gf.ByteSource) => gf.readParquet(s), (s: gf.ByteSource) => gf.readArrow(s), (s: gf.ByteSource) => gf.readShapefile(s as gf.ShapefileSource)]) {
      const e = await rejection(read(new File([junk], 'picked.bin')));
      expect(e).toBeInstanceOf(gf.ParseError);
      expect((e as gf.ParseError).file).toMatch(/^picked\.bin/);
      expect(((await rejection(read(new Blob([junk])))) as gf.ParseError).file).toMatch(/^<blob>/);
    }
    const csv = await rejection(gf.readCSV(new File(['a,b\n1,2\n3,x\n'], 'typed.csv'), { dtypes: { b: 'float64' } }));
    expect([csv.name, (csv as gf.ParseError).file, (csv as gf.ParseError).row]).toEqual(['ParseError', 'typed.csv', 3]);
    const geo = await rejection(gf.readGeoJSON(new File(['{"type": nope'], 'bad.geojson')));
    expect([geo.name, (geo as gf.ParseError).file]).toEqual(['ParseError', 'bad.geojson']);
  });

  it('a URL that answers 404: a ParseError naming the URL, for every reader; a .shp URL without its .dbf names the .dbf URL', async () => {
    const url = `${base}/tmp/missing.bin`;
    const readers: Array<(s: string) => Promise<unknown>> = [gf.readCSV, gf.readParquet, gf.readArrow, gf.readGeoJSON, gf.readShapefile];
    for (const read of readers) {
      const e = await rejection(read(url));
      expect(e.message).toContain('expected an HTTP 2xx response, got 404');
      expect((e as gf.ParseError).file).toBe(url);
    }
    const lone = join(tmp, 'lone.shp');
    await import('node:fs/promises').then((fs) => fs.copyFile(join(root, `${WORLD}.shp`), lone));
    const e = await rejection(gf.readShapefile(`${base}/tmp/lone.shp`));
    expect([e.name, (e as gf.ParseError).file]).toEqual(['ParseError', `${base}/tmp/lone.dbf`]);
  });

  it('an unknown source kind is a ValueError listing the kinds', async () => {
    const e = await rejection(gf.readParquet(42 as unknown as gf.ByteSource));
    expect(e).toBeInstanceOf(gf.ValueError);
    expect(e.message).toBe('readParquet: expected a path, a URL, a Blob or File, a Uint8Array, an ArrayBuffer or a ReadableStream, got 42');
  });
});

describe('the browser platform (src/platform/browser.ts), in the parts that run anywhere', () => {
  it('has no file system: reading or writing a path fails with code ENOSYS, and readers word it as an IOError', async () => {
    const raw = (p: Promise<unknown>) => p.then(() => expect.unreachable('expected a rejection'), (e: unknown) => e as { code?: string });
    for (const p of [() => browser.readFile('x.csv'), () => browser.writeFile('x.csv', 'a')]) expect((await raw(p())).code).toBe('ENOSYS');
    const { ioError } = await import('../../src/io/fs.js');
    const e = ioError('readCSV', 'a readable file', 'x.csv', await raw(browser.readFile('x.csv')));
    expect([e.name, e.file, e.code]).toEqual(['IOError', 'x.csv', 'ENOSYS']);
    expect(e.message).toBe('readCSV: expected a readable file, got no file system here (a browser) (ENOSYS) (x.csv)');
    expect(await browser.workerScript(import.meta.url, './a.js', './a.js')).toBeUndefined(); // readCSV reads on one thread
    expect(await browser.loadDawn()).toBeUndefined();
    expect(await browser.syncFs()).toBeUndefined();
  });

  it('isUtf8 agrees with Node\'s on valid, invalid and truncated UTF-8', () => {
    const enc = new TextEncoder();
    const cases: Uint8Array[] = [new Uint8Array(0), enc.encode('plain ascii'), enc.encode('été, 東京, 😀'), Uint8Array.of(0xc3), Uint8Array.of(0x61, 0xe2, 0x82), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xc0, 0xaf), Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0x61, 0xff)];
    let seed = 7;
    for (let k = 0; k < 300; k++) {
      const b = enc.encode(`x${'é東😀'.repeat(k % 5)}`);
      seed = (seed * 1103515245 + 12345) >>> 0;
      if (k % 2 === 1 && b.length > 1) b[seed % b.length] = (seed >>> 8) & 0xff;
      cases.push(b);
    }
    for (const b of cases) expect(browser.isUtf8(b), `[${[...b]}]`).toBe(isUtf8(b));
  });
});
