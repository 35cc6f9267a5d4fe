/**
 * Thread-pool tasks of the multi-threaded radix argsort (./radix-sort-mt.ts); the bodies are
 * in ./radix-parts.ts. Imported by the sort on the calling thread and by every worker
 * (kernels/threads/task-list.ts).
 */
import { defineTask } from '../../src/threads/tasks.js';
import { radixCountPart, radixOrderPart, radixScatterPart, type CountArgs, type OrderArgs, type ScatterArgs } from './radix-parts.js';

defineTask('sort/radix-order', (part, parts, args) => radixOrderPart(part, parts, args as unknown as OrderArgs));
defineTask('sort/radix-count', (part, parts, args) => radixCountPart(part, parts, args as unknown as CountArgs));
defineTask('sort/radix-scatter', (part, parts, args) => radixScatterPart(part, parts, args as unknown as ScatterArgs));
