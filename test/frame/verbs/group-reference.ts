/**
 * A plain-JS reference for groupBy / unique / valueCounts over `toRecords()` rows, written
 * from the documented rules (Polars/pandas), independent of the library's kernels.
 */
export type V = number | bigint | string | boolean | null;
export type Row = Record<string, unknown>;

const isNan = (v: V) => typeof v === 'number' && Number.isNaN(v);

/** The grouping identity of a value: null == null, NaN == NaN, -0 == +0. */
export function keyId(v: V): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : `n${v === 0 ? 0 : v}`;
  return `${typeof v}:${String(v)}`;
}

/** Ascending value order used for keys: numbers (NaN last), strings by code units, false < true; null after all. */
export function cmpKey(a: V, b: V): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  if (isNan(a) || isNan(b)) return isNan(a) ? (isNan(b) ? 0 : 1) : -1;
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order for min/max: -0 before +0 (NaN and null are removed before). */
export function cmpTotal(a: V, b: V): number {
  const c = cmpKey(a, b);
  if (c !== 0 || typeof a !== 'number') return c;
  return Object.is(a, -0) && Object.is(b, 0) ? -1 : Object.is(a, 0) && Object.is(b, -0) ? 1 : 0;
}

/** Groups of `rows` by `keys` in output order (keys ascending, null last), rows in frame order. */
export function groupRowsRef(rows: Row[], keys: string[]): Row[][] {
  const map = new Map<string, Row[]>();
  for (const r of rows) {
    const id = keys.map((k) => keyId(r[k] as V)).join('|');
    let g = map.get(id);
    if (!g) map.set(id, (g = []));
    g.push(r);
  }
  return [...map.values()].sort((a, b) => {
    for (const k of keys) {
      const c = cmpKey(a[0]![k] as V, b[0]![k] as V);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** The reference value of one aggregation over a group's rows (frame order). */
export function aggRef(group: Row[], col: string, op: string, dtype: string): V | 'overflow' {
  const all = group.map((r) => r[col] as V);
  const vals = all.filter((v) => v !== null);
  const isInt = dtype.includes('int') || dtype === 'date' || dtype === 'timestamp' || dtype === 'bool';
  const asBig = (v: V) => BigInt(typeof v === 'boolean' ? Number(v) : (v as number | bigint));
  const exactMean = () => (isInt ? Number(vals.reduce<bigint>((a, v) => a + asBig(v), 0n)) / vals.length : vals.reduce<number>((a, v) => a + (v as number), 0) / vals.length);
  switch (op) {
    case 'count':
      return BigInt(vals.length);
    case 'sum': {
      if (!isInt) return vals.reduce<number>((a, v) => a + (v as number), 0);
      const s = vals.reduce<bigint>((a, v) => a + asBig(v), 0n);
      const unsigned = dtype.startsWith('uint') || dtype === 'bool';
      if (unsigned ? s > 2n ** 64n - 1n : s < -(2n ** 63n) || s > 2n ** 63n - 1n) return 'overflow';
      return s;
    }
    case 'mean':
      return vals.length ? exactMean() : null;
    case 'var':
    case 'std': {
      if (vals.length < 2) return null;
      const mean = exactMean();
      let ss = 0;
      for (const v of vals) ss += (Number(v) - mean) ** 2;
      return op === 'var' ? ss / (vals.length - 1) : Math.sqrt(ss / (vals.length - 1));
    }
    case 'min':
    case 'max': {
      if (!vals.length) return null;
      const real = vals.filter((v) => !isNan(v));
      if (!real.length) return NaN;
      return real.reduce((best, v) => ((op === 'min' ? cmpTotal(v, best) < 0 : cmpTotal(v, best) > 0) ? v : best));
    }
    case 'median': {
      if (!vals.length) return null;
      const real = vals.filter((v) => !isNan(v)).map((v) => Number(v)).sort((a, b) => a - b);
      const m = real.length;
      if (!m) return NaN;
      return m % 2 ? real[(m - 1) / 2]! : (real[m / 2 - 1]! + real[m / 2]!) / 2;
    }
    case 'nunique':
      return BigInt(new Set(vals.map(keyId)).size);
    case 'first':
      return all.length ? all[0]! : null;
    case 'last':
      return all.length ? all[all.length - 1]! : null;
    default:
      throw new Error(`aggRef: no op ${op}`);
  }
}

/** Equal as the engine defines results: NaN == NaN; -0 and +0 distinct unless `zeros` says equal. */
export function sameValue(a: unknown, b: unknown, zeros = false): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || (zeros && a === b);
  return a === b;
}
