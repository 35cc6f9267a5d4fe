// DuckDB through @duckdb/node-api, in memory, default threads (all cores). The inputs are
// loaded from the same CSV with explicit types (not timed). Results that are tables are
// kept in the engine (CREATE TEMP TABLE r AS ...), as Polars keeps them in native memory;
// r is dropped before each run, outside the timing.
import { DuckDBInstance } from '@duckdb/node-api';
import { CHECK_COLUMNS, dimCsv, factCsv } from './data.mjs';

const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const FACT_TYPES = "{'x': 'DOUBLE', 'y': 'DOUBLE', 'k': 'INTEGER', 'g': 'INTEGER', 'j': 'INTEGER'}";

export async function prepare({ workload, size }) {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const path = factCsv(size);
  if (workload !== 'csv') await con.run(`CREATE TABLE t AS SELECT * FROM read_csv(${lit(path)}, header = true, columns = ${FACT_TYPES})`);
  if (workload === 'join') await con.run(`CREATE TABLE d AS SELECT * FROM read_csv(${lit(dimCsv())}, header = true, columns = {'j': 'INTEGER', 'w': 'DOUBLE'})`);
  const sql = {
    'groupby-1k': 'SELECT k, sum(y) AS s, avg(y) AS m FROM t GROUP BY k',
    'groupby-1m': 'SELECT g, sum(y) AS s, avg(y) AS m FROM t GROUP BY g',
    sort: 'SELECT * FROM t ORDER BY k, x DESC',
    join: 'SELECT t.*, d.w FROM t JOIN d USING (j)',
    unique: 'SELECT DISTINCT ON (k, j) * FROM t',
    csv: `SELECT * FROM read_csv(${lit(path)}, header = true)`,
  };
  if (workload === 'filter-sum') {
    return {
      run: async () => {
        const r = await con.runAndReadAll('SELECT count(*) AS n, sum(y) AS s FROM t WHERE x > 0.5');
        const [[n], [s]] = r.getColumnsJS();
        return { scalars: { n, s } };
      },
      extract: async (r) => r,
    };
  }
  return {
    before: async () => { await con.run('DROP TABLE IF EXISTS r'); },
    run: async () => { await con.run(`CREATE TEMP TABLE r AS ${sql[workload]}`); return 'r'; },
    extract: async () => {
      const names = CHECK_COLUMNS[workload];
      const res = await con.runAndReadAll(`SELECT ${names.join(', ')} FROM r ORDER BY rowid`);
      const cols = res.getColumnsJS();
      return { rows: cols[0].length, cols: Object.fromEntries(names.map((n, i) => [n, cols[i]])) };
    },
  };
}
