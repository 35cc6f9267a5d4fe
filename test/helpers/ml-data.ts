/**
 * The scikit-learn data sets in data/ml/*.csv (iris, wine, breast_cancer, diabetes, digits) and
 * the scikit-learn goldens computed from them in test/fixtures/ml/*.json
 * (scripts/golden/sklearn_estimators.py). Plain Node fs and a comma split, on purpose: the ML
 * tests must not depend on gpuframe's CSV reader, whose own tests stay independent.
 *
 * Layout: X is column-major, one Float64Array per feature (as estimators take columns); `row(ds, i)`
 * and `rowMajor(ds)` give rows. Goldens store matrices row-major as nested arrays in
 * scikit-learn's shape.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DatasetName = 'iris' | 'wine' | 'breast_cancer' | 'diabetes' | 'digits';
export const DATASETS: readonly DatasetName[] = ['iris', 'wine', 'breast_cancer', 'diabetes', 'digits'];

export interface Dataset {
  name: DatasetName;
  /** One Float64Array per feature, each of length n. */
  X: Float64Array[];
  /** Feature names (the CSV header without `target`). */
  names: string[];
  /** Class codes (Int32Array) for the classification sets; diabetes' target is a Float64Array. */
  y: Float64Array | Int32Array;
  n: number;
  d: number;
}

const DATA_DIR = fileURLToPath(new URL('../../data/ml/', import.meta.url));
const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/ml/', import.meta.url));
const cache = new Map<DatasetName, Dataset>();

/** Parse data/ml/<name>.csv (header of names + `target`, then numeric rows). Cached; do not mutate. */
export function loadDataset(name: DatasetName): Dataset {
  const hit = cache.get(name);
  if (hit) return hit;
  const lines = readFileSync(`${DATA_DIR}${name}.csv`, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  if (header[header.length - 1] !== 'target') throw new Error(`loadDataset(${name}): expected last column 'target', got '${header.at(-1)}'`);
  const d = header.length - 1;
  const n = lines.length - 1;
  const X = Array.from({ length: d }, () => new Float64Array(n));
  const y = name === 'diabetes' ? new Float64Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1]!.split(',');
    if (cells.length !== d + 1) throw new Error(`loadDataset(${name}): expected ${d + 1} cells in row ${i}, got ${cells.length}`);
    for (let j = 0; j <= d; j++) {
      const v = Number(cells[j]);
      if (!Number.isFinite(v) || cells[j]!.trim() === '') throw new Error(`loadDataset(${name}): expected a number at row ${i}, column ${header[j]}, got '${cells[j]}'`);
      if (j < d) X[j]![i] = v;
      else if (y instanceof Int32Array && !Number.isInteger(v)) throw new Error(`loadDataset(${name}): expected an integer class in row ${i}, got ${v}`);
      else y[i] = v;
    }
  }
  const ds: Dataset = { name, X, names: header.slice(0, d), y, n, d };
  cache.set(name, ds);
  return ds;
}

/** Row i of a data set as a plain array. */
export const row = (ds: Dataset, i: number): number[] => ds.X.map((c) => c[i]!);

/** All rows (row-major `number[][]`), e.g. for estimators fed `number[][]`. */
export const rowMajor = (ds: Dataset): number[][] => Array.from({ length: ds.n }, (_, i) => row(ds, i));

/** The columns of `ds` restricted to the given row indices (e.g. a train/test split). */
export const takeRows = (ds: Dataset, idx: ArrayLike<number>): Float64Array[] =>
  ds.X.map((c) => Float64Array.from({ length: idx.length }, (_, k) => c[idx[k]!]!));

/** The fixed split the kNN goldens use: test = rows with i % 5 === 0, train = the rest, in row order. */
export function splitEveryFifth(n: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (i % 5 === 0 ? test : train).push(i);
  return { train, test };
}

/** A golden file: provenance, the notes that say what each field means, and its cases. */
export interface GoldenFile<C = GoldenCase> {
  generator: string;
  versions: { sklearn: string; numpy: string; scipy: string; python: string };
  estimator: string;
  notes: string;
  cases: C[];
  [extra: string]: unknown;
}

/** Fields most cases share; each fixture adds its own (see its `notes`). */
export interface GoldenCase {
  id: string;
  dataset?: string;
  /** scikit-learn's get_params(deep=False) for the fitted estimator (snake_case, as sklearn names them). */
  params?: Record<string, unknown>;
  fitted?: Record<string, unknown>;
  rows?: number[];
  [field: string]: unknown;
}

/** test/fixtures/ml/<name>.json, e.g. loadGolden('PCA'), loadGolden('Lasso-ElasticNet'). */
export function loadGolden<C = GoldenCase>(name: string): GoldenFile<C> {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.json`, 'utf8')) as GoldenFile<C>;
}

/** A golden case by id; throws if absent (so a renamed case fails loudly). */
export function goldenCase<C extends { id: string }>(file: GoldenFile<C>, id: string): C {
  const c = file.cases.find((x) => x.id === id);
  if (!c) throw new Error(`goldenCase: expected a case '${id}' in ${file.estimator}, got ${file.cases.map((x) => x.id).join(', ')}`);
  return c;
}
