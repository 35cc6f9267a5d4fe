"""A client for one `gpuframe worker` process: newline-delimited JSON over its stdio.

Data never goes through the pipe: requests name files (Parquet, CSV or Arrow IPC in; Parquet,
Arrow IPC or JSON out). Python never decodes Arrow or Parquet here; it hands over paths and
reads back JSON (or moves a file's bytes, unread, from one machine to another).
"""
import atexit
import json
import os
import shlex
import shutil
import subprocess
import threading


class GpuframeError(RuntimeError):
    """A request the worker answered with `ok: false`: gpuframe's error name and text.

    `name` is the error's class (ParseError, ValueError, ...; a pipeline's own error keeps its
    name), `message` its text, which names the file, and `stage` one of 'request', 'read',
    'pipeline', 'agg', 'write'.
    """

    def __init__(self, name, message, stage):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.stage = stage

    def __reduce__(self):  # picklable, so Dask can send it back to the client
        return (GpuframeError, (self.name, self.message, self.stage))


class WorkerDied(RuntimeError):
    """The worker process exited (or was killed) before answering. Dask's retries rerun the task,
    and the next request starts a fresh process."""


def default_command():
    """The command that starts gpuframe: $GPUFRAME_COMMAND (split as a shell would), else a
    `gpuframe` on PATH, else `npx --no-install gpuframe` (a project with gpuframe installed)."""
    env = os.environ.get("GPUFRAME_COMMAND")
    if env:
        return shlex.split(env)
    exe = shutil.which("gpuframe")
    return [exe] if exe else ["npx", "--no-install", "gpuframe"]


class Worker:
    """One long-lived `gpuframe worker` process; `request` sends one request and waits for its
    reply. Thread-safe (requests are serialised); a dead process is restarted on the next
    request."""

    def __init__(self, command=None, pipeline=None, backend=None, cwd=None):
        self.command = list(command) if command else default_command()
        self.pipeline = pipeline
        self.backend = backend
        self.cwd = cwd
        self.proc = None
        self._lock = threading.Lock()
        self._next_id = 0

    def _argv(self):
        argv = self.command + ["worker"]
        if self.pipeline is not None:
            argv += ["--pipeline", os.path.abspath(self.pipeline)]
        if self.backend is not None:
            argv += ["--backend", self.backend]
        return argv

    def _start(self):
        self.proc = subprocess.Popen(
            self._argv(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=self.cwd,
            text=True, encoding="utf-8", bufsize=1,
        )

    @property
    def pid(self):
        return self.proc.pid if self.proc is not None and self.proc.poll() is None else None

    def request(self, op, **fields):
        """Sends `{"op": op, **fields}`; returns the reply, or raises GpuframeError (the request
        failed; the worker lives on) or WorkerDied (the process is gone)."""
        with self._lock:
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            self._next_id += 1
            req = dict(fields, op=op, id=self._next_id)
            try:
                self.proc.stdin.write(json.dumps(req) + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except (BrokenPipeError, OSError):
                line = ""
            if not line:
                code = self.proc.wait()
                self.proc = None
                raise WorkerDied(f"gpuframe worker exited with code {code} before answering {op}"
                                 f" ({json.dumps(fields)[:200]})")
            reply = json.loads(line)
            if reply.get("id") != req["id"]:
                raise RuntimeError(f"gpuframe worker: expected the reply to request {req['id']}, got {line[:200]}")
            if not reply.get("ok"):
                e = reply.get("error", {})
                raise GpuframeError(e.get("name", "Error"), e.get("message", ""), e.get("stage", "request"))
            return reply

    def close(self):
        """Closes stdin (the worker exits once it has answered) and waits for it."""
        with self._lock:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.stdin.close()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None


_WORKERS = {}
_WORKERS_LOCK = threading.Lock()


def local_worker(command=None, pipeline=None, backend=None):
    """This process's worker for (command, pipeline, backend), started on first use and kept:
    one long-lived gpuframe process per Dask worker process."""
    cmd = tuple(command) if command else tuple(default_command())
    key = (cmd, os.path.abspath(pipeline) if pipeline else None, backend)
    with _WORKERS_LOCK:
        w = _WORKERS.get(key)
        if w is None:
            w = _WORKERS[key] = Worker(list(cmd), pipeline, backend)
        return w


def local_worker_pids():
    """The process ids of this process's live gpuframe workers."""
    with _WORKERS_LOCK:
        return [w.pid for w in _WORKERS.values() if w.pid is not None]


@atexit.register
def _close_all():
    with _WORKERS_LOCK:
        workers = list(_WORKERS.values())
        _WORKERS.clear()
    for w in workers:
        w.close()
