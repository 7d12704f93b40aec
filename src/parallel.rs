//! Work spread over the cores in contiguous runs, with results in input order.
//!
//! `CHARTCHECK_THREADS=N` sets how many threads (default: one per core); output does not
//! depend on it.

/// The number of threads to use: `CHARTCHECK_THREADS`, else one per core.
pub fn threads() -> usize {
    std::env::var("CHARTCHECK_THREADS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs `work` on contiguous runs of `items` (at least `min_run` each), one per core, and
/// returns the runs' results in order. A single run stays on the calling thread.
pub fn in_runs<'t, T: Sync, R: Send>(
    items: &'t [T],
    min_run: usize,
    work: impl Fn(&'t [T]) -> R + Sync,
) -> Vec<R> {
    let workers = threads();
    let per_run = items.len().div_ceil(workers).max(min_run).max(1);
    if items.len() <= per_run {
        return vec![work(items)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per_run)
            .map(|run| scope.spawn(move || work(run)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
