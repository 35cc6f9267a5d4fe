/**
 * trajectory/hausdorff: the n×n matrix of directed Hausdorff distances between trajectories,
 * entry (i, j) = max over points u of i of min over points v of j of d(u, v), as SciPy's
 * `directed_hausdorff(u=i, v=j)[0]`. The symmetric distance is max(M, Mᵀ) (matrix/symmetrize).
 *
 * GPU: one thread per ordered pair, in tiles (./pair-tiles.ts) so every binding fits; the scan
 * breaks early as Taha and Hanbury's algorithm does (exact: a point closer than the running
 * maximum cannot raise it), starting at the previous point's nearest neighbour. 'euclidean' computes squared distances in soft-f64 (bit-exact
 * IEEE float64, integer arithmetic only) and one correctly rounded square root, so it equals
 * the CPU twin and SciPy bit for bit. 'haversine' computes each distance in df64, as
 * gf.haversine does; min and max are 1-Lipschitz, so the entries keep its bound (3e-13 ·
 * radius, 2e-9 km at the Earth's radius in km).
 * Bindings: 0 uniforms, 1 the output band, 2/3 row/column offsets windows, 4/5 row/column
 * point windows (vec4<u32>: x and y float64 bits), 6 the validity bitmap (or a dummy word).
 */
import type { GpuContext } from '../../src/device/index.js';
import { defineKernel } from '../registry.js';
import { groups, WG } from '../runner.js';
import type { MatrixBand } from '../matrix/symmetrize.js';
import { cpuPairBands } from './pair-rows.js';
import { pairBandsGpu, pairPreamble, type PairMetric, type PairOptions, type TrajectoryInput } from './pair-tiles.js';

const shader = (metric: PairMetric): { label: string; code: string } => ({
  label: `trajectory/hausdorff-${metric}`,
  code: /* wgsl */ `
// trajectory/hausdorff (${metric}): one thread per ordered pair (i, j), directed i -> j.
${pairPreamble(metric)}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = P.t0 + gid.x + gid.y * nwg.x * ${WG}u;
  if (t >= P.end) { return; }
  ${metric === 'haversine' ? 'df64_init(P.key);' : ''}
  let p = pair_of(t);
  if (!p.ok) { O[out_index(p)] = QNAN; return; }
  var cmax = vec2<u32>(0u, 0u);
  let m = p.b1 - p.b0;
  var start = 0u; // the scan starts at the previous point's nearest (as the CPU twin)
  for (var a = p.a0; a < p.a1; a++) {
    let u = PR[a];
    var cmin = PINF;
    var broke = false;
    var b = start;
    for (var k = 0u; k < m; k++) {
      let d = dist(u, PC[p.b0 + b]);
      if (lt(d, cmax)) { broke = true; start = b; break; }
      if (lt(d, cmin)) { cmin = d; start = b; }
      b = select(b + 1u, 0u, b + 1u == m);
    }
    if (!broke && lt(cmax, cmin)) { cmax = cmin; }
  }
  O[out_index(p)] = finish(cmax);
}`,
});

/** Pairs per dispatch: bounded so no dispatch runs long enough to trip a driver watchdog. */
const PER_DISPATCH = 1 << 16;

function hausdorffGpu(ctx: GpuContext, input: TrajectoryInput, bandRows: number, opts: PairOptions): Promise<MatrixBand[]> {
  const spec = shader(opts.metric);
  return pairBandsGpu(ctx, input, bandRows, opts, spec.label, (_off, rec) => ({
    dispatch: (u, b, threads) => rec.dispatch(spec, u, b, groups(threads)),
    perDispatch: () => PER_DISPATCH,
  }));
}

export const hausdorffKernel = defineKernel({
  name: 'trajectory/hausdorff',
  dtypes: ['float64'],
  tolerance: {
    kind: 'float',
    rel: 0,
    abs: 2e-9,
    note: "'euclidean' is bit-exact (soft-f64 on the GPU); 'haversine' is df64 on the GPU vs float64, within gf.haversine's 3e-13 · radius (2e-9 at the radius in km), since max and min keep the bound",
  },
  nulls: 'A null row, an empty trajectory or a point outside the metric domain (NaN, ±Inf; haversine also |lat| > 90, |lon| > 360) gives NaN for every pair it is in.',
  cpu: async (input: TrajectoryInput, bandRows: number, opts: PairOptions): Promise<MatrixBand[]> => cpuPairBands(input, bandRows, opts, 'hausdorff'),
  gpu: (ctx, input: TrajectoryInput, bandRows: number, opts: PairOptions) => hausdorffGpu(ctx, input, bandRows, opts),
});
