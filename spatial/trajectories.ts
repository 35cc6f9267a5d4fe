/**
 * Trajectories from point rows (cuSpatial's `derive_trajectories`): one row per moving
 * object, its fixes as a linestring in time order. Built from registered ops only: the
 * frame's filter (rows with a null or NaN fix dropped), the group-rows op (groups in key
 * order), a stable LSD radix argsort by (group, time), and gathers.
 */
import { Column } from '../src/column/column.js';
import type { DataBuffer } from '../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../src/errors.js';
import { argsort } from '../kernels/sort/radix-sort.js';
import { gather } from '../kernels/gather/gather.js';
import { groupRows } from '../kernels/groupby/group-rows.js';
import { segmentSizes } from '../kernels/groupby/segments.js';
import { positiveZero } from '../kernels/cast/positive-zero.js';
import { PACKED_DTYPES, widen } from '../kernels/cast/widen.js';
import { concatValues } from '../kernels/concat/concat.js';
import { interleaveXY } from '../kernels/trajectory/interleave.js';
import { DataFrame } from '../frame/data-frame.js';
import { col, type Expr } from '../frame/expr.js';
import { groupKeys } from '../frame/verbs/grouping.js';
import { gatherColumn } from '../frame/verbs/take.js';
import { checkOptions } from './operands.js';

/** Options of `deriveTrajectories`: the columns that make a fix. */
export interface DeriveTrajectoriesOptions {
  /** The object id: one column name, or several (a trajectory per distinct combination). */
  id: string | readonly string[];
  /** x (longitude) and y (latitude) columns: float64, float32 or integer (cast to float64). */
  x: string;
  y: string;
  /** The time: a timestamp, date or numeric column. */
  t: string;
  /** The CRS of the geometry column (e.g. 'OGC:CRS84' for lon/lat). */
  crs?: string;
}

/** The result of `deriveTrajectories`: a frame that also says how many rows were dropped. */
export type TrajectoryFrame = DataFrame & { readonly dropped: number };

const OP = 'deriveTrajectories';
const TIME_TYPES = ['timestamp', 'date', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'int8', 'int16', 'uint8', 'uint16'];

/**
 * One row per trajectory from rows of fixes (id, x, y, t), as cuSpatial's
 * `derive_trajectories` and movingpandas' TrajectoryCollection.
 *
 * The result has the id column(s), then `geometry` (a linestring of the fixes in time
 * order, float64 x/y; `crs` as given), `times` (a list of the t column's type, aligned with
 * the points) and `count` (uint32, the number of fixes). Rows are sorted by id as `groupBy`
 * orders groups (first id column first, ascending, nulls would be last). Input rows need no
 * order; fixes with equal times keep their input order (the time sort is stable).
 * Rows where any id, x, y or t is null, or x, y or t is NaN, are dropped first; the
 * result's `dropped` property counts them (it is not carried by later verbs).
 *
 * @throws ValueError for a missing or unknown option
 * @throws ColumnNotFoundError for a column the frame lacks
 * @throws DTypeError if t is not a timestamp, date or numeric column, or x/y not numeric
 * @example
 * ```ts
 * const df = new gf.DataFrame({
 *   name: ['Amy', 'Amy', 'Bob', 'Amy'],
 *   lon: new Float64Array([-70, -72, -50, -71]), lat: new Float64Array([30, 32, 20, 31]),
 *   hour: new Int32Array([0, 12, 0, 6]),
 * });
 * const traj = await gf.deriveTrajectories(df, { id: 'name', x: 'lon', y: 'lat', t: 'hour' });
 * console.log(traj.numRows, traj.dropped, await traj.column('count').toValues()); // 2 0 [3, 1]
 * // Amy's linestring: (-70 30) (-71 31) (-72 32), times [0, 6, 12]
 * ```
 */
