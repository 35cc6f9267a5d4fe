// npm run demo:trajectories end to end: the script (scripts/demo-trajectories.mjs, which runs
// the built package in dist/, as `npm test`'s pretest build provides) on the shipped storm
// tracks, CPU backend, in its own process. It must write an SVG map with one track per storm
// and a per-cluster table whose counts add up to the 512 storms of data/storms.csv and equal
// scikit-learn's on the same chain computed in NumPy (scripts/golden/storms_dbscan_reference.py).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const golden = JSON.parse(readFileSync('test/fixtures/examples/storms-dbscan.json', 'utf8')) as {
  storms: number;
  runs: Array<{ eps: number; minSamples: number; counts: number[] }>;
};
const STORMS = 512; // distinct (name, year) in data/storms.csv (see data/README.md)

function runDemo(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'gf-demo-traj-'));
  const out = join(dir, 'tracks.svg');
  const r = spawnSync(process.execPath, ['scripts/demo-trajectories.mjs', '--backend', 'cpu', '--out', out, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { r, out, table: join(dir, 'tracks-clusters.csv') };
}

function readTable(file: string): Array<Record<string, string>> {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return rows.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i]!, v])));
}

describe('demo:trajectories on the shipped storm tracks (CPU backend)', () => {
  it('writes the map and a per-cluster table whose counts sum to the number of storms', () => {
    const ref = golden.runs.find((g) => g.eps === 300 && g.minSamples === 3)!;
    expect(golden.storms).toBe(STORMS);
    const { r, out, table } = runDemo(['--eps', String(ref.eps), '--min-samples', String(ref.minSamples)]);
    expect(r.error, 'the demo did not finish within 300 s').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    // Every stage reports its time and transfer counts.
    for (const stage of ['readCSV', 'timestamp', 'deriveTrajectories', 'trajectoryStats', 'Hausdorff matrix', 'DBSCAN']) {
      expect(r.stdout).toMatch(new RegExp(`▸ ${stage}[^\\n]*: [0-9.]+ ms — uploads \\d+`));
    }
    expect(r.stdout).toContain('11859 rows');
    expect(r.stdout).toContain(`${STORMS} trajectories`);

    expect(existsSync(out)).toBe(true);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // One polyline per storm (every storm has at least two fixes) and the countries behind them.
    expect(svg.match(/<polyline /g)?.length).toBe(STORMS);
    expect(svg.match(/<path d="M/g)?.length ?? 0).toBeGreaterThan(10);

    const rows = readTable(table);
    const counts = rows.map((row) => Number(row.trajectories));
    expect(counts.reduce((s, c) => s + c, 0)).toBe(STORMS);
    // scikit-learn's numbering on the same trajectory order: noise first, then clusters 0, 1, ...
    expect(rows.map((row) => Number(row.cluster))).toEqual(ref.counts.map((_, k) => k - 1));
    expect(counts).toEqual(ref.counts);
    for (const row of rows) {
      expect(Number(row.mean_length_km)).toBeGreaterThan(0);
      expect(Number(row.mean_max_wind)).toBeGreaterThanOrEqual(10);
      expect(Number(row.mean_max_wind)).toBeLessThanOrEqual(165);
    }
  });

  it('reports a missing column of a user CSV as a typed error and exits non-zero', () => {
    const { r } = runDemo(['--x', 'lon']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/ColumnNotFoundError|lon/);
  });
});
