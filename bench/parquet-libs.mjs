// Which Parquet library should gpuframe use? Measures hyparquet (+ hyparquet-compressors,
// hyparquet-writer) against parquet-wasm (Parquet <-> Arrow IPC, then apache-arrow) on:
//   1. the real file vega-datasets/data/flights-3m.parquet (3e6 rows, 11 row groups, ZSTD,
//      INT64 timestamp[us] + two INT64 + two dictionary-encoded strings, written by Polars);
//   2. a generated 1e6-row numeric file (int32, int64 beyond 2^53, float64, float64 with 10%
//      nulls, timestamp[us]), written by parquet-wasm with snappy;
//   3. correctness: int64 at ±2^63 ends and 2^53 ± 1, timestamps in ms/us/ns, written by
//      each writer and read back by each reader, compared bit for bit;
//   4. write time of the generated columns (snappy), and which codecs each writer offers.
//
// Each read runs in a child process of its own (so its peak RSS is its own): 1 warm-up,
// then 3 timed runs; we report median (min) ms and the child's peak RSS above its RSS
// just before the first read. The end product of a read is typed columns: hyparquet's JS
// arrays of nullable numbers/bigints are converted to typed arrays + a validity bitmap (that
// is part of what gpuframe would have to do with them); parquet-wasm's product is an
// apache-arrow Table (already typed arrays + bitmaps). Strings stay as each library gives them.
//
// Run: node bench/parquet-libs.mjs   (needs hyparquet, hyparquet-compressors, hyparquet-writer,
// parquet-wasm, apache-arrow and vega-datasets installed; a missing one is reported and skipped:
// `npm i --no-save hyparquet hyparquet-compressors hyparquet-writer vega-datasets` for the
// libraries gpuframe does not depend on).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const require = createRequire(here);

async function tryImport(name) {
  try {
    return await import(name);
  } catch {
    return undefined;
  }
}

function flightsPath() {
  try {
    const p = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'flights-3m.parquet');
    if (existsSync(p)) return p;
  } catch {}
  try {
    const p = join(dirname(require.resolve('vega-datasets/package.json')), 'data', 'flights-3m.parquet');
    if (existsSync(p)) return p;
  } catch {}
  return undefined;
}

// ---- readers: file bytes -> typed columns -------------------------------------------------

/** hyparquet: onChunk per column chunk; numbers/bigints into typed arrays + validity. */
async function readHyparquet(bytes, columns) {
  const { parquetRead, parquetMetadata } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const md = parquetMetadata(ab);
  const n = Number(md.num_rows);
  const out = {};
  const exact = { timestampFromMilliseconds: (v) => v, timestampFromMicroseconds: (v) => v, timestampFromNanoseconds: (v) => v, dateFromDays: (v) => v };
  await parquetRead({
    file: ab,
    columns,
    compressors,
    parsers: exact,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const s = columnData;
      let o = out[columnName];
      if (!o) {
        const first = s.find?.((v) => v !== null && v !== undefined) ?? s[0];
        const kind = typeof first === 'bigint' ? 'big' : typeof first === 'number' ? 'num' : 'other';
        o = out[columnName] = { kind, values: kind === 'big' ? new BigInt64Array(n) : kind === 'num' ? new Float64Array(n) : new Array(n), valid: new Uint8Array((n + 7) >> 3) };
      }
      const { values, valid } = o;
      for (let i = 0; i < s.length; i++) {
        const v = s[i];
        const r = rowStart + i;
        if (v === null || v === undefined) continue;
        values[r] = v;
        valid[r >> 3] |= 1 << (r & 7);
      }
    },
  });
  return out;
}

/**
 * parquet-wasm, as gpuframe's readParquet uses it: the sync reader over at most 8 calls (one row
 * group per call up to 8 groups; wasm memory only grows, so this bounds it), Parquet -> Arrow
 * IPC stream (in wasm) -> apache-arrow Table, projection after decoding. (0.8's async
 * ParquetFile.read honours `columns` but traps on a corrupt page; see src/io/parquet.ts.)
 */
async function readParquetWasm(bytes, columns) {
  const pw = await import('parquet-wasm');
  const { tableFromIPC } = await import('apache-arrow');
  const file = await pw.ParquetFile.fromFile(new Blob([bytes]));
  const sizes = file.metadata().rowGroups().map((g) => g.numRows());
  file.free();
  const groups = sizes.map((_, i) => i);
  const per = Math.max(1, Math.ceil(groups.length / 8));
  const batches = [];
  for (let k = 0; k < groups.length; k += per) {
    const part = groups.slice(k, k + per);
    const t = tableFromIPC(pw.readParquet(bytes, { rowGroups: part, batchSize: Math.max(...part.map((g) => sizes[g])) }).intoIPCStream());
    batches.push(...(columns ? t.select(columns) : t).batches);
  }
  const { Table } = await import('apache-arrow');
  return new Table(batches);
}

const READERS = { hyparquet: readHyparquet, 'parquet-wasm': readParquetWasm };

