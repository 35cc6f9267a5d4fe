"""gpuframe pipelines mapped over a partitioned data set with Dask.

Dask schedules, moves data and retries; gpuframe runs each partition in one long-lived
`gpuframe worker` process per Dask worker process (see worker.local_worker). Every task is a
plain function of its arguments, so a task that dies with its worker is simply run again.

A partition is a path (Parquet, CSV or Arrow IPC, by extension) or a dict
`{"path": ..., "format": "parquet" | "csv" | "arrow", "rowGroup": n}`.
"""
import json
import os
import tempfile
import uuid

from .worker import local_worker

AGG_OPS = ("count", "sum", "mean", "min", "max")


def _tmp_path(suffix):
    d = os.path.join(tempfile.gettempdir(), f"gpuframe-dask-{os.getpid()}")
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, f"{uuid.uuid4().hex}{suffix}")


def _check_aggs(by, aggs):
    if isinstance(by, str):
        by = [by]
    spec = {}
    for out, s in aggs.items():
        column, op = s
        if op not in AGG_OPS:
            raise ValueError(f"groupby_agg: expected op {' | '.join(AGG_OPS)} for '{out}', got {op!r}")
        spec[out] = [column, op]
    return {"by": list(by), "aggs": spec}


def run_pipeline_task(partition, output, pipeline=None, command=None, backend=None, params=None, output_format=None):
    """One partition through the pipeline, written to `output` (atomically). Returns the reply
    (`rows`, `columns`, `output`)."""
    fields = {"input": partition, "output": output}
    if params is not None:
        fields["params"] = params
    if output_format is not None:
        fields["outputFormat"] = output_format
    return local_worker(command, pipeline, backend).request("run", **fields)


def partial_agg_task(partition, agg, pipeline=None, command=None, backend=None, params=None):
    """One partition through the pipeline, then reduced to partial aggregates per group. Returns
    the partials as Arrow IPC file bytes (opaque here: Dask moves them, gpuframe reads them)."""
    out = _tmp_path(".arrow")
    fields = {"input": partition, "output": out, "agg": dict(agg, mode="partial")}
    if params is not None:
        fields["params"] = params
    local_worker(command, pipeline, backend).request("run", **fields)
    try:
        with open(out, "rb") as f:
            return f.read()
    finally:
        os.remove(out)


def combine_task(partials, agg, pipeline=None, command=None, backend=None, output=None):
    """Partial aggregates (Arrow IPC bytes, in partition order) combined by gpuframe. Returns
    `{"columns", "rows", "json"}`: rows as dicts (int64 as int, float64 as float, null as None)
    and the JSON text gpuframe wrote. `output` also keeps the result as Parquet or Arrow.
    `pipeline` only picks the process (the one the partial tasks used); combine does not run it."""
    paths = []
    try:
        for data in partials:
            p = _tmp_path(".arrow")
            with open(p, "wb") as f:
                f.write(data)
            paths.append(p)
        js = _tmp_path(".json")
        target = output or _tmp_path(".arrow")
        reply = local_worker(command, pipeline, backend).request("combine", inputs=paths, agg=agg, output=target, json=js)
        with open(js, encoding="utf-8") as f:
            text = f.read()
        os.remove(js)
        if output is None:
            os.remove(target)
        return {"columns": reply["columns"], "rows": json.loads(text), "json": text}
    finally:
        for p in paths:
            os.remove(p)


def submit_groupby_agg(client, partitions, by, aggs, pipeline=None, command=None, backend=None, params=None, output=None, retries=2):
    """Submits the pipeline and a group-by over every partition; returns `(partials, result)`:
    the Futures of the per-partition partial tasks and the Future of the combined result (see
    combine_task). `aggs` is `{out: (column, op)}` with op count, sum, mean,
    min or max. `retries` is Dask's: a task whose gpuframe process or Dask worker died runs again."""
    agg = _check_aggs(by, aggs)
    partials = client.map(partial_agg_task, list(partitions), agg=agg, pipeline=pipeline, command=command,
                          backend=backend, params=params, pure=False, retries=retries)
    result = client.submit(combine_task, partials, agg=agg, pipeline=pipeline, command=command, backend=backend, output=output,
                           pure=False, retries=retries)
    return partials, result


def groupby_agg(client, partitions, by, aggs, **options):
    """submit_groupby_agg(...)'s result: `{"columns", "rows", "json"}`, equal to one gpuframe
    process's `groupBy(by).agg(aggs)` over all partitions (see README "Scale out")."""
    return submit_groupby_agg(client, partitions, by, aggs, **options)[1].result()


def map_pipeline(client, partitions, output_dir, pipeline=None, command=None, backend=None, params=None, output_format="parquet", retries=2):
    """Runs the pipeline over every partition, writing `output_dir/part-00000.<ext>`, ...;
    returns the Futures of the replies, in partition order. With several machines, `output_dir`
    must be a folder each of them can write (a shared mount), or a local one you collect from."""
    ext = {"parquet": ".parquet", "arrow": ".arrow", "json": ".json"}[output_format]
    parts = list(partitions)
    outs = [os.path.join(output_dir, f"part-{i:05d}{ext}") for i in range(len(parts))]
    return client.map(run_pipeline_task, parts, outs, pipeline=pipeline, command=command, backend=backend,
                      params=params, output_format=output_format, pure=False, retries=retries)


def parquet_row_groups(paths, command=None, backend=None):
    """One partition per row group of each Parquet file, from the files' footers (read by a
    gpuframe worker in this process)."""
    w = local_worker(command, None, backend)
    out = []
    for p in paths:
        groups = w.request("describe", path=p)["rowGroups"]
        out.extend({"path": p, "format": "parquet", "rowGroup": i} for i in range(len(groups)))
    return out


def _ping(command=None, pipeline=None, backend=None):
    return local_worker(command, pipeline, backend).request("ping")["pid"]


def start_workers(client, pipeline=None, command=None, backend=None):
    """Starts (or checks) the gpuframe worker of every Dask worker now, rather than at its first
    task; returns `{dask worker address: gpuframe worker pid}`."""
    return client.run(_ping, command=command, pipeline=pipeline, backend=backend)
