// `gpuframe worker` (cli/worker.ts) through its real command line: the built bin/gpuframe.mjs
// spawned as a child, NDJSON requests on its stdin, replies on its stdout. Good partitions
// (Parquet, one row group, CSV), bad ones (a truncated Parquet file, a ragged CSV), a throwing
// pipeline, a pipeline that prints, an unwritable output: each failure is gpuframe's error
// naming the file, leaves no output (and no temporary file), and the worker serves the next
// request. The worker runs on the suite's backend (GPUFRAME_BACKEND is inherited).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';

const dir = mkdtempSync(join(tmpdir(), 'gpuframe-worker-test-'));
const at = (name: string) => join(dir, name);
type Reply = { id: number; ok: boolean; error?: { name: string; message: string; stage: string }; rows?: number; columns?: string[]; rowGroups?: number[] };

let child: ChildProcessWithoutNullStreams;
let stderr = '';
const pending = new Map<number, (r: Reply) => void>();
let nextId = 0;
function send(req: Record<string, unknown>): Promise<Reply> {
  const id = ++nextId;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    child.stdin.write(JSON.stringify({ id, ...req }) + '\n');
  });
}

const PIPELINE = `export default async function pipeline(df, { gf, params, partition }) {
  console.log('pipeline on', partition.path); // must not reach the replies
  if (params?.throw) throw new gf.ValueError('pipeline: expected params.throw to be unset, got ' + params.throw);
  if (params?.notAFrame) return 42;
  return (await df.filter(gf.col('v').gt(0))).withColumns({ w: gf.col('v').mul(2) });
}
`;

const data = new gf.DataFrame({
  k: ['a', 'b', 'a', 'c', 'b', 'a', 'c', 'a'],
  v: new Int32Array([5, -1, 7, 3, 0, 9, -4, 2]),
  x: new Float64Array([0.5, 1.25, -2, 4, 8.75, 1, 3, -0.25]),
});

