/**
 * join: sort-based equi-join on one or more key columns, all on the device.
 *
 * 1. Key ids: each key column of both frames goes into one array (string codes remapped to
 *    a merged dictionary first; float -0 written as +0), the concatenated rows are sorted
 *    (stable LSD radix passes, last key first), key changes are flagged (groupBoundaries), and a scan of
 *    the flags gives every row a dense u32 id, scattered back to row order (join/key-ids).
 *    Equal keys (NaN == NaN, -0 == +0) get one id; a row with a null in any key gets NONE.
 * 2. The build side's ids are radix-sorted (stable, so equal ids stay in row order).
 * 3. join/bounds: per probe row, the first position and number of matches.
 * 4. join/expand: offsets by an exact u64 scan, one 8-byte control read for the total, then
 *    the probe row and build position of every output row.
 * 5. Build positions become rows through the sort permutation, and every output column is
 *    one gather (a missing row gathers as null).
 * semi/anti stop after step 3 (a mask of count > 0 or == 0, compacted); outer also finds
 * the right rows no left row matched (bounds of the right ids in the sorted left ids) and
 * appends them.
 */
import { Column } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ColumnNotFoundError, DTypeError, ValueError } from '../../src/errors.js';
import { dtypeInfo, WORD_DTYPES } from '../../src/dtypes.js';
import { gather } from '../../kernels/gather/gather.js';
import { sortPairs } from '../../kernels/sort/radix-sort.js';
import { fillNull } from '../../kernels/nulls/nulls.js';
import { compare } from '../../kernels/map/map.js';
import { compactIndices } from '../../kernels/compact/compact.js';
import { groupBoundaries } from '../../kernels/groupby/boundaries.js';
import { NONE, pick, tableFits } from '../../kernels/join/common.js';
import { concatKeys } from '../../kernels/join/concat-keys.js';
import { keyIds } from '../../kernels/join/key-ids.js';
import { hashGroupsCpu, minMax } from '../../kernels/groupby/hash-groups-cpu.js';
import { activeBackend } from '../../src/device/index.js';
import { joinBounds } from '../../kernels/join/bounds.js';
import { joinExpand } from '../../kernels/join/expand.js';
import { coalesce } from '../../kernels/join/coalesce.js';
import { narrow, PACKED_DTYPES, widen } from '../../kernels/cast/widen.js';
import type { DataFrame } from '../data-frame.js';
import { createFrame } from '../factory.js';

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
  return df.columns[i]!;
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
  const merged = [...new Set([...a, ...b])].sort();
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
 * Ids of both frames' keys in row order, equal exactly where the keys are equal; NONE for
 * rows with a null key. `buildIsLeft`: which side the join looks rows up in.
 */
function assignIds(pairs: readonly KeyPair[], nLeft: number, buildIsLeft: boolean): { left: DataBuffer<'uint32'>; right: DataBuffer<'uint32'> } {
  const direct = activeBackend() === 'cpu' && pairs.length === 1 ? directIds(pairs[0]!, buildIsLeft) : undefined;
  const concat = direct ? [] : pairs.map((p) => concatKeys(p.ld, p.rd));
  const { left, right } = direct ?? (activeBackend() === 'cpu' ? hashIds(concat, nLeft) : sortIds(concat, nLeft));
  let l = left;
  let r = right;
  for (const p of pairs) {
    if (p.l.validity) l = replace(l, fillNull(l, p.l.validity, NONE));
    if (p.r.validity) r = replace(r, fillNull(r, p.r.validity, NONE));
  }
  return { left: l, right: r };
}

/**
 * CPU, one 32-bit integer key whose build-side keys are unique and span a small range (a
 * foreign key into a dimension table, the commonest join): a table from key − least to the
 * build row, then one branch-free pass over the probe rows gives the output rows directly
 * (no ids, no sort, no bounds, no expand). The rows, their order included, are those of the
 * general path. Undefined when the key is not a 32-bit integer, the range is too wide for a
 * table, or a build key repeats.
 */
