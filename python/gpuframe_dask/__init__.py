"""gpuframe on Dask: `gpuframe worker` processes (one per Dask worker process) run a pipeline
module over partitions that Dask schedules. See README "Scale out"."""
from .worker import GpuframeError, Worker, WorkerDied, default_command, local_worker, local_worker_pids
from .tasks import (
    combine_task,
    groupby_agg,
    map_pipeline,
    parquet_row_groups,
    partial_agg_task,
    run_pipeline_task,
    start_workers,
    submit_groupby_agg,
)

__all__ = [
    "GpuframeError", "Worker", "WorkerDied", "default_command", "local_worker", "local_worker_pids",
    "combine_task", "groupby_agg", "map_pipeline", "parquet_row_groups",
    "partial_agg_task", "run_pipeline_task", "start_workers", "submit_groupby_agg",
]
