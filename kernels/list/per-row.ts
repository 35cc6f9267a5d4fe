/**
 * list/per-row: one uint32 per list row, read from the list's int32 offsets (n + 1 entries,
 * absolute into the child, possibly starting above 0) and its validity bitmap. The modes:
 *
 * - 'length': offsets[r + 1] - offsets[r], or 0 for a null list (explode's row counts).
 * - 'start': offsets[r] (explode's first child position of each row).
 * - 'element': the child position of element `index` of row r (a negative index counts
 *   from the end: -1 is the last element), or NONE (0xffffffff) when the list is null or
 *   the index falls outside it (`list.get`, gathered as null).
 * - 'row': r for a valid list, NONE for a null one (gathering per-row results through it
 *   nulls the rows of null lists).
 *
 * GPU: one thread per row, in binding windows of rows: a window binds its count + 1 offsets,
 * its bits of the validity bitmap (from the 256-byte boundary below, skipping bits through
 * a uniform) and its slice of the output. Data sizes and the index live in uniforms.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { expectDType } from '../../src/dtypes.js';
import { ShapeError, ValueError } from '../../src/errors.js';
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel, run, EXACT } from '../registry.js';
import { groups, Recorder, slice, windows } from '../runner.js';
import { bitSlice } from '../scan/aligned-slice.js';
import { ENTRY, LINEAR, NONE } from '../join/common.js';

/** What `listPerRow` computes for each row (see the module comment). */
export type PerRowMode = 'length' | 'start' | 'element' | 'row';
const MODES: readonly PerRowMode[] = ['length', 'start', 'element', 'row'];

const PER_ROW = {
  label: 'list/per-row',
  code: /* wgsl */ `
// list/per-row: R[j] for row r = start + j of this window, from the window's offsets
// O[j], O[j + 1] and validity bit (vskip + j) of V (all valid when hasV == 0).
// mode 0: length (0 if null); 1: start offset; 2: child position of element index
// (negative counts from the end), NONE if null or out of range; 3: r, NONE if null.
// Bindings: 0 uniforms, 1 O (offsets window, count + 1), 2 V (validity words), 3 R (output window).
struct Params { count: u32, start: u32, mode: u32, index: i32, vskip: u32, hasV: u32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> O: array<i32>;
@group(0) @binding(2) var<storage, read> V: array<u32>;
@group(0) @binding(3) var<storage, read_write> R: array<u32>;
${ENTRY} {
  let j = ${LINEAR};
  if (j >= P.count) { return; }
  let b = P.vskip + j;
  let valid = P.hasV == 0u || ((V[b >> 5u] >> (b & 31u)) & 1u) == 1u;
  let lo = O[j];
  let len = O[j + 1u] - lo;
  if (P.mode == 0u) {
    R[j] = select(0u, u32(len), valid);
  } else if (P.mode == 1u) {
    R[j] = u32(lo);
  } else if (P.mode == 2u) {
    var k = P.index;
    if (k < 0) { k = k + len; }
    R[j] = select(${NONE}u, u32(lo + k), valid && k >= 0 && k < len);
  } else {
    R[j] = select(${NONE}u, P.start + j, valid);
  }
}`,
};

function perRowGpu(ctx: GpuContext, offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined, mode: PerRowMode, index: number): DataBuffer<'uint32'> {
  const n = offsets.length - 1;
  const rec = new Recorder(ctx);
  const R = rec.output(n * 4);
  const Ob = offsets.deviceBuffer(ctx, 'list');
  const Vb = validity ? validity.deviceBuffer(ctx, 'list') : rec.temp(4);
  for (const w of windows(n, 4, ctx.maxBindingBytes - 256)) {
    const v = validity ? bitSlice(Vb, w.start, w.count) : { binding: Vb, skip: 0 };
    const u = new Uint32Array([w.count, w.start, MODES.indexOf(mode), index >>> 0, v.skip, validity ? 1 : 0, 0, 0]);
    rec.dispatch(PER_ROW, u, [slice(Ob, w.start, w.count + 1, 4), v.binding, slice(R, w.start, w.count, 4)], groups(w.count));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'uint32', n, R);
}

function perRowCpu(offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined, mode: PerRowMode, index: number): DataBuffer<'uint32'> {
  const O = offsets.hostView('list') as Int32Array;
  const V = validity?.hostView('list') as Uint8Array | undefined;
  const n = O.length - 1;
  const out = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    const valid = !V || ((V[r >> 3]! >> (r & 7)) & 1) === 1;
    const lo = O[r]!;
    const len = O[r + 1]! - lo;
    if (mode === 'length') out[r] = valid ? len : 0;
    else if (mode === 'start') out[r] = lo;
    else if (mode === 'element') {
      const k = index < 0 ? index + len : index;
      out[r] = valid && k >= 0 && k < len ? lo + k : NONE;
    } else out[r] = valid ? r : NONE;
  }
  return DataBuffer.fromHost(out, 'uint32');
}

export const perRowKernel = defineKernel({
  name: 'list/per-row',
  dtypes: ['int32'],
  tolerance: EXACT,
  nulls: "A null list gives length 0 ('length'), NONE ('element', 'row'; gathered as null), its start offset ('start').",
  cpu: (offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined, mode: PerRowMode, index: number) => perRowCpu(offsets, validity, mode, index),
  gpu: (ctx, offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined, mode: PerRowMode, index: number) => perRowGpu(ctx, offsets, validity, mode, index),
});

/**
 * One uint32 per row of a list column from its offsets and validity (see the module comment
 * for the modes). `index` is used by 'element' only; indices beyond int32 are clamped (no
 * list is that long, so they are out of range either way). Internal: [[1, 2, 3], [], null]
 * (offsets [0, 3, 3, 3], validity 0b011) gives 'length' [3, 0, 0] and 'element' -1
 * [2, NONE, NONE].
 */
export function listPerRow(offsets: DataBuffer<'int32'>, validity: DataBuffer<'uint8'> | undefined, mode: PerRowMode, index = 0): DataBuffer<'uint32'> {
  expectDType('list offsets', offsets.dtype, ['int32']);
  if (offsets.length < 1) throw new ShapeError(`list: expected n + 1 offsets (at least 1), got ${offsets.length}`);
  if (validity) {
    expectDType('list validity', validity.dtype, ['uint8']);
    const want = Math.ceil((offsets.length - 1) / 8);
    if (validity.length < want) throw new ShapeError(`list: expected a validity bitmap of at least ${want} bytes, got ${validity.length}`);
  }
  if (!MODES.includes(mode)) throw new ValueError(`list: expected a mode ${MODES.join(' | ')}, got '${String(mode)}'`);
  if (typeof index !== 'number' || !Number.isInteger(index)) throw new ValueError(`list.get: expected an integer index, got ${String(index)}`);
  const clamped = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, index));
  return run(perRowKernel, offsets, validity, mode, clamped);
}
