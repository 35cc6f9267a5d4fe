/**
 * The `gpuframe` command (bin/gpuframe.mjs runs this from dist/):
 *   gpuframe worker [--pipeline ./pipeline.mjs] [--backend auto|cpu|webgpu]
 * starts a worker (./worker.ts) on stdio. `--help` prints the usage.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as gf from '../index.js';
import { serveStdio, WorkerServer, type Pipeline } from './worker.js';

export const USAGE = `usage: gpuframe worker [--pipeline <module.mjs>] [--backend auto|cpu|webgpu]

Runs a long-lived worker that reads newline-delimited JSON requests on stdin and answers one
JSON line per request on stdout (see README, "Scale out"). The pipeline module's default export
is (df, ctx) => DataFrame | Promise<DataFrame>; without --pipeline, partitions pass unchanged.
--backend defaults to GPUFRAME_BACKEND, else auto.`;

/** Parses `worker` arguments; a wrong one is a ValueError naming it. */
export function parseWorkerArgs(args: readonly string[]): { pipeline?: string; backend?: string } {
  const out: { pipeline?: string; backend?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    if (flag !== '--pipeline' && flag !== '--backend') throw new gf.ValueError(`gpuframe worker: expected --pipeline or --backend, got ${JSON.stringify(a)}`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new gf.ValueError(`gpuframe worker: expected a value after ${flag}, got none`);
    if (flag === '--pipeline') out.pipeline = value;
    else out.backend = value;
  }
  return out;
}

/** Imports a pipeline module and checks that its default export is a function. */
export async function loadPipeline(path: string): Promise<Pipeline> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (e) {
    throw new gf.ValueError(`gpuframe worker: expected --pipeline to name a module that loads, got ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof mod.default !== 'function') throw new gf.ValueError(`gpuframe worker: expected the default export of ${path} to be a function (df, ctx) => DataFrame, got ${typeof mod.default}`);
  return mod.default as Pipeline;
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stderr.write(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command !== 'worker') {
    process.stderr.write(`gpuframe: expected the command 'worker', got ${JSON.stringify(command)}\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stderr.write(USAGE + '\n');
    return 0;
  }
  try {
    const args = parseWorkerArgs(rest);
    const pipeline = args.pipeline === undefined ? undefined : await loadPipeline(args.pipeline);
    await gf.init(args.backend === undefined ? {} : { backend: args.backend as gf.BackendName });
    await serveStdio(new WorkerServer(pipeline, args.pipeline));
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    return 1;
  }
}
