/**
 * The Arrow IPC schema (Schema.fbs) read through the bounds-checked flatbuffer reader, into the
 * little each record batch check needs: per field, its buffer layout (how many buffers, the
 * width of its values, its children) and its dictionary encoding. Every type parameter that
 * apache-arrow 21 would trust (an Int's bit width, a Time's unit, a list's single child, ...)
 * is checked here; a type apache-arrow 21 cannot read is refused.
 *
 * Internal to ./arrow-validate.ts.
 */
import type { Fail, Table } from './arrow-flatbuffer.js';

/** Schema.fbs's Type union: the member ids. */
export const T = {
  NONE: 0, Null: 1, Int: 2, FloatingPoint: 3, Binary: 4, Utf8: 5, Bool: 6, Decimal: 7, Date: 8, Time: 9, Timestamp: 10,
  Interval: 11, List: 12, Struct: 13, Union: 14, FixedSizeBinary: 15, FixedSizeList: 16, Map: 17, Duration: 18,
  LargeBinary: 19, LargeUtf8: 20, LargeList: 21, RunEndEncoded: 22, BinaryView: 23, Utf8View: 24, ListView: 25, LargeListView: 26,
} as const;
const TYPE_NAMES = Object.fromEntries(Object.entries(T).map(([k, v]) => [v, k])) as Record<number, string>;

/** How a field's values lie in a record batch's buffers (the order apache-arrow reads them). */
export type Layout =
  | { kind: 'null' } // no buffers
  | { kind: 'bits' } // validity, bit-packed values
  | { kind: 'fixed'; width: number; align: number } // validity, width bytes per value
  | { kind: 'var'; offsetWidth: 4 | 8 } // validity, offsets, bytes
  | { kind: 'view' } // validity, 16-byte views, variadic data buffers
  | { kind: 'list'; offsetWidth: 4 | 8 } // validity, offsets, one child
  | { kind: 'fixed-list'; size: number } // validity, one child of size values per row
  | { kind: 'struct' } // validity, children
  | { kind: 'union'; dense: boolean }; // (validity before V5), type ids, offsets when dense, children

export interface IpcField {
  /** Dotted path from the top-level column, for messages. */
  path: string;
  layout: Layout;
  children: IpcField[];
  /** The dictionary encoding: the field's own buffers are then validity + indices. */
  dictionary?: { id: number; width: number; signed: boolean };
}

export interface IpcSchema {
  fields: IpcField[];
  /** Dictionary id → the dictionary's value field (its layout and children), as apache-arrow keeps the first. */
  dictionaries: Map<number, IpcField>;
}

const MAX_DEPTH = 64;

/** Reads a Schema table. `budget` caps the fields visited (a flatbuffer may share a child table many times). */
export function readSchema(schema: Table, fail: Fail): IpcSchema {
  const endianness = schema.i16(0, 0);
  if (endianness !== 0) fail('little-endian data (the only byte order apache-arrow reads)', endianness === 1 ? 'big-endian' : `endianness ${endianness}`);
  schema.vector(3, 8, 'the features');
  keyValues(schema, 2);
  const state = { visited: 0, budget: Math.floor(schema.fb.length / 4), dictionaries: new Map<number, IpcField>(), fail };
  const fields = schema.tables(1, 'the fields').map((f, i) => readField(f, '', i, 0, state));
  return { fields, dictionaries: state.dictionaries };
}

/** Checks a custom_metadata vector of KeyValue tables: every key and value inside the buffer. */
export function keyValues(t: Table, index: number): void {
  for (const kv of t.tables(index, 'the custom metadata')) {
    kv.string(0, 'the key');
    kv.string(1, 'the value');
  }
}

interface State {
  visited: number;
  budget: number;
  dictionaries: Map<number, IpcField>;
  fail: Fail;
}

function readField(f: Table, parent: string, index: number, depth: number, s: State): IpcField {
  const { fail } = s;
  if (++s.visited > s.budget) fail(`at most ${s.budget} fields in a ${s.budget * 4}-byte schema`, 'more (child tables shared over and over)');
  if (depth > MAX_DEPTH) fail(`types nested at most ${MAX_DEPTH} deep`, 'deeper');
  const nameBytes = f.string(0, 'the name');
  const name = nameBytes ? new TextDecoder().decode(nameBytes) : `#${index}`;
  const path = parent ? `${parent}.${name}` : name;
  keyValues(f, 6);
  const children = f.tables(5, 'the children').map((c, i) => readField(c, path, i, depth + 1, s));
  const typeId = f.u8(2, T.NONE);
  const layout = readLayout(typeId, f, children, path, fail);
  const field: IpcField = { path, layout, children };
  const enc = f.table(4, 'the dictionary encoding');
  if (enc) {
    const id = enc.i64(0, 0);
    if (!Number.isSafeInteger(id)) fail(`a dictionary id within ±2^53 in field '${path}'`, String(id));
    const ix = enc.table(1, 'the index type');
    const width = ix ? ix.i32(0, 0) / 8 : 4;
    const signed = ix ? ix.u8(1, 0) !== 0 : true;
    if (![1, 2, 4, 8].includes(width)) fail(`a dictionary index of 8, 16, 32 or 64 bits in field '${path}'`, `${width * 8} bits`);
    if (!s.dictionaries.has(id)) s.dictionaries.set(id, { path, layout, children });
    field.dictionary = { id, width, signed };
  }
  return field;
}

