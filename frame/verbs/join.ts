/**
 * join: equi-join on one or more key columns. The output rows come from one registered op
 * (../../kernels/join/match.ts: key ids, a sort of the build side, bounds and expansion on
 * the device; hashing or a direct table on the CPU; the same rows in the same order on
 * both), then every output column is one gather (a missing row gathers as null) and an
 * outer join's keys are coalesced. String keys are remapped to a merged dictionary first.
 */
import { Column } from '../../src/column/column.js';
import { uniqueSortedUtf8 } from '../../src/column/utf8-order.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ColumnNotFoundError, DTypeError, ValueError } from '../../src/errors.js';
import { checkOptions } from '../../src/options.js';
import { WORD_DTYPES } from '../../src/dtypes.js';
import { gather } from '../../kernels/gather/gather.js';
import { coalesce } from '../../kernels/join/coalesce.js';
import { joinMatch } from '../../kernels/join/match.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';
import { gatherColumnExact } from './take.js';

/** The kind of join (Polars' `how`; 'outer' is Polars' 'full'). */
export type JoinHow = 'inner' | 'left' | 'right' | 'outer' | 'semi' | 'anti';

/** Options of `DataFrame.join`. */
export interface JoinOptions {
  /** Key column(s) with the same name in both frames. */
  on?: string | readonly string[];
  /** Key column(s) of the left frame (with `rightOn`, instead of `on`). */
  leftOn?: string | readonly string[];
  /** Key column(s) of the right frame, paired with `leftOn` in order. */
  rightOn?: string | readonly string[];
  /** Default 'inner'. */
  how?: JoinHow;
  /** Appended to a right column whose name is already taken. Default '_right' (Polars). */
  suffix?: string;
}

const HOWS: readonly JoinHow[] = ['inner', 'left', 'right', 'outer', 'semi', 'anti'];
const KEY_TYPES: readonly string[] = [...WORD_DTYPES, ...PACKED_DTYPES, 'utf8'];

type Keys = { left: string[]; right: string[] };

function list(v: string | readonly string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : typeof v === 'string' ? [v] : [...v];
}

function keyColumn(df: DataFrame, name: string, side: string): Column {
  const i = df.names.indexOf(name);
  if (i < 0) throw new ColumnNotFoundError(`join: expected a key column of the ${side} frame (one of ${df.names.map((n) => `'${n}'`).join(', ')}), got '${name}'`);
  return df.getColumns()[i]!;
}

function parseKeys(options: JoinOptions): Keys {
  const on = list(options.on);
  const leftOn = list(options.leftOn);
  const rightOn = list(options.rightOn);
  if (on && (leftOn || rightOn)) throw new ValueError('join: expected either on or leftOn/rightOn, got both');
  const left = on ?? leftOn;
  const right = on ?? rightOn;
  if (!left || !right) throw new ValueError('join: expected key columns as on, or as leftOn and rightOn, got none');
  if (left.length === 0) throw new ValueError('join: expected at least one key column, got none');
  if (left.length !== right.length) throw new ValueError(`join: expected as many rightOn as leftOn keys (${left.length}), got ${right.length}`);
  for (const ks of [left, right]) {
    const dup = ks.find((k, i) => ks.indexOf(k) !== i);
    if (dup !== undefined) throw new ValueError(`join: expected distinct key columns, got '${dup}' twice`);
  }
  return { left, right };
}

function checkKeyTypes(l: Column, r: Column, ln: string, rn: string): void {
  const show = (c: Column) => (c.type === 'timestamp' ? `timestamp[${c.unit}${c.timezone ? `, ${c.timezone}` : ''}]` : c.type);
  if (show(l) !== show(r)) {
    throw new DTypeError(`join: expected key '${rn}' of the right frame to have the type of '${ln}' (${show(l)}), got ${show(r)} (key types must be equal, as in Polars; cast one side first)`);
  }
  if (!KEY_TYPES.includes(l.kernelType)) throw new DTypeError(`join: expected key columns of type ${KEY_TYPES.join(' | ')} | date | timestamp | categorical, got '${ln}' of type ${l.type}`);
}