beforeAll(async () => {
  await gf.init();
  writeFileSync(at('pipeline.mjs'), PIPELINE);
  await gf.writeParquet(data, at('part.parquet'), { rowGroupSize: 3 }); // row groups of 3, 3, 2
  await gf.writeCSV(data, at('part.csv'));
  const good = readFileSync(at('part.parquet'));
  writeFileSync(at('truncated.parquet'), good.subarray(0, good.length >> 1));
  writeFileSync(at('ragged.csv'), 'k,v,x\na,1,2\nb,2,3,4\n');
  child = spawn(process.execPath, ['bin/gpuframe.mjs', 'worker', '--pipeline', at('pipeline.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const r = JSON.parse(line) as Reply; // a line that is not a reply fails the test here
    pending.get(r.id)?.(r);
    pending.delete(r.id);
  });
});

afterAll(() => {
  child?.stdin.end();
  rmSync(dir, { recursive: true, force: true });
});

async function expected(df: gf.DataFrame): Promise<unknown[]> {
  return (await df.filter(gf.col('v').gt(0))).withColumns({ w: gf.col('v').mul(2) }).toRecords();
}

describe('gpuframe worker', () => {
  it('answers ping on the suite backend', async () => {
    const r = (await send({ op: 'ping' })) as Reply & { backend: string };
    expect(r.ok).toBe(true);
    expect(r.backend).toBe(gf.info().backend);
  });

  it('runs the pipeline on a Parquet partition, on one row group and on a CSV partition', async () => {
    const r = await send({ op: 'run', input: at('part.parquet'), output: at('out.parquet') });
    expect(r).toMatchObject({ ok: true, rows: 5, columns: ['k', 'v', 'x', 'w'] });
    expect(await (await gf.readParquet(at('out.parquet'))).toRecords()).toEqual(await expected(data));
    expect((await send({ op: 'describe', path: at('part.parquet') })).rowGroups).toEqual([3, 3, 2]);
    const g = await send({ op: 'run', input: { path: at('part.parquet'), rowGroup: 1 }, output: at('g1.arrow') });
    expect(g.ok).toBe(true);
    expect(await (await gf.readArrow(at('g1.arrow'))).toRecords()).toEqual(await expected(data.slice(3, 3)));
    const c = await send({ op: 'run', input: at('part.csv'), output: at('csv.arrow') });
    expect(c.ok).toBe(true);
    expect(await (await gf.readArrow(at('csv.arrow'))).toRecords()).toEqual(await expected(data));
    expect(stderr).toContain('pipeline on'); // the pipeline's console.log went to stderr
  });

  it('combines per-partition partial aggregates into the one-process groupBy result, exactly', async () => {
    const aggs: Record<string, gf.AggSpec> = { n: ['x', 'count'], s: ['x', 'sum'], m: ['v', 'mean'], lo: ['x', 'min'], hi: ['v', 'max'], sv: ['v', 'sum'] };
    const agg = { by: ['k'], aggs };
    const parts = [0, 1, 2].map((g) => ({ path: at('part.parquet'), rowGroup: g }));
    for (const [i, p] of parts.entries()) expect((await send({ op: 'run', input: p, output: at(`p${i}.arrow`), agg, pipeline: false })).ok).toBe(true);
    const c = await send({ op: 'combine', inputs: [0, 1, 2].map((i) => at(`p${i}.arrow`)), agg, output: at('c.parquet'), json: at('c.json') });
    expect(c).toMatchObject({ ok: true, rows: 3, columns: ['k', 'n', 's', 'm', 'lo', 'hi', 'sv'] });
    const one = await data.groupBy('k').agg(aggs);
    expect(await (await gf.readParquet(at('c.parquet'))).toRecords()).toEqual(await one.toRecords());
    expect(readFileSync(at('c.json'), 'utf8')).toBe(await gf.writeJSON(one));
    const f = await send({ op: 'run', input: parts, output: at('final.json'), agg: { ...agg, mode: 'final' }, pipeline: false });
    expect(f.ok).toBe(true);
    expect(readFileSync(at('final.json'), 'utf8')).toBe(await gf.writeJSON(one));
  });

  it('fails a partition that does not parse with ParseError naming the file, writes nothing, and serves on', async () => {
    const before = readdirSync(dir).sort();
    const t = await send({ op: 'run', input: at('truncated.parquet'), output: at('bad1.parquet') });
    expect(t.ok).toBe(false);
    expect(t.error).toMatchObject({ name: 'ParseError', stage: 'read' });
    expect(t.error!.message).toMatch(/^readParquet: expected /);
    expect(t.error!.message).toContain(at('truncated.parquet'));
    const r = await send({ op: 'run', input: at('ragged.csv'), output: at('bad2.parquet') });
    expect(r.error).toMatchObject({ name: 'ParseError', stage: 'read' });
    expect(r.error!.message).toContain(`readCSV: expected 3 fields, got 4 (${at('ragged.csv')}, row 3)`);
    expect(readdirSync(dir).sort()).toEqual(before); // no output, no temporary file
    expect((await send({ op: 'run', input: at('part.parquet'), output: at('after.parquet') })).ok).toBe(true);
  });

  it('fails a task whose pipeline throws (or returns no frame) with its error naming the file, and serves on', async () => {
    const before = readdirSync(dir).sort();
    const t = await send({ op: 'run', input: at('part.csv'), output: at('thrown.parquet'), params: { throw: 'yes' } });
    expect(t.error).toEqual({ name: 'ValueError', stage: 'pipeline', message: `pipeline: expected params.throw to be unset, got yes (pipeline ${at('pipeline.mjs')} on ${at('part.csv')})` });
    const n = await send({ op: 'run', input: at('part.csv'), output: at('nf.parquet'), params: { notAFrame: true } });
    expect(n.error?.message).toMatch(/^gpuframe worker: expected the pipeline to return a DataFrame, got number \(pipeline .*part\.csv\)$/);
    const w = await send({ op: 'run', input: at('part.csv'), output: join(dir, 'no', 'such', 'out.parquet') });
    expect(w.error).toMatchObject({ name: 'IOError', stage: 'write' });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect((await send({ op: 'run', input: at('part.csv'), output: at('after2.arrow') })).ok).toBe(true);
  });

  it('refuses malformed requests with a ValueError reply', async () => {
    const r = await send({ op: 'frobnicate' });
    expect(r.error).toMatchObject({ name: 'ValueError', stage: 'request' });
    expect(r.error!.message).toContain("expected op 'run' | 'combine' | 'describe' | 'ping' | 'shutdown', got \"frobnicate\"");
    const a = await send({ op: 'run', input: at('part.csv'), output: at('x.parquet'), agg: { by: ['k'], aggs: { q: ['x', 'median'] } } });
    expect(a.error!.message).toContain("run: expected agg.aggs.q as [column, 'count' | 'sum' | 'mean' | 'min' | 'max'], got");
    const f = await send({ op: 'run', input: at('part.txt'), output: at('x.parquet') });
    expect(f.error!.message).toContain("run: expected format 'parquet' | 'csv' | 'arrow'");
  });
});
