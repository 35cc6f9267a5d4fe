/**
 * The device bodies of 'forest/histogram' and 'forest/partition' (layouts: ./train-layout.ts,
 * shaders: ./train-wgsl.ts). Everything is bound in windows that each fit one storage binding:
 * - rows in windows of whole code blocks (BLOCK_ROWS rows × d bytes: one contiguous word range),
 *   with their targets;
 * - per row window, trees in groups whose node / weight words (tree t's rows at t·n + i, so the
 *   group's words are one range) fit a binding;
 * - the histogram output in windows of whole (slot, candidate) blocks, with their features; the
 *   extents and the partition actions in windows of slots.
 * One thread per (tree, row) pair of a window (a 2-D grid past the per-dimension limit); global
 * u32 atomics, whose integer sums do not depend on order, so the words equal the CPU twin's.
 * Every dispatch of a call goes in one command encoder.
 */
import type { GpuContext } from '../../src/device/index.js';
import { DeviceError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { bindAt } from '../linalg/linalg-layout.js';
import { groups, Recorder, WG, type Binding } from '../runner.js';
import { BLOCK_ROWS, BLOCK_WORDS, channelsOf, checkHistogram, checkPartition, type BinnedMatrix, type HistogramArgs, type HistogramResult } from './train-layout.js';
import { extentShader, histogramShader, partitionShader } from './train-wgsl.js';

const OP_H = 'forest/histogram';
const OP_P = 'forest/partition';
/** Slack below the binding cap: a window may start up to 255 bytes before its first element. */
const SLACK = 256;

interface PairWindow {
  /** First row (a multiple of BLOCK_ROWS) and rows of the window. */
  readonly i0: number;
  readonly cnt: number;
  /** First tree and trees of the group. */
  readonly t0: number;
  readonly tg: number;
}

/** Windows of (tree group × row window) pairs whose codes, targets and node words each fit one binding. */
function pairWindows(ctx: GpuContext, op: string, n: number, d: number, trees: number): PairWindow[] {
  const cap = ctx.maxBindingBytes;
  const blockBytes = BLOCK_ROWS * Math.max(d, 4);
  const blocks = Math.floor((cap - SLACK) / blockBytes);
  if (blocks < 1) throw new DeviceError(`${op}: expected one block of ${BLOCK_ROWS} rows × ${d} features (${blockBytes} bytes) to fit one storage binding (maxBindingBytes ${cap}), got too many features`);
  const maxThreads = ctx.maxWorkgroupsPerDim * ctx.maxWorkgroupsPerDim * WG;
  const words = Math.floor((cap - SLACK) / 4);
  const out: PairWindow[] = [];
  for (let i0 = 0; i0 < n; i0 += blocks * BLOCK_ROWS) {
    const cnt = Math.min(blocks * BLOCK_ROWS, n - i0);
    // (tg - 1) · n + cnt words of node / weight, and tg · cnt threads.
    const tg = Math.max(1, Math.min(trees, 1 + Math.floor((words - cnt) / n), Math.floor(maxThreads / cnt)));
    for (let t0 = 0; t0 < trees; t0 += tg) out.push({ i0, cnt, t0, tg: Math.min(tg, trees - t0) });
  }
  return out;
}

/** The code words of a row window (whole blocks from i0: a 256-byte-aligned range). */
function codeWindow(codes: GPUBuffer, d: number, w: PairWindow): Binding {
  const first = (w.i0 / BLOCK_ROWS) * d * BLOCK_WORDS;
  return { buffer: codes, offset: first * 4, size: Math.ceil(w.cnt / BLOCK_ROWS) * d * BLOCK_WORDS * 4 };
}

/** Ranges [start, end) of `total` items, `per` at a time. */
function ranges(total: number, per: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < total; s += per) out.push([s, Math.min(total, s + per)]);
  return out;
}

