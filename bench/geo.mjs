#!/usr/bin/env node
// npm run bench:geo — nested and geometry columns against their baselines, in one process:
//  1. list gather: a list<float64> column of 1e7 child values, all rows in a random order, on
//     the CPU backend (and WebGPU when an adapter is present), against a flat gather of the same
//     1e7 float64 values at the same child positions (the bytes the list gather moves).
//  2. readGeoJSON of a ~100 MB FeatureCollection (points, 3 properties) against JSON.parse alone
//     (both include reading the file).
//  3. GeoParquet read of 1e6 points: gpuframe's readParquet (WKB and native encodings) against
//     hyparquet reading the same WKB file, and GeoPandas reading the same points from FlatGeobuf
//     (its fastest format here: Debian has no pyarrow, so no Parquet) in a Python subprocess that
//     times only the read.
// Medians of BENCH_RUNS (default 3) runs after a warm-up. Writes the table into BENCHMARKS.md
// between the bench:geo markers (BENCH_NO_WRITE=1 prints only).
import { cpus, totalmem, tmpdir } from 'node:os';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as gf from '../dist/index.js';
import { mulberry32 } from '../dist/src/random.js';
import { gatherColumn } from '../dist/frame/verbs/take.js';
import { gather } from '../dist/kernels/gather/gather.js';
import { listGather } from '../dist/kernels/gather/list-gather.js';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn, runs = RUNS) {
  await fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const rows = [];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

// 1. List gather at 1e7 child values.
{
  const r = mulberry32(7);
  const n = 1_000_000;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + Math.floor(r() * 21); // 0..20, mean 10
  const total = offsets[n];
  const values = new Float64Array(total);
  for (let i = 0; i < total; i++) values[i] = r() * 1e6;
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const backends = ['cpu', ...(gf.hasWebGPU() || process.env.GPUFRAME_BACKEND === 'webgpu' ? ['webgpu'] : [])];
  for (const backend of backends) {
    if (backend === 'webgpu') await gf.init({ backend: 'webgpu', quiet: true });
    await gf.withBackendAsync(backend, async () => {
      const list = new gf.Column({ type: 'list', data: gf.array(offsets), children: [gf.Column.from(values)] });
      const idx = gf.array(perm);
      // The child positions the list gather reads, for the flat baseline (same bytes, same order).
      const plan = listGather(list.data, idx, { capacity: total, inRange: true });
      const childRows = plan.rows;
      const flat = list.children[0].data;
      const listMs = await time(async () => {
        const out = gatherColumn(list, idx);
        if (backend === 'webgpu') await gf.sync();
        out.dispose();
      });
      const flatMs = await time(async () => {
        const out = gather(flat, childRows, { inRange: true });
        if (backend === 'webgpu') await gf.sync();
        out.values.dispose();
        out.validity?.dispose();
      });
      rows.push(['list gather (1e6 lists, 1e7 float64 values, random order)', backend, `${fmt(listMs)} ms`, `flat gather of the same 1e7 values: ${fmt(flatMs)} ms`, `${(listMs / flatMs).toFixed(2)}×`, 'within 2×']);
      plan.offsets.dispose();
      childRows.dispose();
      list.dispose();
      idx.dispose();
    });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-geo-'));
try {
  // 2. readGeoJSON of ~100 MB.
  {
    const r = mulberry32(11);
    const path = join(dir, 'points.geojson');
    const parts = ['{"type":"FeatureCollection","features":['];
    const n = Number(process.env.BENCH_GEOJSON_FEATURES ?? 900_000);
    for (let i = 0; i < n; i++) {
      const lon = (r() * 360 - 180).toFixed(7);
      const lat = (r() * 180 - 90).toFixed(7);
      parts.push(`${i ? ',' : ''}{"type":"Feature","properties":{"id":${i},"name":"station ${i % 5000}","value":${(r() * 1000).toFixed(3)}},"geometry":{"type":"Point","coordinates":[${lon},${lat}]}}`);
    }
    parts.push(']}');
    writeFileSync(path, parts.join(''));
    const mb = statSync(path).size / 1e6;
    const parseMs = await time(async () => JSON.parse(readFileSync(path, 'utf8')));
    const gfMs = await time(async () => (await gf.withBackendAsync('cpu', () => gf.readGeoJSON(path))).dispose());
    rows.push([`readGeoJSON, ${n.toLocaleString('en-US')} point features, ${mb.toFixed(0)} MB`, 'cpu', `${fmt(gfMs)} ms`, `JSON.parse alone: ${fmt(parseMs)} ms`, `${(gfMs / parseMs).toFixed(2)}×`, 'within 1.5×']);
  }

  // 3. GeoParquet read of 1e6 points.
  {
    const r = mulberry32(13);
    const n = 1_000_000;
    const xy = new Float64Array(2 * n);
    const id = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      xy[2 * i] = r() * 360 - 180;
      xy[2 * i + 1] = r() * 180 - 90;
      id[i] = i;
    }
    const df = new gf.DataFrame({ id, geometry: new gf.Column({ type: 'point', data: gf.array(xy), crs: 'OGC:CRS84' }) });
    const wkbPath = join(dir, 'points-wkb.parquet');
    const nativePath = join(dir, 'points-native.parquet');
    await gf.writeParquet(df, wkbPath, { geometryEncoding: 'wkb' });
    await gf.writeParquet(df, nativePath, { geometryEncoding: 'geoarrow' });
    const readWkb = await time(async () => (await gf.withBackendAsync('cpu', () => gf.readParquet(wkbPath))).dispose());
    const readNative = await time(async () => (await gf.withBackendAsync('cpu', () => gf.readParquet(nativePath))).dispose());
    const bytes = readFileSync(wkbPath);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const hyparquetMs = await time(async () => parquetReadObjects({ file, compressors }));
    // GeoPandas: the same points as FlatGeobuf, read by GDAL (timed inside Python).
    const csv = join(dir, 'points.bin');
    writeFileSync(csv, Buffer.from(xy.buffer));
    const py = spawnSync('/usr/bin/python3', ['-c', `
import sys, time, numpy as np, geopandas as gpd
xy = np.fromfile(sys.argv[1], dtype='<f8').reshape(-1, 2)
g = gpd.GeoDataFrame({'id': np.arange(len(xy), dtype='int32')}, geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs='OGC:CRS84')
g.to_file(sys.argv[2], driver='FlatGeobuf')
ts = []
for i in range(${RUNS + 1}):
    t0 = time.perf_counter(); d = gpd.read_file(sys.argv[2]); ts.append((time.perf_counter() - t0) * 1000)
    assert len(d) == len(xy)
ts = sorted(ts[1:]); print(ts[len(ts) // 2])
`, csv, join(dir, 'points.fgb')], { encoding: 'utf8' });
    const gpdMs = py.status === 0 ? Number(py.stdout.trim()) : NaN;
    const peers = `hyparquet (WKB file, undecoded): ${fmt(hyparquetMs)} ms; GeoPandas read_file(FlatGeobuf): ${Number.isFinite(gpdMs) ? `${fmt(gpdMs)} ms` : `not run (${(py.stderr || '').trim().split('\n').pop()})`}`;
    rows.push(['GeoParquet read, 1e6 points, WKB encoding', 'cpu', `${fmt(readWkb)} ms`, peers, Number.isFinite(gpdMs) ? `${(gpdMs / readWkb).toFixed(1)}× faster than GeoPandas` : '', '']);
    rows.push(['GeoParquet read, 1e6 points, native (geoarrow) encoding', 'cpu', `${fmt(readNative)} ms`, `hyparquet on the WKB file: ${(hyparquetMs / readNative).toFixed(1)}× slower`, Number.isFinite(gpdMs) ? `${(gpdMs / readNative).toFixed(1)}× faster than GeoPandas` : '', '']);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}${gf.hasWebGPU() ? `, WebGPU adapter: ${gf.info().adapter}` : ''}.
Command: \`npm run bench:geo\` (BENCH_RUNS=${RUNS}). Median of ${RUNS} runs after a warm-up.`;
const table = ['| workload | backend | gpuframe | baseline | ratio | target |', '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const md = `${header}\n\n${table}`;
console.log(md);
if (!process.env.BENCH_NO_WRITE) {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = '<!-- bench:geo:start -->';
  const end = '<!-- bench:geo:end -->';
  const block = `${start}\n${md}\n${end}`;
  text = text.includes(start) ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${text.trimEnd()}\n\n## bench:geo\n\n${block}\n`;
  writeFileSync(file, text);
}
await gf.shutdown?.();
