/**
 * The parallel CSV read: a plain file is cut at record boundaries into one piece per thread;
 * this thread parses the first piece and workers the others, with the fast path
 * (./csv-piece.ts, run by ./csv-worker.ts): worker threads in Node, module Web Workers in a
 * browser. A file on disk (`parseCSVFileParallel`) is never read whole by one thread: this
 * thread reads the header and a window at each cut, and each thread then reads its own range.
 * Bytes in memory (`parseCSVParallel`) go to the workers as copies of their pieces. Then the
 * pieces' columns are joined, their types unified by the rules one pass applies (where shared
 * memory exists, each thread writes its own piece into the joined columns). The table is the
 * one a single pass gives, byte for byte (test/io/csv-parallel.test.ts; in Chromium,
 * test/browser/csv-workers.test.ts).
 *
 * It takes only files where cutting is exact and joining is cheap: no quote character after the
 * optional BOM (so every line break ends a record), at least two columns (in a one-column file
 * an empty line is a value), and pieces whose types unify without the text of their values
 * (int32 → int64 → float64, or a piece with no values). Otherwise, and whenever a piece bails
 * or raises an error, or no worker can be started, it returns null and readCSV parses the file
 * on one thread, which also reports any error with its line.
 */
import { platform } from '#platform';
import type { PlatformWorker, StreamFile } from '../platform/types.js';
import { Column, type ColumnType } from '../column/column.js';
import { uniqueSortedUtf8 } from '../column/utf8-order.js';
import { DataBuffer } from '../memory/data-buffer.js';
import type { TypedArray } from '../dtypes.js';
import { counters } from '../memory/stats.js';
import { guessLinebreak, hasBom, type CSVParseOptions, type ProgressReport } from './csv-fast.js';
import { fillPiece, metaOf, parsePiece, pieceBytes, type FileRange, type FillColumn, type FillJob, type PieceJob, type PieceReply } from './csv-piece.js';
import { dtypeOfKinds, type IoDType } from './infer.js';
import type { Table } from './table.js';
import { availableCores, workerScript, WorkerPool, type WorkerSource } from '../worker-pool.js';
import { requestedThreads } from '../threads/pool.js';

export type { PieceColumn, PieceJob, PieceReply } from './csv-piece.js';

/** Inputs at least this large are read in parallel by default (`threads` unset). */
export const PARALLEL_MIN_BYTES = 4 << 20;
const QUOTE = 34;

type Done = Extract<PieceReply, { kind: 'done' }>;
type Kept = Extract<PieceReply, { kind: 'kept' }>;

// ---- the worker pool: started on first use, unref'd so it never keeps the process alive ----

/**
 * Where the workers come from. Node: the compiled csv-worker.js beside this module (under a
 * TypeScript runner, as the tests run src/, the one in dist/), started as a worker thread. A
 * browser: a module Web Worker, started by the literal `new Worker(new URL('./csv-worker.js',
 * import.meta.url), { type: 'module' })`, the form bundlers recognise: Vite bundles the worker
 * from it, and scripts/bundle-browser.mjs emits csv-worker.js as an entry of its own beside the
 * file that holds this code (and checks that it does). Keep that expression as it is.
 */
function csvWorkers(): Promise<WorkerSource | undefined> {
  if (platform.name === 'browser') {
    if (typeof Worker !== 'function') return Promise.resolve(undefined); // a runtime without Web Workers: one thread
    return Promise.resolve(() => new Worker(new URL('./csv-worker.js', import.meta.url), { type: 'module' }));
  }
  return workerScript(import.meta.url, '../../dist/src/io/csv-worker.js', './csv-worker.js');
}

const pool = new WorkerPool<PieceJob, PieceReply>(
  csvWorkers,
  (id, why) => ({ id, kind: 'error', message: 'code' in why ? `worker exited (${why.code})` : String(why.error) }),
);

/**
 * The parallel read's worker pool. Internal: the tests read its `size` and shorten its `idleMs`
 * (restoring it after).
 */
export function csvWorkerPool(): WorkerPool<PieceJob, PieceReply> {
  return pool;
}

function submit(w: PlatformWorker, job: Omit<PieceJob, 'id'>, progress: (bytes: number, rows: number) => void): Promise<PieceReply> {
  const interim = (m: PieceReply): boolean => m.kind === 'progress' && (progress(m.bytes, m.rows), true);
  return pool.send(w, { ...job, id: pool.nextId() }, [job.bytes.buffer as ArrayBuffer], interim);
}

/**
 * The default thread count, at most 8: the pool size the user set (`init({ threads })` or
 * GPUFRAME_THREADS: `threads: 1` reads on one thread), else the cores the platform reports.
 */
