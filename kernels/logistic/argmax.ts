/**
 * 'logistic/argmax': the predicted class code of each row of the decision values Z (n × r,
 * row-major float64), as scikit-learn's LinearClassifierMixin.predict: r = 1 (binary): 1 where
 * z > 0, else 0; r ≥ 2: the first column holding the row's maximum. int32 codes out.
 *
 * Device: one thread per row; ordered compares on the float64 bits (no arithmetic), row
 * windows past one storage binding, a 2-D grid past 65,535 workgroups. Tolerance exact
 * (Z must hold no NaN: the estimator checks X).
 */
import type { GpuContext } from '../../src/device/index.js';
import { ShapeError } from '../../src/errors.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { defineKernel, EXACT } from '../registry.js';
import { groups, Recorder, slice } from '../runner.js';
import { pointWindows } from '../linalg/linalg-layout.js';
import { ENTRY, LA_PRELUDE, LINEAR } from '../linalg/linalg-wgsl.js';
import type { Matrix } from '../linalg/types.js';

const OP = 'logistic/argmax';

const SHADER = {
  label: OP,
  code: /* wgsl */ `
// logistic/argmax: one thread per row of the window. Bindings: 1 Z (n × r), 2 O (int32 codes).
struct Params { n: u32, r: u32, q0: u32, q1: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> Z: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> O: array<i32>;
${LA_PRELUDE}
${ENTRY} {
  let i = ${LINEAR};
  if (i >= P.n) { return; }
  let b = i * P.r;
  if (P.r == 1u) { O[i] = select(0, 1, la_lt(LA_ZERO, Z[b])); return; }
  var best = 0u;
  var m = Z[b];
  for (var k = 1u; k < P.r; k = k + 1u) { let v = Z[b + k]; if (la_lt(m, v)) { m = v; best = k; } }
  O[i] = i32(best);
}`,
};

function check(Z: Matrix): void {
  if (Z.d < 1) throw new ShapeError(`${OP}: expected Z with at least 1 column, got ${Z.d}`);
  if (Z.data.length !== Z.n * Z.d) throw new ShapeError(`${OP}: expected Z of ${Z.n} × ${Z.d} values, got ${Z.data.length}`);
}

export function argmaxCpu(Z: Matrix): DataBuffer<'int32'> {
  check(Z);
  const { n, d: r } = Z;
  const z = Z.data.hostView(OP) as Float64Array;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = i * r;
    if (r === 1) {
      out[i] = z[b]! > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    let m = z[b]!;
    for (let k = 1; k < r; k++) {
      if (m < z[b + k]!) {
        m = z[b + k]!;
        best = k;
      }
    }
    out[i] = best;
  }
  return DataBuffer.fromHost(out, 'int32');
}

export function argmaxGpu(ctx: GpuContext, Z: Matrix): DataBuffer<'int32'> {
  check(Z);
  const { n, d: r } = Z;
  const rec = new Recorder(ctx);
  const out = rec.output(n * 4);
  if (n > 0) {
    const z = Z.data.deviceBuffer(ctx, OP);
    for (const w of pointWindows(OP, n, r * 8 + 4, ctx.maxBindingBytes)) {
      rec.dispatch(SHADER, new Uint32Array([w.count, r, 0, 0]), [slice(z, w.start * r, w.count * r, 8), slice(out, w.start, w.count, 4)], groups(w.count));
    }
  }
  rec.submit();
  return DataBuffer.fromDevice(ctx, 'int32', n, out);
}

/** The predicted class code of each row of a logistic model's decision values. */
export const logisticArgmax = defineKernel({
  name: OP,
  dtypes: ['float64'],
  tolerance: EXACT,
  nulls: 'No validity: Z must hold no NaN (the estimator checks X).',
  cpu: (Z: Matrix) => argmaxCpu(Z),
  gpu: (ctx, Z: Matrix) => argmaxGpu(ctx, Z),
});
