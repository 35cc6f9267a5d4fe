/**
 * trajectory/frechet: the n×n matrix of discrete Fréchet distances (Eiter and Mannila 1994)
 * between trajectories: the DP of ./frechet-cpu.ts for every ordered pair (i, j).
 *
 * GPU: one thread per pair, in tiles (./pair-tiles.ts). Each thread keeps the DP's rolling
 * row (one float64 per point of trajectory j) in a storage scratch buffer (binding 7), `stride`
 * values per thread, stride = the longest trajectory of the column block; the threads per
 * dispatch are bounded so the scratch fits one storage binding. So the GPU takes trajectories
 * of up to maxBindingBytes / 8 points (16.7 million at 128 MiB); a longer one is a ShapeError
 * naming its row (its points alone would not fit a binding either), never a silent fallback.
 * 'euclidean' compares squared distances in soft-f64 and takes one square root at the end:
 * bit for bit the CPU twin. 'haversine' is df64 per distance, within 3e-13 · radius (the DP is
 * made of max and min, which keep the per-distance bound).
 * Bindings: 0-6 as trajectory/hausdorff, 7 the scratch rows.
 */
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel } from '../registry.js';
import { groups, WG } from '../runner.js';
import type { MatrixBand } from '../matrix/symmetrize.js';
import { cpuPairBands } from './pair-rows.js';
import { pairBandsGpu, pairPreamble, type Block, type PairMetric, type PairOptions, type TrajectoryInput } from './pair-tiles.js';

const shader = (metric: PairMetric): { label: string; code: string } => ({
  label: `trajectory/frechet-${metric}`,
  code: /* wgsl */ `
// trajectory/frechet (${metric}): one thread per ordered pair, rolling DP row in S.
${pairPreamble(metric)}
@group(0) @binding(7) var<storage, read_write> S: array<vec2<u32>>;
fn max64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return select(a, b, lt(a, b)); }
fn min64(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> { return select(a, b, lt(b, a)); }
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = P.t0 + gid.x + gid.y * nwg.x * ${WG}u;
  if (t >= P.end) { return; }
  ${metric === 'haversine' ? 'df64_init(P.key);' : ''}
  let p = pair_of(t);
  if (!p.ok) { O[out_index(p)] = QNAN; return; }
  let base = (t - P.t0) * P.stride;
  let m = p.b1 - p.b0;
  for (var a = p.a0; a < p.a1; a++) {
    let u = PR[a];
    var left = vec2<u32>(0u, 0u);
    var diag = vec2<u32>(0u, 0u);
    for (var k = 0u; k < m; k++) {
      let d = dist(u, PC[p.b0 + k]);
      let up = S[base + k];
      var v: vec2<u32>;
      if (a == p.a0) {
        v = select(max64(d, left), d, k == 0u);
      } else if (k == 0u) {
        v = max64(d, up);
      } else {
        v = max64(d, min64(min64(up, diag), left));
      }
      diag = up;
      S[base + k] = v;
      left = v;
    }
  }
  O[out_index(p)] = finish(S[base + m - 1u]);
}`,
});

/** Pairs per dispatch at most (the scratch bound may make it fewer). */
const PER_DISPATCH = 1 << 16;

function frechetGpu(ctx: GpuContext, input: TrajectoryInput, bandRows: number, opts: PairOptions): Promise<MatrixBand[]> {
  const spec = shader(opts.metric);
  return pairBandsGpu(ctx, input, bandRows, opts, spec.label, (off, rec) => {
    const strideOf = (cb: Block): number => {
      let s = 1;
      for (let j = cb.start; j < cb.end; j++) s = Math.max(s, off[j + 1]! - off[j]!);
      return s;
    };
    const strides = new Map<Block, number>();
    const stride = (cb: Block): number => strides.get(cb) ?? (strides.set(cb, strideOf(cb)), strides.get(cb)!);
    let longest = 1;
    for (let j = 0; j < input.n; j++) longest = Math.max(longest, off[j + 1]! - off[j]!);
    // One scratch for every dispatch: passes of one encoder run in order, so reuse is safe.
    let scratch: GPUBuffer | undefined;
    return {
      dispatch: (u, b, threads, cb) => {
        u[15] = stride(cb);
        scratch ??= rec.temp(Math.min(ctx.maxBindingBytes, PER_DISPATCH * 8 * longest));
        rec.dispatch(spec, u, [...b, scratch], groups(threads));
      },
      perDispatch: (cb) => Math.min(PER_DISPATCH, Math.floor(ctx.maxBindingBytes / (8 * stride(cb)))),
    };
  });
}

export const frechetKernel = defineKernel({
  name: 'trajectory/frechet',
  dtypes: ['float64'],
  tolerance: {
    kind: 'float',
    rel: 0,
    abs: 2e-9,
    note: "'euclidean' is bit-exact (soft-f64 on the GPU); 'haversine' is df64 on the GPU vs float64, within gf.haversine's 3e-13 · radius (2e-9 at the radius in km)",
  },
  nulls: 'A null row, an empty trajectory or a point outside the metric domain (NaN, ±Inf; haversine also |lat| > 90, |lon| > 360) gives NaN for every pair it is in.',
  cpu: async (input: TrajectoryInput, bandRows: number, opts: PairOptions): Promise<MatrixBand[]> => cpuPairBands(input, bandRows, opts, 'frechet'),
  gpu: (ctx, input: TrajectoryInput, bandRows: number, opts: PairOptions) => frechetGpu(ctx, input, bandRows, opts),
});
