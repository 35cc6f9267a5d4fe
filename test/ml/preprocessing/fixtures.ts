// Loads the scikit-learn goldens (test/fixtures/ml/<Estimator>.json) and the data sets they were
// computed on (data/ml/<name>.csv: numeric columns, the last one 'target').
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface Dataset {
  readonly names: string[];
  /** Feature columns (every column but 'target'). */
  readonly features: Float64Array[];
  readonly target: Float64Array;
  readonly n: number;
}

export function dataset(name: string): Dataset {
  const lines = readFileSync(new URL(`../../../data/ml/${name}.csv`, import.meta.url), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const n = lines.length - 1;
  const cols = header.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) lines[i + 1]!.split(',').forEach((v, j) => (cols[j]![i] = Number(v)));
  const t = header.indexOf('target');
  return { names: header.filter((_, j) => j !== t), features: cols.filter((_, j) => j !== t), target: cols[t]!, n };
}

export type Golden = { cases: any[]; [key: string]: any };

export function golden(estimator: string): Golden {
  return JSON.parse(readFileSync(new URL(`../../fixtures/ml/${estimator}.json`, import.meta.url), 'utf8')) as Golden;
}

/** The given rows of each column. */
export function rowsOf(cols: readonly Float64Array[], rows: readonly number[]): Float64Array[] {
  return cols.map((c) => Float64Array.from(rows, (i) => c[i]!));
}

/** Columns (one array per feature) to row-major lists. */
export function toRows(cols: ReadonlyArray<ArrayLike<number>>): number[][] {
  const n = cols.length ? cols[0]!.length : 0;
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));
}

/** Every value within `rel` relative (absolute near zero) of the expected one. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-10, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      expect(a, `${what}[${i}]`).toBeNaN();
      continue;
    }
    const err = Math.abs(a - e);
    if (!(err <= rel * Math.max(1, Math.abs(e)))) expect.fail(`${what}[${i}]: ${a} vs ${e} (error ${err})`);
  }
}