export async function defaultThreads(): Promise<number> {
  return Math.min(8, requestedThreads() ?? (await availableCores()));
}

// ---- cutting ----

/** Offset just past the first line break at or after `from`, or -1. */
function pastLinebreak(b: Uint8Array, lb: string, from: number): number {
  const c0 = lb.charCodeAt(0);
  for (let i = b.indexOf(c0, from); i >= 0; i = b.indexOf(c0, i + 1)) {
    if (lb.length === 1) return i + 1;
    if (b[i + 1] === lb.charCodeAt(1)) return i + 2;
  }
  return -1;
}

/** Where the pieces' bytes come from: the input in memory, or a file each thread reads its own range of. */
interface PieceSource {
  /** Bytes in the whole input. */
  size: number;
  /** Bytes [at, at + len) (fewer at the end): the header and the cuts are found in these. */
  read(at: number, len: number): Promise<Uint8Array>;
  /** The first piece, bytes [0, end), read on this thread; undefined: bail (see `pieceBytes`). */
  first(end: number): Promise<Uint8Array | undefined>;
  /** A worker's piece [start, end) after the header: its bytes (transferred), or the file range it reads. */
  job(header: Uint8Array, start: number, end: number): { bytes: Uint8Array; range?: FileRange };
  /** Whether the input is as it was when it was cut (a file that changed size is read again in one pass). */
  unchanged(): Promise<boolean>;
}

/** Cut windows: how many bytes are read at a time while looking for the next record. */
const WINDOW = 1 << 16;

/** Offset just past the first line break at or after `from`, looked for window by window; or -1. */
async function nextRecord(src: PieceSource, lb: string, from: number): Promise<number> {
  // Windows overlap by one byte, so a CRLF split between two windows is found in the second.
  for (let at = from; at < src.size; at += WINDOW - 1) {
    const i = pastLinebreak(await src.read(at, WINDOW), lb, 0);
    if (i >= 0) return at + i;
  }
  return -1;
}

/**
 * Parse `input` in `threads` pieces on workers: the table, or null where the parallel
 * read does not apply (see the module comment) and one pass must read the file.
 */
export async function parseCSVParallel(input: Uint8Array, file: string, options: CSVParseOptions, threads: number, report?: ProgressReport): Promise<Table | null> {
  const b = input;
  const pos0 = hasBom(b, 0) ? 3 : 0;
  if (b.indexOf(QUOTE, pos0) >= 0) return null;
  return readPieces(
    {
      size: b.length,
      read: async (at, len) => b.subarray(at, at + len),
      first: async (end) => b.subarray(0, end),
      job: (header, start, end) => {
        const bytes = new Uint8Array(header.length + end - start);
        bytes.set(header);
        bytes.set(b.subarray(start, end), header.length);
        return { bytes };
      },
      unchanged: async () => true,
    },
    file,
    options,
    threads,
    report,
  );
}

/**
 * The parallel read of a file at `path` (Node): no thread reads the whole file. This thread reads
 * the header and a window at each cut, then the first piece; each worker reads its own range
 * (see `pieceBytes`: a range that is not UTF-8 or holds a quote makes its piece bail). The table,
 * or null (as `parseCSVParallel`; also where the file cannot be read or changed size meanwhile),
 * and readCSV then reads the file in one pass.
 */
export async function parseCSVFileParallel(path: string, file: string, options: CSVParseOptions, threads: number, report?: ProgressReport): Promise<Table | null> {
  const fs = await platform.streamFs();
  if (!fs) return null;
  let size: number;
  let h: StreamFile;
  try {
    size = await fs.size(path);
    h = await fs.open(path, 'r');
  } catch {
    return null; // the one-pass read raises the error
  }
  let open = true;
  const close = async (): Promise<void> => {
    if (open) await h.close().catch(() => undefined);
    open = false;
  };
  try {
    return await readPieces(
      {
        size,
        read: async (at, len) => {
          const w = new Uint8Array(Math.max(0, Math.min(len, size - at)));
          const got = w.length > 0 ? await h.read(w, at) : 0;
          return w.subarray(0, got);
        },
        first: async (end) => {
          await close(); // the cuts are made
          return pieceBytes(new Uint8Array(0), { path, start: 0, end });
        },
        job: (header, start, end) => ({ bytes: header.slice(), range: { path, start, end } }),
        unchanged: async () => (await fs.size(path).catch(() => -1)) === size,
      },
      file,
      options,
      threads,
      report,
    );
  } catch {
    return null;
  } finally {
    await close();
  }
}

