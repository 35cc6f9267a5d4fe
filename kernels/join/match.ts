/**
 * join/match: the row pairs of an equi-join, as one op with two bodies. Input: the key pairs
 * (each key's left and right data in one code space, with their validity), the join kind
 * and which side is looked up. Output: the left and right row of every output row (NONE for
 * a missing side), or for semi/anti the kept left rows; the same rows, in the same order, on
 * both backends (probe rows in order; a probe row's matches in build row order; outer joins
 * then append the unmatched right rows in order).
 *
 * Steps (both bodies, each step a registered op):
 * 1. Key ids, equal exactly where the keys are equal (NaN == NaN, -0 == +0), NONE for a row
 *    with a null key. GPU: one stable sort of both frames' keys, boundaries, a scan
 *    (./key-ids.ts). CPU: ../groupby/hash-groups-cpu.ts, or for one 32-bit key whose build
 *    side spans a small range, key − least key. Only id equality matters downstream, so the
 *    numbering may differ between the bodies.
 * 2. The build side's ids are radix-sorted (stable). 3. ./bounds.ts: per probe row, the
 *    first position and number of matches. 4. ./expand.ts: the probe row and build
 *    position of every output row (one 8-byte control read). 5. Build positions become rows
 *    through the sort permutation.
 * The CPU body skips steps 1-5 for one 32-bit key with unique build keys in a small range
 * (a foreign key into a dimension table): a table from key − least key to the build row
 * and one pass over the probe rows give the same rows directly.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { gather } from '../gather/gather.js';
import { sortPairs } from '../sort/radix-sort.js';
import { fillNull } from '../nulls/nulls.js';
import { compare } from '../map/map.js';
import { compactIndices } from '../compact/compact.js';
import { groupBoundaries } from '../groupby/boundaries.js';
import { hashGroupsCpu, minMax } from '../groupby/hash-groups-cpu.js';
import { NONE, pick, tableFits } from './common.js';
import { concatKeys } from './concat-keys.js';
import { keyIds } from './key-ids.js';
import { innerRows, keepRows, lookUpSlots } from './probe-mt.js';
import { joinBounds } from './bounds.js';
import { joinExpand } from './expand.js';

/** The kind of join (Polars' `how`; 'outer' is Polars' 'full'). */
export type JoinKind = 'inner' | 'left' | 'right' | 'outer' | 'semi' | 'anti';
type JoinHow = JoinKind;

/** One key pair: the two sides' data in one code space (32- or 64-bit words), with their nulls. */
export interface JoinKey {
  ld: DataBuffer;
  rd: DataBuffer;
  lv?: DataBuffer<'uint8'>;
  rv?: DataBuffer<'uint8'>;
}

/** The output rows: `right` is absent for semi/anti (only left rows are kept). */
export interface JoinMatch {
  left: DataBuffer<'uint32'>;
  right?: DataBuffer<'uint32'>;
}

const KINDS: readonly JoinKind[] = ['inner', 'left', 'right', 'outer', 'semi', 'anti'];

async function matchRows(pairs: readonly JoinKey[], nLeft: number, how: JoinKind, cpu: boolean): Promise<JoinMatch> {
  const free: DataBuffer[] = [];
  const track = <T extends DataBuffer>(b: T): T => (free.push(b), b);
  const swap = how === 'right';
  try {
    const direct = cpu && pairs.length === 1 && how !== 'outer' ? directLookup(pairs[0]!, swap, how) : undefined;
    if (direct) {
      const probeRows = DataBuffer.fromHost(direct.probeRows, 'uint32');
      if (how === 'semi' || how === 'anti') return { left: probeRows };
      const buildRows = DataBuffer.fromHost(direct.buildRows!, 'uint32');
      return swap ? { left: buildRows, right: probeRows } : { left: probeRows, right: buildRows };
    }
    const ids = assignIds(pairs, nLeft, swap, cpu);
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
      return { left: await compactIndices(mask) };
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
    track(ex.pos);
    const buildRows = resolve(permExt, ex.pos, how !== 'inner');
    return swap ? { left: buildRows, right: ex.rows } : { left: ex.rows, right: buildRows };
  } finally {
    for (const buf of free) buf.dispose();
  }
}

export const joinMatchKernel = defineKernel({
  name: 'join/match',
  dtypes: ['int32', 'uint32', 'float32', 'int64', 'uint64', 'float64'],
  tolerance: EXACT,
  nulls: 'A null key matches nothing (Polars, SQL): its row is kept only by left/right/outer (with a missing other side) and anti joins.',
  cpu: (pairs: readonly JoinKey[], nLeft: number, how: JoinKind) => matchRows(pairs, nLeft, how, true),
  gpu: (_ctx: GpuContext, pairs: readonly JoinKey[], nLeft: number, how: JoinKind) => matchRows(pairs, nLeft, how, false),
});

