/**
 * Packed inputs for kernels that bind one storage buffer per column and per null bitmap (the
 * fused expression kernel, ./expr.ts, and the fused predicate, ../predicate/predicate.ts).
 *
 * A shader stage may bind only `maxStorageBuffersPerShaderStage` storage buffers: 8 on the
 * WebGPU spec's minimum device, which many real GPUs expose by default. A kernel whose
 * inputs would bind more takes one of two packed layouts, chosen per call by `packMode`:
 *
 * - 'validity': the columns' data stay bound one per binding (zero-copy); every null bitmap is
 *   copied into ONE buffer `VP` (bitmaps are 1/8 byte per row: a small copy).
 * - 'all': data and bitmaps are copied into ONE buffer `I`, for any number of inputs.
 *
 * A packed buffer is a window of rows (`rows`, the kernel's window or fewer): a header of two
 * words per input (its data segment's and its bitmap segment's word offset in the buffer),
 * then the segments. The header lives in the buffer, not in the shader text, so the shader
 * depends only on the inputs' dtypes and null-ness and one pipeline serves every length.
 * Copies and dispatches are recorded in one encoder, so one buffer serves every window.
 *
 * Segment of input i for a window of `rows`: data 'bool' ⌈rows/4⌉ words (4 bytes a word, as
 * bound directly), 32-bit `rows` words, 64-bit `2·rows` words (low word first); bitmap
 * ⌈rows/32⌉ words (Arrow bit order, row 0 of the window at bit 0). Window starts are multiples
 * of 2048 rows, so every copied source range starts on a 4-byte boundary.
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { Recorder, slice, type Binding } from '../runner.js';

export interface PackInput {
  /** Values: a word dtype, or 'bool' (one byte per row). */
  data: DataBuffer;
  validity?: DataBuffer<'uint8'>;
}

export type PackMode = 'direct' | 'validity' | 'all';

/** Bytes per row of an input's data on the device. */
export function rowBytes(inp: PackInput): number {
  const d = inp.data.dtype;
  return d === 'bool' ? 1 : d.endsWith('64') ? 8 : 4;
}

/** Storage buffers the inputs bind in a mode. */
export function inputBindings(inputs: readonly PackInput[], mode: PackMode): number {
  const nulls = inputs.filter((i) => i.validity).length;
  if (mode === 'direct') return inputs.length + nulls;
  return (mode === 'all' ? 0 : inputs.length) + (hasPacked(inputs, mode) ? 1 : 0);
}

/**
 * The least packing that keeps `fixed` other storage bindings plus the inputs' within `max`:
 * direct when they fit, else the bitmaps packed, else everything packed.
 */
export function packMode(inputs: readonly PackInput[], fixed: number, max: number): PackMode {
  if (fixed + inputBindings(inputs, 'direct') <= max) return 'direct';
  if (fixed + inputBindings(inputs, 'validity') <= max) return 'validity';
  return 'all';
}

/** Whether the mode packs anything for these inputs (one extra buffer, bound after the direct ones). */
export function hasPacked(inputs: readonly PackInput[], mode: PackMode): boolean {
  return mode === 'all' ? inputs.length > 0 : mode === 'validity' && inputs.some((i) => i.validity);
}

/** Words of input i's data segment and bitmap segment for a window of `rows` (0 when not packed). */
function segmentWords(inp: PackInput, mode: PackMode, rows: number): [number, number] {
  const data = mode === 'all' ? Math.ceil((rows * rowBytes(inp)) / 4) : 0;
  const bits = mode !== 'direct' && inp.validity ? Math.ceil(rows / 32) : 0;
  return [data, bits];
}

/** Bytes per row the packed buffer holds (its size for a window of `rows` is about rows × this). */
export function packedRowBytes(inputs: readonly PackInput[], mode: PackMode): number {
  let b = 0;
  for (const inp of inputs) {
    if (mode === 'all') b += rowBytes(inp);
    if (mode !== 'direct' && inp.validity) b += 1 / 8;
  }
  return b;
}

/**
 * WGSL declarations from binding `first` on, and per-input loads `x<i>` (the value's bits:
 * u32, vec2<u32>, or a bool's byte) and `ok<i>` (valid; declared only for inputs with a
 * bitmap) at `row`, for the mode.
 */