// ---- child: time one reader on one file ----------------------------------------------------

async function child(lib, file, cols) {
  const columns = cols ? cols.split(',') : undefined;
  const bytes = new Uint8Array(readFileSync(file));
  await import(lib === 'hyparquet' ? 'hyparquet' : 'parquet-wasm');
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const times = [];
  let cold = 0;
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now();
    const res = await READERS[lib](bytes, columns);
    const dt = performance.now() - t0;
    if (r > 0) times.push(dt);
    else cold = dt;
    if (r === 0) globalThis.__keep = res; // keep one result alive: the memory a user holds
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ cold, median: times[1], min: times[0], peakMB: (peak - before) / 2 ** 20 }));
}

// ---- generated file and correctness fixtures ------------------------------------------------

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(n, path) {
  const arrow = await import('apache-arrow');
  const pw = await import('parquet-wasm');
  const r = rng(42);
  const i32 = new Int32Array(n);
  const i64 = new BigInt64Array(n);
  const f64 = new Float64Array(n);
  const f64n = new Float64Array(n);
  const ts = new BigInt64Array(n);
  const valid = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    i32[i] = Math.floor((r() - 0.5) * 2e9);
    i64[i] = 2n ** 53n + BigInt(Math.floor((r() - 0.5) * 1e12)) * 1000n;
    f64[i] = (r() - 0.5) * 1e6;
    f64n[i] = r();
    if (r() < 0.1) nulls++;
    else valid[i >> 3] |= 1 << (i & 7);
    ts[i] = 1_600_000_000_000_000n + BigInt(Math.floor(r() * 1e13));
  }
  const mk = (type, data, nullBitmap, nullCount = 0) => arrow.makeData({ type, length: n, data, nullBitmap, nullCount });
  const table = new arrow.Table({
    i32: arrow.makeVector(mk(new arrow.Int32(), i32)),
    i64: arrow.makeVector(mk(new arrow.Int64(), i64)),
    f64: arrow.makeVector(mk(new arrow.Float64(), f64)),
    f64_nulls: arrow.makeVector(mk(new arrow.Float64(), f64n, valid, nulls)),
    ts: arrow.makeVector(mk(new arrow.TimestampMicrosecond(), ts)),
  });
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
  writeFileSync(path, pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), props));
  return { table, cols: { i32, i64, f64, f64n, ts } };
}

/** Write the edge values with each writer, read with each reader, compare bits. */
async function correctness() {
  const arrow = await import('apache-arrow');
  const pw = await tryImport('parquet-wasm');
  const hw = await tryImport('hyparquet-writer');
  const edge = new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 9007199254740993n, 0n, -1n]);
  const ts = { ms: new BigInt64Array([-62135596800000n, 253402300799999n, 1n, 1_700_000_000_123n]), us: new BigInt64Array([1_700_000_000_123_457n, -1n, 2n ** 53n + 1n, 0n]), ns: new BigInt64Array([1_700_000_000_123_456_789n, 2n ** 62n + 1n, -(2n ** 62n) - 3n, 0n]) };
  const files = {};
  if (pw) {
    const t = new arrow.Table({
      i64: arrow.makeVector(arrow.makeData({ type: new arrow.Int64(), length: 7, data: edge })),
      ...Object.fromEntries(Object.entries(ts).map(([u, d]) => [`ts_${u}`, arrow.makeVector(arrow.makeData({ type: new arrow.Timestamp({ ms: 1, us: 2, ns: 3 }[u]), length: 7, data: d.length === 7 ? d : Object.assign(new BigInt64Array(7), { 0: d[0], 1: d[1], 2: d[2], 3: d[3] }) }))])),
    });
    files['parquet-wasm'] = pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(t, 'stream')));
  }
  if (hw) {
    const pad = (d) => Object.assign(new BigInt64Array(7), { 0: d[0], 1: d[1], 2: d[2], 3: d[3] });
    // hyparquet-writer's 'TIMESTAMP' type takes Date objects (ms); exact us/ns need a schema.
    const schema = [
      { name: 'root', num_children: 4 },
      { name: 'i64', type: 'INT64', repetition_type: 'REQUIRED' },
      ...['ms', 'us', 'ns'].map((u) => ({ name: `ts_${u}`, type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: { ms: 'MILLIS', us: 'MICROS', ns: 'NANOS' }[u] } })),
    ];
    files['hyparquet-writer'] = new Uint8Array(hw.parquetWriteBuffer({ schema, columnData: [{ name: 'i64', data: edge }, ...['ms', 'us', 'ns'].map((u) => ({ name: `ts_${u}`, data: pad(ts[u]) }))] }));
  }
  const results = [];
  for (const [writer, bytes] of Object.entries(files)) {
    for (const [reader, read] of Object.entries(READERS)) {
      let ok = true;
      let note = '';
      try {
        const got = await read(bytes);
        const get = (name) => (got.getChild ? got.getChild(name).toArray() : got[name].values);
        const cmp = (a, b, k) => {
          for (let i = 0; i < b.length; i++) if (BigInt(a[i]) !== b[i]) { ok = false; note ||= `${k}[${i}]: ${a[i]} != ${b[i]}`; }
        };
        cmp(get('i64'), edge, 'i64');
        for (const u of ['ms', 'us', 'ns']) cmp(get(`ts_${u}`), ts[u], `ts_${u}`);
      } catch (e) {
        ok = false;
        note = String(e.message).slice(0, 80);
      }
      results.push({ writer, reader, ok, note });
    }
  }
  return results;
}

