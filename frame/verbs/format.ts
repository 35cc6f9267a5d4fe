/** Display: a readable table of the first rows, and plain-object records. */
import type { Column } from '../../src/column/column.js';
import type { DataFrame } from '../data-frame.js';
import { take } from './take.js';

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

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(8)));
  return String(v);
}

export async function toRecords(df: DataFrame): Promise<Array<Record<string, unknown>>> {
  const values = await Promise.all(df.columns.map((c) => c.toValues()));
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
  const part = take(df.select(...df.names), 0, shown);
  const values = await Promise.all(part.columns.map(async (c) => (await c.toValues()).slice(0, shown)));
  if (part !== df) part.dispose();
  return render(df, values, shown);
}

/** The table, if every column is on the host (no download needed); else undefined. */
export function formatHost(df: DataFrame, maxRows: number): string | undefined {
  if (!df.columns.every((c) => c.onHost)) return undefined;
  const shown = Math.min(maxRows, df.numRows);
  return render(df, df.columns.map((c) => c.hostValues(shown)), shown);
}

function render(df: DataFrame, raw: Array<Array<unknown>>, shown: number): string {
  const values = raw.map((col, i) => {
    const c = df.columns[i]!;
    return c.type === 'date' || c.type === 'timestamp' ? col.map((v) => (v === null ? null : isoOf(c, v as number | bigint))) : col;
  });
  const header = df.names.map((n, i) => [n, df.columns[i]!.type === 'timestamp' ? `timestamp[${df.columns[i]!.unit}]` : df.columns[i]!.type]);
  const body = values[0] ? values[0].map((_, r) => values.map((col) => cell(col[r]))) : [];
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