function directLookup(p: KeyPair, buildIsLeft: boolean, how: JoinHow): { probeRows: Uint32Array; buildRows?: Uint32Array } | undefined {
  const dt = p.ld.dtype;
  if (dt !== 'int32' && dt !== 'uint32') return undefined;
  const probe = buildIsLeft ? p.rd : p.ld;
  const build = buildIsLeft ? p.ld : p.rd;
  const pv = (buildIsLeft ? p.r : p.l).validity?.hostView('join') as Uint8Array | undefined;
  const bv = (buildIsLeft ? p.l : p.r).validity?.hostView('join') as Uint8Array | undefined;
  const P = probe.hostView('join') as Int32Array | Uint32Array;
  const B = build.hostView('join') as Int32Array | Uint32Array;
  const range = keyRange(B, bv, P.length + B.length);
  if (!range) return undefined;
  const { lo, span } = range;
  // Slot span + 1 stands for every probe key outside [lo, hi] (and null ones): no row.
  const slot = new Int32Array(span + 2).fill(-1);
  for (let r = 0; r < B.length; r++) {
    if (bv && ((bv[r >> 3]! >> (r & 7)) & 1) === 0) continue;
    const d = B[r]! - lo;
    if (slot[d] !== -1) return undefined; // a repeated build key: the general path expands it
    slot[d] = r;
  }
  if (how === 'inner') {
    const probeRows = new Uint32Array(P.length + 1);
    const buildRows = new Uint32Array(P.length + 1);
    const k = innerRows(P, pv, slot, lo, span, probeRows, buildRows);
    return { probeRows: probeRows.subarray(0, k), buildRows: buildRows.subarray(0, k) };
  }
  const match = new Int32Array(P.length); // the build row of each probe row, or -1
  lookUpSlots(P, pv, slot, lo, span, match);
  if (how === 'left' || how === 'right') return { probeRows: identityRows(P.length), buildRows: new Uint32Array(match.buffer) };
  return { probeRows: keepRows(match, how === 'semi' ? 0 : -1) };
}

/** The build row of probe row i: slot[key − lo] for a valid key in range, else -1 (branch-free). */
function slotOf(P: Int32Array | Uint32Array, pv: Uint8Array | undefined, slot: Int32Array, lo: number, span: number, i: number): number {
  const d = P[i]! - lo;
  return slot[pick(Number(d >= 0) & Number(d <= span) & (pv ? pv[i >> 3]! >> (i & 7) : 1), d, span + 1)]!;
}

/**
 * The least key and the span of the valid build keys, when a table over that span fits
 * (`tableFits`) for `rows` rows of keys; undefined otherwise (or with no valid key).
 */
function keyRange(B: Int32Array | Uint32Array, bv: Uint8Array | undefined, rows: number): { lo: number; span: number } | undefined {
  const range = new Float64Array(2);
  minMax(B, bv, range);
  const lo = range[0]!;
  const hi = range[1]!;
  return hi >= lo && tableFits(hi - lo, rows) ? { lo, span: hi - lo } : undefined;
}

function lookUpSlots(P: Int32Array | Uint32Array, pv: Uint8Array | undefined, slot: Int32Array, lo: number, span: number, match: Int32Array): void {
  for (let i = 0; i < P.length; i++) match[i] = slotOf(P, pv, slot, lo, span, i);
}