/** A sorted union of two string dictionaries and each side's code → merged code map. */
function mergeDictionaries(a: readonly string[], b: readonly string[]): { merged: readonly string[]; mapA?: Uint32Array; mapB?: Uint32Array } {
  if (a === b || (a.length === b.length && a.every((s, i) => s === b[i]))) return { merged: a };
  const merged = uniqueSortedUtf8([...a, ...b]);
  const code = new Map(merged.map((s, i) => [s, i]));
  return { merged, mapA: Uint32Array.from(a, (s) => code.get(s)!), mapB: Uint32Array.from(b, (s) => code.get(s)!) };
}

/** Codes through a host map, on the device (a gather; null slots may map to anything). */
function remap(codes: DataBuffer, map: Uint32Array | undefined): DataBuffer {
  if (!map) return codes;
  const m = DataBuffer.fromHost(map, 'uint32');
  const g = gather(m, codes as DataBuffer<'uint32'>);
  g.validity.dispose();
  m.dispose();
  return g.values;
}

/** One key pair ready for id assignment: data on both sides in one code space. */
type KeyPair = { l: Column; r: Column; ld: DataBuffer; rd: DataBuffer; dictionary?: readonly string[] };

/**
 * `gather` for every column dtype, except that an empty source gives all nulls also with
 * `inRange` (every row is missing: an empty side of a left/right/outer join).
 */
function gatherAll(data: DataBuffer, rows: DataBuffer<'uint32'>, validity: DataBuffer<'uint8'> | undefined, inRange = false): { values: DataBuffer; validity: DataBuffer<'uint8'> | undefined } {
  if (data.dtype !== 'bool' && PACKED_DTYPES.includes(data.dtype)) {
    // 8- and 16-bit ints: gathered as 32-bit words, then narrowed back (exact).
    const wide = widen(data);
    const g = gatherAll(wide, rows, validity, inRange);
    wide.dispose();
    const values = narrow(g.values, data.dtype);
    g.values.dispose();
    return { values, validity: g.validity };
  }
  return gather(data, rows, { validity, inRange: inRange && data.length > 0 });
}

/**
 * Column `c` gathered at `rows`; rows that may be NONE (a missing side) give nulls. Nested
 * columns go through take's exact gather (join rows repeat without a known bound).
 */
function gatherColumn(c: Column, rows: DataBuffer<'uint32'>, mayMiss: boolean): Column | Promise<Column> {
  if (c.isNested) return gatherColumnExact(c, rows, !mayMiss);
  // Rows that cannot miss are in range: a column without nulls then gets no bitmap.
  const g = gatherAll(c.data, rows, c.validity, !mayMiss);
  return c.derive(g.values, g.validity);
}

/** A semi or anti join's result: the left frame's rows at `rows` (all in range). */
async function leftRowsAt(left: DataFrame, rows: DataBuffer<'uint32'>): Promise<DataFrame> {
  return createFrame(await Promise.all(left.names.map(async (n, i) => [n, await gatherColumn(left.getColumns()[i]!, rows, false)] as const)));
}

