/**
 * The device body of 'forest/predict': rows in windows (each window's key matrix, accumulator and
 * output column slices fit one storage binding), the forest packed per strategy in chunks of
 * trees that each fit one binding (./device-layout.ts). Per window, in one command encoder:
 * keys (one dispatch per feature), predict (one per chunk, in tree order: the first initialises
 * the margins from the base margins, each adds its trees in order, so chunking does not change
 * the sums), columns (one per output column). At most 3 storage buffers per dispatch.
 */
import type { GpuContext } from '../../src/device/index.js';
import { DeviceError, ShapeError, ValueError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { groups, Recorder, slice, type Binding } from '../runner.js';
import { forestWords, packForest, type ForestChunk, type ResolvedStrategy } from './device-layout.js';
import type { Forest } from './forest.js';
import type { ForestInput, ForestOutputKind } from './predict-cpu.js';
import { columnsShader, keysShader, predictShader, type ColumnMode, type PredictKind } from './predict-wgsl.js';

const OP = 'forest/predict';
/** Rows per window at most (bounds the temporaries). */
const MAX_WINDOW = 1 << 18;

const packed = new WeakMap<Forest, Map<string, ForestChunk[]>>();

function chunksFor(forest: Forest, s: ResolvedStrategy, cap: number): ForestChunk[] {
  let m = packed.get(forest);
  if (!m) packed.set(forest, (m = new Map()));
  const key = `${s}:${cap}`;
  let c = m.get(key);
  if (!c) m.set(key, (c = packForest(forest, s, cap)));
  return c;
}

/** An aligned-down binding of `count` elements of `bpe` bytes from element `first`, and the elements skipped. */
function window(buffer: GPUBuffer, first: number, count: number, bpe: number): { binding: Binding; off: number } {
  const byte = first * bpe;
  const aligned = Math.floor(byte / 256) * 256;
  const off = (byte - aligned) / bpe;
  return { binding: { buffer, offset: aligned, size: (off + count) * bpe }, off };
}

export function forestPredictGpu(ctx: GpuContext, X: ForestInput, forest: Forest, what: ForestOutputKind, s: ResolvedStrategy): DataBuffer {
  const { n } = X;
  const d = forest.nFeatures;
  if (X.cols.length !== d) throw new ShapeError(`${OP}: expected ${d} feature columns, got ${X.cols.length}`);
  const { kw, vw, aw } = forestWords(forest);
  const f32 = forest.rule === 'f32-lt';
  if (what === 'output' && (forest.transform === 'logistic' || forest.transform === 'softmax')) {
    throw new ValueError(`${OP}: expected 'margin' on the device for a ${forest.transform} forest, got 'output' (the transform runs on the host: forestPredict)`);
  }
  const kind: PredictKind = what === 'leaf' ? 'leaf' : what === 'tree' ? 'tree' : 'margin';
  const C = kind === 'leaf' ? forest.nTrees : kind === 'tree' ? forest.nTrees * forest.leafWidth : forest.nGroups;
  const accW = kind === 'leaf' ? 1 : kind === 'tree' ? vw : aw;
  const dtype = kind === 'leaf' ? 'int32' : f32 ? 'float32' : 'float64';
  const bpe = dtype === 'float64' ? 8 : 4;
  if (n === 0 || C === 0) return DataBuffer.fromHost(dtype === 'int32' ? new Int32Array(0) : f32 ? new Float32Array(0) : new Float64Array(0), dtype);
  for (const c of X.cols) if (c.dtype !== 'float64' && c.dtype !== 'float32') throw new ValueError(`${OP}: expected float64 or float32 feature columns, got ${c.dtype}`);
  let mode: ColumnMode;
  if (kind === 'leaf' || (kind === 'tree' && vw === 1) || (kind === 'margin' && aw === 1)) mode = 'w1';
  else if (kind === 'tree') mode = 'w2';
  else if (what === 'output' && forest.transform === 'mean') mode = f32 ? 'div32' : 'div64';
  else mode = f32 ? 'f32' : 'w2';

  const cap = ctx.maxBindingBytes;
  // Words per row of one tree's output ('tree', 'leaf'); such outputs go in groups of trees whose columns fit a binding.
  const perTree = kind === 'tree' ? forest.leafWidth * vw : 1;
  const perRow = Math.max(d * kw * 4, kind === 'margin' ? C * accW * 4 : perTree * 4, 8, bpe);
  const rows = Math.min(MAX_WINDOW, Math.floor((cap - 256) / perRow / 256) * 256);
  if (rows < 256) throw new DeviceError(`${OP}: expected 256 rows of keys (${d} features) and outputs (${kind === 'margin' ? C : perTree} words) to fit one storage binding (maxBindingBytes ${cap}), got ${perRow * 256} bytes`);
  const groupTrees = kind === 'margin' ? Math.max(1, forest.nTrees) : Math.max(1, Math.min(forest.nTrees, Math.floor((cap - 256) / (rows * perTree * 4))));
  const chunks = chunksFor(forest, s, cap);
  const shape = { strategy: s, kw, vw, aw, lw: forest.leafWidth, kind };
  const predict = predictShader(shape);
  const cols = columnsShader(mode);
  const div = new Float64Array([forest.nTrees]);
  const [dLo, dHi] = new Uint32Array(div.buffer);

  const rec = new Recorder(ctx);
  const out = rec.output(n * C * bpe);
  const fbufs = chunks.map((ch) => {
    const b = rec.temp(ch.words.byteLength);
    ctx.device.queue.writeBuffer(b, 0, ch.words.buffer, ch.words.byteOffset, ch.words.byteLength);
    return b;
  });
  const win = Math.min(rows, Math.ceil(n / 256) * 256);
  const K = rec.temp(win * d * kw * 4);
  const ACC = rec.temp(win * (kind === 'margin' ? C * accW : groupTrees * perTree) * 4);
  const tb = forest.nGroups * aw;
  for (let start = 0; start < n; start += rows) {
    const count = Math.min(rows, n - start);
    const wg = groups(count);
    const kb = slice(K, 0, count * d * kw, 4);
    X.cols.forEach((col, j) => {
      const colF32 = col.dtype === 'float32';
      const x = col.deviceBuffer(ctx, OP);
      const v = X.validity[j]?.deviceBuffer(ctx, OP);
      const binds: Binding[] = [slice(x, start, count, colF32 ? 4 : 8), kb];
      let vOff = 0;
      if (v) {
        const offset = Math.floor(start / 8 / 256) * 256;
        vOff = start - offset * 8;
        binds.push({ buffer: v, offset, size: Math.ceil((vOff + count) / 8) });
      }
      rec.dispatch(keysShader(f32 ? 'f32' : 'f64', colF32, v !== undefined), new Uint32Array([count, d, j, vOff]), binds, wg);
    });
    const toColumns = (nc: number, j0: number, ab: Binding) => {
      for (let j = 0; j < nc; j++) {
        const o = window(out, (j0 + j) * n + start, count, bpe);
        rec.dispatch(cols, new Uint32Array([count, nc, j, o.off, dLo!, dHi!, 0, 0]), [ab, o.binding], wg);
      }
    };
    chunks.forEach((ch, k) => {
      const fb = { buffer: fbufs[k]!, offset: 0, size: ch.words.byteLength };
      for (let ts = 0; ts === 0 || ts < ch.t1 - ch.t0; ts += groupTrees) {
        const nT = Math.min(groupTrees, ch.t1 - ch.t0 - ts);
        const per = kind === 'tree' ? forest.leafWidth : 1;
        const nc = kind === 'margin' ? C : nT * per;
        const ab = slice(ACC, 0, count * nc * accW, 4);
        rec.dispatch(predict, new Uint32Array([count, d, nc, k === 0 ? 1 : 0, ts, nT, tb, 0]), [kb, fb, ab], wg);
        if (kind !== 'margin') toColumns(nc, (ch.t0 + ts) * per, ab);
      }
    });
    if (kind === 'margin') toColumns(C, 0, slice(ACC, 0, count * C * accW, 4));
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, dtype, n * C, out);
}
