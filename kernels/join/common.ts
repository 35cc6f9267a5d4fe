/**
 * Shared pieces of the join kernels: the "no row" marker and the WGSL entry point.
 *
 * Key ids are dense u32 numbers, one per distinct key (tuple) of the two frames together;
 * a row whose key has a null gets `NONE`, which matches nothing. Row indices that mean
 * "no row" (the missing side of a left/outer join) are `NONE` too: out of range for every
 * gather, so they gather as null.
 */
import { WG } from '../runner.js';

/** The id of a row with a null key, and the row index of a missing row: 2^32 - 1. */
export const NONE = 0xffffffff;

/**
 * CPU: whether a table of `span + 1` slots (indexed by key id, or by key − least key) is
 * small enough to build for `rows` rows of keys; otherwise search or hash.
 */
export function tableFits(span: number, rows: number): boolean {
  return span < 4 * rows + 1024;
}

/**
 * CPU, branch-free: `a` where `ok` is 1, `b` where it is 0 (32-bit integers). Join look-ups
 * use it where half the probe keys may miss, which a branch would mispredict.
 */
export function pick(ok: number, a: number, b: number): number {
  return (a & -ok) | (b & (ok - 1));
}

/** The linear thread index on the runner's 2-D grid. */
export const LINEAR = `gid.x + gid.y * nwg.x * ${WG}u`;

/** The compute entry point every join shader uses (`fn main` with gid and nwg). */
export const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>)`;
