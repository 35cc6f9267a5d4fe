// The fuzzed readers, one table entry each. To add a reader (say an XGBoost JSON model import):
// add seeds for it in seeds.mjs (`seeds['xgboost-json'] = [...]`), and an entry here with
//   fixtureDir: the folder under test/fixtures/fuzz/ its reproducers go to (and are replayed from);
//   ext:        the extension of the file it mutates;
//   mutators:   format-aware mutations, (bytes, r) => bytes (the generic byte mutations always apply);
//   run:        (gf, files, ctx) => a DataFrame (or any object with getColumns()), in the child.
// `files` maps file names to bytes; the mutated file is the one with extension `ext`.
import { arrowFields, dbfFields, dbfTypeBytes, encodeVarint, parquetLayout, shpFields, zipFields } from './formats.mjs';
import { concat, int, mutateField, mutateText, pick } from './mutate.mjs';
import { runXGBoost, XGBOOST_MUTATORS } from './xgboost.mjs';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

/** A mutator that edits one of the fields `walk(bytes)` finds. */
const fieldMutator = (walk) => (b, r) => {
  let fields = [];
  try {
    fields = walk(b);
  } catch {
    // a walker bug must not stop the campaign: fall back to no field
  }
  return fields.length ? mutateField(b, pick(r, fields), r) : b;
};

/** A text mutator with the format's structural characters and words. */
const textMutator = (alphabet, words) => (b, r) => mutateText(b, r, { alphabet, words });

/** Parquet: replace one Thrift varint (an int, a length or a count) with an edge value, fixing the footer length. */
function parquetVarint(b, r) {
  const { varints, footerStart } = parquetLayout(b);
  if (!varints.length) return b;
  const v = pick(r, varints);
  const value = r() < 0.5 ? pick(r, [0n, -1n, 1n, 2n ** 31n - 1n, 2n ** 32n - 1n, -(2n ** 31n), 2n ** 62n, 2n ** 63n - 1n]) : v.value + pick(r, [1n, -1n, 7n, -7n, v.value, -2n * v.value]);
  return replaceIn(b, v.pos, v.pos + v.len, encodeVarint(value < 0n && !v.zigzag ? 0n : value, v.zigzag, v.len), footerStart);
}

/** Parquet: mutate the text of one Thrift binary (a key-value metadata value such as GeoParquet's `geo` JSON), re-encoding its length. */
function parquetBinary(b, r) {
  const { binaries, footerStart } = parquetLayout(b);
  const json = binaries.filter((x) => b[x.data] === 0x7b); // '{'
  const pool = json.length && r() < 0.8 ? json : binaries;
  if (!pool.length) return b;
  const x = pick(r, pool);
  const words = ['"WKB"', '"point"', '"polygon"', '"multipolygon"', '"Point"', '"GeometryCollection"', '"separated"', '"interleaved"', 'null', '[]', '{}', '"crs"', '"bbox"', '"encoding"', '"primary_column"', '"geometry_types"'];
  const text = mutateText(b.subarray(x.data, x.data + x.dataLen), r, { alphabet: '{}[]":,', words });
  return replaceIn(b, x.pos, x.data + x.dataLen, concat(encodeVarint(text.length, false), text), footerStart);
}

/** Parquet: an int of 1, 2 or 4 bytes in the pages (levels, RLE run headers, dictionary indices, values), the footer left alone. */
function parquetPageBytes(b, r) {
  const { footerStart } = parquetLayout(b);
  if (footerStart <= 8) return b;
  const size = pick(r, [1, 1, 2, 4]);
  return mutateField(b, { pos: 4 + int(r, footerStart - 4 - size), size, le: true, kind: 'int' }, r);
}

/** Replace b[start, end) by `piece`; when that lies in the footer, the footer's length word follows. */
function replaceIn(b, start, end, piece, footerStart) {
  const out = concat(b.subarray(0, start), piece, b.subarray(end));
  if (start >= footerStart && out.length >= 8) {
    const view = new DataView(out.buffer);
    view.setUint32(out.length - 8, view.getUint32(out.length - 8, true) + piece.length - (end - start), true);
  }
  return out;
}

