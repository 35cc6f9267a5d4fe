/**
 * splitByGap (movingpandas' ObservationGapSplitter) and the trajectory-frame plumbing it
 * shares with detectStops: the geometry and times columns, the time unit, and each row's
 * first point and point count. Registered ops only (list row positions, the
 * 'trajectory/split-gaps' kernel, the join expand op, gathers, a scan).
 */
import { Column } from '../src/column/column.js';
import { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../src/errors.js';
import { listPerRow } from '../kernels/list/per-row.js';
import { joinExpand } from '../kernels/join/expand.js';
import { scan } from '../kernels/scan/scan.js';
import { concatValues } from '../kernels/concat/concat.js';
import { trajectorySplitGaps } from '../kernels/trajectory/split-gaps.js';
import { DataFrame } from '../frame/data-frame.js';
import { col } from '../frame/expr.js';
import { gatherColumn } from '../frame/verbs/take.js';
import { checkOptions } from './operands.js';

/** Options of `splitByGap`. */
export interface SplitByGapOptions {
  /** The largest time step within a part: seconds for timestamp and date times, the times' units otherwise. */
  maxGap: number;
  /** The linestring column; default 'geometry'. */
  geometry?: string;
  /** The list column of times aligned with the points; default 'times'. */
  times?: string;
}

const PER_SECOND = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 } as const;
const TIME_TYPES = ['timestamp', 'date', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'int8', 'int16', 'uint8', 'uint16'];

/** A trajectory frame's parts, as the per-trajectory scan ops take them. */
export interface TrackInput {
  geom: Column;
  tt: Column;
  /** Seconds → the times' units: units = seconds × perSecond. */
  perSecond: number;
  /** The times as float64 (one per point of the geometry's child). */
  T: DataBuffer<'float64'>;
  /** Each row's first point and point count (0 for a null row). */
  S: DataBuffer<'uint32'>;
  N: DataBuffer<'uint32'>;
  /** The names of the columns before the geometry column (deriveTrajectories' ids). */
  ids: string[];
  dispose(): void;
}

/** Check and unpack a trajectory frame (as deriveTrajectories makes). */
export function trackInput(op: string, traj: DataFrame, geometry = 'geometry', times = 'times'): TrackInput {
  if (!(traj instanceof DataFrame)) throw new ValueError(`${op}: expected a DataFrame, got ${typeof traj}`);
  const geom = traj.column(geometry);
  const tl = traj.column(times);
  if (geom.type !== 'linestring') throw new DTypeError(`${op}: expected geometry '${geometry}' as a linestring column, got ${geom.type}`);
  if (tl.type !== 'list' || !TIME_TYPES.includes(tl.child.type)) throw new DTypeError(`${op}: expected times '${times}' as a list of timestamp, date or numeric values, got ${tl.type === 'list' ? `list<${tl.child.type}>` : tl.type}`);
  const tt = tl.child;
  if (tt.length !== geom.child.length) throw new DTypeError(`${op}: expected times '${times}' aligned with the ${geom.child.length} points of '${geometry}', got ${tt.length} times`);
  const perSecond = tt.type === 'timestamp' ? PER_SECOND[tt.unit ?? 'us'] : tt.type === 'date' ? 1 / 86_400 : 1;
  const T = new DataFrame({ t: tt }).withColumns({ t: col('t').cast('float64') }).column('t').data as DataBuffer<'float64'>;
  const offsets = geom.data as DataBuffer<'int32'>;
  const S = listPerRow(offsets, geom.validity, 'start');
  const N = listPerRow(offsets, geom.validity, 'length');
  const ids = traj.names.slice(0, traj.names.indexOf(geometry));
  return { geom, tt, perSecond, T, S, N, ids, dispose: () => [S, N].forEach((b) => b.dispose()) };
}

/** int32 list offsets (n + 1) from n lengths: an exclusive scan with a trailing 0. */
export function offsetsOf(lengths: DataBuffer<'uint32'>): DataBuffer<'int32'> {
  const zero = DataBuffer.fromHost(new Uint32Array(1), 'uint32');
  const all = concatValues([lengths, zero]);
  zero.dispose();
  const o = scan(all);
  all.dispose();
  return o.reinterpret('int32');
}

/**
 * Split each trajectory where the time step exceeds `maxGap`, as movingpandas'
 * ObservationGapSplitter: a step strictly greater than maxGap ends a part; parts of a single
 * point are dropped (so is a one-point trajectory); `part` numbers every piece of its
 * trajectory from 0, dropped ones included (movingpandas' `<id>_<i>` suffix).
 *
 * The result has one row per kept part, in trajectory then time order: the columns before
 * the geometry column (deriveTrajectories' id columns), `part` (int32), then `geometry`
 * (linestring, same CRS), `times` (a list of the times' type) and `count` (uint32). Later
 * columns (e.g. trajectoryStats') are not carried. A null trajectory gives no part.
 * Time steps are float64 differences of the times (timestamps in ns past 2^53 round first)
 * compared with maxGap in the times' units (× 1e6 for microsecond timestamps, / 86,400 for
 * dates): the same decisions on both backends.
 *
 * @throws ValueError for an unknown option or a maxGap that is not a number ≥ 0
 * @throws DTypeError if the geometry is not a linestring column or times not a list aligned with it
 * @example
 * ```ts
 * const df = new gf.DataFrame({ id: new Int32Array([1, 1, 1, 1, 1]), x: new Float64Array([0, 1, 2, 3, 4]), y: new Float64Array(5), t: new Float64Array([0, 10, 100, 110, 120]) });
 * const traj = await gf.deriveTrajectories(df, { id: 'id', x: 'x', y: 'y', t: 't' });
 * const parts = await gf.splitByGap(traj, { maxGap: 60 });
 * console.log(await parts.column('part').toValues(), await parts.column('times').toValues()); // [0, 1] [[0, 10], [100, 110, 120]]
 * ```
 */
export async function splitByGap(traj: DataFrame, options: SplitByGapOptions): Promise<DataFrame> {
  const OP = 'splitByGap';
  if (options === null || typeof options !== 'object') throw new ValueError(`${OP}: expected options { maxGap }, got ${typeof options}`);
  checkOptions(OP, options as unknown as Record<string, unknown>, ['maxGap', 'geometry', 'times']);
  const { maxGap } = options;
  if (typeof maxGap !== 'number' || !(maxGap >= 0)) throw new ValueError(`${OP}: expected maxGap a number >= 0, got ${String(maxGap)}`);
  const inp = trackInput(OP, traj, options.geometry, options.times);
  const owned: DataBuffer[] = [];
  try {
    const [first, count, row, part] = await trajectorySplitGaps(inp.S, inp.N, inp.T, maxGap * inp.perSecond);
    owned.push(first, row);
    const pts = await joinExpand(first, count, { keepUnmatched: false });
    owned.push(pts.rows, pts.pos);
    const offsets = offsetsOf(count);
    const out: Array<[string, Column]> = inp.ids.map((k) => [k, gatherColumn(traj.column(k), row)]);
    out.push(['part', new Column({ type: 'int32', data: part.reinterpret('int32') })]);
    out.push(['geometry', new Column({ type: 'linestring', data: offsets, children: [gatherColumn(inp.geom.child, pts.pos)], crs: inp.geom.crs })]);
    out.push(['times', new Column({ type: 'list', data: concatValues([offsets]), children: [gatherColumn(inp.tt, pts.pos)] })]);
    out.push(['count', new Column({ type: 'uint32', data: count })]);
    return new DataFrame(out);
  } finally {
    owned.forEach((b) => b.dispose());
    inp.dispose();
  }
}
