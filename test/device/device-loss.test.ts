// Issue 16, "Device loss": after the GPUDevice is lost, errors say what happened (the driver's
// reason and message, when, the last op), init() acquires a new device, data whose only copy was
// on the lost device is a ResidencyError naming its column, data with a host copy keeps working,
// concurrent init() calls share one device, and init options are checked on a live device too.
//
// The device is lost the way a driver reset would lose it, by `destroy()` on the GPUDevice
// (reached through the internal `gpu()` context). Under GPUFRAME_BACKEND=cpu the file still runs
// the WebGPU path, with init({ backend: 'webgpu' }) (SwiftShader here), when an adapter exists.
// The whole suite shares one process: afterAll restores the backend this file found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gf from 'gpuframe';
import { col } from 'gpuframe';
import { gpu } from '../../src/device/index.js';
import { devicesCreated } from '../../src/device/webgpu.js';
import { rejection } from '../helpers/rejection.js';

const AIRPORTS = 'data/airports.csv';
const found = gf.info();
const foundDevice = gf.hasWebGPU();
/** Why the WebGPU tests skip, or undefined when there is an adapter. */
let noAdapter: string | undefined;

beforeAll(async () => {
  try {
    await gf.init({ backend: 'webgpu' });
  } catch (e) {
    if (!(e instanceof gf.DeviceError)) throw e;
    noAdapter = `no WebGPU adapter on this machine (${e.message})`;
  }
});

afterAll(async () => {
  if (foundDevice && found.backend === 'webgpu') {
    if (!gf.hasWebGPU() || gf.info().backend !== 'webgpu') await gf.init({ backend: 'webgpu' });
  } else {
    await gf.shutdown();
    await gf.init({ backend: 'cpu' });
  }
});

/** Lose the device as a driver reset would, and wait until gpuframe has seen it. */
async function loseDevice(): Promise<GPUDevice> {
  const device = gpu().device;
  device.destroy();
  await device.lost;
  await new Promise((r) => setTimeout(r, 0));
  return device;
}

const LOSS = /the WebGPU device on '.+' was lost at \d{4}-\d\d-\d\dT[\d:.]+Z \(reason 'destroyed': device was destroyed; the last op on it was '[^']+'\)/;

/** The airports pipeline: filter, group-by with aggregations, sort, and a KMeans fit. */
async function pipeline(df: gf.DataFrame, fit = true): Promise<{ groups: Array<Record<string, unknown>>; centres: number[] }> {
  const north = await df.filter(col('latitude').gt(30).and(col('longitude').lt(-60)));
  const byState = await north.groupBy('state').agg(col('latitude').mean().alias('lat'), col('iata').count().alias('n'), col('longitude').max().alias('east'));
  const groups = await byState.sort('state').toRecords();
  if (!fit) return { groups, centres: [] };
  const km = await new gf.KMeans({ nClusters: 4, seed: 7 }).fit(north, ['latitude', 'longitude']);
  return { groups, centres: [...km.clusterCenters!] };
}

