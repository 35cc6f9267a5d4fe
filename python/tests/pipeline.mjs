// The pipeline module of the Dask check (python/tests/dask_check.py): keep rows with v > -900,
// add x2 = x * 2. `params.sleepMs` slows each partition down so that a worker can be killed
// while tasks are still running.
export default async function pipeline(df, { gf, params }) {
  if (params?.sleepMs) await new Promise((r) => setTimeout(r, params.sleepMs));
  const kept = await df.filter(gf.col('v').gt(-900));
  return kept.withColumns({ x2: gf.col('x').mul(2) });
}