export async function join(left: DataFrame, right: DataFrame, options: JoinOptions = {}): Promise<DataFrame> {
  if (typeof options !== 'object' || options === null) throw new ValueError(`join: expected an options object, got ${options === null ? 'null' : typeof options}`);
  checkOptions('join', options, ['on', 'leftOn', 'rightOn', 'how', 'suffix'], { left_on: 'leftOn', right_on: 'rightOn' });
  const how = options.how ?? 'inner';
  if (!HOWS.includes(how)) throw new ValueError(`join: expected how to be one of ${HOWS.join(' | ')}, got '${String(how)}'`);
  const suffix = options.suffix ?? '_right';
  if (typeof suffix !== 'string') throw new ValueError(`join: expected suffix to be a string, got ${typeof suffix}`);
  const keys = parseKeys(options);
  const cols = keys.left.map((ln, i) => {
    const rn = keys.right[i]!;
    const l = keyColumn(left, ln, 'left');
    const r = keyColumn(right, rn, 'right');
    checkKeyTypes(l, r, ln, rn);
    return { l, r };
  });
  const pairs: KeyPair[] = cols.map(({ l, r }) => {
    // Packed keys (bool, 8- and 16-bit ints) are widened to 32-bit words (exact).
    if (PACKED_DTYPES.includes(l.data.dtype)) return { l, r, ld: widen(l.data), rd: widen(r.data) };
    if (l.kernelType !== 'utf8') return { l, r, ld: l.data, rd: r.data };
    const { merged, mapA, mapB } = mergeDictionaries(l.dictionary!, r.dictionary!);
    return { l, r, ld: remap(l.data, mapA), rd: remap(r.data, mapB), dictionary: merged };
  });
  const free: DataBuffer[] = [];
  const track = <T extends DataBuffer>(b: T): T => (free.push(b), b);
  try {
    for (const p of pairs) {
      if (p.ld !== p.l.data) free.push(p.ld);
      if (p.rd !== p.r.data) free.push(p.rd);
    }
    // The output rows: one registered op (kernels/join/match.ts).
    const m = await joinMatch(pairs.map((p) => ({ ld: p.ld, rd: p.rd, lv: p.l.validity, rv: p.r.validity })), left.numRows, how);
    track(m.left);
    if (!m.right) return await leftRowsAt(left, m.left);
    track(m.right);
    const leftMiss = how === 'right' || how === 'outer';
    const rightMiss = how === 'left' || how === 'outer';
    return await assemble(left, right, { keys, pairs, how, suffix, leftRows: m.left, rightRows: m.right, leftMiss, rightMiss });
  } finally {
    for (const buf of free) buf.dispose();
  }
}

type Assembly = {
  keys: Keys;
  pairs: readonly KeyPair[];
  how: JoinHow;
  suffix: string;
  leftRows: DataBuffer<'uint32'>;
  rightRows: DataBuffer<'uint32'>;
  leftMiss: boolean;
  rightMiss: boolean;
};

/** The output columns: see `DataFrame.join` for the layout and names. */
async function assemble(left: DataFrame, right: DataFrame, a: Assembly): Promise<DataFrame> {
  // Names first, so a clash throws before any work is recorded.
  const plan: Array<{ name: string; side: 'left' | 'right'; i: number; key: number }> = [];
  left.names.forEach((n, i) => {
    const key = a.keys.left.indexOf(n);
    if (a.how !== 'right' || key < 0) plan.push({ name: n, side: 'left', i, key });
  });
  const taken = new Set(plan.map((p) => p.name));
  right.names.forEach((n, i) => {
    if (a.how !== 'right' && a.keys.right.includes(n)) return;
    const name = taken.has(n) ? n + a.suffix : n;
    if (taken.has(name)) throw new ValueError(`join: expected unique output column names, got '${name}' twice (choose another suffix)`);
    taken.add(name);
    plan.push({ name, side: 'right', i, key: -1 });
  });
  const columns = await Promise.all(
    plan.map(async ({ name, side, i, key }) => {
      if (side === 'right') return [name, await gatherColumn(right.getColumns()[i]!, a.rightRows, a.rightMiss)] as const;
      if (a.how !== 'outer' || key < 0) return [name, await gatherColumn(left.getColumns()[i]!, a.leftRows, a.leftMiss)] as const;
      // Outer join: the key of the left row when there is one, else of the right row.
      const p = a.pairs[key]!;
      const lg = gatherAll(p.ld, a.leftRows, p.l.validity);
      const rg = gatherAll(p.rd, a.rightRows, p.r.validity);
      // Both sides may miss (no inRange), so both gathers built a bitmap.
      const c = coalesce(lg.values, lg.validity!, rg.values, rg.validity!);
      for (const buf of [lg.values, lg.validity!, rg.values, rg.validity!]) buf.dispose();
      const l = p.l;
      const data = p.ld === l.data || l.kernelType === 'utf8' ? c.values : narrow(c.values, l.data.dtype);
      if (data !== c.values) c.values.dispose();
      return [name, new Column({ type: l.type, data, validity: c.validity, dictionary: p.dictionary ?? l.dictionary, unit: l.unit, timezone: l.timezone })] as const;
    }),
  );
  return createFrame(columns);
}
