/**
 * `groupBy(keys).agg(...)` over a stream of batches: one state row per group, carried from
 * batch to batch, each batch folded in by the eager grouped aggregation (frame/verbs/
 * aggregate.ts, on whichever backend is initialised), so groups, key values, their order and
 * every op's rules are the eager path's.
 *
 * Each batch is folded in as one eager aggregation over `concat([state, batch])`: the state's
 * rows come first, so within each group the state row is followed by the batch's rows in
 * frame order. Per op, the state columns and the batch's rows are:
 * - count / len: an int64 count; the batch gives `x.isNotNull()` (len: 1) as int64; `sum`.
 * - sum: the running sum in the sum's type (float64, int64, uint64); the batch gives x cast
 *   to it; `sum`. The eager sum adds a group's values in row order from 0, so adding the
 *   batch's rows to the running sum in row order gives the same bits: float sums are
 *   identical to the in-memory path, not only close (integer sums are exact anyway).
 * - mean: sum and count as above; sum / count at the end (float64, as the eager mean).
 * - min, max, first, last: the value so far; the batch gives x; the same op.
 * - var, std: merged moments (Chan, Golub & LeVeque): the state keeps (n, mean, M2); the
 *   batch's own count, mean and var come from columns that are null in the state's rows,
 *   and the two are merged on the host: δ = mean_b − mean_a, n = n_a + n_b,
 *   mean = mean_a + δ·n_b/n, M2 = M2_a + M2_b + δ²·n_a·n_b/n; var = M2 / (n − 1). The eager
 *   var is two-pass (mean, then Σ(x − mean)²), so the streamed var agrees to rounding, not
 *   bit for bit (relative difference within 1e-12 on the tests' data; NaN/±Inf give NaN, as
 *   there).
 * median, nunique, quantile and list need a group's values together and are a ValueError.
 *
 * Cost: each batch regroups the state with it (O(groups + batch rows)); the state is held
 * in memory (at most memoryLimit / 2 bytes, else a ValueError).
 */
import { Column } from '../../src/column/column.js';
import { DataBuffer } from '../../src/memory/data-buffer.js';
import { DTypeError, ValueError } from '../../src/errors.js';
import { segResultType } from '../../kernels/groupby/group-reduce-cpu.js';
import type { DTypeName } from '../../src/dtypes.js';
import { DataFrame } from '../data-frame.js';
import { col, Expr, type ExprNode } from '../expr.js';
import { concat } from '../verbs/concat.js';
import { outputName } from '../verbs/agg-expr.js';
import { baseOps, type AggOp } from '../verbs/aggregate.js';
import { frameBytes } from './scan.js';

export type StreamOp = 'count' | 'len' | 'sum' | 'mean' | 'min' | 'max' | 'var' | 'std' | 'first' | 'last';
const STREAM_OPS: readonly StreamOp[] = ['count', 'len', 'sum', 'mean', 'min', 'max', 'var', 'std', 'first', 'last'];

/** One aggregation: output name, input (a column name, or an expression evaluated per batch), op. */
export interface StreamItem {
  out: string;
  input: string | Expr;
  op: StreamOp;
}

const P = '\u0000s'; // internal column names (never a user's)

