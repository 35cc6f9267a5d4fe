#!/usr/bin/env python3
"""The Dask check of `gpuframe worker` and gpuframe_dask (run by test/cli/dask.test.ts, or by
hand: `python3 python/tests/dask_check.py` after `npm run build`).

1. Generates 8 CSV partitions (seeded), and has gpuframe write each as Parquet (writeParquet).
2. The one-process result: one gpuframe worker reads all 8 files, runs the pipeline and
   `groupBy(k).agg(...)` directly.
3. A LocalCluster of 2 worker processes runs the same pipeline and group-by through
   gpuframe_dask (partials per partition, combined): the JSON must equal the one-process JSON
   byte for byte.
4. Again, killing one gpuframe subprocess mid-run (its task fails; Dask's retry reruns it), then
   again killing one Dask worker process mid-run (the nanny restarts it; Dask reruns its tasks):
   same result.
5. A corrupt partition fails its task with gpuframe's ParseError naming the file, and leaves
   no output.
Prints "dask check: ok" and exits 0, or raises.
"""
import argparse
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "python"))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.join(REPO, "python"), os.environ.get("PYTHONPATH")]))

import gpuframe_dask as gd  # noqa: E402

AGGS = {
    "n": ("x", "count"), "sx": ("x", "sum"), "mx": ("x", "mean"), "lo": ("v", "min"), "hi": ("v", "max"),
    "sv": ("v", "sum"), "mv": ("v", "mean"), "s2": ("x2", "sum"), "top": ("x", "max"),
}
PIPELINE = os.path.join(HERE, "pipeline.mjs")


def log(*a):
    print("dask check:", *a, flush=True)


def write_partitions(w, d, parts=8, rows=3000):
    rng = random.Random(15)
    paths = []
    if True:
        for i in range(parts):
            csv = os.path.join(d, f"part-{i}.csv")
            with open(csv, "w") as f:
                f.write("k,v,x\n")
                for _ in range(rows):
                    k = f"k{rng.randrange(12)}"
                    v = rng.randrange(-1000, 1000)
                    x = "" if rng.random() < 0.05 else repr(rng.randrange(-4000, 4000) / 4)  # exact in float64; some nulls
                    f.write(f"{k},{v},{x}\n")
            pq = os.path.join(d, f"part-{i}.parquet")
            w.request("run", input=csv, output=pq, pipeline=False)  # gpuframe's writeParquet
            os.remove(csv)
            paths.append(pq)
    return paths


def one_process(w, paths, d):
    if True:
        js = os.path.join(d, "single.json")
        w.request("run", input=paths, output=os.path.join(d, "single.parquet"), json=js,
                  agg={"by": ["k"], "aggs": {o: list(s) for o, s in AGGS.items()}, "mode": "final"})
        with open(js, encoding="utf-8") as f:
            return f.read()


def prepare(d, command, backend, box):
    """The partitions and the one-process result, from one gpuframe worker (run in a thread
    while the cluster starts)."""
    w = gd.Worker(command, PIPELINE, backend)
    try:
        box["paths"] = write_partitions(w, d)
        box["expected"] = one_process(w, box["paths"], d)
    except BaseException as e:  # re-raised in the main thread
        box["error"] = e
    finally:
        w.close()


def _retries_left(keys, dask_scheduler=None):
    return {k: dask_scheduler.tasks[k].retries for k in keys if k in dask_scheduler.tasks}


def wait_running(client, futures, timeout=20):
    """Waits until some partial task has finished and some are still processing; returns the
    addresses processing tasks now."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        done = sum(f.status == "finished" for f in futures)
        busy = [a for a, ts in client.processing().items() if ts]
        if done >= 1 and busy:
            return busy
        time.sleep(0.05)
    raise AssertionError("no worker was running a task to kill")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node", default="node")
    ap.add_argument("--backend", default=None)
    args = ap.parse_args()
    from dask.distributed import Client, LocalCluster, wait

    command = [args.node, os.path.join(REPO, "bin", "gpuframe.mjs")]
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="gpuframe-dask-check-") as d:
        box = {}
        prep = threading.Thread(target=prepare, args=(d, command, args.backend, box))
        prep.start()
        opts = dict(pipeline=PIPELINE, command=command, backend=args.backend)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=40) as cluster, Client(cluster) as client:
            log(f"LocalCluster(2) started in {time.time() - t0:.1f} s")
            gd.start_workers(client, **opts)
            prep.join()
            if "error" in box:
                raise box["error"]
            paths, expected = box["paths"], box["expected"]
            rows = json.loads(expected)
            assert len(rows) == 12 and all(r["n"] > 0 for r in rows), expected[:300]
            log(f"8 partitions written and the one-process result computed ({time.time() - t0:.1f} s)")
            t1 = time.time()
            got = gd.groupby_agg(client, paths, "k", AGGS, **opts)
            assert got["json"] == expected, f"Dask result differs:\n{got['json'][:400]}\n{expected[:400]}"
            assert got["columns"] == ["k", *AGGS], got["columns"]
            log(f"LocalCluster(2) result equals the one-process result ({time.time() - t1:.1f} s)")

            # Kill one gpuframe subprocess while its task runs: the task fails (WorkerDied), Dask retries it.
            t1 = time.time()
            slow = dict(opts, params={"sleepMs": 150})
            partials, fut = gd.submit_groupby_agg(client, paths, "k", AGGS, **slow)
            busy = wait_running(client, partials)
            pids = client.run(gd.local_worker_pids, workers=busy[:1])
            victim = [p for ps in pids.values() for p in ps if p]
            assert victim, pids
            os.kill(victim[0], signal.SIGKILL)
            got = fut.result(timeout=60)
            assert got["json"] == expected, "result after killing a gpuframe worker differs"
            left = client.run_on_scheduler(_retries_left, keys=[f.key for f in partials])
            assert any(n < 2 for n in left.values()), f"no task was retried: {left}"
            log(f"killed gpuframe worker pid {victim[0]} mid-run; {sum(2 - n for n in left.values())} task retried, same result ({time.time() - t1:.1f} s)")
            del fut, partials

            # Kill one Dask worker process while it runs tasks: the nanny restarts it, Dask reruns.
            t1 = time.time()
            partials, fut = gd.submit_groupby_agg(client, paths, "k", AGGS, **slow)
            busy = wait_running(client, partials)
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            got = fut.result(timeout=60)
            assert got["json"] == expected, "result after killing a Dask worker differs"
            log(f"killed Dask worker pid {pid} mid-run; its tasks reran, same result ({time.time() - t1:.1f} s)")
            del fut, partials

            # A corrupt partition: gpuframe's ParseError, naming the file; no output left.
            bad = os.path.join(d, "corrupt.parquet")
            with open(paths[0], "rb") as f:
                data = f.read()
            with open(bad, "wb") as f:
                f.write(data[: len(data) // 2])
            out = os.path.join(d, "out")
            os.makedirs(out)
            [f] = gd.map_pipeline(client, [bad], out, **opts)
            wait([f])
            e = f.exception()
            assert isinstance(e, gd.GpuframeError) and e.name == "ParseError" and bad in e.message, repr(e)
            assert os.listdir(out) == [], os.listdir(out)
            good = gd.map_pipeline(client, paths[:2], out, **opts)
            assert [g.result()["rows"] > 0 for g in good] == [True, True]
            assert sorted(os.listdir(out)) == ["part-00000.parquet", "part-00001.parquet"], os.listdir(out)
            log(f"a corrupt partition fails its task with {e.name}: {e.message[:120]}")
    log(f"ok ({time.time() - t0:.1f} s)")


if __name__ == "__main__":
    main()
