// Issue 16, "Arguments": file-system errors are IOErrors naming the path and the system's code,
// for every writer and reader, never a bare ENOENT/EISDIR from node:fs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { rejection } from '../helpers/rejection.js';

const dir = mkdtempSync(join(tmpdir(), 'gpuframe-fs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = () => new gf.DataFrame({ a: new Int32Array([1, 2]), x: new Float64Array([0.5, 1.5]) });
const geoFrame = () => new gf.DataFrame({ geometry: gf.geo.fromGeoJSON([{ type: 'Point', coordinates: [1, 2] }]) });

async function expectIOError(p: Promise<unknown>, op: string, path: string, code: string): Promise<void> {
  const e = (await rejection(p)) as gf.IOError;
  expect(e).toBeInstanceOf(gf.IOError);
  expect(e).toBeInstanceOf(gf.ParseError); // a reader's caller that catches ParseError still catches it
  expect(e.file).toBe(path);
  expect(e.code).toBe(code);
  expect(e.message).toContain(`${op}: expected`);
  expect(e.message).toContain(path);
}

describe('writers: a missing folder is an IOError naming the path', () => {
  const missing = (name: string) => join(dir, 'no-such-folder', name);
  it('writeParquet', async () => expectIOError(gf.writeParquet(frame(), missing('t.parquet')), 'writeParquet', missing('t.parquet'), 'ENOENT'));
  it('writeArrow', async () => expectIOError(gf.writeArrow(frame(), missing('t.arrow')), 'writeArrow', missing('t.arrow'), 'ENOENT'));
  it('writeCSV', async () => expectIOError(gf.writeCSV(frame(), missing('t.csv')), 'writeCSV', missing('t.csv'), 'ENOENT'));
  it('writeJSON and writeNDJSON', async () => {
    await expectIOError(gf.writeJSON(frame(), missing('t.json')), 'writeJSON', missing('t.json'), 'ENOENT');
    await expectIOError(gf.writeNDJSON(frame(), missing('t.ndjson')), 'writeNDJSON', missing('t.ndjson'), 'ENOENT');
  });
  it('writeGeoJSON', async () => expectIOError(gf.writeGeoJSON(geoFrame(), missing('t.geojson')), 'writeGeoJSON', missing('t.geojson'), 'ENOENT'));
  it('a folder where a file should go is EISDIR', async () => expectIOError(gf.writeCSV(frame(), dir), 'writeCSV', dir, 'EISDIR'));
});

describe('readers: an unreadable path is an IOError naming it', () => {
  const nothing = join(dir, 'nothing-here');
  it.each([
    ['readCSV', () => gf.readCSV(`${nothing}.csv`), `${nothing}.csv`],
    ['readParquet', () => gf.readParquet(`${nothing}.parquet`), `${nothing}.parquet`],
    ['readArrow', () => gf.readArrow(`${nothing}.arrow`), `${nothing}.arrow`],
    ['readJSON', () => gf.readJSON(`${nothing}.json`), `${nothing}.json`],
    ['readNDJSON', () => gf.readNDJSON(`${nothing}.ndjson`), `${nothing}.ndjson`],
    ['readGeoJSON', () => gf.readGeoJSON(`${nothing}.geojson`), `${nothing}.geojson`],
    ['readShapefile', () => gf.readShapefile(`${nothing}.shp`), `${nothing}.shp`],
  ] as const)('%s of a missing file', async (op, read, path) => expectIOError(read(), op, path, 'ENOENT'));

  it('a file read as a folder path (ENOTDIR)', async () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'a\n1\n');
    await expectIOError(gf.readCSV(join(file, 'x.csv')), 'readCSV', join(file, 'x.csv'), 'ENOTDIR');
  });

  it('written files still read back', async () => {
    const path = join(dir, 'ok.parquet');
    await gf.writeParquet(frame(), path);
    expect(await (await gf.readParquet(path)).toRecords()).toEqual([{ a: 1, x: 0.5 }, { a: 2, x: 1.5 }]);
  });
});
