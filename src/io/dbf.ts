/**
 * A dBase III (.dbf) attribute reader for shapefiles, typed as the CSV reader types text:
 * - C (character), M, and other types → utf8; blank → null. Leading and trailing blanks are trimmed.
 * - N / F (numeric) → int32 / int64 / float64 by the values (exact int64 via BigInt); a field
 *   declared with decimals > 0, and every F field, is float64. Blank or '*'-filled → null.
 * - L (logical) → bool: T/t/Y/y true, F/f/N/n false, '?' or blank null.
 * - D (date) → utf8 'YYYY-MM-DD'; blank or 00000000 → null.
 * Records flagged deleted are kept, so row i stays feature i.
 * Encoding: the .cpg (or `encoding` option) when given, else windows-1252 for the Windows
 * language drivers, else UTF-8 with a per-field fallback to windows-1252 where UTF-8 is invalid.
 * parsedbf (shpjs's reader) is not used: it reads numbers with parseFloat (inexact past 2^53),
 * cannot tell a blank from a value, and reads past the end of a truncated file without a word.
 */
import { ParseError } from '../errors.js';
import { checkSize } from '../memory/budget.js';
import type { Column } from '../column/column.js';
import { ColumnBuilder, inferDType, type IoDType } from './infer.js';
import type { Table } from './table.js';

interface Field {
  name: string;
  type: string;
  offset: number;
  length: number;
  decimals: number;
}

/**
 * Read a .dbf file's records into typed columns.
 *
 * Internal: `readShapefile` reads a shapefile's attributes with it.
 */
export function readDbf(bytes: Uint8Array, file: string, encoding?: string): Table {
  const fail = (what: string, row?: number, column?: string): never => {
    throw new ParseError(`readShapefile: expected a valid .dbf file, got ${what}`, { file, row, column });
  };
  if (bytes.length < 32) fail(`${bytes.length} bytes (shorter than the 32-byte header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numRows = view.getUint32(4, true);
  const headerLen = view.getUint16(8, true);
  const recLen = view.getUint16(10, true);
  if (headerLen < 33 || headerLen > bytes.length) fail(`a header length of ${headerLen} in a file of ${bytes.length} bytes`);
  const fields: Field[] = [];
  let offset = 1; // byte 0 of a record is its deletion flag
  for (let at = 32; at + 32 <= headerLen && bytes[at] !== 0x0d; at += 32) {
    const raw = bytes.subarray(at, at + 11);
    const end = raw.indexOf(0);
    const name = ascii(raw.subarray(0, end < 0 ? 11 : end)).trim();
    if (fields.some((f) => f.name === name)) fail(`the field name '${name}' twice`);
    const length = bytes[at + 16]!;
    fields.push({ name, type: String.fromCharCode(bytes[at + 11]!).toUpperCase(), offset, length, decimals: bytes[at + 17]! });
    offset += length;
  }
  if (offset !== recLen) fail(`a record length of ${recLen} where the fields add up to ${offset}`);
  if (headerLen + numRows * recLen > bytes.length) {
    const whole = Math.max(0, Math.floor((bytes.length - headerLen) / recLen));
    fail(`a truncated file: ${numRows} records declared, ${whole} present`);
  }
  // The size budget (gf.setLimits) on the declared records, before a value is decoded.
  checkSize('readShapefile', numRows, 8 * fields.length, file);
  const decode = decoderFor(encoding?.trim() ? encoding : undefined, bytes[29]!, file);
  const names = fields.map((f) => f.name);
  const columns: Column[] = fields.map((f) => {
    const values: Array<string | null> = new Array(numRows);
    for (let r = 0; r < numRows; r++) {
      const start = headerLen + r * recLen + f.offset;
      values[r] = fieldValue(f, bytes.subarray(start, start + f.length), decode, () => fail(`an invalid logical value`, r + 1, f.name));
    }
    const numeric = f.type === 'N' || f.type === 'F';
    let dtype: IoDType = f.type === 'L' ? 'bool' : !numeric ? 'utf8' : f.type === 'F' || f.decimals > 0 ? 'float64' : inferDType(values);
    if (numeric && (dtype === 'utf8' || dtype === 'bool')) dtype = 'float64'; // the bad value fails below
    const b = new ColumnBuilder(dtype, numRows);
    for (let r = 0; r < numRows; r++) {
      if (!b.append(values[r]!)) fail(`${JSON.stringify(values[r])} in ${numeric ? 'numeric' : 'logical'} field '${f.name}'`, r + 1, f.name);
    }
    return b.finish();
  });
  return { names, columns, numRows };
}

function fieldValue(f: Field, raw: Uint8Array, decode: (b: Uint8Array) => string, badLogical: () => never): string | null {
  let a = 0;
  let b = raw.length;
  while (a < b && (raw[a] === 0x20 || raw[a] === 0)) a++;
  while (b > a && (raw[b - 1] === 0x20 || raw[b - 1] === 0)) b--;
  if (a === b) return null;
  const bytes = raw.subarray(a, b);
  switch (f.type) {
    case 'N':
    case 'F':
      return bytes[0] === 0x2a /* '*' */ ? null : ascii(bytes);
    case 'L': {
      const c = String.fromCharCode(bytes[0]!).toUpperCase();
      if (bytes.length !== 1) return badLogical();
      if (c === 'T' || c === 'Y') return 'true';
      if (c === 'F' || c === 'N') return 'false';
      return c === '?' ? null : badLogical();
    }
    case 'D': {
      const s = ascii(bytes);
      if (s === '00000000') return null;
      return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : s;
    }
    default:
      return decode(bytes);
  }
}

function ascii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function decoderFor(encoding: string | undefined, ldid: number, file: string): (b: Uint8Array) => string {
  const fast = (dec: (b: Uint8Array) => string) => (b: Uint8Array): string => {
    for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return dec(b);
    return ascii(b);
  };
  const label = encoding !== undefined ? encodingLabel(encoding) : ldid === 0x57 || ldid === 0x03 ? 'windows-1252' : undefined;
  if (encoding !== undefined && label === undefined) {
    throw new ParseError(`readShapefile: expected a known text encoding in the .cpg or options, got ${JSON.stringify(encoding.trim())}`, { file });
  }
  if (label !== undefined) {
    const d = new TextDecoder(label);
    return fast((b) => d.decode(b));
  }
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin = new TextDecoder('windows-1252');
  return fast((b) => {
    try {
      return utf8.decode(b);
    } catch {
      return latin.decode(b);
    }
  });
}

/** A TextDecoder label for a .cpg's content ('UTF-8', '1252', 'ANSI 1252', '88591', 'ISO-8859-1', ...). */
function encodingLabel(cpg: string): string | undefined {
  const s = cpg.trim();
  const code = /^(?:ANSI\s*|CP|WINDOWS-)?(\d{3,4})$/i.exec(s);
  const label = code ? (code[1] === '65001' ? 'utf-8' : /^125\d$/.test(code[1]!) ? `windows-${code[1]}` : `ibm${code[1]}`) : s.replace(/^(\d{4})(\d)$/, 'iso-$1-$2').replace(/^8859_(\d+)$/, 'iso-8859-$1');
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return undefined;
  }
}