/** Cut `src` into pieces at record boundaries, parse them here and on workers, and join them. */
async function readPieces(src: PieceSource, file: string, options: CSVParseOptions, threads: number, report?: ProgressReport): Promise<Table | null> {
  const len = src.size;
  const head = await src.read(0, Math.min(len, 1 << 20));
  const pos0 = hasBom(head, 0) ? 3 : 0;
  const delim = (options.delimiter ?? ',').charCodeAt(0);
  if (threads < 2 || hasBom(head, pos0) || delim >= 0x80 || head.indexOf(QUOTE, pos0) >= 0) return null;
  const lb = guessLinebreak(head, pos0);
  if (delim === lb.charCodeAt(0) || delim === lb.charCodeAt(lb.length - 1)) return null;
  const firstEnd = pastLinebreak(head, lb, pos0);
  if (firstEnd < 0 || head.subarray(pos0, firstEnd).indexOf(delim) < 0) return null; // one record, or one column
  const dataStart = options.header === false ? pos0 : firstEnd;
  const cuts = [dataStart];
  for (let k = 1; k < threads; k++) {
    const at = await nextRecord(src, lb, Math.max(cuts[cuts.length - 1]!, dataStart + Math.floor(((len - dataStart) * k) / threads)));
    if (at < 0 || at >= len) break;
    if (at > cuts[cuts.length - 1]!) cuts.push(at);
  }
  cuts.push(len);
  if (cuts.length < 3) return null;
  const ws = await pool.workers(cuts.length - 2);
  if (!ws) return null;

  const keep = typeof SharedArrayBuffer !== 'undefined' && typeof Atomics !== 'undefined';
  const releases = keep ? ws.map((w) => pool.hold(w)) : []; // a worker keeping a piece is not retired idle before its FillJob
  try {
    return await parseAndJoin({ src, ws, cuts, header: head.slice(0, dataStart), lb, file, options, keep, report });
  } finally {
    for (const release of releases) release();
  }
}

/** What `parseAndJoin` reads: the source, its workers and cuts, the header bytes. */
interface PieceRun {
  src: PieceSource;
  ws: PlatformWorker[];
  cuts: number[];
  header: Uint8Array;
  lb: string;
  file: string;
  options: CSVParseOptions;
  /**
   * Where shared memory exists, workers keep their columns and write them into the joined
   * arrays themselves, all pieces at once (a join on this thread alone cost about as much as
   * parsing a piece); elsewhere they post their columns back and this thread joins them.
   */
  keep: boolean;
  report: ProgressReport | undefined;
}

/** Pieces 1.. parsed on the workers and piece 0 here meanwhile (its code is warm), then joined. */
async function parseAndJoin({ src, ws, cuts, header, lb, file, options, keep, report }: PieceRun): Promise<Table | null> {
  const dataStart = header.length;
  const done = new Array<number>(cuts.length - 1).fill(0);
  const rows = new Array<number>(cuts.length - 1).fill(0);
  const progress = (k: number, by: number, r: number): void => {
    done[k] = by;
    rows[k] = r;
    report?.(dataStart + done.reduce((s, x) => s + x, 0), rows.reduce((s, x) => s + x, 0));
  };
  // Only what the parser reads (a callback cannot cross to a worker).
  const { columns, dtypes, delimiter, nullValues } = options;
  const jobOptions: CSVParseOptions = { columns, dtypes, delimiter, nullValues, header: options.header };
  const pending = ws.map((w, i) => {
    const k = i + 1;
    const { bytes, range } = src.job(header, cuts[k]!, cuts[k + 1]!);
    return submit(w, { bytes, file, options: jobOptions, linebreak: lb, headerBytes: header.length, ...(range ? { range } : {}), keep }, (by, r) => progress(k, by, r));
  });
  const firstBytes = await src.first(cuts[1]!);
  const first: PieceReply = firstBytes ? parsePiece(0, firstBytes, file, jobOptions, lb, (by, r) => progress(0, Math.max(0, by - dataStart), r)) : { id: 0, kind: 'bail' };
  const replies = [first, ...(await Promise.all(pending))];
  counters.csvWorkerPieces += replies.filter((r, k) => k > 0 && (r.kind === 'done' || r.kind === 'kept')).length; // stats(): the workers' share
  // Each worker that kept a piece gets one FillJob: where its rows go, or (null) drop them.
  const fills: Array<Promise<PieceReply>> = [];
  const fill = (k: number, at: number, columns: FillColumn[] | null): void => {
    if (replies[k]!.kind === 'kept') fills.push(sendFill(ws[k - 1]!, { kind: 'fill', piece: replies[k]!.id, at, columns }, columns !== null));
  };
  const pieces = replies.every((r): r is Done | Kept => r.kind === 'done' || r.kind === 'kept') && (await src.unchanged()) ? replies : null;
  const plan = pieces && planJoin(pieces, options);
  if (!plan) {
    replies.forEach((_, k) => k > 0 && fill(k, 0, null));
    return null;
  }
  const out = plan.columns.map((pc) => {
    const A = ARRAYS[pc.dtype];
    const data: ArrayBufferView = keep ? new (A as unknown as new (b: ArrayBufferLike) => ArrayBufferView)(new SharedArrayBuffer(plan.n * A.BYTES_PER_ELEMENT)) : new A(plan.n);
    const nb = Math.ceil(plan.n / 8);
    return { data, bits: pc.nullable ? (keep ? new Uint8Array(new SharedArrayBuffer(nb)) : new Uint8Array(nb)) : undefined };
  });
  const columnsOf = (k: number): FillColumn[] => plan.columns.map((pc, c) => ({ dtype: pc.dtype, data: out[c]!.data, bits: out[c]!.bits, remap: pc.remaps[k] }));
  let at = 0;
  const starts = pieces.map((p) => ((at += p.numRows), at - p.numRows));
  pieces.forEach((p, k) => k > 0 && fill(k, starts[k]!, columnsOf(k)));
  pieces.forEach((p, k) => {
    if (p.kind !== 'done') return;
    const to = columnsOf(k);
    p.columns.forEach((c, j) => fillPiece(c, p.numRows, to[j]!, starts[k]!));
  });
  if (!(await Promise.all(fills)).every((r) => r.kind === 'filled')) return null;
  const joined = plan.columns.map((pc, c) => {
    const { data, bits } = out[c]!;
    return new Column({ type: pc.dtype as ColumnType, data: DataBuffer.fromHost(data as TypedArray, pc.dtype === 'utf8' ? 'uint32' : pc.dtype), validity: bits ? DataBuffer.fromHost(bits, 'uint8') : undefined, dictionary: pc.dictionary });
  });
  return { names: plan.names, columns: joined, numRows: plan.n };
}

