/**
 * `datetime({ year, month, day, hour?, minute?, second? })`: a timestamp[us] expression from
 * its civil parts, as Polars' `pl.datetime`. Built from ordinary int64 expression nodes
 * (floorDiv, mul, add, when), so it fuses into the one kernel of `withColumns`/`select` and
 * is exact on both backends: the day number is Howard Hinnant's days-from-civil, in integer
 * arithmetic on the proleptic Gregorian calendar.
 */
import { ValueError } from '../src/errors.js';
import { col, lit, when, Expr } from './expr.js';

/** One part of `datetime`: a column name, an expression, or a number for every row. */
export type DatetimePart = string | Expr | number;

/** The parts of `datetime`; hour, minute and second default to 0. */
export interface DatetimeParts {
  year: DatetimePart;
  month: DatetimePart;
  day: DatetimePart;
  hour?: DatetimePart;
  minute?: DatetimePart;
  second?: DatetimePart;
}

const KEYS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;
const US_PER: Record<'day' | 'hour' | 'minute' | 'second', bigint> = { day: 86_400_000_000n, hour: 3_600_000_000n, minute: 60_000_000n, second: 1_000_000n };
/** Years whose microsecond timestamps fit int64 with room to spare (Polars allows ±262,142). */
const MAX_YEAR = 262_142;

function part(op: string, key: string, v: DatetimePart): Expr {
  if (typeof v === 'string') return col(v).cast('int64');
  if (v instanceof Expr) return v.cast('int64');
  if (typeof v === 'number' && Number.isInteger(v)) return lit(BigInt(v)).cast('int64');
  throw new ValueError(`${op}: expected ${key} as a column name, an expression or an integer, got ${typeof v === 'number' ? v : typeof v}`);
}

/** `a - floor(a / m) * m`: the floor remainder, in [0, m). */
const floorMod = (a: Expr, m: number): Expr => a.sub(a.floorDiv(m).mul(m));

/**
 * A timestamp[us] (UTC, no time zone) from year, month, day and optional hour, minute and
 * second, as Polars' `pl.datetime`. Each part is a column name, an expression or an integer;
 * parts are cast to int64 (strictly: a float part truncates toward zero, NaN fails the
 * evaluation). A row is null where any part is null or out of range: month outside 1..12,
 * day outside 1..(days in that month, leap years by the Gregorian rule), hour outside
 * 0..23, minute or second outside 0..59, |year| > 262,142. Exact integer arithmetic
 * (days-from-civil), identical on both backends.
 *
 * @throws ValueError for an unknown key, a missing year/month/day, or a part that is not a name, an Expr or an integer
 * @example
 * ```ts
 * const df = new gf.DataFrame({
 *   year: new Int32Array([1975, 2020]), month: new Int32Array([6, 2]),
 *   day: new Int32Array([27, 29]), hour: new Int32Array([0, 18]),
 * });
 * const out = df.withColumns({ t: gf.datetime({ year: 'year', month: 'month', day: 'day', hour: 'hour' }) });
 * console.log(out.column('t').type, await out.column('t').toValues()); // timestamp [173059200000000n, 1582999200000000n]
 * ```
 */
export function datetime(parts: DatetimeParts): Expr {
  const op = 'datetime';
  if (parts === null || typeof parts !== 'object') throw new ValueError(`${op}: expected an object { year, month, day, hour?, minute?, second? }, got ${parts === null ? 'null' : typeof parts}`);
  for (const k of Object.keys(parts)) {
    if (!(KEYS as readonly string[]).includes(k)) throw new ValueError(`${op}: expected keys ${KEYS.join(', ')}, got '${k}'`);
  }
  for (const k of ['year', 'month', 'day'] as const) {
    if (parts[k] === undefined) throw new ValueError(`${op}: expected ${k}, got none`);
  }
  const [y, m, d, h, mi, s] = KEYS.map((k) => part(op, k, parts[k] ?? 0));
  // Days from civil (H. Hinnant): the year starting in March, eras of 400 years.
  const ym = when(m!.le(2)).then(y!.sub(1)).otherwise(y!);
  const era = ym.floorDiv(400);
  const yoe = ym.sub(era.mul(400));
  const mp = when(m!.gt(2)).then(m!.sub(3)).otherwise(m!.add(9));
  const doy = mp.mul(153).add(2).floorDiv(5).add(d!).sub(1);
  const doe = yoe.mul(365).add(yoe.floorDiv(4)).sub(yoe.floorDiv(100)).add(doy);
  const days = era.mul(146_097).add(doe).sub(719_468);
  const us = days.mul(US_PER.day).add(h!.mul(US_PER.hour)).add(mi!.mul(US_PER.minute)).add(s!.mul(US_PER.second));
  const leap = floorMod(y!, 4).eq(0).and(floorMod(y!, 100).ne(0)).or(floorMod(y!, 400).eq(0));
  const monthDays = when(m!.eq(2)).then(when(leap).then(29).otherwise(28)).when(m!.isIn([4, 6, 9, 11])).then(30).otherwise(31);
  const valid = y!.between(-MAX_YEAR, MAX_YEAR)
    .and(m!.between(1, 12))
    .and(d!.ge(1)).and(d!.le(monthDays))
    .and(h!.between(0, 23)).and(mi!.between(0, 59)).and(s!.between(0, 59));
  return new Expr({ kind: 'timestamp', arg: when(valid).then(us).otherwise(null).node, unit: 'us' });
}