describe('device loss', () => {
  it('after the loss, every op says what happened: reason, message, when and the last op', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    const x = gf.array(new Int32Array([1, 2, 3]));
    expect([...(await gf.kernels.mapBinary(x, 1, 'add').toArray())]).toEqual([2, 3, 4]);
    gf.kernels.mapBinary(x, 5, 'mul'); // recorded, never read: the last op on the device
    const before = new Date();
    await loseDevice();

    const i = gf.info();
    expect(i.lost).toMatchObject({ reason: 'destroyed', message: 'device was destroyed', op: expect.stringMatching(/^map\//) });
    expect(i.lost!.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    // info() does not report the dead device as healthy.
    expect(i.adapter).toBeNull();
    expect(i.limits).toBeNull();
    expect(gf.hasWebGPU()).toBe(false);
    expect(i.note).toMatch(LOSS);
    expect(i.note).toContain('await gf.init() acquires a new device');

    // A synchronous op: a DeviceError naming itself and the loss, never an empty reason.
    let sync: unknown;
    try {
      gf.kernels.mapBinary(x, 1, 'add');
    } catch (e) {
      sync = e;
    }
    expect(sync).toBeInstanceOf(gf.DeviceError);
    expect((sync as Error).message).toMatch(/^map\/\w+: expected a live WebGPU device, got none: /);
    expect((sync as Error).message).toMatch(LOSS);
    expect((sync as Error).message).toContain('await gf.init()');

    // An async frame op: the same.
    const df = new gf.DataFrame({ a: new Float64Array([1, 5, 9]) });
    const e = await rejection(df.filter(col('a').gt(2)));
    expect(e).toBeInstanceOf(gf.DeviceError);
    expect(e.message).toMatch(LOSS);
    expect(e.message).not.toMatch(/got\s*$/);
    await gf.init({ backend: 'webgpu' });
  });

  it('a read in flight when the device is lost fails with the loss, not an empty reason', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    const y = gf.kernels.mapBinary(gf.array(new Int32Array(4096).fill(3)), 4, 'add');
    const device = gpu().device;
    const read = y.toArray();
    device.destroy();
    const e = await rejection(read);
    expect(e).toBeInstanceOf(gf.DeviceError);
    expect(e.message).toMatch(/^toArray: expected the device to map a read buffer, got the WebGPU device on '.+' was lost at .*\(reason 'destroyed': device was destroyed; the last op on it was 'toArray'\)/);
    expect(e.message).toContain('await gf.init() acquires a new device');
    await device.lost;
    await gf.init({ backend: 'webgpu' });
  });

  it('init() acquires a new device; columns with a host copy keep working, device-only ones are a ResidencyError naming the column', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    const df = new gf.DataFrame({ a: new Float64Array([1, 5, 9, 2]), k: new Int32Array([1, 2, 3, 4]) });
    const onGpu = await df.filter(col('a').gt(1.5)); // uploads 'a' and 'k': host and device copies
    expect(df.column('a').data.residency).toBe('both');
    const derived = df.withColumns({ z: col('a').mul(2) }); // 'z' only on the device
    expect(derived.column('z').data.residency).toBe('device');
    const created = devicesCreated;
    const lostDevice = await loseDevice();

    const i = await gf.init({ backend: 'webgpu' });
    expect(devicesCreated - created).toBe(1);
    expect(gpu().device).not.toBe(lostDevice);
    expect(i.backend).toBe('webgpu');
    expect(i.lost).toBeNull();
    expect(i.adapter).toEqual(expect.any(String));
    expect(i.limits).not.toBeNull();
    expect(i.reason).toMatch(/; replaces the device lost at \d{4}-/);
    expect(gf.hasWebGPU()).toBe(true);

    // Host copies carry over: uploaded again to the new device.
    expect(df.column('a').data.residency).toBe('host');
    const again = await df.filter(col('a').gt(1.5));
    expect(await again.toRecords()).toEqual([{ a: 5, k: 2 }, { a: 9, k: 3 }, { a: 2, k: 4 }]);
    expect(df.column('a').data.residency).toBe('both');
    // The filtered frame was never read: its row numbers were only on the lost device.
    const rows = await rejection(onGpu.toRecords());
    expect(rows).toBeInstanceOf(gf.ResidencyError);
    expect(rows.message).toMatch(/^gather: expected column '(a|k)' on the host or a live device, got its only copy on a device that is gone: /);

    // The device-only column is gone: a typed error naming it, in a frame op and on read.
    const op = await rejection(derived.filter(col('z').gt(3)));
    expect(op).toBeInstanceOf(gf.ResidencyError);
    expect(op.message).toContain("column 'z'");
    expect(op.message).toMatch(/got its only copy on a device that is gone: the WebGPU device on '.+' was lost at .*reason 'destroyed'/);
    const read = await rejection(derived.column('z').toValues());
    expect(read).toBeInstanceOf(gf.ResidencyError);
    expect(read.message).toMatch(/^toArray: expected column 'z' on the host or a live device/);
    // Its other columns had host copies: still fine.
    expect(await derived.select('k').toRecords()).toEqual([{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }]);
  });

  it('concurrent init() calls share one acquisition: one device, after a loss and after shutdown()', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    await loseDevice();
    let created = devicesCreated;
    const [a, b, c] = await Promise.all([gf.init({ backend: 'webgpu' }), gf.init({ backend: 'webgpu' }), gf.init({ backend: 'webgpu' })]);
    expect(devicesCreated - created).toBe(1);
    expect(a.adapter).toBe(b.adapter);
    expect(b.adapter).toBe(c.adapter);
    const pool = gpu().pool;
    expect([...(await gf.kernels.mapBinary(gf.array(new Uint32Array([7])), 1, 'add').toArray())]).toEqual([8]);
    expect(gpu().pool).toBe(pool);

    await gf.shutdown();
    created = devicesCreated;
    await Promise.all([gf.init({ backend: 'webgpu' }), gf.init({ backend: 'webgpu' })]);
    expect(devicesCreated - created).toBe(1);
    expect(gf.info().backend).toBe('webgpu');
  });

  it('shutdown() or init({ backend: "cpu" }) after a loss clear it; the CPU path never depended on the device', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    await loseDevice();
    const cpu = await gf.init({ backend: 'cpu' });
    expect(cpu.lost).toBeNull();
    expect(cpu.backend).toBe('cpu');
    expect([...(await gf.kernels.mapBinary(gf.array(new Int32Array([1])), 1, 'add').toArray())]).toEqual([2]);
    const w = await gf.init({ backend: 'webgpu' });
    expect(w.backend).toBe('webgpu');
    await loseDevice();
    await gf.shutdown();
    expect(gf.info().lost).toBeNull();
    expect(gf.info().backend).toBe('cpu');
    await gf.init({ backend: 'webgpu' });
  });

  it('the dawn.node instance of a lost device stays alive: forced collections after recovery do not crash', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'the test worker runs with --expose-gc').toBeTypeOf('function');
    for (let round = 0; round < 3; round++) {
      await loseDevice();
      gc!();
      await gf.init({ backend: 'webgpu' });
      let junk: number[][] = [];
      for (let i = 0; i < 50; i++) {
        junk.push(new Array(20_000).fill(i));
        if (junk.length > 10) junk = [];
      }
      gc!();
      await new Promise((r) => setTimeout(r, 20));
      const out = gf.kernels.mapBinary(gf.array(new Uint32Array([round, 1])), 1, 'add');
      expect([...(await out.toArray())]).toEqual([round + 1, 2]);
    }
  });

  it('acceptance 3: after a loss mid-pipeline, the airports pipeline run again after init() equals the CPU backend', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    const df = await gf.readCSV(AIRPORTS);
    const expected = await gf.withBackendAsync('cpu', () => pipeline(df));
    expect(expected.groups.length).toBeGreaterThan(10);

    // Part of the pipeline runs, then the device is lost under it.
    const north = await df.filter(col('latitude').gt(30));
    await loseDevice();
    const e = await rejection((async () => north.groupBy('state').agg(col('latitude').mean().alias('lat')))());
    expect(e).toBeInstanceOf(gf.DeviceError);
    expect(e.message).toMatch(LOSS);

    await gf.init({ backend: 'webgpu' });
    expect(gf.info().backend).toBe('webgpu');
    const before = gf.stats().uploads;
    const got = await pipeline(df); // the frame read before the loss: host copies, uploaded again
    expect(gf.stats().uploads).toBeGreaterThan(before);
    expect(got.groups).toEqual(expected.groups);
    expect(got.centres).toEqual(expected.centres);
    // Read again from the file on the new device (without the fit, for time on SwiftShader).
    const fresh = await pipeline(await gf.readCSV(AIRPORTS), false);
    expect(fresh.groups).toEqual(expected.groups);
  });
});

