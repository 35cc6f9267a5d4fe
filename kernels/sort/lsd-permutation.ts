/**
 * The permutation of a stable LSD (least significant key first) multi-key sort, built one
 * key at a time: each step is a stable argsort of the key in the current order, composed
 * with that order by a gather. Used by frame sort and by groupby's row grouping.
 */
import type { DataBuffer } from '../../src/memory/data-buffer.js';
import { gather } from '../gather/gather.js';
import { argsort } from './radix-sort.js';

export class LsdPermutation {
  /** The order so far; undefined is the identity (input order), so the first key is sorted as it is, not gathered. */
  perm: DataBuffer<'uint32'> | undefined;

  /** One LSD step: a stable argsort of `data` (in input row order) in the current order, composed with that order. */
  step(data: DataBuffer, descending = false): void {
    const keyInOrder = this.perm ? gather(data, this.perm, { inRange: true }).values : data;
    const order = argsort(keyInOrder, { descending });
    if (keyInOrder !== data) keyInOrder.dispose();
    if (!this.perm) this.perm = order;
    else {
      const next = gather(this.perm, order, { inRange: true }).values;
      this.perm.dispose();
      order.dispose();
      this.perm = next;
    }
  }
}
