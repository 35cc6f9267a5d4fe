/**
 * Transfer and dispatch counters. Every upload, download, dispatch and live device byte
 * is counted here, so "no copies between modules" is something a test can assert.
 */
export interface Stats {
  /** Host→device transfers and their bytes. */
  uploads: number;
  uploadBytes: number;
  /** Device→host transfers and their bytes. */
  downloads: number;
  downloadBytes: number;
  /**
   * Device→host reads of a few bytes that an op needs to go on (an output count, a total, a
   * convergence test). Not column data: `downloads` counts that.
   */
  controlReads: number;
  controlReadBytes: number;
  /** Compute dispatches recorded on the device. */
  dispatches: number;
  /** Kernel calls run by the CPU backend. */
  cpuKernels: number;
  /** Bytes of device buffers held by live arrays (not counting the pool's free list). */
  liveDeviceBytes: number;
  /**
   * Bytes of device buffers returned by the garbage-collection safety net (arrays dropped
   * without dispose()). A leak check compares liveDeviceBytes + finalizedBytes, which
   * finalizers running mid-test cannot move.
   */
  finalizedBytes: number;
  /** Bytes of device buffers idle in the pool, ready for reuse. */
  pooledBytes: number;
  /** Buffers the pool had to create, and requests it served from its free list. */
  buffersCreated: number;
  poolHits: number;
  /** Compute pipelines compiled (cache misses). */
  pipelinesCompiled: number;
  /**
   * Pieces of a CSV file that workers parsed for readCSV's parallel read (worker threads in
   * Node, module Web Workers in a browser); the piece the calling thread parses is not counted.
   */
  csvWorkerPieces: number;
}

const zero = (): Stats => ({
  uploads: 0,
  uploadBytes: 0,
  downloads: 0,
  downloadBytes: 0,
  controlReads: 0,
  controlReadBytes: 0,
  dispatches: 0,
  cpuKernels: 0,
  liveDeviceBytes: 0,
  finalizedBytes: 0,
  pooledBytes: 0,
  buffersCreated: 0,
  poolHits: 0,
  pipelinesCompiled: 0,
  csvWorkerPieces: 0,
});

/** The process-wide counters. Internal code mutates it; users read it through `stats()`. */
export const counters: Stats = zero();

/**
 * A snapshot of the counters.
 *
 * @example
 * ```ts
 * const before = gf.stats();
 * const s = gf.kernels.reduce(gf.array(new Float64Array([1, 2, 3])), 'sum');
 * await s.toArray();
 * console.log(gf.stats().uploads - before.uploads); // 1 on WebGPU, 0 on the CPU backend
 * ```
 */
export function stats(): Stats {
  return { ...counters };
}

/**
 * Zero the cumulative counters (uploads, downloads, dispatches, ...). Gauges that describe
 * what is held now (liveDeviceBytes, pooledBytes) are kept.
 *
 * @example
 * ```ts
 * gf.resetStats();
 * console.log(gf.stats().uploads, gf.stats().dispatches); // 0 0
 * ```
 */
export function resetStats(): void {
  const { liveDeviceBytes, pooledBytes } = counters;
  Object.assign(counters, zero(), { liveDeviceBytes, pooledBytes });
}