/** .dbf: swap a field's type letter. */
function dbfType(b, r) {
  const at = dbfTypeBytes(b);
  if (!at.length) return b;
  const out = b.slice();
  out[pick(r, at)] = pick(r, [...'CNFLDMBIO@+0TYG\u0000 ']).charCodeAt(0);
  return out;
}

/** .dbf: a record value replaced by hostile text of the same width. */
function dbfValue(b, r) {
  if (b.length < 12) return b;
  const headerLen = new DataView(b.buffer, b.byteOffset).getUint16(8, true);
  if (headerLen >= b.length) return b;
  const out = b.slice();
  const at = headerLen + int(r, b.length - headerLen);
  const token = new TextEncoder().encode(pick(r, ['NaN', '1e400', '-', '*', '?', '   ', '99999999', '\u00ff\u00fe', '.', 'T', '00000000', '20241399']));
  out.set(token.subarray(0, out.length - at), at);
  return out;
}

/** Files of a case as the shapefile reader's buffers; a part the case lacks comes from the first seed. */
function shapefileBuffers(files, ctx) {
  const byExt = (ext) => Object.entries(files).find(([n]) => n.toLowerCase().endsWith(ext))?.[1];
  const seed = ctx.seeds.shp[0].files;
  const prj = byExt('.prj') ?? seed['seed.prj'];
  return { shp: byExt('.shp') ?? seed['seed.shp'], dbf: byExt('.dbf') ?? seed['seed.dbf'], prj: new TextDecoder().decode(prj) };
}

const main = (files, ext) => Object.entries(files).find(([n]) => n.toLowerCase().endsWith(ext))?.[1] ?? Object.values(files)[0];

/** The CSV reader, both engines; they must agree (see child.mjs for how a mismatch is reported). */
async function runCSV(gf, files, ctx) {
  const bytes = main(files, '.csv');
  const attempt = async (engine) => {
    try {
      return { df: await gf.readCSV(bytes, { engine }) };
    } catch (e) {
      return { error: e };
    }
  };
  const fast = await attempt('fast');
  const papa = await attempt('papaparse');
  // 'fast' refuses a file that needs papaparse's quote handling: then only papaparse's result counts.
  if (fast.error && /needs engine 'papaparse'/.test(String(fast.error?.message))) {
    if (papa.error) throw papa.error;
    return papa.df;
  }
  const mismatch = (what) => ctx.mismatch(`readCSV engines disagree: ${what}`);
  if (fast.error || papa.error) {
    if (!fast.error) mismatch(`fast read ${fast.df.numRows} rows, papaparse threw ${papa.error?.name}: ${papa.error?.message}`);
    if (!papa.error) mismatch(`papaparse read ${papa.df.numRows} rows, fast threw ${fast.error?.name}: ${fast.error?.message}`);
    if (fast.error.name !== papa.error.name) mismatch(`fast threw ${fast.error.name}, papaparse ${papa.error.name}`);
    throw fast.error;
  }
  const a = await ctx.describe(fast.df);
  const b = await ctx.describe(papa.df);
  if (a !== b) mismatch(`fast ${a.slice(0, 300)} vs papaparse ${b.slice(0, 300)}`);
  papa.df.dispose();
  return fast.df;
}

const CSV_WORDS = ['NaN', 'inf', '-inf', 'true', 'null', '""', '"a""b"', '2024-02-30', '1e999', '\u00e9', '\r\n', '\t'];
const JSON_WORDS = ['null', 'true', '{}', '[]', '"\\ud800"', '"\\u0000"', '1e999', '-0', '{"a":', '[1,"a"]', '9007199254740993', '"2024-13-01"'];
const GEOJSON_WORDS = ['"Point"', '"MultiPolygon"', '"GeometryCollection"', '"coordinates"', '"geometry"', '"features"', 'null', '[]', '[[[]]]', '[NaN]', '1e155', '-1e155', '"id"', '"crs"'];
const WKT_WORDS = ['PRIMEM["Greenwich",99433]', 'UNIT["Degree",0]', 'PROJCS[', 'GEOGCS[', 'PARAMETER["Scale_Factor",0]', 'PROJECTION["Unknown"]', '"', ']', '[', ','];

