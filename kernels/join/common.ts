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

/** The linear thread index on the runner's 2-D grid. */
export const LINEAR = `gid.x + gid.y * nwg.x * ${WG}u`;

/** The compute entry point every join shader uses (`fn main` with gid and nwg). */
export const ENTRY = `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>)`;
