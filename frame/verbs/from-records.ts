/**
 * fromRecords: a frame from plain objects (the inverse of toRecords). Types are inferred
 * per column as Polars does from Python rows, unless a schema names them:
 * integers → int64, any non-integer number → float64 (ints and floats mixed → float64),
 * bigint → int64, string → utf8, boolean → bool, Date → timestamp[ms]. null and undefined
 * (or a missing key) are nulls; a column of only nulls is float64, all null. Any other mix
 * is a DTypeError naming the column and the row.
 */
import { Column, type ColumnType } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { dtypeInfo, type DTypeName } from '../../src/dtypes.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { checkOptions } from '../../src/options.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';

export interface FromRecordsOptions {
  /** Column types to use instead of inferring them (and the column order, listed first). */
  schema?: Record<string, ColumnType>;
}

type Kind = 'int' | 'float' | 'bigint' | 'string' | 'boolean' | 'date';

function kindOf(v: unknown): Kind | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'bigint';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'date';
  return undefined;
}

const INFERRED: Record<Kind, ColumnType> = { int: 'int64', float: 'float64', bigint: 'int64', string: 'utf8', boolean: 'bool', date: 'timestamp' };

function infer(name: string, rows: ReadonlyArray<Record<string, unknown>>): ColumnType {
  let kind: Kind | undefined;
  let firstRow = -1;
  rows.forEach((r, i) => {
    const v = r[name];
    if (v === null || v === undefined) return;
    const k = kindOf(v);
    if (k === undefined) throw new DTypeError(`fromRecords: expected a number, bigint, string, boolean or Date in column '${name}', got ${typeof v} at row ${i}`);
    if (kind === undefined) {
      kind = k;
      firstRow = i;
    } else if (k !== kind) {
      const numeric = (a: Kind) => a === 'int' || a === 'float' || a === 'bigint';
      if (numeric(k) && numeric(kind) && k !== 'bigint' && kind !== 'bigint') kind = 'float';
      else if (numeric(k) && numeric(kind) && (k === 'int' || kind === 'int')) kind = 'bigint';
      else throw new DTypeError(`fromRecords: expected ${kind} values in column '${name}' (as at row ${firstRow}), got ${k} at row ${i}`);
    }
  });
  return kind ? INFERRED[kind] : 'float64';
}

function bad(name: string, type: ColumnType, v: unknown, i: number): never {
  throw new DTypeError(`fromRecords: expected values of type ${type} in column '${name}', got ${typeof v} ${String(v)} at row ${i}`);
}

function build(name: string, type: ColumnType, rows: ReadonlyArray<Record<string, unknown>>): Column {
  const n = rows.length;
  if (type === 'utf8' || type === 'categorical') {
    const strings = rows.map((r, i) => {
      const v = r[name];
      if (v === null || v === undefined) return null;
      if (typeof v !== 'string') bad(name, type, v, i);
      return v;
    });
    const c = Column.from(strings);
    return type === 'utf8' ? c : new Column({ type, data: c.data, validity: c.validity, dictionary: c.dictionary });
  }
  const storage: DTypeName = type === 'date' ? 'int32' : type === 'timestamp' ? 'int64' : (type as DTypeName);
  const info = dtypeInfo(storage);
  const data = new info.array(n);
  const bits = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  const wide = info.bytes === 8 && info.kind !== 'float';
  rows.forEach((r, i) => {
    let v = r[name];
    if (v === null || v === undefined) {
      nulls++;
      return;
    }
    if (type === 'timestamp' && v instanceof Date) v = v.getTime();
    if (type === 'date' && v instanceof Date) v = Math.floor(v.getTime() / 86400000);
    if (type === 'bool') {
      if (typeof v !== 'boolean') bad(name, type, v, i);
      data[i] = v ? 1 : 0;
    } else if (info.kind === 'float') {
      if (typeof v !== 'number' && typeof v !== 'bigint') bad(name, type, v, i);
      data[i] = Number(v);
    } else {
      if (!(typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) bad(name, type, v, i);
      const b = BigInt(v as number | bigint);
      if (wide) (data as BigInt64Array)[i] = b;
      else data[i] = Number(b);
      // Typed arrays wrap silently: check the stored value round-trips.
      if ((wide ? BigInt(data[i]!) : BigInt(data[i] as number)) !== b) bad(name, type, v, i);
    }
    bits[i >> 3]! |= 1 << (i & 7);
  });
  return new Column({ type, data: DataBuffer.fromHost(data, storage), validity: nulls > 0 ? DataBuffer.fromHost(bits, 'uint8') : undefined, unit: type === 'timestamp' ? 'ms' : undefined });
}

export function fromRecords(rows: ReadonlyArray<Record<string, unknown>>, options: FromRecordsOptions = {}): DataFrame {
  if (!Array.isArray(rows)) throw new ValueError(`fromRecords: expected an array of objects, got ${typeof rows}`);
  checkOptions('fromRecords', options, ['schema']);
  const names: string[] = [...Object.keys(options.schema ?? {})];
  const seen = new Set(names);
  rows.forEach((r, i) => {
    if (r === null || typeof r !== 'object') throw new ValueError(`fromRecords: expected an object at row ${i}, got ${r === null ? 'null' : typeof r}`);
    for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
  });
  return createFrame(names.map((n) => [n, build(n, options.schema?.[n] ?? infer(n, rows), rows)] as const));
}
