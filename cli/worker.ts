/**
 * `gpuframe worker`: a long-lived process that runs a user's pipeline over one partition per
 * request, for a scheduler that lives elsewhere (Dask through python/gpuframe_dask, Spark's
 * mapInArrow, a shell loop). It schedules nothing itself: it answers requests in order.
 *
 * Protocol: newline-delimited JSON over stdio. Each line on stdin is one request object; each
 * reply is one line on stdout with the request's `id`. Data never goes through the pipe: a
 * request names files (Parquet, CSV or Arrow IPC in; Parquet, Arrow IPC or JSON out). Anything
 * the pipeline prints (console.log included) goes to stderr, so stdout carries replies only.
 * The worker exits when stdin closes (after answering what it read) or on `{"op":"shutdown"}`.
 *
 * Requests (README "Scale out" documents them with examples):
 * - `{ id, op: 'run', input, output, outputFormat?, json?, agg?, params?, pipeline? }`: read the
 *   partition `input` (a path or `{ path, format?, rowGroup? }`, or a list of them, concatenated
 *   in order), run the pipeline on it (unless `pipeline: false`), then `agg` (`{ by, aggs, mode: 'partial' | 'final' }`, see
 *   ./partial-agg.ts) when given, and write the result to `output` (and a JSON copy to `json`).
 *   Reply: `{ id, ok: true, rows, columns, output }`.
 * - `{ id, op: 'combine', inputs, agg, output, outputFormat?, json? }`: concatenate partial
 *   aggregates (files written by 'run' with mode 'partial') in the order given, reduce them.
 * - `{ id, op: 'describe', path }`: `{ id, ok: true, rowGroups: [rows per row group] }`.
 * - `{ id, op: 'ping' }`: `{ id, ok: true, pid, backend }`.
 * A failure is `{ id, ok: false, error: { name, message, stage } }` (stage 'request', 'read',
 * 'pipeline', 'agg' or 'write'): the gpuframe error's class name and text, which name the file.
 * Outputs are written atomically (./partition.ts), so a failed request leaves no output.
 */
import { createInterface } from 'node:readline';
import * as gf from '../index.js';
import { checkAgg, combineAgg, finalAgg, partialAgg } from './partial-agg.js';
import { checkPartition, describeParquet, outputFormat, readPartition, writeAtomically, type Partition } from './partition.js';

/**
 * A pipeline module's default export: one partition's frame in, a frame out (or a promise of
 * one). `ctx.gf` is the gpuframe module the worker runs (use it, or `import 'gpuframe'` from the
 * same installation, so that frames are of one DataFrame class).
 */
export type Pipeline = (df: gf.DataFrame, ctx: PipelineContext) => gf.DataFrame | Promise<gf.DataFrame>;

/** What a pipeline is told about its partition. */
export interface PipelineContext {
  gf: typeof gf;
  /** The partition (the first one when a request lists several). */
  partition: Partition;
  /** Every partition of the request, in order. */
  partitions: Partition[];
  /** The request's `params`, as sent (JSON), or undefined. */
  params: unknown;
}

type Stage = 'request' | 'read' | 'pipeline' | 'agg' | 'write';

class StageError extends Error {
  constructor(readonly stage: Stage, override readonly cause: unknown, readonly where?: string) {
    super(String(cause));
  }
}

async function at<T>(stage: Stage, where: string | undefined, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new StageError(stage, e, where);
  }
}

/** The reply's error object: the error's class name and message, naming the file when it did not. */
function errorReply(e: unknown): { name: string; message: string; stage: Stage } {
  const stage = e instanceof StageError ? e.stage : 'request';
  const cause = e instanceof StageError ? e.cause : e;
  const where = e instanceof StageError ? e.where : undefined;
  const name = cause instanceof Error ? cause.name : 'Error';
  let message = cause instanceof Error ? cause.message : String(cause);
  if (where !== undefined && !message.includes(where)) message += ` (${where})`;
  return { name, message, stage };
}

function asList(op: string, v: unknown, what: string): unknown[] {
  if (Array.isArray(v) && v.length > 0) return v;
  throw new gf.ValueError(`${op}: expected ${what} as a non-empty list, got ${JSON.stringify(v)}`);
}

/** Serves requests from `input` lines, writing reply lines with `reply`, one request at a time. */
export class WorkerServer {
  constructor(
    private readonly pipeline: Pipeline | undefined,
    private readonly pipelineName: string | undefined,
  ) {}

