/**
 * writeJSON / writeNDJSON: columns → JSON records (an array, or one per line), that readJSON and
 * readNDJSON read back as the same columns where JSON can say it:
 * - int64/uint64 as exact JSON numbers (bigint text); floats as the shortest round-trip text,
 *   '.0' on integral values so they read back as floats, -0 as -0.0; NaN and ±Infinity as null
 *   (JSON has no such numbers);
 * - bool, utf8 and categorical as JSON booleans and strings; dates and timestamps as ISO strings
 *   (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS.ffffff`, 'Z' when the column has a time zone);
 * - lists as arrays and structs as objects, recursively; geometry columns as WKT strings;
 *   binary columns are a ValueError naming the column.
 * Nulls are `null` (a key is never left out).
 */
import { isGeometryType, type Column } from '../column/column.js';
import { ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { floatText, isoDate, isoTimestamp, shortestFloat32 } from './csv-write.js';
import type { Table } from './table.js';
import { toWKT } from './wkt.js';
import { writeFileBytes } from './fs.js';
import { MEDIA_TYPES, outputKind, textOutput, type TextOutput, type Written } from './write-output.js';

/** Options of writeJSON and writeNDJSON (an options object is checked, so a misspelt one fails). */
export interface WriteJSONOptions {
  /** What is returned: 'string' (default), 'bytes' (UTF-8) or 'blob' (type application/json, or application/x-ndjson). */
  as?: TextOutput;
}

/** JSON text of each row of a column. */
async function jsonCells(c: Column, name: string, op: string): Promise<string[]> {
  if (isGeometryType(c.type)) {
    await c.toValues();
    return jsonCells(toWKT(c), name, op);
  }
  if (c.type === 'binary') throw new ValueError(`${op}: expected columns JSON can hold, got binary column '${name}' (convert it, or drop it)`);
  await c.toValues();
  return c.hostValues().map((v) => cell(c, v));
}

function cell(c: Column, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (c.type) {
    case 'float64':
    case 'float32':
      return Number.isFinite(v) ? floatText(v as number, c.type === 'float32' ? shortestFloat32 : String) : 'null';
    case 'date':
      return `"${isoDate(v as number)}"`;
    case 'timestamp':
      return `"${isoTimestamp(v as bigint, c.unit ?? 'us')}${c.timezone ? 'Z' : ''}"`;
    case 'list': {
      const child = c.child;
      return `[${(v as unknown[]).map((x) => cell(child, x)).join(',')}]`;
    }
    case 'struct': {
      const o = v as Record<string, unknown>;
      return `{${c.fields!.map((f, k) => `${JSON.stringify(f)}:${cell(c.children[k]!, o[f])}`).join(',')}}`;
    }
    default:
      return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
  }
}

/** The options checked, and the output kind they ask for (before any work). */
function jsonKind(op: string, options: WriteJSONOptions): TextOutput {
  checkOptions(op, options, ['as']);
  return outputKind<TextOutput>(op, options?.as, ['string', 'bytes', 'blob'], 'string');
}

async function records(t: Table, op: string): Promise<string[]> {
  const keys = t.names.map((n) => JSON.stringify(n));
  const cols = await Promise.all(t.columns.map((c, k) => jsonCells(c, t.names[k]!, op)));
  const out: string[] = new Array(t.numRows);
  for (let r = 0; r < t.numRows; r++) out[r] = `{${keys.map((k, j) => `${k}:${cols[j]![r]}`).join(',')}}`;
  return out;
}

async function save(path: string | undefined, text: string, op: string, kind: TextOutput, type: string): Promise<string | Uint8Array | Blob> {
  if (path !== undefined && typeof path !== 'string') throw new ValueError(`${op}: expected a path string or undefined, got ${typeof path}`);
  if (path !== undefined) await writeFileBytes(op, path, text);
  return textOutput(kind, text, type);
}

/**
 * Columns as a JSON array of records (one per row), also written to `path` when one is given.
 *
 * @example
 * The public verb it implements, `gf.writeJSON`:
 * ```ts
 * console.log(await gf.writeJSON(new gf.DataFrame({ a: new Float64Array([1.5]) }))); // [{"a":1.5}]
 * ```
 */
export async function writeJSON<A extends TextOutput | undefined = undefined>(t: Table, path?: string, options: WriteJSONOptions & { as?: A } = {}): Promise<Written<A, string>> {
  const kind = jsonKind('writeJSON', options);
  return (await save(path, `[${(await records(t, 'writeJSON')).join(',')}]`, 'writeJSON', kind, MEDIA_TYPES.json)) as Written<A, string>;
}

/**
 * Columns as newline-delimited JSON (one record per line, each line ended), also written to
 * `path` when one is given.
 *
 * @example
 * The public verb it implements, `gf.writeNDJSON`:
 * ```ts
 * const text = await gf.writeNDJSON(new gf.DataFrame({ a: new Float64Array([1, 2]) }));
 * console.log(JSON.stringify(text)); // "{\"a\":1.0}\n{\"a\":2.0}\n"
 * ```
 */
export async function writeNDJSON<A extends TextOutput | undefined = undefined>(t: Table, path?: string, options: WriteJSONOptions & { as?: A } = {}): Promise<Written<A, string>> {
  const kind = jsonKind('writeNDJSON', options);
  const lines = await records(t, 'writeNDJSON');
  return (await save(path, lines.map((l) => `${l}\n`).join(''), 'writeNDJSON', kind, MEDIA_TYPES.ndjson)) as Written<A, string>;
}
