/**
 * The named tasks the thread pool (./pool.ts) runs. A task is a pure function of its part:
 * `fn(part, parts, args)` reads the rows of part `part` of `parts` from `args` and returns that
 * part's result (or writes it into a shared output array in `args` and returns something small).
 * The same module is loaded on the calling thread and in every worker (the worker script imports
 * kernels/threads/task-list.ts, one import line per task module), so a part gives the same bits
 * wherever it runs.
 *
 * Rules for a task: it reads `args` only (inputs arrive in shared memory, and writes to them
 * from a worker are not promised to reach the caller); it writes only its own part's slice of a
 * shared output array; its result is structured-cloneable (it crosses threads by postMessage);
 * it is idempotent: run twice, it writes the same values to the same rows (the pool re-runs a
 * part whose worker died holding it, and a slow worker may still finish it after).
 */

/** A task body: the result of part `part` of `parts`. */
export type TaskFn<R = unknown> = (part: number, parts: number, args: Record<string, unknown>) => R;

const tasks = new Map<string, TaskFn>();

/**
 * Register task `name` (once per thread: the module that defines it is imported on the calling
 * thread by its kernel and in each worker by the task list). Registering a name twice with a
 * different function is an error: two modules would disagree on what the part computes.
 */
export function defineTask<R>(name: string, fn: TaskFn<R>): TaskFn<R> {
  const had = tasks.get(name);
  if (had !== undefined && had !== fn) throw new Error(`defineTask: expected a new task name, got '${name}' defined twice`);
  tasks.set(name, fn as TaskFn);
  return fn;
}

/** The task registered as `name`, or undefined. */
export function taskNamed(name: string): TaskFn | undefined {
  return tasks.get(name);
}