/**
 * The output rows of an equi-join of `nLeft` left rows on `pairs` (see the module header):
 * left and right row numbers, NONE (2^32 − 1) for a missing side; semi/anti give only the
 * kept left rows.
 *
 * @example
 * ```ts
 * const m = await gf.kernels.joinMatch([{ ld: gf.array(new Int32Array([1, 2, 2])), rd: gf.array(new Int32Array([2, 3])) }], 3, 'left');
 * await m.left.toArray();   // Uint32Array [0, 1, 2]
 * await m.right!.toArray(); // Uint32Array [4294967295, 0, 0]
 * ```
 */
export function joinMatch(pairs: readonly JoinKey[], nLeft: number, how: JoinKind): Promise<JoinMatch> {
  if (!KINDS.includes(how)) throw new ValueError(`join: expected how to be one of ${KINDS.join(' | ')}, got '${String(how)}'`);
  if (pairs.length === 0) throw new ValueError('join: expected at least one key pair, got none');
  for (const p of pairs) {
    if (p.ld.length !== nLeft) throw new ValueError(`join: expected left keys of ${nLeft} rows, got ${p.ld.length}`);
    if (p.ld.dtype !== p.rd.dtype) throw new ValueError(`join: expected both sides' keys as one dtype, got ${p.ld.dtype} and ${p.rd.dtype}`);
  }
  return run(joinMatchKernel, pairs, nLeft, how);
}

/**
 * Ids of both frames' keys in row order, equal exactly where the keys are equal; NONE for
 * rows with a null key. `buildIsLeft`: which side the join looks rows up in.
 */
function assignIds(pairs: readonly JoinKey[], nLeft: number, buildIsLeft: boolean, cpu: boolean): { left: DataBuffer<'uint32'>; right: DataBuffer<'uint32'> } {
  const direct = cpu && pairs.length === 1 ? directIds(pairs[0]!, buildIsLeft) : undefined;
  const concat = direct ? [] : pairs.map((p) => concatKeys(p.ld, p.rd));
  const { left, right } = direct ?? (cpu ? hashIds(concat, nLeft) : sortIds(concat, nLeft));
  let l = left;
  let r = right;
  for (const p of pairs) {
    if (p.lv) l = replace(l, fillNull(l, p.lv, NONE));
    if (p.rv) r = replace(r, fillNull(r, p.rv, NONE));
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
function directLookup(p: JoinKey, buildIsLeft: boolean, how: JoinHow): { probeRows: Uint32Array; buildRows?: Uint32Array } | undefined {
  const dt = p.ld.dtype;
  if (dt !== 'int32' && dt !== 'uint32') return undefined;
  const probe = buildIsLeft ? p.rd : p.ld;
  const build = buildIsLeft ? p.ld : p.rd;
  const pv = (buildIsLeft ? p.rv : p.lv)?.hostView('join') as Uint8Array | undefined;
  const bv = (buildIsLeft ? p.lv : p.rv)?.hostView('join') as Uint8Array | undefined;
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
  // The probe loops run on the thread pool (./probe-mt.ts): the same rows in the same order.
  const rows = { P, pv: pv ?? null, slot, lo, span };
  if (how === 'inner') return innerRows(rows);
  const match = lookUpSlots(rows); // the build row of each probe row, or -1
  if (how === 'left' || how === 'right') return { probeRows: identityRows(P.length), buildRows: new Uint32Array(match.buffer) };
  return { probeRows: keepRows(match, how === 'semi' ? 0 : -1) };
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

function identityRows(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * CPU, one 32-bit integer key whose build side spans a small range (a foreign key into a
 * dimension table): the id is the key minus the build side's least key, and a probe key
 * outside the build side's range gets NONE (it matches nothing). No hashing, no sort.
 * Undefined when the key is not a 32-bit integer or the range is too wide for a table.
 */
function directIds(p: JoinKey, buildIsLeft: boolean): { left: DataBuffer<'uint32'>; right: DataBuffer<'uint32'> } | undefined {
  const dt = p.ld.dtype;
  if (dt !== 'int32' && dt !== 'uint32') return undefined;
  const L = p.ld.hostView('join') as Int32Array | Uint32Array;
  const R = p.rd.hostView('join') as Int32Array | Uint32Array;
  // Null slots of either side get NONE afterwards (assignIds), whatever id they get here.
  const [B, bits] = buildIsLeft ? [L, p.lv] : [R, p.rv];
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


/** Build rows from build positions: perm[pos], NONE where pos is NONE. */
function resolve(perm: DataBuffer<'uint32'>, pos: DataBuffer<'uint32'>, mayMiss: boolean): DataBuffer<'uint32'> {
  if (!mayMiss) return gather(perm, pos, { inRange: true }).values;
  const g = gather(perm, pos);
  const out = fillNull(g.values, g.validity, NONE);
  g.values.dispose();
  g.validity.dispose();
  return out;
}

