//! What processes exchange: a run's chains as a flat f64 buffer
//! ([`Sampling::to_buffer`]) and all processes' buffers gathered back into one run
//! in global chain order, with dense SR's co-moments as nodes of a fixed merge tree.

use super::{ChainCursor, ChainRun, CoMoment, Collect, Sampling, Vmc};
use crate::error::{Error, Result};
use crate::vmc::observables::{ObservableAccumulator, ObservableConfig};
use crate::vmc::wavefunction::WaveFunction;

impl<S> Sampling<S> {
    /// The data this process's chains have collected, as f64s (exact), for
    /// [`Vmc::gather_step`] / [`Vmc::gather_sample`] on every process: the number
    /// of chains and of parameters, the number of co-moment blocks and the blocks
    /// (chain count, n, mean, P × P: the co-moments of the fewest nodes of the
    /// merge tree that cover this process's chains, at most 2 log₂ n_chains, one
    /// for a power-of-two number of processes), then per chain the sample count,
    /// accepted and proposed moves, local energies, ΣO and ΣE·O, every sample's O
    /// for the sample-space solver, and the histograms.
    pub fn to_buffer(&self) -> Vec<f64> {
        let p = self.chains.first().map_or(0, |c| c.run.o_sum.len());
        let (lo, hi) = (self.first, self.first + self.chains.len());
        let nodes = if self.collect.covariance {
            tree_cover(lo, hi, self.n_total)
        } else {
            Vec::new()
        };
        let mut out = vec![self.chains.len() as f64, p as f64, nodes.len() as f64];
        for (l, h) in nodes {
            let cm = self
                .merged_comoment(l, h)
                .unwrap_or_else(|| CoMoment::new(p));
            out.push((h - l) as f64);
            out.push(cm.n);
            out.extend_from_slice(&cm.mean);
            out.extend_from_slice(&cm.c);
        }
        for c in &self.chains {
            let r = &c.run;
            out.extend_from_slice(&[
                r.energies.len() as f64,
                r.accepted as f64,
                r.proposed as f64,
            ]);
            out.extend_from_slice(&r.energies);
            out.extend_from_slice(&r.o_sum);
            out.extend_from_slice(&r.eo_sum);
            if self.collect.share_derivatives {
                out.extend_from_slice(&r.derivatives);
            }
            if let Some(acc) = &r.observables {
                acc.write_to(&mut out);
            }
        }
        out
    }

    /// The co-moment of the chains lo..hi (global indices), merged in a fixed
    /// binary tree over the chain indices (halves split at ⌊len/2⌋), so that the
    /// merge of all chains is the same whether they ran here or their blocks came
    /// pre-merged from other processes; None without co-moments.
    pub(super) fn merged_comoment(&self, lo: usize, hi: usize) -> Option<CoMoment> {
        if let Some((_, _, cm)) = self.blocks.iter().find(|(l, h, _)| (*l, *h) == (lo, hi)) {
            return Some(cm.clone());
        }
        if hi == lo + 1 {
            return lo
                .checked_sub(self.first)
                .and_then(|i| self.chains.get(i))
                .and_then(|c| c.run.comoment.clone());
        }
        if hi <= lo {
            return None;
        }
        let mid = lo + (hi - lo) / 2;
        let mut left = self.merged_comoment(lo, mid)?;
        left.merge(&self.merged_comoment(mid, hi)?);
        Some(left)
    }

    /// Whether every chain has drawn all its samples.
    pub fn is_done(&self) -> bool {
        self.chains
            .iter()
            .all(|c| c.burn_in_left == 0 && c.samples_left == 0)
    }

    /// Samples collected so far (all chains).
    pub fn n_collected(&self) -> usize {
        self.chains.iter().map(|c| c.run.energies.len()).sum()
    }
}

impl<W: WaveFunction> Vmc<W> {
    /// The sampling run of all chains from the buffers ([`Sampling::to_buffer`])
    /// of an optimisation step's processes, in order of their first chain, with
    /// this process's own run `local` (whose derivatives stay here for the
    /// conjugate-gradient solver, which exchanges products S v instead).
    ///
    /// **Errors** if the buffers do not hold the n_chains chains' data of this
    /// driver's step, or `local` is not this process's run of it.
    pub fn gather_step(
        &self,
        parts: &[&[f64]],
        mut local: Sampling<W::State>,
    ) -> Result<Sampling<W::State>> {
        let collect = self.step_collect();
        let mut all = self.gather(parts, collect)?;
        if collect.derivatives && !collect.share_derivatives {
            let (lo, n) = (self.chain_offset, self.n_local);
            if local.first != lo
                || local.chains.len() != n
                || !local.collect.derivatives
                || !local.is_done()
            {
                return Err(Error::Shape(
                    "gather_step needs this process's completed run of the step".into(),
                ));
            }
            for (mine, theirs) in local.chains.iter_mut().zip(&mut all.chains[lo..lo + n]) {
                theirs.run.derivatives = std::mem::take(&mut mine.run.derivatives);
            }
            all.with_derivatives = lo..lo + n;
        }
        Ok(all)
    }