/** `agg`'s arguments (the object form or expressions `col(x).op()`, aliased or not) as items. */
export function planItems(op: string, keys: readonly string[], args: ReadonlyArray<unknown>): StreamItem[] {
  const items: StreamItem[] = [];
  if (args.length > 0 && args.every((a) => a instanceof Expr)) {
    for (const e of args as Expr[]) {
      let n: ExprNode = e.node;
      const out = outputName(n);
      while (n.kind === 'alias') n = n.arg;
      if (n.kind !== 'agg' || JSON.stringify(n.arg).includes('"kind":"agg"')) throw new ValueError(`${op}: expected an aggregation of a row-wise expression (col('x').sum(), col('a').mul(col('b')).mean().alias('m')), got ${e.toString()}`);
      const o = n.op as string;
      if (!(STREAM_OPS as readonly string[]).includes(o)) throw new ValueError(`${op}: expected ${STREAM_OPS.join(' | ')} in a streamed aggregation (median, nUnique, quantile and list need a group's values together: collect() first), got '${o}'`);
      items.push({ out, input: n.arg.kind === 'col' ? n.arg.name : new Expr(n.arg), op: o as StreamOp });
    }
  } else {
    const spec = args[0];
    if (args.length !== 1 || spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ValueError(`${op}: expected expressions (col('x').mean(), ...) or one object { out: [column, op] }, got ${args.length} arguments`);
    for (const [out, s] of Object.entries(spec)) {
      if (!Array.isArray(s) || s.length !== 2 || typeof s[0] !== 'string' || typeof s[1] !== 'string') throw new ValueError(`${op}: expected [column, op] for output '${out}', got ${JSON.stringify(s) ?? typeof s}`);
      if (!(STREAM_OPS as readonly string[]).includes(s[1]) || s[1] === 'len') throw new ValueError(`${op}: expected ${STREAM_OPS.filter((x) => x !== 'len').join(' | ')} for '${out}' in a streamed aggregation (median, nunique and list need a group's values together: collect() first), got '${s[1]}'`);
      items.push({ out, input: s[0], op: s[1] as StreamOp });
    }
  }
  const names = items.map((i) => i.out);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new ValueError(`${op}: expected distinct output names, got '${dup}' twice`);
  const key = names.find((n) => keys.includes(n));
  if (key !== undefined) throw new ValueError(`${op}: expected output names distinct from the keys, got '${key}'`);
  return items;
}

const nullColumn = (type: 'int64' | 'float64', n: number): Column =>
  new Column({ type, data: DataBuffer.fromHost(type === 'int64' ? new BigInt64Array(n) : new Float64Array(n)), validity: DataBuffer.fromHost(new Uint8Array(Math.ceil(n / 8))) });

const ones = (n: number): Column => new Column({ type: 'int64', data: DataBuffer.fromHost(new BigInt64Array(n).fill(1n)) });

/** The fold of a stream of batches into group states; `result()` gives the eager path's frame. */
export class StreamAggregator {
  private state: DataFrame | undefined;
  private sumTypes: DTypeName[] = [];

  constructor(
    private readonly op: string,
    private readonly keys: readonly string[],
    private readonly items: readonly StreamItem[],
    private readonly memoryLimit?: number,
  ) {}

  /** The batch's inputs, checked against the ops (types as the eager agg's). */
  private async inputs(batch: DataFrame): Promise<Column[]> {
    const cols: Column[] = [];
    for (const it of this.items) {
      const c = typeof it.input === 'string' ? batch.column(it.input) : await batch.eval(it.input);
      const allowed: string[] = it.op === 'len' ? ['len'] : baseOps(c);
      if (!allowed.includes(it.op) || ((it.op === 'sum' || it.op === 'mean') && (c.type === 'date' || c.type === 'timestamp'))) {
        throw new DTypeError(`${this.op}: expected ${baseOps(c).filter((o) => (STREAM_OPS as readonly string[]).includes(o) && !((o === 'sum' || o === 'mean') && (c.type === 'date' || c.type === 'timestamp'))).join(' | ')} for '${typeof it.input === 'string' ? it.input : it.input.toString()}' (${c.type}) in '${it.out}', got '${it.op}'`);
      }
      cols.push(c);
    }
    return cols;
  }

  /** Fold one batch in. */
  async add(batch: DataFrame): Promise<void> {
    for (const k of this.keys) batch.column(k);
    const xs = await this.inputs(batch);
    const n = batch.numRows;
    const cols: Array<[string, Column]> = this.keys.map((k) => [k, batch.column(k)]);
    const exprs: Record<string, Expr> = {};
    const tmp = batch.withColumns(Object.fromEntries(xs.map((c, i) => [`${P}x${i}`, c])));
    this.items.forEach((it, i) => {
      const x = col(`${P}x${i}`);
      if (it.op === 'count' || it.op === 'mean') exprs[`${P}c${i}`] = x.isNotNull().cast('int64');
      if (it.op === 'sum' || it.op === 'mean') {
        const t = (this.sumTypes[i] ??= segResultType('sum', xs[i]!.data.dtype === 'bool' ? 'uint32' : (xs[i]!.data.dtype as DTypeName)));
        exprs[`${P}s${i}`] = xs[i]!.data.dtype === t ? x : x.cast(t as 'float64' | 'int64' | 'uint64');
      }
      if (it.op === 'var' || it.op === 'std') exprs[`${P}b${i}`] = x.cast('float64');
    });
    const evaluated = Object.keys(exprs).length > 0 ? tmp.withColumns(exprs) : tmp;
    this.items.forEach((it, i) => {
      if (it.op === 'len') cols.push([`${P}c${i}`, ones(n)]);
      if (it.op === 'count' || it.op === 'mean') cols.push([`${P}c${i}`, evaluated.column(`${P}c${i}`)]);
      if (it.op === 'sum' || it.op === 'mean') cols.push([`${P}s${i}`, evaluated.column(`${P}s${i}`)]);
      if (it.op === 'min' || it.op === 'max' || it.op === 'first' || it.op === 'last') cols.push([`${P}v${i}`, xs[i]!]);
      if (it.op === 'var' || it.op === 'std') {
        cols.push([`${P}n${i}`, nullColumn('int64', n)], [`${P}m${i}`, nullColumn('float64', n)], [`${P}q${i}`, nullColumn('float64', n)], [`${P}b${i}`, evaluated.column(`${P}b${i}`)]);
      }
    });
    const part = new DataFrame(cols);
    const whole = this.state ? concat([this.state, part]) : part;
    const spec: Record<string, [string, AggOp]> = {};
    this.items.forEach((it, i) => {
      if (it.op === 'count' || it.op === 'len' || it.op === 'mean') spec[`${P}c${i}`] = [`${P}c${i}`, 'sum'];
      if (it.op === 'sum' || it.op === 'mean') spec[`${P}s${i}`] = [`${P}s${i}`, 'sum'];
      if (it.op === 'min' || it.op === 'max' || it.op === 'first' || it.op === 'last') spec[`${P}v${i}`] = [`${P}v${i}`, it.op];
      if (it.op === 'var' || it.op === 'std') {
        for (const k of ['n', 'm', 'q']) spec[`${P}${k}${i}`] = [`${P}${k}${i}`, 'first'];
        spec[`${P}B${i}`] = [`${P}b${i}`, 'count'];
        spec[`${P}M${i}`] = [`${P}b${i}`, 'mean'];
        spec[`${P}V${i}`] = [`${P}b${i}`, 'var'];
      }
    });
    const g = await (await whole.groupBy([...this.keys]).agg(spec)).collect();
    this.state = mergeMoments(g, this.keys, this.items);
    if (this.memoryLimit !== undefined) {
      const bytes = frameBytes(this.state);
      if (bytes > this.memoryLimit / 2) {
        throw new ValueError(`${this.op}: expected group states within memoryLimit / 2 = ${Math.floor(this.memoryLimit / 2)} bytes, got ${this.state.numRows} groups taking ${bytes} bytes`);
      }
    }
  }

  /** The aggregated frame: keys, then one column per item (as the eager `agg` gives it). */
  async result(empty: DataFrame): Promise<DataFrame> {
    if (!this.state) await this.add(empty);
    const s = this.state!;
    const G = s.numRows;
    const out: Array<[string, Column]> = this.keys.map((k) => [k, s.column(k)]);
    this.items.forEach((it, i) => {
      const c = s.getColumns()[s.names.indexOf(`${P}c${i}`)];
      if (it.op === 'count' || it.op === 'len') out.push([it.out, c!]);
      else if (it.op === 'sum') out.push([it.out, s.column(`${P}s${i}`)]);
      else if (it.op === 'mean') {
        const sum = s.column(`${P}s${i}`).data.hostView(this.op) as Float64Array | BigInt64Array | BigUint64Array;
        const cnt = c!.data.hostView(this.op) as BigInt64Array;
        const v = new Float64Array(G);
        const ok = new Uint8Array(Math.ceil(G / 8));
        for (let g = 0; g < G; g++) {
          if (cnt[g]! === 0n) continue;
          v[g] = Number(sum[g]!) / Number(cnt[g]!);
          ok[g >> 3]! |= 1 << (g & 7);
        }
        out.push([it.out, new Column({ type: 'float64', data: DataBuffer.fromHost(v), validity: DataBuffer.fromHost(ok) })]);
      } else if (it.op === 'var' || it.op === 'std') {
        const nn = s.column(`${P}n${i}`).data.hostView(this.op) as BigInt64Array;
        const m2 = s.column(`${P}q${i}`).data.hostView(this.op) as Float64Array;
        const v = new Float64Array(G);
        const ok = new Uint8Array(Math.ceil(G / 8));
        for (let g = 0; g < G; g++) {
          const k = Number(nn[g]!);
          if (k < 2) continue;
          const x = m2[g]! / (k - 1);
          v[g] = it.op === 'std' ? Math.sqrt(x) : x;
          ok[g >> 3]! |= 1 << (g & 7);
        }
        out.push([it.out, new Column({ type: 'float64', data: DataBuffer.fromHost(v), validity: DataBuffer.fromHost(ok) })]);
      } else out.push([it.out, s.column(`${P}v${i}`)]);
    });
    return new DataFrame(out);
  }
}

/** The next state from one fold's aggregated frame: the var/std moments merged (Chan et al.). */
function mergeMoments(g: DataFrame, keys: readonly string[], items: readonly StreamItem[]): DataFrame {
  const G = g.numRows;
  const cols: Array<[string, Column]> = keys.map((k) => [k, g.column(k)]);
  const valid = (c: Column, r: number): boolean => !c.validity || ((c.validity.hostView('groupBy.agg') as Uint8Array)[r >> 3]! >> (r & 7)) % 2 === 1;
  items.forEach((it, i) => {
    if (it.op === 'count' || it.op === 'len' || it.op === 'mean') cols.push([`${P}c${i}`, g.column(`${P}c${i}`)]);
    if (it.op === 'sum' || it.op === 'mean') cols.push([`${P}s${i}`, g.column(`${P}s${i}`)]);
    if (it.op === 'min' || it.op === 'max' || it.op === 'first' || it.op === 'last') cols.push([`${P}v${i}`, g.column(`${P}v${i}`)]);
    if (it.op !== 'var' && it.op !== 'std') return;
    const [na, ma, qa, nb, mb, vb] = ['n', 'm', 'q', 'B', 'M', 'V'].map((k) => g.column(`${P}${k}${i}`));
    const naV = na!.data.hostView('groupBy.agg') as BigInt64Array;
    const maV = ma!.data.hostView('groupBy.agg') as Float64Array;
    const qaV = qa!.data.hostView('groupBy.agg') as Float64Array;
    const nbV = nb!.data.hostView('groupBy.agg') as BigInt64Array;
    const mbV = mb!.data.hostView('groupBy.agg') as Float64Array;
    const vbV = vb!.data.hostView('groupBy.agg') as Float64Array;
    const n = new BigInt64Array(G);
    const m = new Float64Array(G);
    const q = new Float64Array(G);
    for (let r = 0; r < G; r++) {
      const a = valid(na!, r) ? Number(naV[r]!) : 0;
      const b = Number(nbV[r]!);
      const am = a > 0 ? maV[r]! : 0;
      const aq = a > 0 ? qaV[r]! : 0;
      const bm = b > 0 ? mbV[r]! : 0;
      const bq = b > 1 ? (valid(vb!, r) ? vbV[r]! : NaN) * (b - 1) : 0;
      const k = a + b;
      n[r] = BigInt(k);
      if (a === 0) {
        m[r] = bm;
        q[r] = bq;
      } else if (b === 0) {
        m[r] = am;
        q[r] = aq;
      } else {
        const d = bm - am;
        m[r] = am + (d * b) / k;
        q[r] = aq + bq + ((d * d) * a * b) / k;
      }
    }
    cols.push([`${P}n${i}`, new Column({ type: 'int64', data: DataBuffer.fromHost(n) })], [`${P}m${i}`, new Column({ type: 'float64', data: DataBuffer.fromHost(m) })], [`${P}q${i}`, new Column({ type: 'float64', data: DataBuffer.fromHost(q) })], [`${P}b${i}`, nullColumn('float64', G)]);
  });
  return new DataFrame(cols);
}
