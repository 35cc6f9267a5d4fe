// The fuzz child: imports the built package (dist/, through `import('gpuframe')`) on the backend
// GPUFRAME_BACKEND names (the supervisor sets 'cpu'), then runs cases one after another, as
// the parent sends them over IPC. The parent's watchdog kills it on a hang or over memory.
//
// Messages in:  { type: 'seeds' } | { type: 'case', id, reader, files }
// Messages out: { type: 'ready' } | { type: 'seeds', seeds } | { type: 'result', id, outcome, detail, resultBytes }
// outcome: 'ok' | 'typed' (a GpuframeError) | 'untyped' (any other throw) | 'mismatch' (CSV engines).
// No uncaughtException/unhandledRejection handler on purpose: a reader that throws outside its
// promise, or leaves a rejection unhandled, kills this process and the case counts as a crash.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readerByName } from './readers.mjs';
import { makeSeeds } from './seeds.mjs';

const gf = await import('gpuframe');
const tmp = process.env.GPUFRAME_FUZZ_TMP ?? mkdtempSync(join(tmpdir(), 'gpuframe-fuzz-'));
// The seeds are made before 'ready', so a case's time limit covers the case alone.
const seeds = await makeSeeds(gf);

class EngineMismatch extends Error {}

/** Sum of the byteLength of every buffer of every column (children, offsets, validity and dictionaries included). */
function resultBytes(df) {
  let n = 0;
  for (const c of df.getColumns()) for (const b of c.buffers()) n += b.byteLength;
  return n;
}

/** A frame's names, types, row count and values as text, to compare two reads (bigints and NaN kept). */
async function describe(df) {
  const values = await Promise.all(df.getColumns().map((c) => c.toValues()));
  const text = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
  return text({ names: df.columns, dtypes: df.dtypes, rows: df.numRows, values });
}

const ctx = {
  tmp,
  get seeds() {
    return seeds;
  },
  describe,
  mismatch(detail) {
    throw new EngineMismatch(detail);
  },
};

async function runCase({ id, reader, files }) {
  const entry = readerByName(reader);
  if (!entry) return { type: 'result', id, outcome: 'untyped', detail: `no reader '${reader}'` };
  try {
    const df = await entry.run(gf, files, ctx);
    const bytes = resultBytes(df);
    // Read a few values back: a reader must not return a frame whose values cannot be read.
    await df.head(8).toRecords();
    df.dispose?.();
    return { type: 'result', id, outcome: 'ok', detail: `${df.numRows} rows × ${df.getColumns().length} columns`, resultBytes: bytes };
  } catch (e) {
    if (e instanceof EngineMismatch) return { type: 'result', id, outcome: 'mismatch', detail: e.message };
    const detail = `${e?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 500)}`;
    return { type: 'result', id, outcome: e instanceof gf.GpuframeError ? 'typed' : 'untyped', detail, stack: e instanceof gf.GpuframeError ? undefined : String(e?.stack ?? '').slice(0, 2000) };
  }
}

process.on('message', async (msg) => {
  if (msg.type === 'seeds') {
    process.send({ type: 'seeds', seeds });
    return;
  }
  if (msg.type === 'case') {
    const out = await runCase(msg);
    // Let a rejection the reader left unhandled fire now, so it counts against this case.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 0));
    process.send(out);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', backend: gf.info().backend });