export const READERS = [
  { name: 'csv', fixtureDir: 'csv', ext: '.csv', mutators: [textMutator(',;"\n\r\t', CSV_WORDS)], run: runCSV },
  { name: 'parquet', fixtureDir: 'parquet', ext: '.parquet', mutators: [fieldMutator((b) => parquetLayout(b).fields), parquetVarint, parquetPageBytes, parquetPageBytes], run: (gf, f) => gf.readParquet(main(f, '.parquet')) },
  { name: 'geoparquet', fixtureDir: 'geoparquet', ext: '.parquet', mutators: [parquetBinary, parquetBinary, parquetVarint, parquetPageBytes, fieldMutator((b) => parquetLayout(b).fields)], run: (gf, f) => gf.readParquet(main(f, '.parquet')) },
  { name: 'arrow-file', fixtureDir: 'arrow', ext: '.arrow', mutators: [fieldMutator(arrowFields)], run: (gf, f) => gf.readArrow(main(f, '.arrow')) },
  { name: 'arrow-stream', fixtureDir: 'arrow', ext: '.arrow', mutators: [fieldMutator(arrowFields)], run: (gf, f) => gf.readArrow(main(f, '.arrow')) },
  { name: 'shp', fixtureDir: 'shapefile', ext: '.shp', mutators: [fieldMutator(shpFields)], run: (gf, f, ctx) => gf.readShapefile(shapefileBuffers(f, ctx)) },
  { name: 'dbf', fixtureDir: 'shapefile', ext: '.dbf', mutators: [fieldMutator(dbfFields), dbfType, dbfValue], run: (gf, f, ctx) => gf.readShapefile(shapefileBuffers(f, ctx)) },
  { name: 'prj', fixtureDir: 'shapefile', ext: '.prj', mutators: [textMutator('[],"', WKT_WORDS)], run: (gf, f, ctx) => gf.readShapefile(shapefileBuffers(f, ctx)) },
  {
    name: 'shp-zip',
    fixtureDir: 'shapefile',
    ext: '.zip',
    mutators: [fieldMutator(zipFields)],
    run: (gf, f, ctx) => {
      const path = join(ctx.tmp, 'case.zip');
      writeFileSync(path, main(f, '.zip'));
      return gf.readShapefile(path);
    },
  },
  { name: 'geojson', fixtureDir: 'geojson', ext: '.geojson', mutators: [textMutator('{}[]":,', GEOJSON_WORDS)], run: (gf, f) => gf.readGeoJSON(new TextDecoder().decode(main(f, '.geojson'))) },
  { name: 'json', fixtureDir: 'json', ext: '.json', mutators: [textMutator('{}[]":,', JSON_WORDS)], run: (gf, f) => gf.readJSON(main(f, '.json')) },
  { name: 'ndjson', fixtureDir: 'ndjson', ext: '.ndjson', mutators: [textMutator('{}[]":,\n', JSON_WORDS)], run: (gf, f) => gf.readNDJSON(main(f, '.ndjson')) },
  // loadXGBoost, then predictions checked against the forest (see xgboost.mjs).
  { name: 'xgboost-json', fixtureDir: 'xgboost', ext: '.json', mutators: XGBOOST_MUTATORS, run: runXGBoost },
];

/** Readers used only by the harness's own test: they hang, abort, allocate or throw untyped on purpose. */
export const SELF_TEST_READERS = [
  { name: 'selftest-hang', fixtureDir: null, ext: '.bin', mutators: [], run: () => { for (;;); } },
  { name: 'selftest-crash', fixtureDir: null, ext: '.bin', mutators: [], run: () => process.abort() },
  { name: 'selftest-rss', fixtureDir: null, ext: '.bin', mutators: [], run: () => { const keep = []; for (;;) keep.push(new Uint8Array(64 << 20).fill(1)); } },
  { name: 'selftest-untyped', fixtureDir: null, ext: '.bin', mutators: [], run: () => { throw new RangeError('offset is out of bounds'); } },
  { name: 'selftest-big', fixtureDir: null, ext: '.bin', mutators: [], run: (gf) => new gf.DataFrame({ x: new Float64Array(1 << 20) }) },
  { name: 'selftest-reject-later', fixtureDir: null, ext: '.bin', mutators: [], run: async (gf) => { Promise.reject(new Error('dangling')); return new gf.DataFrame({ x: new Float64Array(1) }); } },
];

export const ALL_READERS = [...READERS, ...SELF_TEST_READERS];
export const readerByName = (name) => ALL_READERS.find((r) => r.name === name);
