/**
 * The CPU bodies of the trajectory pair kernels (trajectory/hausdorff, trajectory/frechet):
 * the n×n matrix as row bands, each band's rows cut into parts that run on the thread pool.
 * Entry (i, j) is NaN unless both rows are computable (./pair-tiles.ts `cpuRowOk`), else the
 * kernel's distance of the pair. Every entry is computed on its own, so the matrix is the
 * same bits whatever the number of parts.
 */
import { DataBuffer } from '../../src/memory/data-buffer.js';
import type { MatrixBand } from '../matrix/symmetrize.js';
import { sharedArray, sharedInput } from '../../src/threads/pool.js';
import { defineTask } from '../../src/threads/tasks.js';
import { partRange, runRows } from '../part-rows.js';
import { discreteFrechet } from './frechet-cpu.js';
import { directedHausdorff } from './hausdorff-cpu.js';
import { directedEuclid2, runBoxes, type RunBoxes } from './hausdorff-euclid.js';
import { cpuMetric, cpuRowOk, type PairMetric, type PairOptions, type TrajectoryInput } from './pair-tiles.js';

/** Which pair distance. */
export type PairKind = 'hausdorff' | 'frechet';

export interface PairRowsArgs {
  kind: PairKind;
  metric: PairMetric;
  radius: number;
  n: number;
  off: Int32Array;
  c: Float64Array;
  ok: Uint8Array;
  /** Hausdorff's run boxes. */
  boxes?: RunBoxes;
  /** The band: its first row and row count; out holds rows × n. */
  start: number;
  rows: number;
  out: Float64Array;
  [key: string]: unknown;
}

/** The band rows of one part. */
export function pairRowsPart(part: number, parts: number, a: PairRowsArgs): void {
  const { n, off, c, ok, out, start } = a;
  const m = cpuMetric({ metric: a.metric, radius: a.radius });
  const [r0, r1] = partRange(part, parts, a.rows);
  let at: (i: number, j: number) => number;
  if (a.kind === 'hausdorff') {
    const boxes = a.boxes!;
    at = a.metric === 'euclidean'
      ? (i, j) => Math.sqrt(directedEuclid2(c, off, boxes, i, j))
      : (i, j) => m.finish(directedHausdorff(c, off[i]!, off[i + 1]!, off[j]!, off[j + 1]!, m.dist, boxes.track, j));
  } else {
    let longest = 0;
    for (let i = 0; i < n; i++) longest = Math.max(longest, off[i + 1]! - off[i]!);
    const row = new Float64Array(longest);
    at = (i, j) => m.finish(discreteFrechet(c, off[i]!, off[i + 1]!, off[j]!, off[j + 1]!, m.dist, row));
  }
  for (let r = r0; r < r1; r++) {
    const i = start + r;
    for (let j = 0; j < n; j++) out[r * n + j] = ok[i] && ok[j] ? at(i, j) : NaN;
  }
}

defineTask('trajectory/pair-rows', (part, parts, args) => pairRowsPart(part, parts, args as PairRowsArgs));

/** Rows per part: a row is n pair distances, each a scan of two tracks. */
const PAIR_ROWS = 8;

/** The bands of a pair kernel's matrix (`bandRows` rows each). */
export function cpuPairBands(input: TrajectoryInput, bandRows: number, opts: PairOptions, kind: PairKind): MatrixBand[] {
  const op = `trajectory/${kind}`;
  const { n } = input;
  const off = (input.offsets.hostView(op) as Int32Array).subarray(0, n + 1);
  const c = sharedInput(input.coords.hostView(op) as Float64Array);
  const valid = input.validity?.hostView(op) as Uint8Array | undefined;
  const ok = cpuRowOk(off, c, valid, cpuMetric(opts).ok);
  const boxes = kind === 'hausdorff' ? runBoxes(off, c, n) : undefined;
  const bands: MatrixBand[] = [];
  for (let start = 0; start < n; start += bandRows) {
    const rows = Math.min(bandRows, n - start);
    const out = sharedArray(Float64Array, rows * n);
    const args: PairRowsArgs = { kind, metric: opts.metric, radius: opts.radius, n, off, c, ok, boxes, start, rows, out };
    runRows<void>('trajectory/pair-rows', rows, args, PAIR_ROWS);
    bands.push({ start, rows, data: DataBuffer.fromHost(out, 'float64') });
  }
  return bands;
}