function readLayout(typeId: number, f: Table, children: IpcField[], path: string, fail: Fail): Layout {
  const where = `field '${path}'`;
  const params = (): Table => f.table(3, `the ${TYPE_NAMES[typeId]} parameters`) ?? fail(`the parameters of type ${TYPE_NAMES[typeId]} in ${where}`, 'none');
  const childCount = (n: number): void => {
    if (children.length !== n) fail(`${n} child field${n === 1 ? '' : 's'} for type ${TYPE_NAMES[typeId]} in ${where}`, String(children.length));
  };
  const unit = (u: number, max: number, what: string): number => {
    if (!(u >= 0 && u <= max)) fail(`a ${what} unit in [0, ${max}] in ${where}`, String(u));
    return u;
  };
  switch (typeId) {
    case T.NONE:
    case T.Null:
      return { kind: 'null' };
    case T.Bool:
      return { kind: 'bits' };
    case T.Int: {
      const t = params();
      const bits = t.i32(0, 0);
      if (![8, 16, 32, 64].includes(bits)) fail(`an Int of 8, 16, 32 or 64 bits in ${where}`, `${bits} bits`);
      return { kind: 'fixed', width: bits / 8, align: bits / 8 };
    }
    case T.FloatingPoint: {
      const p = params().i16(0, 0);
      if (!(p >= 0 && p <= 2)) fail(`a float precision of HALF, SINGLE or DOUBLE (0-2) in ${where}`, String(p));
      return { kind: 'fixed', width: 2 << p, align: 2 << p };
    }
    case T.Decimal: {
      const bits = params().i32(2, 128);
      if (![32, 64, 128, 256].includes(bits)) fail(`a Decimal of 32, 64, 128 or 256 bits in ${where}`, `${bits} bits`);
      return { kind: 'fixed', width: bits / 8, align: 4 };
    }
    case T.Date:
      return unit(params().i16(0, 1), 1, 'date') === 0 ? { kind: 'fixed', width: 4, align: 4 } : { kind: 'fixed', width: 8, align: 8 };
    case T.Time: {
      const t = params();
      const u = unit(t.i16(0, 1), 3, 'time');
      const bits = t.i32(1, 32);
      if (bits !== (u <= 1 ? 32 : 64)) fail(`a Time of ${u <= 1 ? 32 : 64} bits for its unit in ${where}`, `${bits} bits`);
      return { kind: 'fixed', width: bits / 8, align: bits / 8 };
    }
    case T.Timestamp: {
      const t = params();
      unit(t.i16(0, 0), 3, 'timestamp');
      t.string(1, 'the timezone');
      return { kind: 'fixed', width: 8, align: 8 };
    }
    case T.Duration:
      unit(params().i16(0, 1), 3, 'duration');
      return { kind: 'fixed', width: 8, align: 8 };
    case T.Interval: {
      const u = unit(params().i16(0, 0), 2, 'interval');
      return { kind: 'fixed', width: [4, 8, 16][u]!, align: 4 };
    }
    case T.FixedSizeBinary: {
      const w = params().i32(0, 0);
      if (w < 0) fail(`a non-negative byteWidth in ${where}`, String(w));
      return { kind: 'fixed', width: w, align: 1 };
    }
    case T.Binary:
    case T.Utf8:
      return { kind: 'var', offsetWidth: 4 };
    case T.LargeBinary:
    case T.LargeUtf8:
      return { kind: 'var', offsetWidth: 8 };
    case T.BinaryView:
    case T.Utf8View:
      return { kind: 'view' };
    case T.List:
    case T.LargeList:
      childCount(1);
      return { kind: 'list', offsetWidth: typeId === T.List ? 4 : 8 };
    case T.Map: {
      params();
      childCount(1);
      const entries = children[0]!;
      if (entries.layout.kind !== 'struct' || entries.children.length !== 2 || entries.dictionary) fail(`a Map's child to be a struct of 2 fields in ${where}`, `${entries.layout.kind} of ${entries.children.length}`);
      return { kind: 'list', offsetWidth: 4 };
    }
    case T.FixedSizeList: {
      const size = params().i32(0, 0);
      if (size < 0) fail(`a non-negative listSize in ${where}`, String(size));
      childCount(1);
      return { kind: 'fixed-list', size };
    }
    case T.Struct:
      return { kind: 'struct' };
    case T.Union: {
      const t = params();
      const mode = t.i16(0, 0);
      if (mode !== 0 && mode !== 1) fail(`a union mode of Sparse or Dense (0, 1) in ${where}`, String(mode));
      t.vector(1, 4, 'the type ids');
      return { kind: 'union', dense: mode === 1 };
    }
    default:
      return fail(`a type apache-arrow 21 reads in ${where}`, TYPE_NAMES[typeId] ?? `type id ${typeId}`);
  }
}
