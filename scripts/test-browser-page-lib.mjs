// Helpers of scripts/test-browser-page.mjs: the comparison of the page's results with the Node
// CPU backend's, and a stored (uncompressed) zip writer for the zipped-shapefile input.
import assert from 'node:assert/strict';

/**
 * The page's results against the Node CPU backend's. Counts, polygon names, KMeans and DBSCAN
 * labels and KMeans' iteration count: equal. Mean distances: within 1e-6 km (the haversine
 * kernel's stated tolerance); KMeans centers and inertia: within 1e-9 relative, as the Node
 * suite's main-job test allows. `exact`: every number equal (CPU backend against CPU backend).
 */
export function deepEqualResults(page, node, { exact = false } = {}) {
  assert.ok(page?.main, 'the page published no main-job results');
  assert.ok(page?.trajectories, 'the page published no trajectory results');
  const pm = page.main, nm = node.main;
  assert.equal(pm.rows, nm.rows, 'points after the filter and join');
  assert.deepEqual(pm.perPolygon.map((p) => [p.name, p.points]), nm.perPolygon.map((p) => [p.name, p.points]), 'points per polygon');
  assert.deepEqual(pm.labels, nm.labels, 'KMeans labels');
  assert.equal(pm.nIter, nm.nIter, 'KMeans iterations');
  const close = (a, b, tol, what) => {
    if (exact) assert.equal(a, b, what);
    else assert.ok(a === b || (a !== null && b !== null && Math.abs(a - b) <= tol), `${what}: ${a} vs ${b}`);
  };
  pm.perPolygon.forEach((p, i) => close(p.meanKm, nm.perPolygon[i].meanKm, 1e-6, `mean km of ${p.name}`));
  nm.centers.forEach((c, i) => close(pm.centers[i], c, 1e-9 * Math.max(1, Math.abs(c)), `KMeans center value ${i}`));
  close(pm.inertia, nm.inertia, 1e-9 * nm.inertia, 'KMeans inertia');
  assert.equal(page.trajectories.trajectories, node.trajectories.trajectories, 'trajectories');
  assert.deepEqual(page.trajectories.labels, node.trajectories.labels, 'DBSCAN labels of the storm tracks');
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b) {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `files` ([{ name, data: Buffer }]), stored without compression. */
export function makeZip(files) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