export async function deriveTrajectories(df: DataFrame, options: DeriveTrajectoriesOptions): Promise<TrajectoryFrame> {
  if (!(df instanceof DataFrame)) throw new ValueError(`${OP}: expected a DataFrame, got ${typeof df}`);
  if (options === null || typeof options !== 'object') throw new ValueError(`${OP}: expected options { id, x, y, t }, got ${typeof options}`);
  checkOptions(OP, options as unknown as Record<string, unknown>, ['id', 'x', 'y', 't', 'crs']);
  const ids = typeof options.id === 'string' ? [options.id] : options.id;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((k) => typeof k !== 'string')) throw new ValueError(`${OP}: expected id as a column name or a non-empty array of names, got ${JSON.stringify(options.id)}`);
  for (const k of ['x', 'y', 't'] as const) {
    if (typeof options[k] !== 'string') throw new ValueError(`${OP}: expected ${k} as a column name, got ${options[k] === undefined ? 'none' : typeof options[k]}`);
  }
  const { x, y, t } = options;
  for (const k of ['x', 'y'] as const) {
    const c = df.column(options[k]);
    if (!['float64', 'float32', 'int32', 'uint32', 'int64', 'uint64', 'int8', 'int16', 'uint8', 'uint16'].includes(c.type)) throw new DTypeError(`${OP}: expected ${k} '${options[k]}' of a numeric type, got ${c.type}`);
  }
  const tc = df.column(t);
  if (!TIME_TYPES.includes(tc.type)) throw new DTypeError(`${OP}: expected t '${t}' of a timestamp, date or numeric type, got ${tc.type}`);
  const isFloat = (name: string) => ['float32', 'float64'].includes(df.column(name).type);
  // Keep the rows of complete fixes (x <= Inf is false for NaN and null).
  const fine = (name: string): Expr => (isFloat(name) ? col(name).le(Infinity) : col(name).isNotNull());
  let pred = fine(x).and(fine(y)).and(fine(t));
  for (const k of ids) pred = pred.and(col(k).isNotNull());
  const cols = [...new Set([...ids, x, y, t])];
  const kept = await df.select(...cols).filter(pred);
  const dropped = df.numRows - kept.numRows;
  const n = kept.numRows;
  const xy = kept.withColumns({ [x]: col(x).cast('float64'), [y]: col(y).cast('float64') });

  const g = await groupRows(groupKeys(kept, ids), n);
  const owned: DataBuffer[] = [g.ids, g.first, g.rows, g.starts];
  try {
    // Stable LSD: by time, then by group (a stable sort keeps time order within a group).
    const tw = PACKED_DTYPES.includes(tc.data.dtype) ? widen(kept.column(t).data) : kept.column(t).data;
    const tk = tc.type === 'float32' || tc.type === 'float64' ? positiveZero(tw) : tw;
    const byTime = argsort(tk);
    if (tk !== tw) tk.dispose();
    if (tw !== kept.column(t).data) tw.dispose();
    owned.push(byTime);
    const gInTime = gather(g.ids, byTime, { inRange: true }).values;
    owned.push(gInTime);
    const byGroup = argsort(gInTime);
    owned.push(byGroup);
    const perm = gather(byTime, byGroup, { inRange: true }).values;
    owned.push(perm);

    const px = gather(xy.column(x).data, perm, { inRange: true }).values;
    const py = gather(xy.column(y).data, perm, { inRange: true }).values;
    owned.push(px, py);
    const points = new Column({ type: 'point', data: interleaveXY(px as DataBuffer<'float64'>, py as DataBuffer<'float64'>) });
    const geometry = new Column({ type: 'linestring', data: g.offsets, children: [points], crs: options.crs });
    const times = new Column({ type: 'list', data: concatValues([g.offsets]), children: [gatherColumn(kept.column(t), perm)] });
    const out: Array<[string, Column]> = ids.map((k) => [k, gatherColumn(kept.column(k), g.first)]);
    out.push(['geometry', geometry], ['times', times], ['count', new Column({ type: 'uint32', data: segmentSizes(g.starts, n) })]);
    return Object.defineProperty(new DataFrame(out), 'dropped', { value: dropped, enumerable: true }) as TrajectoryFrame;
  } finally {
    owned.forEach((b) => b.dispose());
  }
}
