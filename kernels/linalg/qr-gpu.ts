/**
 * WebGPU body of 'linalg/qr': the levels of ./qr-layout.ts recorded into one Recorder, each
 * in binding windows of whole blocks, then the sign rule and (when asked for) the Q
 * expansion from the top level down. Nothing is read back.
 */
import type { GpuContext } from '../../src/device/index.js';
import { ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { Recorder, WG, type Binding } from '../runner.js';
import { blocksPerWindow, levelsOf, type Level } from './qr-layout.js';
import { qrExpandShader, qrFactorShader, qrSignShader } from './qr-wgsl.js';
import type { QrResult } from './qr-cpu.js';
import type { Matrix } from './types.js';

/** A binding of `count` float64 from element `start`, opening at the 256-aligned byte at or below it; `off` locates `start` inside. */
export function window64(buffer: GPUBuffer, start: number, count: number): { binding: Binding; off: number } {
  const byteStart = start * 8;
  const offset = Math.floor(byteStart / 256) * 256;
  return { binding: { buffer, offset, size: Math.max(8, byteStart + count * 8 - offset) }, off: (byteStart - offset) / 8 };
}

interface Span {
  b0: number;
  blocks: number;
  rows: number;
}

function spans(op: string, lv: Level, d: number, maxBytes: number): Span[] {
  const per = blocksPerWindow(op, Math.max(lv.rowsPer, d) * d * 8, maxBytes);
  const out: Span[] = [];
  for (let b0 = 0; b0 < lv.blocks; b0 += per) {
    const blocks = Math.min(per, lv.blocks - b0);
    out.push({ b0, blocks, rows: Math.min(lv.rows - b0 * lv.rowsPer, blocks * lv.rowsPer) });
  }
  return out;
}

export function qrGpu(ctx: GpuContext, x: Matrix, withQ = false): QrResult {
  const { n, d } = x;
  if (d > WG) throw new ValueError(`linalg/qr: expected at most ${WG} columns on the device, got ${d}`);
  const rec = new Recorder(ctx);
  const r = rec.output(d * d * 8);
  if (d === 0) {
    rec.submit();
    return { r: DataBuffer.fromDevice(ctx, 'float64', 0, r), q: withQ ? { data: DataBuffer.fromDevice(ctx, 'float64', 0, rec.output(4)), n, d } : undefined };
  }
  const levels = levelsOf(n, d);
  const a0 = rec.temp(n * d * 8);
  rec.copy(x.data.deviceBuffer(ctx, 'linalg/qr'), 0, a0, 0, n * d * 8);
  const factored: Array<{ lv: Level; a: GPUBuffer; u: GPUBuffer; g: GPUBuffer }> = [];
  let a = a0;
  if (levels[levels.length - 1]!.blocks === 0) rec.clear(r, 0, d * d * 8);
  levels.forEach((lv, li) => {
    const next = li === levels.length - 1 ? r : rec.temp(lv.blocks * d * d * 8);
    const u = rec.temp(lv.blocks * d * 8);
    const g = rec.temp(lv.blocks * d * 8);
    for (const s of spans('linalg/qr', lv, d, ctx.maxBindingBytes)) {
      const wa = window64(a, s.b0 * lv.rowsPer * d, s.rows * d);
      const wr = window64(next, s.b0 * d * d, s.blocks * d * d);
      const wu = window64(u, s.b0 * d, s.blocks * d);
      const wg = window64(g, s.b0 * d, s.blocks * d);
      const uni = new Uint32Array([s.rows, d, lv.rowsPer, s.blocks, wa.off, wr.off, wu.off, 0]);
      rec.dispatch(qrFactorShader(), uni, [wa.binding, wr.binding, wu.binding, wg.binding], s.blocks);
    }
    factored.push({ lv, a, u, g });
    a = next;
  });
  let e = rec.temp(d * d * 8);
  rec.dispatch(qrSignShader(), new Uint32Array([0, d, 0, 0, 0, 0, 0, 0]), [r, e], 1);
  let q: Matrix | undefined;
  if (withQ) {
    for (let li = factored.length - 1; li >= 0; li--) {
      const { lv, a: fa, u, g } = factored[li]!;
      const c = li === 0 ? rec.output(n * d * 8) : rec.temp(lv.rows * d * 8);
      for (const s of spans('linalg/qr', lv, d, ctx.maxBindingBytes)) {
        const wa = window64(fa, s.b0 * lv.rowsPer * d, s.rows * d);
        const we = window64(e, s.b0 * d * d, s.blocks * d * d);
        const wu = window64(u, s.b0 * d, s.blocks * d);
        const wg = window64(g, s.b0 * d, s.blocks * d);
        const wc = window64(c, s.b0 * lv.rowsPer * d, s.rows * d);
        const uni = new Uint32Array([s.rows, d, lv.rowsPer, s.blocks, wa.off, we.off, wu.off, wc.off]);
        rec.dispatch(qrExpandShader(), uni, [wa.binding, we.binding, wu.binding, wg.binding, wc.binding], s.blocks);
      }
      e = c;
    }
    q = { data: DataBuffer.fromDevice(ctx, 'float64', n * d, e), n, d };
  }
  rec.submit();
  return { r: DataBuffer.fromDevice(ctx, 'float64', d * d, r), q };
}