async function writes(n) {
  const g = await generate(n, join(mkdtempSync(join(tmpdir(), 'pq-')), 'w.parquet'));
  const out = {};
  const arrow = await import('apache-arrow');
  const pw = await tryImport('parquet-wasm');
  const hw = await tryImport('hyparquet-writer');
  const time = (f) => {
    const ts = [];
    let size = 0;
    for (let r = 0; r < 4; r++) {
      const t0 = performance.now();
      size = f().byteLength;
      if (r > 0) ts.push(performance.now() - t0);
    }
    ts.sort((a, b) => a - b);
    return { median: ts[1], min: ts[0], size };
  };
  if (pw) {
    const props = () => new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
    out['parquet-wasm'] = time(() => pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(g.table, 'stream')), props()));
  }
  if (hw) {
    const { i32, i64, f64, f64n, ts } = g.cols;
    const valid = g.table.getChild('f64_nulls').data[0].nullBitmap;
    out['hyparquet-writer'] = time(() => {
      const nullable = new Array(n);
      for (let i = 0; i < n; i++) nullable[i] = (valid[i >> 3] >> (i & 7)) & 1 ? f64n[i] : null;
      return hw.parquetWriteBuffer({
        codec: 'SNAPPY',
        schema: [
          { name: 'root', num_children: 5 },
          { name: 'i32', type: 'INT32', repetition_type: 'REQUIRED' },
          { name: 'i64', type: 'INT64', repetition_type: 'REQUIRED' },
          { name: 'f64', type: 'DOUBLE', repetition_type: 'REQUIRED' },
          { name: 'f64_nulls', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
          { name: 'ts', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } },
        ],
        columnData: [{ name: 'i32', data: i32 }, { name: 'i64', data: i64 }, { name: 'f64', data: f64 }, { name: 'f64_nulls', data: nullable }, { name: 'ts', data: ts }],
      });
    });
  }
  return out;
}

// ---- main ------------------------------------------------------------------------------------

function runChild(lib, file, cols) {
  const r = spawnSync(process.execPath, ['--expose-gc', here, '--child', lib, file, cols ?? ''], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return { error: (r.stderr || '').trim().split('\n').slice(-1)[0] };
  return JSON.parse(r.stdout);
}

async function main() {
  const libs = [];
  if ((await tryImport('hyparquet')) && (await tryImport('hyparquet-compressors'))) libs.push('hyparquet');
  else console.log('hyparquet (+ hyparquet-compressors) not installed: skipped');
  if (await tryImport('parquet-wasm')) libs.push('parquet-wasm');
  else console.log('parquet-wasm not installed: skipped');

  const gen = join(mkdtempSync(join(tmpdir(), 'pq-')), 'gen-1e6.parquet');
  await generate(1e6, gen);
  const cases = [['generated 1e6 × 5 numeric (snappy)', gen, undefined]];
  const flights = flightsPath();
  if (flights) {
    cases.unshift(['flights-3m, all 5 columns', flights, undefined], ['flights-3m, date + delay', flights, 'date,delay']);
  } else console.log('vega-datasets not installed: flights-3m skipped');

  console.log('\n| file | library | first read ms (cold) | read ms, median (min) of 3 more | peak RSS above start |');
  console.log('|---|---|---|---|---|');
  for (const [label, file, cols] of cases) {
    for (const lib of libs) {
      const r = runChild(lib, file, cols);
      const cell = r.error ? `error: ${r.error} | –` : `${r.cold.toFixed(0)} | ${r.median.toFixed(0)} (${r.min.toFixed(0)})`;
      console.log(`| ${label} | ${lib} | ${cell} | ${r.error ? '–' : `${r.peakMB.toFixed(0)} MB`} |`);
    }
  }

  console.log('\n| writer (1e6 × 5, snappy) | ms, median (min) | bytes |');
  console.log('|---|---|---|');
  for (const [lib, w] of Object.entries(await writes(1e6))) console.log(`| ${lib} | ${w.median.toFixed(0)} (${w.min.toFixed(0)}) | ${w.size} |`);

  console.log('\n| written by | read by | int64 ±2^63, 2^53±1 and timestamps ms/us/ns exact? |');
  console.log('|---|---|---|');
  for (const c of await correctness()) console.log(`| ${c.writer} | ${c.reader} | ${c.ok ? 'yes' : `NO: ${c.note}`} |`);
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5] || undefined);
else await main();
