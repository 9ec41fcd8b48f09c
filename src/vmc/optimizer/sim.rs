//! Simulated MPI processes for tests: threads with an allgather.

use std::sync::{Barrier, Mutex};

/// `n` simulated processes sharing one allgather.
pub(crate) struct Comm {
    slots: Mutex<Vec<Vec<f64>>>,
    barrier: Barrier,
}

impl Comm {
    pub(crate) fn new(n: usize) -> Self {
        Comm {
            slots: Mutex::new(vec![Vec::new(); n]),
            barrier: Barrier::new(n),
        }
    }

    /// Runs `body(rank, comm)` on every process (one thread each) and returns
    /// their results in rank order.
    pub(crate) fn run<T: Send>(&self, body: impl Fn(usize, &Comm) -> T + Sync) -> Vec<T> {
        let n = self.slots.lock().unwrap().len();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .map(|rank| {
                    let body = &body;
                    scope.spawn(move || body(rank, self))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    /// Every process's `local`, concatenated in rank order (all must call it).
    pub(crate) fn allgather(&self, rank: usize, local: &[f64]) -> Vec<f64> {
        self.allgather_parts(rank, local).concat()
    }

    /// Every process's `local` in rank order (all must call it).
    pub(crate) fn allgather_parts(&self, rank: usize, local: &[f64]) -> Vec<Vec<f64>> {
        self.slots.lock().unwrap()[rank] = local.to_vec();
        self.barrier.wait();
        let all = self.slots.lock().unwrap().clone();
        self.barrier.wait();
        all
    }
}