export function inputWgsl(inputs: readonly PackInput[], mode: PackMode, first: number): { decl: string[]; loads: string[]; next: number } {
  const decl: string[] = [];
  const loads: string[] = [];
  let b = first;
  const P = mode === 'all' ? 'I' : 'VP';
  inputs.forEach((inp, i) => {
    const bytes = rowBytes(inp);
    if (mode === 'all') {
      if (bytes === 1) loads.push(`let x${i} = (I[I[${2 * i}u] + (row >> 2u)] >> (8u * (row & 3u))) & 0xffu;`);
      else if (bytes === 4) loads.push(`let x${i} = I[I[${2 * i}u] + row];`);
      else loads.push(`let o${i} = I[${2 * i}u] + 2u * row; let x${i} = vec2<u32>(I[o${i}], I[o${i} + 1u]);`);
    } else {
      decl.push(`@group(0) @binding(${b++}) var<storage, read> D${i}: array<${bytes === 8 ? 'vec2<u32>' : 'u32'}>;`);
      loads.push(bytes === 1 ? `let x${i} = (D${i}[row >> 2u] >> (8u * (row & 3u))) & 0xffu;` : `let x${i} = D${i}[row];`);
    }
    if (!inp.validity) return;
    if (mode === 'direct') {
      decl.push(`@group(0) @binding(${b++}) var<storage, read> V${i}: array<u32>;`);
      loads.push(`let ok${i} = ((V${i}[row >> 5u] >> (row & 31u)) & 1u) == 1u;`);
    } else {
      loads.push(`let ok${i} = ((${P}[${P}[${2 * i + 1}u] + (row >> 5u)] >> (row & 31u)) & 1u) == 1u;`);
    }
  });
  if (hasPacked(inputs, mode)) decl.push(`@group(0) @binding(${b++}) var<storage, read> ${P}: array<u32>;`);
  return { decl, loads, next: b };
}

/**
 * Binds a kernel's inputs window by window in a mode: direct windows of the columns' buffers,
 * plus (packed modes) one buffer filled by copies recorded before each dispatch.
 */
export class InputBinder {
  private readonly bufs: Array<{ data: GPUBuffer; validity?: GPUBuffer; bytes: number }>;
  private readonly packed?: GPUBuffer;
  private readonly offsets: Array<[number, number]> = [];

  /**
   * `rows`: the most rows a window binds (a window's start is a multiple of 2048 rows when
   * there is more than one). The packed buffer must fit one binding of the device.
   */
  constructor(
    private readonly rec: Recorder,
    ctx: GpuContext,
    inputs: readonly PackInput[],
    private readonly mode: PackMode,
    rows: number,
    op: string,
  ) {
    this.bufs = inputs.map((inp) => ({ data: inp.data.deviceBuffer(ctx, op), validity: inp.validity?.deviceBuffer(ctx, op), bytes: rowBytes(inp) }));
    if (!hasPacked(inputs, mode)) return;
    let at = 2 * inputs.length;
    for (const inp of inputs) {
      const [d, v] = segmentWords(inp, mode, rows);
      this.offsets.push([d > 0 ? at : 0, v > 0 ? at + d : 0]);
      at += d + v;
    }
    const bytes = at * 4;
    const limit = Math.min(ctx.handle.limits.maxStorageBufferBindingSize, ctx.handle.limits.maxBufferSize);
    if (bytes > limit) throw new ShapeError(`${op}: expected inputs whose packed window of ${rows} rows fits one binding of ${limit} bytes, got ${bytes} bytes (${inputs.length} columns)`);
    this.packed = rec.temp(bytes);
    const header = new Uint32Array(this.offsets.flat());
    ctx.device.queue.writeBuffer(this.packed, 0, header.buffer, header.byteOffset, header.byteLength);
  }

  /** The input bindings for rows [start, start + count), recording the copies they need. */
  bindings(start: number, count: number): Binding[] {
    const out: Binding[] = [];
    this.bufs.forEach((b, i) => {
      if (this.mode !== 'all') out.push(slice(b.data, start, count, b.bytes));
      else this.rec.copy(b.data, start * b.bytes, this.packed!, this.offsets[i]![0] * 4, count * b.bytes);
      if (!b.validity) return;
      if (this.mode === 'direct') out.push(slice(b.validity, start / 8, Math.ceil(count / 8), 1));
      else this.rec.copy(b.validity, start / 8, this.packed!, this.offsets[i]![1] * 4, Math.ceil(count / 8));
    });
    if (this.packed) out.push(this.packed);
    return out;
  }
}
