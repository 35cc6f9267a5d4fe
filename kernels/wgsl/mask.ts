/**
 * The entry point shared by kernels that write a 'bool' mask (one byte per row): each thread
 * evaluates 4 consecutive rows with `test(row)` and writes them as one little-endian u32
 * word of the output `O`. The kernel supplies `P.n` (rows), `O` and `fn <test>(row: u32) -> bool`.
 */
import { WG } from '../runner.js';

export function maskMain(test: string): string {
  return /* wgsl */ `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = gid.x + gid.y * nwg.x * ${WG}u;
  if (w * 4u >= P.n) { return; }
  var word = 0u;
  for (var k = 0u; k < 4u; k++) {
    let row = w * 4u + k;
    if (row < P.n && ${test}(row)) { word |= 1u << (8u * k); }
  }
  O[w] = word;
}`;
}
