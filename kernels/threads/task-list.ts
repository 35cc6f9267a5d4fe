/**
 * Every module that defines thread-pool tasks (src/threads/tasks.ts `defineTask`), imported by
 * the worker script (./worker.ts) so that a worker knows each task the calling thread may run.
 * One import line per task module; a task module lives in src/ or kernels/ (the worker is in
 * the core layer and may not import frame/, spatial/ or ml/) and should import only what its
 * CPU loops need, as each worker loads it at start.
 */
import '../../src/threads/selftest-tasks.js';
import '../sort/radix-tasks.js';
import '../gather/gather-tasks.js';
import '../join/probe-parts.js';
import '../expr/expr-tasks.js';
import '../kmeans/kmeans-parts.js';
import '../pip/pip-parts.js';
import '../trajectory/pair-rows.js';
import '../compact/compact-tasks.js';
import '../reduce/reduce-tasks.js';
import '../linalg/topk-parts.js';
import '../linalg/qr-parts.js';
import '../groupby/group-reduce-cpu.js';
import '../groupby/direct-mt.js';
import '../groupby/count-ids.js';
import '../linalg/gemm-rows-cpu.js';
