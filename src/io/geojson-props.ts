/**
 * GeoJSON properties → typed columns, collected in the one pass over the features and typed
 * by `fromRecords`' rules (a test holds the two to the same result): integers → int64, other
 * numbers (or integers and non-integers mixed) → float64, strings → utf8, booleans → bool, a
 * column of nulls only → float64. GeoJSON adds: nested values (objects, arrays) are JSON text,
 * and integers beyond int64 make the column float64. Any other mix is a ParseError naming the
 * file and the feature. int64 values are written from the doubles' integer parts without a
 * BigInt per value (a double integer below 2^53 splits exactly into two 32-bit words).
 */
import { Column } from '../column/column.js';
import { utf8Comparator } from '../column/utf8-order.js';
import { DataBuffer } from '../memory/data-buffer.js';
import { ParseError } from '../errors.js';

/** Per-name value arrays, one slot per feature (holes are nulls), in first-seen name order. */
export class PropertyCollector {
  readonly names: string[] = [];
  private readonly values = new Map<string, unknown[]>();
  constructor(private readonly n: number) {}

  /** Add feature `i`'s properties. */
  add(i: number, p: Record<string, unknown>): void {
    for (const k in p) {
      let a = this.values.get(k);
      if (a === undefined) {
        a = new Array(this.n);
        this.values.set(k, a);
        this.names.push(k);
      }
      a[i] = p[k];
    }
  }

  /** The values of `name` (holes for absent keys). */
  get(name: string): unknown[] {
    return this.values.get(name)!;
  }
}

const INT = 1;
const FLOAT = 2;
const STRING = 4;
const BOOL = 8;
const KIND_NAME: Record<number, string> = { [INT]: 'int', [FLOAT]: 'float', [STRING]: 'string', [BOOL]: 'boolean' };
const TWO32 = 4294967296;
const SAFE = 2 ** 53;
const INT64_END = 2 ** 63;

/**
 * One typed column from per-feature values (see the module comment). `what` names the values
 * in messages ("property 'pop'"); `file` is the source's label.
 *
 * For instance `typeValues([1, null, 3], "property 'n'", 'a.geojson').type` is 'int64'.
 */
export function typeValues(values: unknown[], what: string, file: string): Column {
  const n = values.length;
  let kinds = 0;
  let first = -1;
  let firstKind = 0;
  let wide = false;
  for (let i = 0; i < n; i++) {
    let v = values[i];
    if (v === null || v === undefined) continue;
    let k: number;
    const t = typeof v;
    if (t === 'number') {
      if (Number.isInteger(v)) {
        k = INT;
        if (Math.abs(v as number) >= INT64_END) wide = true;
      } else k = FLOAT;
    } else if (t === 'string') k = STRING;
    else if (t === 'boolean') k = BOOL;
    else {
      v = values[i] = JSON.stringify(v);
      k = STRING;
    }
    if (first < 0) (first = i), (firstKind = k);
    else if (k !== firstKind && !((k | firstKind) === (INT | FLOAT))) {
      throw new ParseError(`readGeoJSON: expected ${KIND_NAME[firstKind]} values in ${what} (as at feature ${first}), got ${KIND_NAME[k]} at feature ${i}`, { file });
    }
    kinds |= k;
  }
  const bits = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls++;
    else bits[i >> 3]! |= 1 << (i & 7);
  }
  const validity = nulls > 0 ? DataBuffer.fromHost(bits, 'uint8') : undefined;
  if (kinds === STRING) return dictionaryColumn(values as Array<string | null | undefined>, validity);
  if (kinds === BOOL) {
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = values[i] === true ? 1 : 0;
    return new Column({ type: 'bool', data: DataBuffer.fromHost(data, 'bool'), validity });
  }
  if (kinds === INT && !wide) {
    const data = new BigInt64Array(n);
    const words = new Int32Array(data.buffer);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== 'number') continue;
      if (v > -SAFE && v < SAFE) {
        const hi = Math.floor(v / TWO32);
        words[2 * i] = v - hi * TWO32;
        words[2 * i + 1] = hi;
      } else data[i] = BigInt(v);
    }
    return new Column({ type: 'int64', data: DataBuffer.fromHost(data, 'int64'), validity });
  }
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number') data[i] = v;
  }
  return new Column({ type: 'float64', data: DataBuffer.fromHost(data, 'float64'), validity });
}

/** A utf8 column (codes into the sorted distinct strings), as `Column.from` makes, in two passes. */
function dictionaryColumn(values: ReadonlyArray<string | null | undefined>, validity: DataBuffer<'uint8'> | undefined): Column {
  const n = values.length;
  const firstCode = new Map<string, number>();
  const distinct: string[] = [];
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    let c = firstCode.get(v);
    if (c === undefined) {
      c = distinct.length;
      firstCode.set(v, c);
      distinct.push(v);
    }
    codes[i] = c;
  }
  // Sort the dictionary (code order = UTF-8 byte order, src/column/utf8-order.ts) and remap.
  const cmp = utf8Comparator(distinct);
  const order = distinct.map((_, i) => i).sort((a, b) => cmp(distinct[a]!, distinct[b]!));
  const remap = new Uint32Array(distinct.length);
  order.forEach((old, rank) => (remap[old] = rank));
  for (let i = 0; i < n; i++) if (values[i] !== null && values[i] !== undefined) codes[i] = remap[codes[i]!]!;
  return new Column({ type: 'utf8', data: DataBuffer.fromHost(codes, 'uint32'), validity, dictionary: order.map((i) => distinct[i]!) });
}