describe('init options are checked whether or not a device is held', () => {
  const bad: Array<[gf.InitOptions, RegExp]> = [
    [{ poolBytes: -1 }, /^init: expected poolBytes >= 0, got -1$/],
    [{ poolBytes: '1' as never }, /^init: expected poolBytes to be a number >= 0, got string '1'$/],
    [{ poolBytes: Number.NaN }, /^init: expected poolBytes >= 0, got NaN$/],
    [{ maxBindingBytes: '65536' as never }, /^init: expected maxBindingBytes to be a number >= 4096, got string '65536'$/],
    [{ maxBindingBytes: 100 }, /^init: expected maxBindingBytes >= 4096, got 100$/],
    [{ maxWorkgroupsPerDim: 1 }, /^init: expected maxWorkgroupsPerDim >= 2, got 1$/],
    [{ maxStorageBuffersPerStage: null as never }, /^init: expected maxStorageBuffersPerStage to be a number >= 8, got object null$/],
    [{ quiet: 'yes' as never }, /^init: expected quiet to be a boolean, got 'yes'$/],
    [{ backend: 1 as never }, /^init: expected backend to be a string, got 1$/],
    [{ limits: 'max' as never }, /^init: expected limits 'adapter' \| 'minimum', got 'max'$/],
  ];

  it('on the backend the run uses: a ValueError naming the option, and nothing changes', async () => {
    const before = gf.info();
    for (const [options, message] of bad) {
      const e = await rejection(gf.init({ backend: before.backend, ...options }));
      expect(e, JSON.stringify(options)).toBeInstanceOf(gf.ValueError);
      expect(e.message).toMatch(message);
    }
    const after = gf.info();
    expect([after.backend, after.adapter, after.reason]).toEqual([before.backend, before.adapter, before.reason]);
  });

  it('on a live WebGPU device (issue 16: init({ poolBytes: -1 }) was accepted); a valid poolBytes applies to it', async (ctx) => {
    if (noAdapter) return ctx.skip(noAdapter);
    await gf.init({ backend: 'webgpu' });
    const device = gpu().device;
    for (const [options, message] of bad) {
      const e = await rejection(gf.init({ backend: 'webgpu', ...options }));
      expect(e, JSON.stringify(options)).toBeInstanceOf(gf.ValueError);
      expect(e.message).toMatch(message);
    }
    expect(gpu().device).toBe(device);
    await gf.init({ backend: 'webgpu', poolBytes: 0 });
    expect(gpu().pool.maxIdleBytes).toBe(0);
    const before = gf.stats().pooledBytes;
    gf.kernels.mapBinary(gf.array(new Uint32Array(64)), 1, 'add').dispose();
    expect(gf.stats().pooledBytes).toBe(before); // nothing kept idle
    await gf.init({ backend: 'webgpu' });
    expect(gpu().pool.maxIdleBytes).toBe(256 * 1024 * 1024);
    expect(gpu().device).toBe(device);
  });
});