    /// The sampling run of all chains from the buffers of a [`Vmc::start_sample`]
    /// run (with the same `observables`) of every process.
    ///
    /// **Errors** as [`Vmc::gather_step`].
    pub fn gather_sample(
        &self,
        parts: &[&[f64]],
        observables: Option<ObservableConfig>,
    ) -> Result<Sampling<W::State>> {
        self.gather(
            parts,
            Collect {
                gradient: false,
                covariance: false,
                derivatives: false,
                share_derivatives: false,
                observables,
            },
        )
    }

    pub(super) fn gather(&self, parts: &[&[f64]], collect: Collect) -> Result<Sampling<W::State>> {
        let p = if collect.gradient {
            self.wavefunction.n_params()
        } else {
            0
        };
        let template = collect.observables.map(|c| {
            ObservableAccumulator::new(c, self.hamiltonian.n_particles(), self.hamiltonian.dim())
        });
        let bad = |what: &str| {
            Error::Shape(format!(
                "the sampling buffers gathered from the processes are not those of this driver's                  run ({what}): every process must run the same driver, parameters and call"
            ))
        };
        let mut chains = Vec::with_capacity(self.n_chains);
        let mut blocks = Vec::new();
        for part in parts {
            let mut r = Reader { buf: part, pos: 0 };
            let head = r.take(3).ok_or_else(|| bad("too short"))?;
            let (n_chains, p_buf, n_blocks) =
                (head[0] as usize, head[1] as usize, head[2] as usize);
            if p_buf != p || (n_blocks > 0) != (collect.covariance && n_chains > 0) {
                return Err(bad("parameter count"));
            }
            let mut lo = chains.len();
            for _ in 0..n_blocks {
                let (len, cm) = (|| {
                    let len = r.take(1)?[0] as usize;
                    let cm = CoMoment {
                        n: r.take(1)?[0],
                        mean: r.take(p)?.to_vec(),
                        c: r.take(p * p)?.to_vec(),
                        delta: vec![0.0; p],
                    };
                    Some((len, cm))
                })()
                .ok_or_else(|| bad("too short"))?;
                blocks.push((lo, lo + len, cm));
                lo += len;
            }
            if n_blocks > 0 && lo != chains.len() + n_chains {
                return Err(bad("co-moment blocks"));
            }
            for _ in 0..n_chains {
                let chain = (|| {
                    let counts = r.take(3)?;
                    let n = counts[0] as usize;
                    let energies = r.take(n)?.to_vec();
                    let o_sum = r.take(p)?.to_vec();
                    let eo_sum = r.take(p)?.to_vec();
                    let derivatives = if collect.share_derivatives {
                        r.take(n.checked_mul(p)?)?.to_vec()
                    } else {
                        Vec::new()
                    };
                    let observables = match &template {
                        Some(t) => {
                            let (acc, used) = t.read_from(r.rest())?;
                            r.take(used)?;
                            Some(acc)
                        }
                        None => None,
                    };
                    Some(ChainRun {
                        energies,
                        accepted: counts[1] as usize,
                        proposed: counts[2] as usize,
                        o_sum,
                        eo_sum,
                        comoment: None,
                        derivatives,
                        observables,
                    })
                })()
                .ok_or_else(|| bad("too short"))?;
                chains.push(ChainCursor {
                    state: None,
                    burn_in_left: 0,
                    samples_left: 0,
                    run: chain,
                });
            }
            if !r.rest().is_empty() {
                return Err(bad("too long"));
            }
        }
        if chains.len() != self.n_chains {
            return Err(bad(&format!(
                "{} chains, not n_chains = {}",
                chains.len(),
                self.n_chains
            )));
        }
        let shared = if collect.share_derivatives {
            chains.len()
        } else {
            0
        };
        Ok(Sampling {
            with_derivatives: 0..shared,
            chains,
            collect,
            first: 0,
            n_total: self.n_chains,
            blocks,
        })
    }
}

pub(super) use crate::vmc::optimizer::tree_cover;

/// Reads a buffer of [`Sampling::to_buffer`] front to back.
struct Reader<'a> {
    buf: &'a [f64],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// The next `n` numbers, None past the end.
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [f64]> {
        let end = self.pos.checked_add(n)?;
        let head = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(head)
    }

    /// What is left.
    pub(super) fn rest(&self) -> &'a [f64] {
        &self.buf[self.pos..]
    }
}
