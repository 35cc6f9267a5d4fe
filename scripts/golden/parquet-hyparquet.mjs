// Golden Parquet file for test/io/parquet.test.ts, written by a library gpuframe does not read
// with (hyparquet-writer; pyarrow is not on this machine), so the reader is tested against bytes
// it did not produce. Writes test/fixtures/parquet/golden.parquet (3 row groups, snappy,
// dictionary pages where hyparquet-writer picks them) and golden.json with the values as JSON
// (64-bit integers as decimal strings, NaN/Infinity/-0 as strings).
// i8/u16 use the converted types INT_8/UINT_16: hyparquet-writer 0.17 writes the INTEGER logical
// type's i8 bitWidth as a zigzag varint (8 reads back as 16 in arrow-rs), hyparquet reads it the same way.
// Run: node scripts/golden/parquet-hyparquet.mjs   (then review the diff)
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeFileSync } from 'node:fs';

const rows = 10;
const cols = {
  i8: { type: 'INT32', converted_type: 'INT_8', data: [-128, 127, null, 0, -1, 5, 5, 5, null, 1] },
  u16: { type: 'INT32', converted_type: 'UINT_16', data: [0, 65535, 1, null, 2, 3, 4, 5, 6, 7] },
  i32: { type: 'INT32', data: [-2147483648, 2147483647, 0, null, 1, -1, 42, null, 7, 8] },
  i64: { type: 'INT64', data: [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, null, 0n, -1n, 9007199254740993n, null, 12345678901234567n] },
  f64: { type: 'DOUBLE', data: [NaN, Infinity, -Infinity, -0, 0, null, 1.5, 5e-324, 1.7976931348623157e308, -2.25] },
  s: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, data: ['b', 'a', '', null, 'Ünïcode ✓', 'a,b "q"', 'b', 'b', 'a', null] },
  b: { type: 'BOOLEAN', data: [true, false, null, true, true, false, null, false, true, true] },
  d: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, data: [0, -1, 19000, null, -719162, 2932896, 1, 2, 3, 4] },
  ts_ns: { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'NANOS' }, data: [1_700_000_000_123_456_789n, -1n, 0n, null, 2n ** 62n + 1n, 1n, 2n, 3n, 4n, 5n] },
  ts_us_utc: { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, data: [1_700_000_000_123_457n, null, 0n, 1n, 2n, 3n, -4n, 5n, 6n, 7n] },
};
for (const c of Object.values(cols)) if (c.data.length !== rows) throw new Error('bad length');

const schema = [{ name: 'root', num_children: Object.keys(cols).length }];
for (const [name, c] of Object.entries(cols)) {
  const { data, ...el } = c;
  schema.push({ name, repetition_type: 'OPTIONAL', ...el });
}
const bytes = parquetWriteBuffer({
  schema,
  codec: 'SNAPPY',
  rowGroupSize: 4,
  // 's' is forced into dictionary pages (RLE_DICTIONARY); the others get what the writer picks.
  columnData: Object.entries(cols).map(([name, c]) => ({ name, data: c.data, ...(name === 's' ? { encoding: 'RLE_DICTIONARY' } : {}) })),
});
const json = (v) => (v === null ? null : typeof v === 'bigint' ? String(v) : typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? String(Object.is(v, -0) ? '-0' : v) : v);
const dir = new URL('../../test/fixtures/parquet/', import.meta.url);
writeFileSync(new URL('golden.parquet', dir), new Uint8Array(bytes));
writeFileSync(new URL('golden.json', dir), JSON.stringify(Object.fromEntries(Object.entries(cols).map(([k, c]) => [k, c.data.map(json)])), null, 1) + '\n');
console.log(`wrote golden.parquet (${bytes.byteLength} bytes) and golden.json`);
