// gf.datetime: timestamps[us] from civil parts, on both backends, against JS Date.UTC
// (leap years, centuries, negative years, nulls and out-of-range parts).
import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../helpers/parity.js';
import { mulberry32 } from '../../src/random.js';

async function onBackends<T>(fn: () => Promise<T>): Promise<T[]> {
  const out = [await gf.withBackendAsync('cpu', fn)];
  if (hasGpu()) out.push(await gf.withBackendAsync('webgpu', fn));
  return out;
}

/** Date.UTC with a 4-digit-safe year (Date.UTC maps years 0..99 to 1900..1999). */
function utcMicros(y: number, mo: number, d: number, h: number, mi: number, s: number): bigint | null {
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  dt.setUTCHours(h, mi, s, 0);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0) return null;
  return BigInt(dt.getTime()) * 1000n;
}

describe('gf.datetime', () => {
  it('runs the TSDoc example', async () => {
    const df = new gf.DataFrame({
      year: new Int32Array([1975, 2020]), month: new Int32Array([6, 2]),
      day: new Int32Array([27, 29]), hour: new Int32Array([0, 18]),
    });
    for (const v of await onBackends(async () => {
      const out = df.withColumns({ t: gf.datetime({ year: 'year', month: 'month', day: 'day', hour: 'hour' }) });
      expect(out.column('t').type).toBe('timestamp');
      expect(out.column('t').unit).toBe('us');
      return out.column('t').toValues();
    })) {
      expect(v).toEqual([BigInt(Date.UTC(1975, 5, 27)) * 1000n, BigInt(Date.UTC(2020, 1, 29, 18)) * 1000n]);
    }
  });

  it('equals Date.UTC on random and edge dates, with nulls and invalid parts null', async () => {
    const rnd = mulberry32(7);
    const n = 3000;
    const cols = { y: new Int32Array(n), mo: new Int32Array(n), d: new Int32Array(n), h: new Int32Array(n), mi: new Int32Array(n), s: new Int32Array(n) };
    const edges: number[][] = [
      [2000, 2, 29, 0, 0, 0], [1900, 2, 29, 0, 0, 0], [2100, 2, 28, 23, 59, 59], [2024, 2, 29, 12, 0, 0], [2023, 2, 29, 0, 0, 0],
      [1970, 1, 1, 0, 0, 0], [1969, 12, 31, 23, 59, 59], [0, 3, 1, 0, 0, 0], [-1, 12, 31, 0, 0, 0], [-400, 2, 29, 0, 0, 0],
      [1600, 2, 29, 0, 0, 0], [2021, 4, 31, 0, 0, 0], [2021, 13, 1, 0, 0, 0], [2021, 0, 1, 0, 0, 0], [2021, 1, 0, 0, 0, 0],
      [2021, 1, 1, 24, 0, 0], [2021, 1, 1, 0, 60, 0], [2021, 1, 1, 0, 0, -1], [9999, 12, 31, 23, 59, 59], [1, 1, 1, 0, 0, 0],
    ];
    for (let i = 0; i < n; i++) {
      const e = edges[i];
      const v = e ?? [Math.floor(rnd() * 2400) - 200, 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 31), Math.floor(rnd() * 24), Math.floor(rnd() * 60), Math.floor(rnd() * 60)];
      [cols.y[i], cols.mo[i], cols.d[i], cols.h[i], cols.mi[i], cols.s[i]] = v as [number, number, number, number, number, number];
    }
    // Every 17th row has a null hour.
    const valid = new Uint8Array(Math.ceil(n / 8)).fill(0xff);
    for (let i = 0; i < n; i += 17) valid[i >> 3]! &= ~(1 << (i & 7));
    const df = new gf.DataFrame({
      y: cols.y, mo: cols.mo, d: cols.d, h: gf.Column.from(cols.h, valid), mi: cols.mi, s: cols.s,
    });
    const want = Array.from({ length: n }, (_, i) => (i % 17 === 0 ? null : utcMicros(cols.y[i]!, cols.mo[i]!, cols.d[i]!, cols.h[i]!, cols.mi[i]!, cols.s[i]!)));
    expect(want.filter((x) => x === null).length).toBeGreaterThan(n / 17); // invalid days occur too
    for (const got of await onBackends(async () => {
      const out = df.withColumns({ t: gf.datetime({ year: 'y', month: 'mo', day: 'd', hour: 'h', minute: 'mi', second: gf.col('s') }) });
      return out.column('t').toValues();
    })) {
      expect(got).toEqual(want);
    }
  });

  it('takes numbers for parts and rejects bad arguments by name', () => {
    const df = new gf.DataFrame({ y: new Int32Array([2001]) });
    expect(() => gf.datetime({ year: 'y', month: 1.5, day: 1 })).toThrow(/datetime: expected month as a column name, an expression or an integer, got 1.5/);
    expect(() => gf.datetime({ year: 'y', month: 1 } as never)).toThrow(/datetime: expected day, got none/);
    expect(() => gf.datetime({ year: 'y', month: 1, day: 1, millis: 3 } as never)).toThrow(gf.ValueError);
    expect(() => df.withColumns({ t: gf.datetime({ year: 'nope', month: 1, day: 1 }) })).toThrow(gf.ColumnNotFoundError);
  });
});