function identityRows(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Rows whose match is ≥ 0 (sign 0) or −1 (sign −1), in order. */
function keepRows(match: Int32Array, sign: 0 | -1): Uint32Array {
  const out = new Uint32Array(match.length + 1);
  let k = 0;
  for (let i = 0; i < match.length; i++) {
    out[k] = i;
    k += Number(match[i]! >> 31 === sign);
  }
  return out.slice(0, k);
}

/** The matched (probe, build) row pairs in probe order; the arrays have one spare slot. */
function innerRows(P: Int32Array | Uint32Array, pv: Uint8Array | undefined, slot: Int32Array, lo: number, span: number, probeRows: Uint32Array, buildRows: Uint32Array): number {
  let k = 0;
  for (let i = 0; i < P.length; i++) {
    const m = slotOf(P, pv, slot, lo, span, i);
    probeRows[k] = i;
    buildRows[k] = m;
    k += Number(m >= 0);
  }
  return k;
}

/**
 * CPU, one 32-bit integer key whose build side spans a small range (a foreign key into a
 * dimension table): the id is the key minus the build side's least key, and a probe key
 * outside the build side's range gets NONE (it matches nothing). No hashing, no sort.
 * Undefined when the key is not a 32-bit integer or the range is too wide for a table.
 */
function directIds(p: KeyPair, buildIsLeft: boolean): { left: DataBuffer<'uint32'>; right: DataBuffer<'uint32'> } | undefined {
  const dt = p.ld.dtype;
  if (dt !== 'int32' && dt !== 'uint32') return undefined;
  const L = p.ld.hostView('join') as Int32Array | Uint32Array;
  const R = p.rd.hostView('join') as Int32Array | Uint32Array;
  // Null slots of either side get NONE afterwards (assignIds), whatever id they get here.
  const [B, bits] = buildIsLeft ? [L, p.l.validity] : [R, p.r.validity];
  const range = keyRange(B, bits?.hostView('join') as Uint8Array | undefined, L.length + R.length);
  if (!range) return undefined;
  return { left: DataBuffer.fromHost(offsetIds(L, range.lo, range.span), 'uint32'), right: DataBuffer.fromHost(offsetIds(R, range.lo, range.span), 'uint32') };
}

/** k − lo for keys k in [lo, lo + span], NONE outside (branch-free: half the probe keys may miss). */
function offsetIds(K: Int32Array | Uint32Array, lo: number, span: number): Uint32Array {
  const out = new Int32Array(K.length);
  for (let i = 0; i < K.length; i++) {
    const d = K[i]! - lo;
    out[i] = pick(Number(d >= 0) & Number(d <= span), d, -1); // -1 is NONE as uint32
  }
  return new Uint32Array(out.buffer);
}

/**
 * CPU: dense ids by hashing (../../kernels/groupby/hash-groups-cpu.ts, as groupBy does). Only
 * id equality matters downstream, so any numbering gives the same join as the sort's.
 */
function hashIds(concat: DataBuffer[], nLeft: number): { left: DataBuffer<'uint32'>; right: DataBuffer<'uint32'> } {
  const n = concat[0]!.length;
  const g = hashGroupsCpu(concat.map((c) => ({ data: c.hostView('join'), dtype: c.dtype })), n, false);
  for (const c of concat) c.dispose();
  return { left: DataBuffer.fromHost(g.ids.slice(0, nLeft), 'uint32'), right: DataBuffer.fromHost(g.ids.slice(nLeft), 'uint32') };
}

/** WebGPU: dense ids in key order from one stable sort of both frames' keys. */
function sortIds(concat: DataBuffer[], nLeft: number): { left: DataBuffer<'uint32'>; right: DataBuffer<'uint32'> } {
  // Stable LSD sort, last key first (null slots sort with whatever bits they hold: their
  // rows get NONE below). The first key's sorted values come out of its own pass.
  let perm: DataBuffer<'uint32'> | undefined;
  let sortedFirst: DataBuffer | undefined;
  for (let k = concat.length - 1; k >= 0; k--) {
    const keys = perm ? gatherValues(concat[k]!, perm) : concat[k]!;
    const s = sortPairs(keys, perm);
    if (keys !== concat[k]) keys.dispose();
    perm?.dispose();
    perm = s.values;
    if (k === 0) sortedFirst = s.keys;
    else s.keys.dispose();
  }
  let flags: DataBuffer<'bool'> | undefined;
  concat.forEach((c, k) => {
    const sorted = k === 0 ? sortedFirst! : gatherValues(c, perm!);
    const next = groupBoundaries(sorted, { prev: flags });
    sorted.dispose();
    flags?.dispose();
    flags = next;
    c.dispose();
  });
  const ids = keyIds(flags!, perm!, nLeft);
  flags!.dispose();
  perm!.dispose();
  return ids;
}

/** The values of `data` at `rows` (all in range), without a bitmap. */
function gatherValues(data: DataBuffer, rows: DataBuffer<'uint32'>): DataBuffer {
  const g = gather(data, rows);
  g.validity.dispose();
  return g.values;
}

function replace<T extends DataBuffer>(old: T, next: T): T {
  old.dispose();
  return next;
}

/**
 * `gather` for every column dtype, except that an empty source gives all nulls (every row is missing: an empty
 * side of a left/right/outer join), gathered from one zero value, since the gather kernel
 * cannot bind an empty 64-bit source.
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
  if (data.length > 0 || rows.length === 0) return gather(data, rows, { validity, inRange });
  const one = DataBuffer.fromHost(new (dtypeInfo(data.dtype).array)(1), data.dtype);
  const g = gather(one, rows);
  one.dispose();
  return g;
}

/** Column `c` gathered at `rows`; rows that may be NONE (a missing side) give nulls. */
function gatherColumn(c: Column, rows: DataBuffer<'uint32'>, mayMiss: boolean): Column {
  // Rows that cannot miss are in range: a column without nulls then gets no bitmap.
  const g = gatherAll(c.data, rows, c.validity, !mayMiss);
  return c.derive(g.values, g.validity);
}

/** A semi or anti join's result: the left frame's rows at `rows` (all in range). */
function leftRowsAt(left: DataFrame, rows: DataBuffer<'uint32'>): DataFrame {
  return createFrame(left.names.map((n, i) => [n, gatherColumn(left.columns[i]!, rows, false)] as const));
}

/** Build rows from build positions: perm[pos], NONE where pos is NONE. */
function resolve(perm: DataBuffer<'uint32'>, pos: DataBuffer<'uint32'>, mayMiss: boolean): DataBuffer<'uint32'> {
  if (!mayMiss) return gather(perm, pos, { inRange: true }).values;
  const g = gather(perm, pos);
  const out = fillNull(g.values, g.validity, NONE);
  g.values.dispose();
  g.validity.dispose();
  return out;
}

export async function join(left: DataFrame, right: DataFrame, options: JoinOptions = {}): Promise<DataFrame> {
  if (typeof options !== 'object' || options === null) throw new ValueError(`join: expected an options object, got ${options === null ? 'null' : typeof options}`);
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
    const swap = how === 'right';
    const direct = activeBackend() === 'cpu' && pairs.length === 1 && how !== 'outer' ? directLookup(pairs[0]!, swap, how) : undefined;
    if (direct) {
      const probeRows = track(DataBuffer.fromHost(direct.probeRows, 'uint32'));
      if (how === 'semi' || how === 'anti') return leftRowsAt(left, probeRows);
      const buildRows = track(DataBuffer.fromHost(direct.buildRows!, 'uint32'));
      const leftRows = swap ? buildRows : probeRows;
      const rightRows = swap ? probeRows : buildRows;
      return assemble(left, right, { keys, pairs, how, suffix, leftRows, rightRows, leftMiss: swap, rightMiss: how === 'left' });
    }
    const ids = assignIds(pairs, left.numRows, swap);
    track(ids.left);
    track(ids.right);
    const probe = swap ? ids.right : ids.left;
    const build = sortPairs(swap ? ids.left : ids.right);
    track(build.keys);
    track(build.values);
    const b = joinBounds(probe, build.keys);
    track(b.lower);
    track(b.count);
    if (how === 'semi' || how === 'anti') {
      const mask = track(compare(b.count, 0, how === 'semi' ? 'gt' : 'eq'));
      return leftRowsAt(left, track(await compactIndices(mask)));
    }
    let permExt = build.values;
    let tail: { count: number; base: number } | undefined;
    if (how === 'outer') {
      // Right rows that no left row matches, in right row order, appended after the left join.
      const sortedLeft = sortPairs(ids.left);
      track(sortedLeft.keys);
      track(sortedLeft.values);
      const rb = joinBounds(ids.right, sortedLeft.keys);
      track(rb.lower);
      track(rb.count);
      const unmatched = track(await compactIndices(track(compare(rb.count, 0, 'eq'))));
      permExt = track(concatKeys(build.values, unmatched));
      tail = { count: unmatched.length, base: build.values.length };
    }
    const ex = await joinExpand(b.lower, b.count, { keepUnmatched: how !== 'inner', tail });
    track(ex.rows);
    track(ex.pos);
    const buildRows = track(resolve(permExt, ex.pos, how !== 'inner'));
    const leftRows = swap ? buildRows : ex.rows;
    const rightRows = swap ? ex.rows : buildRows;
    const leftMiss = how === 'right' || how === 'outer';
    const rightMiss = how !== 'inner';
    return assemble(left, right, { keys, pairs, how, suffix, leftRows, rightRows, leftMiss, rightMiss });
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
function assemble(left: DataFrame, right: DataFrame, a: Assembly): DataFrame {
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
  return createFrame(
    plan.map(({ name, side, i, key }) => {
      if (side === 'right') return [name, gatherColumn(right.columns[i]!, a.rightRows, a.rightMiss)] as const;
      if (a.how !== 'outer' || key < 0) return [name, gatherColumn(left.columns[i]!, a.leftRows, a.leftMiss)] as const;
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
}