/** Post a FillJob; a drop (`answered` false) has no reply to wait for. */
function sendFill(w: PlatformWorker, job: Omit<FillJob, 'id'>, answered: boolean): Promise<PieceReply> {
  const id = pool.nextId();
  if (!answered) {
    w.postMessage({ ...job, id });
    return Promise.resolve({ id, kind: 'filled' });
  }
  return pool.send(w, { ...job, id } as unknown as PieceJob, []);
}

// ---- joining ----

const ARRAYS = { int32: Int32Array, int64: BigInt64Array, float64: Float64Array, bool: Uint8Array, utf8: Uint32Array } as const;

/** How the pieces' columns join: each column's type, dictionary and each piece's codes into it, and whether any row is null. */
interface JoinPlan {
  names: string[];
  n: number;
  columns: Array<{ dtype: IoDType; dictionary: string[] | undefined; remaps: Array<Uint32Array | undefined>; nullable: boolean }>;
}

/** The join of the pieces, or null when a type needs the values' text to unify. */
function planJoin(pieces: ReadonlyArray<Done | Kept>, options: CSVParseOptions): JoinPlan | null {
  const names = pieces[0]!.names;
  const n = pieces.reduce((s, p) => s + p.numRows, 0);
  const metas = pieces.map((p) => (p.kind === 'done' ? p.columns.map(metaOf) : p.columns));
  const columns: JoinPlan['columns'] = [];
  for (let k = 0; k < names.length; k++) {
    const parts = metas.map((m) => m[k]!);
    const given = options.dtypes && Object.hasOwn(options.dtypes, names[k]!) ? options.dtypes[names[k]!] : undefined;
    const dtype = given ?? dtypeOfKinds(parts.reduce((s, c) => s | c.kinds, 0));
    if (!parts.every((c) => c.type === dtype || c.kinds === 0 || widens(c.type as IoDType, dtype))) return null;
    let dictionary: string[] | undefined;
    let remaps: Array<Uint32Array | undefined> = [];
    if (dtype === 'utf8') {
      // The sorted union of the pieces' dictionaries (sorted as one pass sorts), and each
      // piece's codes into it.
      const all = uniqueSortedUtf8(parts.flatMap((c) => c.dictionary ?? []));
      const index = new Map(all.map((s, i) => [s, i]));
      dictionary = all;
      remaps = parts.map((c) => (c.dictionary ? Uint32Array.from(c.dictionary, (s) => index.get(s)!) : undefined));
    }
    const nullable = parts.some((c, i) => c.nullable || (c.kinds === 0 && c.type !== dtype && pieces[i]!.numRows > 0));
    columns.push({ dtype: dtype as IoDType, dictionary, remaps, nullable });
  }
  return { names, n, columns };
}

/** Whether a piece's numbers convert exactly to the joined type, as one pass would have read them. */
function widens(from: IoDType, to: IoDType): boolean {
  return (from === 'int32' && (to === 'int64' || to === 'float64')) || (from === 'int64' && to === 'float64');
}
