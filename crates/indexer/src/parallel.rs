//! Work spread over the machine's cores, for the per-article stages of a build.

/// `f` applied to every item, on one thread per core, results in the items' order. Reading,
/// rendering and writing articles are independent of one another and most of a large build.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_on(cores(), items, f)
}

/// [`map`] on `threads` threads: more than the cores for work that mostly waits on the disk.
pub fn map_on<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    chunks_on(threads, items, |_, part| {
        part.iter().map(&f).collect::<Vec<R>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// `f` applied to one run of consecutive items per core, with the index of the run's first
/// item; results in the runs' order. For work that gathers a run into one result (the index
/// builder's segments).
pub fn map_chunks<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &[T]) -> R + Sync) -> Vec<R> {
    chunks_on(cores(), items, f)
}

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn chunks_on<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(i, part)| {
                let f = &f;
                scope.spawn(move || f(i * chunk, part))
            })
            .collect();
        workers.into_iter().map(join).collect()
    })
}

/// A scoped thread's result, its panic passed on.
pub fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
