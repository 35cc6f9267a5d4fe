/**
 * Display: a readable table of the first rows, and plain-object records. Nested values show
 * short: `[1, 2]`, `{a: 1}`, `POINT (1 2)`.
 */
import type { Column } from '../../src/column/column.js';
import type { DataFrame } from '../data-frame.js';
import { gatherColumnExact } from './take.js';
import { sequence } from '../../kernels/sequence/sequence.js';

const PER_SECOND = { s: 1n, ms: 1000n, us: 1000000n, ns: 1000000000n } as const;

/** ISO text of a date (days since epoch) or timestamp (bigint in the column's unit), exact. */
export function isoOf(c: Column, v: number | bigint): string {
  if (c.type === 'date') return new Date(Number(v) * 86400000).toISOString().slice(0, 10);
  const per = PER_SECOND[c.unit ?? 'us'];
  const t = BigInt(v);
  let secs = t / per;
  let frac = t % per;
  if (frac < 0n) {
    frac += per;
    secs -= 1n;
  }
  const base = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  const digits = String(per).length - 1;
  return digits === 0 ? base : `${base}.${String(frac).padStart(digits, '0')}`;
}

/** The longest a cell gets before it is cut with '…' (nested values can be long). */
const MAX_CELL = 48;

function cell(v: unknown, float = false): string {
  const text = float && typeof v === 'number' ? floatText(v) : nested(v, false);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/**
 * A float as display text: always recognisable as a float, as Polars prints it. Integral
 * values keep a decimal point (`3.0`, `-0.0`); others show 8 significant digits (`0.33333333`);
 * where 8 digits would look like an integer, exponent form (`2.2517998e+15`). `full` keeps
 * every digit JS needs to round-trip the value (`2251799813685249.8`). NaN, Infinity and
 * -Infinity print as JS does.
 */
export function floatText(v: number, full = false): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return `${Object.is(v, -0) ? '-0' : String(v)}.0`;
  const s = full ? String(v) : String(Number(v.toPrecision(8)));
  if (/[.e]/.test(s)) return s;
  return (full ? v.toExponential() : v.toExponential(7)).replace(/\.?0+e/, 'e').replace(/^(-?\d)e/, '$1.0e');
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(8)));
  return String(v);
}

const WKT_NAME: Record<string, string> = {
  Point: 'POINT',
  LineString: 'LINESTRING',
  Polygon: 'POLYGON',
  MultiPoint: 'MULTIPOINT',
  MultiLineString: 'MULTILINESTRING',
  MultiPolygon: 'MULTIPOLYGON',
};

/** WKT-like coordinates: `1 2` for a position, `(…, …)` for each level above it. */
function coords(c: unknown): string {
  const a = c as unknown[];
  if (a.length > 0 && typeof a[0] === 'number') return a.map(scalar).join(' ');
  return `(${a.map(coords).join(', ')})`;
}

/**
 * A value as short text: lists as `[1, 2]`, structs as `{a: 1, b: "x"}`, binary as hex
 * (`0x01ff`), geometries as WKT (`POINT (1 2)`, `POLYGON EMPTY`). Strings inside nested
 * values are quoted.
 */
function nested(v: unknown, inside: boolean): string {
  if (typeof v === 'string') return inside ? JSON.stringify(v) : v;
  if (v instanceof Uint8Array) return `0x${[...v.subarray(0, MAX_CELL)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  if (Array.isArray(v)) return `[${v.slice(0, MAX_CELL / 2).map((x) => nested(x, true)).join(', ')}${v.length > MAX_CELL / 2 ? ', …' : ''}]`;
  if (v !== null && typeof v === 'object') {
    const g = v as { type?: unknown; coordinates?: unknown };
    if (typeof g.type === 'string' && WKT_NAME[g.type] && Array.isArray(g.coordinates)) {
      const name = WKT_NAME[g.type]!;
      return g.coordinates.length === 0 ? `${name} EMPTY` : g.type === 'Point' ? `${name} (${coords(g.coordinates)})` : `${name} ${coords(g.coordinates)}`;
    }
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${nested(x, true)}`).join(', ')}}`;
  }
  return scalar(v);
}

export async function toRecords(df: DataFrame): Promise<Array<Record<string, unknown>>> {
  const values = await Promise.all(df.getColumns().map((c) => c.toValues()));
  const rows: Array<Record<string, unknown>> = [];
  for (let r = 0; r < df.numRows; r++) {
    const row: Record<string, unknown> = {};
    df.names.forEach((n, i) => (row[n] = values[i]![r]));
    rows.push(row);
  }
  return rows;
}

export async function format(df: DataFrame, maxRows: number): Promise<string> {
  const shown = Math.min(maxRows, df.numRows);
  // The shown rows only, nested children exactly (no slack: format reads them all).
  const rows = sequence(shown);
  const values = await Promise.all(
    df.getColumns().map(async (c) => {
      const part = await gatherColumnExact(c, rows, true);
      const v = await part.toValues();
      part.dispose();
      return v;
    }),
  );
  rows.dispose();
  return render(df, values, shown);
}

/** The table, if every column is on the host (no download needed); else undefined. */
export function formatHost(df: DataFrame, maxRows: number): string | undefined {
  if (!df.getColumns().every((c) => c.onHost)) return undefined;
  const shown = Math.min(maxRows, df.numRows);
  return render(df, df.getColumns().map((c) => c.hostValues(shown)), shown);
}

function render(df: DataFrame, raw: Array<Array<unknown>>, shown: number): string {
  const values = raw.map((col, i) => {
    const c = df.getColumns()[i]!;
    return c.type === 'date' || c.type === 'timestamp' ? col.map((v) => (v === null ? null : isoOf(c, v as number | bigint))) : col;
  });
  const header = df.names.map((n, i) => [n, df.getColumns()[i]!.type === 'timestamp' ? `timestamp[${df.getColumns()[i]!.unit}]` : df.getColumns()[i]!.type]);
  const float = df.getColumns().map((c) => c.type === 'float32' || c.type === 'float64');
  const body = values[0] ? values[0].map((_, r) => values.map((col, i) => cell(col[r], float[i]))) : [];
  const widths = header.map(([n, t], i) => Math.max(n!.length, t!.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `│ ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' │ ')} │`;
  const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const out = [
    `shape: (${df.numRows}, ${df.names.length})`,
    rule('┌', '┬', '┐'),
    line(header.map(([n]) => n!)),
    line(header.map(([, t]) => t!)),
    rule('╞', '╪', '╡').replace(/─/g, '═'),
    ...body.map(line),
  ];
  if (df.numRows > shown) out.push(line(widths.map(() => '…')));
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