  /** Handles one request line; never throws (a failure is an `ok: false` reply). */
  async handle(line: string): Promise<{ reply: Record<string, unknown>; stop: boolean }> {
    let id: unknown = null;
    try {
      let req: Record<string, unknown>;
      try {
        req = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new gf.ValueError(`gpuframe worker: expected one JSON object per line, got ${JSON.stringify(line.slice(0, 80))}`);
      }
      if (req === null || typeof req !== 'object' || Array.isArray(req)) throw new gf.ValueError(`gpuframe worker: expected a request object, got ${JSON.stringify(req)}`);
      id = req.id ?? null;
      const op = req.op;
      if (op === 'run') return { reply: { id, ok: true, ...(await this.run(req)) }, stop: false };
      if (op === 'combine') return { reply: { id, ok: true, ...(await this.combine(req)) }, stop: false };
      if (op === 'describe') {
        if (typeof req.path !== 'string') throw new gf.ValueError(`describe: expected path as a string, got ${JSON.stringify(req.path)}`);
        const path = req.path;
        return { reply: { id, ok: true, rowGroups: await at('read', path, () => describeParquet(path)) }, stop: false };
      }
      if (op === 'ping') return { reply: { id, ok: true, pid: process.pid, backend: gf.info().backend }, stop: false };
      if (op === 'shutdown') return { reply: { id, ok: true }, stop: true };
      throw new gf.ValueError(`gpuframe worker: expected op 'run' | 'combine' | 'describe' | 'ping' | 'shutdown', got ${JSON.stringify(op)}`);
    } catch (e) {
      return { reply: { id, ok: false, error: errorReply(e) }, stop: false };
    }
  }

  private async run(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const inputs = (Array.isArray(req.input) ? asList('run', req.input, 'input') : [req.input]).map((p) => checkPartition('run', p));
    const format = outputFormat('run', req.output, req.outputFormat);
    const output = req.output as string;
    if (req.json !== undefined && typeof req.json !== 'string') throw new gf.ValueError(`run: expected json as a path, got ${JSON.stringify(req.json)}`);
    const agg = req.agg === undefined ? undefined : checkAgg('run', req.agg);
    const mode = (req.agg as { mode?: unknown } | undefined)?.mode ?? 'partial';
    if (agg && mode !== 'partial' && mode !== 'final') throw new gf.ValueError(`run: expected agg.mode 'partial' | 'final', got ${JSON.stringify(mode)}`);
    const names = inputs.map((p) => (p.rowGroup === undefined ? p.path : `${p.path} row group ${p.rowGroup}`)).join(', ');
    const frames: gf.DataFrame[] = [];
    for (const p of inputs) frames.push(await at('read', p.path, () => readPartition(p)));
    let df = frames.length === 1 ? frames[0]! : await at('read', names, () => gf.concat(frames));
    if (req.pipeline !== undefined && typeof req.pipeline !== 'boolean') throw new gf.ValueError(`run: expected pipeline as a boolean, got ${JSON.stringify(req.pipeline)}`);
    if (this.pipeline && req.pipeline !== false) {
      const pipeline = this.pipeline;
      const ctx: PipelineContext = { gf, partition: inputs[0]!, partitions: inputs, params: req.params };
      const where = `pipeline ${this.pipelineName} on ${names}`;
      df = await at('pipeline', where, async () => {
        const out = await pipeline(df, ctx);
        if (!(out instanceof gf.DataFrame)) throw new gf.ValueError(`gpuframe worker: expected the pipeline to return a DataFrame, got ${out === null ? 'null' : typeof out}`);
        return out;
      });
    }
    if (agg) {
      const before = df;
      df = await at('agg', names, () => (mode === 'final' ? finalAgg(before, agg) : partialAgg(before, agg)));
    }
    return this.write(df, output, format, req.json as string | undefined);
  }

  private async combine(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const inputs = asList('combine', req.inputs, 'inputs').map((p) => checkPartition('combine', p));
    const format = outputFormat('combine', req.output, req.outputFormat);
    if (req.json !== undefined && typeof req.json !== 'string') throw new gf.ValueError(`combine: expected json as a path, got ${JSON.stringify(req.json)}`);
    const agg = checkAgg('combine', req.agg);
    const partials: gf.DataFrame[] = [];
    for (const p of inputs) partials.push(await at('read', p.path, () => readPartition(p)));
    const df = await at('agg', inputs.map((p) => p.path).join(', '), () => combineAgg(partials, agg));
    return this.write(df, req.output as string, format, req.json as string | undefined);
  }

  private async write(df: gf.DataFrame, output: string, format: ReturnType<typeof outputFormat>, json: string | undefined): Promise<Record<string, unknown>> {
    await at('write', output, () => writeAtomically(df, output, format));
    if (json !== undefined) await at('write', json, () => writeAtomically(df, json, 'json'));
    return { rows: df.numRows, columns: df.columns, output, ...(json === undefined ? {} : { json }) };
  }
}

/**
 * Runs the worker on this process's stdio until stdin closes or a shutdown request. stdout is
 * kept for replies: whatever else writes to it (the pipeline's console.log) goes to stderr.
 */
export async function serveStdio(server: WorkerServer): Promise<void> {
  const out = process.stdout;
  const writeReply = out.write.bind(out);
  (out as unknown as { write: typeof process.stderr.write }).write = process.stderr.write.bind(process.stderr);
  out.on('error', () => process.exit(0)); // the parent is gone (EPIPE): nobody reads replies
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { reply, stop } = await server.handle(line);
    await new Promise<void>((resolve) => writeReply(JSON.stringify(reply, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) + '\n', () => resolve()));
    if (stop) break;
  }
  lines.close();
}
