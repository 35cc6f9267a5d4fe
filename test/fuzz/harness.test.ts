// The fuzz harness itself (scripts/fuzz/): the watchdog classifies a hang, an abort, runaway
// memory, an untyped error, an oversized result and a rejection left unhandled, and the next
// case runs in a fresh child; the walkers find the fields they name; the minimizer shrinks; a
// fixture folder groups into cases.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOC_FLOOR, fixtureCases, makeCase, minimize, runCase } from '../../scripts/fuzz/campaign.mjs';
import { arrowFields, encodeVarint, parquetLayout, shpFields, zipFields } from '../../scripts/fuzz/formats.mjs';
import { readerByName } from '../../scripts/fuzz/readers.mjs';
import { ensureBuilt } from './built.js';
import { Supervisor, type Seed } from '../../scripts/fuzz/supervisor.mjs';

let sup: Supervisor;
let seeds: Record<string, Seed[]>;
beforeAll(async () => {
  ensureBuilt();
  sup = new Supervisor({ timeoutMs: 5000, rssLimitMb: 400 });
  seeds = await sup.seeds();
});
afterAll(async () => {
  await sup?.close();
});

const bin = { 'x.bin': new Uint8Array(4) };
const seedBytes = (reader: string, k = 0) => seeds[reader]![k]!.files[seeds[reader]![k]!.target]!;

describe('fuzz supervisor', () => {
  it('classifies each way a case can end, and runs the next case in a fresh child', async () => {
    const run = (reader: string, timeoutMs?: number) => runCase(sup, { reader, files: bin, target: 'x.bin' }, { timeoutMs });
    const starts = sup.starts;
    expect((await run('selftest-hang')).outcome).toBe('hang');
    expect((await run('selftest-crash')).outcome).toBe('crash');
    const rss = await run('selftest-rss', 120_000); // allocates until killed; slow on a busy machine
    expect([rss.outcome, rss.detail]).toEqual(['over-allocation', expect.stringMatching(/resident memory \d+ MB > 400 MB/)]);
    expect(await run('selftest-untyped')).toMatchObject({ outcome: 'untyped', detail: 'RangeError: offset is out of bounds' });
    const big = await run('selftest-big'); // 8 MiB of float64 from 4 input bytes
    expect([big.outcome, big.detail]).toEqual(['over-allocation', expect.stringContaining(`limit ${ALLOC_FLOOR}`)]);
    expect((await run('selftest-reject-later')).outcome).toBe('crash');
    const csv = await runCase(sup, { reader: 'csv', files: { 'a.csv': new TextEncoder().encode('a,b\n1,x\n') }, target: 'a.csv' });
    expect(csv).toMatchObject({ outcome: 'ok', detail: '1 rows × 2 columns' });
    expect(sup.starts - starts).toBeGreaterThanOrEqual(4); // a fresh child after each hang, crash and memory kill
  });

  it('the seeds read back, and a case is the same for the same (seed, reader, index)', async () => {
    for (const name of ['parquet', 'arrow-stream', 'shp-zip', 'json']) {
      for (const s of seeds[name]!) expect((await runCase(sup, { reader: name, files: s.files, target: s.target })).outcome, `${name}/${s.name}`).toBe('ok');
    }
    const entry = readerByName('parquet')!;
    expect(makeCase(entry, seeds.parquet!, 7, 3)).toEqual(makeCase(entry, seeds.parquet!, 7, 3));
    expect(makeCase(entry, seeds.parquet!, 7, 3)).not.toEqual(makeCase(entry, seeds.parquet!, 8, 3));
  });

  it('the minimizer shrinks a failing input and keeps it failing', async () => {
    const text = new TextEncoder().encode('x'.repeat(300));
    const small = await minimize(sup, { reader: 'selftest-untyped', target: 'x.bin', files: { 'x.bin': text }, outcome: 'untyped', detail: 'RangeError: offset is out of bounds' }, { budgetMs: 20_000 });
    expect(small.files['x.bin']!.length).toBe(0);
  });
});

describe('format walkers', () => {
  it('find the Parquet footer length, the .shp header and record lengths, zip sizes and Arrow message lengths', () => {
    const pq = seedBytes('parquet');
    const layout = parquetLayout(pq);
    expect(layout.fields.map((f) => f.pos)).toContain(pq.length - 8);
    expect(layout.footerStart).toBe(pq.length - 8 - new DataView(pq.buffer, pq.byteOffset).getUint32(pq.length - 8, true));
    expect(layout.varints.length).toBeGreaterThan(20);
    const shp = seeds.shp![0]!.files['seed.shp']!;
    expect(shpFields(shp).slice(0, 2)).toEqual([{ pos: 0, size: 4, le: false, kind: 'int' }, { pos: 24, size: 4, le: false, kind: 'int' }]);
    expect(shpFields(shp).filter((f) => f.kind === 'float').length).toBeGreaterThan(8);
    const zip = seedBytes('shp-zip');
    expect(zipFields(zip).length).toBe(3 * 7 + 3 * 9 + 5); // three entries: local and central headers, then the end record
    const stream = seedBytes('arrow-stream');
    expect(arrowFields(stream)[0]).toEqual({ pos: 0, size: 4, le: true, kind: 'int' }); // the first continuation marker
    expect(encodeVarint(300n, false)).toEqual(new Uint8Array([0xac, 0x02]));
    expect(encodeVarint(-1n, true, 3)).toEqual(new Uint8Array([0x81, 0x80, 0x00]));
  });

  it('group fixture files by stem into cases of the folder reader', () => {
    const root = mkdtempSync(join(tmpdir(), 'gpuframe-fuzz-fixtures-'));
    mkdirSync(join(root, 'shapefile'));
    mkdirSync(join(root, 'json'));
    for (const f of ['a.shp', 'a.dbf', 'b.zip', 'c.dbf', 'README.md']) writeFileSync(join(root, 'shapefile', f), 'x');
    writeFileSync(join(root, 'json', 'bad.json'), '[');
    const cases = fixtureCases(root).map((c) => [c.dir, c.stem, c.reader, Object.keys(c.files).sort().join(',')]);
    expect(cases).toEqual([
      ['json', 'bad', 'json', 'bad.json'],
      ['shapefile', 'a', 'shp', 'a.dbf,a.shp'],
      ['shapefile', 'b', 'shp-zip', 'b.zip'],
      ['shapefile', 'c', 'dbf', 'c.dbf'],
    ]);
  });
});
