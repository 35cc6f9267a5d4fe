import { describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { hasGpu } from '../../helpers/parity.js';

// Row-selecting verbs (filter, sort, head/tail, slice, sample, dropNulls) gather each column
// the first time it is read. What a user can observe: only read columns cost a gather, the
// values never depend on when they are read, and disposing either frame is always safe.

const backends = (): gf.BackendName[] => (hasGpu() ? ['cpu', 'webgpu'] : ['cpu']);
const kernels = (b: gf.BackendName): number => (b === 'cpu' ? gf.stats().cpuKernels : gf.stats().dispatches);

function mk(n = 1000): gf.DataFrame {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const k = new Int32Array(n);
  const s: Array<string | null> = [];
  for (let i = 0; i < n; i++) {
    x[i] = ((i * 7919) % 1000) / 1000;
    y[i] = i;
    k[i] = i % 13;
    s.push(i % 5 === 0 ? null : `s${i % 7}`);
  }
  return new gf.DataFrame({ x, y, k, s });
}

describe('row selection gathers a column when it is first read', () => {
  for (const b of backends()) {
    it(`filter then one column: one gather, and none for the columns never read (${b})`, async () => {
      await gf.withBackendAsync(b, async () => {
        const df = mk();
        const f = await df.filter(gf.col('x').gt(0.5));
        const before = kernels(b);
        const y = (await f.column('y').data.toArray()) as Float64Array;
        const one = kernels(b) - before;
        expect(one).toBeGreaterThanOrEqual(1);
        expect(one).toBeLessThanOrEqual(2); // the gather (+ the upload of nothing on the CPU)
        await f.column('y').data.toArray();
        expect(kernels(b) - before).toBe(one); // read twice, gathered once
        const want = ((await df.column('y').data.toArray()) as Float64Array).filter((_, i) => (((i * 7919) % 1000) / 1000) > 0.5);
        expect(Array.from(y)).toEqual(Array.from(want));
        expect(f.numRows).toBe(want.length);
        expect(f.schema).toEqual({ x: 'float64', y: 'float64', k: 'int32', s: 'utf8' });
        expect(kernels(b) - before).toBe(one); // numRows and schema gather nothing
        f.dispose();
        df.dispose();
      });
    });

    it(`a chain filter → sort → head gathers each read column once, at the rows finally kept (${b})`, async () => {
      await gf.withBackendAsync(b, async () => {
        const df = mk(2000);
        const f = await df.filter(gf.col('k').ne(4));
        const s = f.sort(['x', 'y'], { descending: [true, false] }); // reads f's x and y only
        const before = kernels(b);
        const top = s.head(5);
        const got = await top.select('s', 'x').toRecords();
        // head: the row numbers 0..4, composed (a uint32 gather each) with the two selections
        // s holds (x and y: the sort's; k and s: the filter's then the sort's); then one
        // gather per column read: 5. Gathering s's four columns first would make it 7.
        if (b === 'cpu') expect(kernels(b) - before).toBe(5);
        const all = await mk(2000).toRecords();
        const want = all.filter((r) => r.k !== 4).sort((p, q) => (q.x as number) - (p.x as number) || (p.y as number) - (q.y as number)).slice(0, 5);
        expect(got).toEqual(want.map((r) => ({ s: r.s, x: r.x })));
        expect(await top.column('k').toValues()).toEqual(want.map((r) => r.k));
        // the intermediate frames can go first
        f.dispose();
        s.dispose();
        expect(await top.column('y').toValues()).toEqual(want.map((r) => r.y));
        top.dispose();
        df.dispose();
      });
    });

    it(`disposing the source frame first leaves the selected frame's values intact (${b})`, async () => {
      await gf.withBackendAsync(b, async () => {
        const want = await (await mk().filter(gf.col('k').lt(3))).sort('x', { descending: true }).toRecords();
        const src = mk();
        const f = await src.filter(gf.col('k').lt(3));
        src.dispose();
        const sorted = f.sort('x', { descending: true });
        f.dispose();
        expect(await sorted.toRecords()).toEqual(want);
        expect(want.length).toBe(231);
        expect(want.every((r) => (r.k as number) < 3)).toBe(true);
        sorted.dispose();
      });
    });

    it(`a selected frame disposed unread frees what it held (${b})`, async () => {
      await gf.withBackendAsync(b, async () => {
        const src = mk(50_000);
        const f = await src.filter(gf.col('x').gt(0.25));
        const h = src.head(10);
        const live = gf.stats().liveDeviceBytes;
        src.dispose(); // held by f and h: nothing freed yet
        expect(gf.stats().liveDeviceBytes).toBe(live);
        h.dispose();
        f.dispose(); // the last holder: the source buffers and the row numbers go
        if (b === 'webgpu') expect(gf.stats().liveDeviceBytes).toBeLessThan(live);
        expect(() => f.column('y')).toThrow(gf.ResidencyError);
        expect(src.column('x').data.isDisposed).toBe(true);
      });
    });
  }

  it('the gather runs on the backend the op ran on, whatever is active when it is read', async () => {
    const f = await gf.withBackendAsync('cpu', () => mk().filter(gf.col('x').gt(0.5)));
    const c = f.column('x');
    expect(c.data.residency).toBe('host');
    expect(c.data.length).toBe(f.numRows);
  });

  it('sort, head, tail, slice, sample and dropNulls agree with their eager reading', async () => {
    const df = mk(300);
    const all = await df.toRecords();
    expect(await df.head(3).toRecords()).toEqual(all.slice(0, 3));
    expect(await df.tail(2).toRecords()).toEqual(all.slice(-2));
    expect(await df.slice(10, 5).select('s', 'y').toRecords()).toEqual(all.slice(10, 15).map((r) => ({ s: r.s, y: r.y })));
    expect(await (await df.dropNulls('s')).toRecords()).toEqual(all.filter((r) => r.s !== null));
    const smp = await df.sample({ n: 20, seed: 3 }).toRecords();
    expect(smp.every((r) => all[r.y as number]!.x === r.x)).toBe(true);
    expect(await df.sort('k').drop('x').toRecords()).toEqual(
      [...all].sort((p, q) => (p.k as number) - (q.k as number)).map(({ x: _x, ...rest }) => rest),
    );
  });
});
