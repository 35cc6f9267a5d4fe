// Seeded inputs and checksums shared by every library in `npm run bench:frame`.
//
// Fact table (n rows): x, y float64 rounded to 6 decimals (so a CSV round-trips exactly),
// k int32 in [0, 1000) (1,000 groups), g int32 in [0, 1e6) (up to 1,000,000 groups),
// j int32 in [0, 2e5) (join key: about half the rows match the dimension table).
// Dimension table (1e5 rows): j = 0..99,999, w float64 rounded to 6 decimals.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../dist/src/random.js';

export const DIM_ROWS = 100_000;
export const DATA_VERSION = 1;

/** mulberry32: the same PRNG as the project's tests and estimators (src/random.ts). */
export const rng = mulberry32;

export function factTable(n) {
  const r = rng(20261122);
  const x = new Float64Array(n), y = new Float64Array(n);
  const k = new Int32Array(n), g = new Int32Array(n), j = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.round(r() * 1e6) / 1e6;
    y[i] = Math.round(r() * 1e8) / 1e6;
    k[i] = Math.floor(r() * 1000);
    g[i] = Math.floor(r() * 1e6);
    j[i] = Math.floor(r() * 2e5);
  }
  return { x, y, k, g, j };
}

export function dimTable() {
  const r = rng(7);
  const j = new Int32Array(DIM_ROWS), w = new Float64Array(DIM_ROWS);
  for (let i = 0; i < DIM_ROWS; i++) {
    j[i] = i;
    w[i] = Math.round(r() * 1e6) / 1e6;
  }
  return { j, w };
}

export const dataDir = () => process.env.BENCH_FRAME_DATA ?? join(tmpdir(), 'gpuframe-bench-frame');

function writeCsv(path, cols) {
  const names = Object.keys(cols);
  const arrays = names.map((nm) => cols[nm]);
  const n = arrays[0].length;
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, names.join(',') + '\n');
  const CH = 65536;
  for (let s = 0; s < n; s += CH) {
    const e = Math.min(n, s + CH);
    const lines = new Array(e - s);
    for (let i = s; i < e; i++) {
      let line = String(arrays[0][i]);
      for (let c = 1; c < arrays.length; c++) line += ',' + String(arrays[c][i]);
      lines[i - s] = line;
    }
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/** The fact table as CSV (x,y,k,g,j), written once per size and cached. */
export function factCsv(n) {
  mkdirSync(dataDir(), { recursive: true });
  const p = join(dataDir(), `fact-v${DATA_VERSION}-${n}.csv`);
  if (!existsSync(p)) writeCsv(p, factTable(n));
  return p;
}

/** The dimension table as CSV (j,w), cached. */
export function dimCsv() {
  mkdirSync(dataDir(), { recursive: true });
  const p = join(dataDir(), `dim-v${DATA_VERSION}.csv`);
  if (!existsSync(p)) writeCsv(p, dimTable());
  return p;
}

// ---- checksums -------------------------------------------------------------------------
// Every library hands back plain columns of its result (after the timed runs); these turn
// them into the same small object. `exact` fields must be equal; `approx` fields (float
// sums, whose rounding depends on the order of the adds) must agree to REL_TOL.

export const REL_TOL = 1e-9;
const P = 2147483647;

const num = (v) => (typeof v === 'bigint' ? Number(v) : v);
function sum(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += num(a[i]);
  return s;
}

/**
 * Order-sensitive hash of the sorted (k asc, x desc) result: sum over rows of
 * ((i mod 1009) + 1) * (k * 1e6 + round(x * 1e6)), mod 2^31 - 1. Exact in doubles.
 */
function sortHash(k, x) {
  let acc = 0;
  for (let i = 0; i < k.length; i++) {
    const v = num(k[i]) * 1e6 + Math.round(num(x[i]) * 1e6);
    acc = (acc + (((i % 1009) + 1) * v) % P) % P;
  }
  return acc;
}

/** The columns each workload's checksum reads from a library's result. */
export const CHECK_COLUMNS = {
  'filter-sum': [],
  'groupby-1k': ['k', 's', 'm'],
  'groupby-1m': ['g', 's', 'm'],
  sort: ['k', 'x'],
  join: ['j', 'k', 'w'],
  unique: ['k', 'j'],
  csv: ['x', 'y', 'k', 'g', 'j'],
};

/**
 * @param workload a workload name
 * @param res `{ rows, cols: { name: array }, scalars: { n, s } }` from a library
 */
export function checksum(workload, res) {
  const c = res.cols ?? {};
  switch (workload) {
    case 'filter-sum':
      return { exact: { rows: num(res.scalars.n) }, approx: { sumY: num(res.scalars.s) } };
    case 'groupby-1k':
    case 'groupby-1m': {
      const key = workload === 'groupby-1k' ? 'k' : 'g';
      return { exact: { groups: res.rows, sumKey: sum(c[key]) }, approx: { sumS: sum(c.s), sumM: sum(c.m) } };
    }
    case 'sort':
      return { exact: { rows: res.rows, hash: sortHash(c.k, c.x), sumK: sum(c.k) }, approx: {} };
    case 'join':
      return { exact: { rows: res.rows, sumJ: sum(c.j), sumK: sum(c.k) }, approx: { sumW: sum(c.w) } };
    case 'unique':
      return { exact: { rows: res.rows, sumK: sum(c.k), sumJ: sum(c.j) }, approx: {} };
    case 'csv':
      return { exact: { rows: res.rows, sumK: sum(c.k), sumG: sum(c.g), sumJ: sum(c.j) }, approx: { sumX: sum(c.x), sumY: sum(c.y) } };
    default:
      throw new Error(`checksum: unknown workload '${workload}'`);
  }
}

/** Differences between two checksums (empty when they agree). */
export function compareChecksums(a, b) {
  const diffs = [];
  for (const [f, v] of Object.entries(a.exact)) if (b.exact[f] !== v) diffs.push(`${f}: ${v} vs ${b.exact[f]}`);
  for (const [f, v] of Object.entries(a.approx)) {
    const w = b.approx[f];
    if (!(Math.abs(v - w) <= REL_TOL * Math.max(1, Math.abs(v), Math.abs(w)))) diffs.push(`${f}: ${v} vs ${w}`);
  }
  return diffs;
}
