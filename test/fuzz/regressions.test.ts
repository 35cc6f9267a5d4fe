// Issue 16: every reproducer the fuzzer (or a person) found, replayed. Each folder of
// test/fixtures/fuzz/ is a reader's (its name is the reader table's fixtureDir: arrow, parquet,
// geoparquet, shapefile, csv, geojson, json, ndjson); files that share a stem are one case (a
// .shp with its .dbf and .prj; a shapefile part left out comes from the fuzzer's first seed).
// Each runs in the supervised child and must end as a frame of bounded size or a typed error.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCases, runCase } from '../../scripts/fuzz/campaign.mjs';
import { READERS } from '../../scripts/fuzz/readers.mjs';
import { ensureBuilt } from './built.js';
import { Supervisor } from '../../scripts/fuzz/supervisor.mjs';

const ROOT = 'test/fixtures/fuzz';
const cases = fixtureCases(ROOT);

let sup: Supervisor;
beforeAll(() => {
  ensureBuilt();
  sup = new Supervisor({ timeoutMs: 10_000 });
});
afterAll(async () => {
  await sup?.close();
});

describe('fuzz regressions: test/fixtures/fuzz/<reader>/', () => {
  it('every fixture folder is a reader the fuzzer knows', () => {
    const known = new Set(READERS.map((r) => r.fixtureDir));
    const dirs = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(dirs.filter((d) => !known.has(d))).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const kase of cases) {
    it(`${kase.dir}/${kase.stem} (${Object.keys(kase.files).join(', ')}): a frame or a typed error`, async () => {
      const res = await runCase(sup, kase);
      expect(`${res.outcome}: ${res.detail}`).toMatch(/^(ok|typed): /);
    });
  }
});