export function histogramGpu(ctx: GpuContext, a: HistogramArgs): HistogramResult {
  checkHistogram(OP_H, a);
  const { X, trees, mf, slot0, slots } = a;
  const { n, d, nBins } = X;
  const ch = channelsOf(a.target);
  const value = a.target.kind === 'value';
  const cap = ctx.maxBindingBytes;
  const B = nBins * ch;
  const J = slots * mf;
  const perOut = Math.floor((cap - SLACK) / (B * 4));
  if (perOut < 1) throw new DeviceError(`${OP_H}: expected one histogram block of ${nBins} bins × ${ch} channels (${B * 4} bytes) to fit one storage binding (maxBindingBytes ${cap}), got too many bins or classes`);
  const extentInit = value ? new Int32Array(2 * slots) : undefined;
  if (extentInit) for (let s = 0; s < slots; s++) (extentInit[2 * s] = 2147483647), (extentInit[2 * s + 1] = -2147483648);
  const rows = trees * n;
  const histEmpty = J * B === 0;
  if (rows === 0 || slots === 0) {
    return { hist: DataBuffer.fromHost(new Uint32Array(J * B), 'uint32'), extent: extentInit ? DataBuffer.fromHost(extentInit, 'int32') : undefined };
  }

  const rec = new Recorder(ctx);
  const hist = histEmpty ? undefined : rec.output(J * B * 4);
  if (hist) rec.clear(hist, 0, J * B * 4);
  const extent = extentInit ? rec.output(extentInit.byteLength) : undefined;
  if (extent) ctx.device.queue.writeBuffer(extent, 0, extentInit!.buffer, 0, extentInit!.byteLength);
  const codes = d > 0 ? X.codes.deviceBuffer(ctx, OP_H) : undefined;
  const weight = a.weight.deviceBuffer(ctx, OP_H);
  const node = a.node.deviceBuffer(ctx, OP_H);
  const target = (a.target.kind === 'class' ? a.target.codes : a.target.q).deviceBuffer(ctx, OP_H);
  const features = a.features.deviceBuffer(ctx, OP_H);
  const C = a.target.kind === 'class' ? a.target.classes : 0;
  const hs = histogramShader(a.target.kind);
  const es = extentShader();
  const outWins = ranges(J, perOut);
  const extWins = ranges(slots, Math.floor((cap - SLACK) / 8));
  for (const w of pairWindows(ctx, OP_H, n, d, trees)) {
    const nb = bindAt(node, w.t0 * n + w.i0, (w.tg - 1) * n + w.cnt, 4);
    const wb = bindAt(weight, w.t0 * n + w.i0, (w.tg - 1) * n + w.cnt, 4);
    const yb = bindAt(target, w.i0, w.cnt, 4);
    const wg = groups(w.tg * w.cnt);
    if (codes && hist) {
      const cb = codeWindow(codes, d, w);
      for (const [j0, j1] of outWins) {
        const fb = bindAt(features, slot0 * mf + j0, j1 - j0, 4);
        const hb = bindAt(hist, j0 * B, (j1 - j0) * B, 4);
        const u = new Uint32Array([w.cnt, n, w.tg, nb.off, d, mf, nBins, ch, slot0, slots, j0, j1, fb.off, hb.off, yb.off, C]);
        rec.dispatch(hs, u, [cb, wb.binding, nb.binding, yb.binding, fb.binding, hb.binding], wg);
      }
    }
    if (extent) {
      for (const [e0, e1] of extWins) {
        const eb = bindAt(extent, 2 * e0, 2 * (e1 - e0), 4);
        const u = new Uint32Array([w.cnt, n, w.tg, nb.off, slot0 + e0, slot0 + e1, eb.off, yb.off]);
        rec.dispatch(es, u, [nb.binding, yb.binding, eb.binding], wg);
      }
    }
  }
  rec.submit();
  return {
    hist: hist ? DataBuffer.fromDevice(ctx, 'uint32', J * B, hist) : DataBuffer.fromHost(new Uint32Array(0), 'uint32'),
    extent: extent ? DataBuffer.fromDevice(ctx, 'int32', 2 * slots, extent) : undefined,
  };
}

export function partitionGpu(ctx: GpuContext, X: BinnedMatrix, trees: number, node: DataBuffer<'int32'>, action: DataBuffer<'int32'>): DataBuffer<'int32'> {
  checkPartition(OP_P, X, trees, node, action);
  const { n, d } = X;
  const rows = trees * n;
  const K = action.length / 4;
  if (rows === 0) return DataBuffer.fromHost(new Int32Array(0), 'int32');
  const rec = new Recorder(ctx);
  const src = node.deviceBuffer(ctx, OP_P);
  const out = rec.output(rows * 4);
  rec.copy(src, 0, out, 0, rows * 4);
  if (K > 0) {
    // No code is read when d = 0 (every action keeps or sends all rows to a): a stand-in binding.
    const codes = d > 0 ? X.codes.deviceBuffer(ctx, OP_P) : rec.temp(4);
    const act = action.deviceBuffer(ctx, OP_P);
    const spec = partitionShader();
    const actWins = ranges(K, Math.floor((ctx.maxBindingBytes - SLACK) / 16));
    for (const w of pairWindows(ctx, OP_P, n, d, trees)) {
      const cb = d > 0 ? codeWindow(codes, d, w) : codes;
      const nb = bindAt(src, w.t0 * n + w.i0, (w.tg - 1) * n + w.cnt, 4);
      const ob = bindAt(out, w.t0 * n + w.i0, (w.tg - 1) * n + w.cnt, 4);
      for (const [s0, s1] of actWins) {
        const ab = bindAt(act, 4 * s0, 4 * (s1 - s0), 4);
        rec.dispatch(spec, new Uint32Array([w.cnt, n, w.tg, nb.off, d, s0, s1, ab.off]), [cb, nb.binding, ob.binding, ab.binding], groups(w.tg * w.cnt));
      }
    }
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'int32', rows, out);
}
