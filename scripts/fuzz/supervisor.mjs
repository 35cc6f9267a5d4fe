// The watchdog: one persistent child (child.mjs) runs cases one after another; the parent kills
// it when a case runs past `timeoutMs` (a hang) or its resident memory passes `rssLimitMb`
// (polled from /proc/<pid>/status VmRSS every 50 ms; where /proc is missing, only V8's
// --max-old-space-size applies), records the case, and starts a fresh child for the next one.
// A child that exits while a case runs (a V8 out-of-memory abort, a wasm trap outside a promise,
// an unhandled rejection, process.abort) makes that case a crash.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export class Supervisor {
  constructor({ timeoutMs = 10_000, rssLimitMb = 1536, heapMb = 1024, startMs = 120_000 } = {}) {
    Object.assign(this, { timeoutMs, rssLimitMb, heapMb, startMs });
    this.child = null;
    this.starts = 0;
    this.nextId = 1;
  }

  /** Start a child and wait for its 'ready'. */
  async start() {
    this.tmp = mkdtempSync(join(tmpdir(), 'gpuframe-fuzz-'));
    const child = fork(CHILD, [], {
      execArgv: [`--max-old-space-size=${this.heapMb}`],
      env: { ...process.env, GPUFRAME_BACKEND: 'cpu', GPUFRAME_FUZZ_TMP: this.tmp },
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    this.starts++;
    child.stderrTail = '';
    const keep = (d) => (child.stderrTail = (child.stderrTail + d).slice(-2000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const ready = new Promise((resolve) => child.on('message', (m) => m.type === 'ready' && resolve(m)));
    const timer = new Promise((resolve) => setTimeout(() => resolve({ timeout: true }), this.startMs).unref());
    const r = await Promise.race([ready, child.exited.then((e) => ({ exit: e })), timer]);
    if (r.type !== 'ready') {
      this.kill();
      throw new Error(`fuzz child did not start: ${JSON.stringify(r)}\n${child.stderrTail}`);
    }
    this.backend = r.backend;
  }

  kill() {
    if (!this.child) return;
    const { child, tmp } = this;
    this.child = null;
    child.kill('SIGKILL');
    child.exited.then(() => rmSync(tmp, { recursive: true, force: true })).catch(() => {});
  }

  async close() {
    if (!this.child) return;
    const child = this.child;
    this.child = null;
    child.disconnect();
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 2000))]);
    child.kill('SIGKILL');
    rmSync(this.tmp, { recursive: true, force: true });
  }

  /** The child's seeds (see seeds.mjs). */
  async seeds() {
    if (!this.child) await this.start();
    const child = this.child;
    const got = new Promise((resolve) => {
      const on = (m) => m.type === 'seeds' && (child.off('message', on), resolve(m.seeds));
      child.on('message', on);
    });
    child.send({ type: 'seeds' });
    const r = await Promise.race([got, child.exited.then((e) => ({ exit: e }))]);
    if (r.exit) throw new Error(`fuzz child died making seeds: ${JSON.stringify(r.exit)}\n${child.stderrTail}`);
    return r;
  }

  /**
   * Run one case: `{ reader, files }`. Resolves `{ outcome, detail, resultBytes?, ms }` where
   * outcome is the child's, or 'hang', 'crash' or 'rss' (over the memory cap).
   */
  async run(reader, files, { timeoutMs = this.timeoutMs } = {}) {
    if (!this.child) await this.start();
    const child = this.child;
    const id = this.nextId++;
    const t0 = performance.now();
    let poll;
    let timer;
    const result = new Promise((resolve) => {
      const on = (m) => m.type === 'result' && m.id === id && (child.off('message', on), resolve(m));
      child.on('message', on);
    });
    const watchdog = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ outcome: 'hang', detail: `no result after ${timeoutMs} ms` }), timeoutMs);
      poll = setInterval(() => {
        const mb = rssMb(child.pid);
        if (mb > this.rssLimitMb) resolve({ outcome: 'rss', detail: `resident memory ${mb.toFixed(0)} MB > ${this.rssLimitMb} MB` });
      }, 50);
    });
    const died = child.exited.then(({ code, signal }) => ({ outcome: 'crash', detail: `child exited (code ${code}, signal ${signal}): ${child.stderrTail.trim().split('\n').slice(-6).join(' | ')}` }));
    child.send({ type: 'case', id, reader, files });
    const r = await Promise.race([result, watchdog, died]);
    clearTimeout(timer);
    clearInterval(poll);
    if (r.outcome === 'hang' || r.outcome === 'rss') this.kill();
    if (r.outcome === 'crash') {
      this.child = null;
      rmSync(this.tmp, { recursive: true, force: true });
    }
    return { ...r, ms: performance.now() - t0 };
  }
}
