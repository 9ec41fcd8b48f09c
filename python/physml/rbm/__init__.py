"""Restricted Boltzmann machines as generative models (Rust core: src/rbm/).

* :class:`BernoulliRBM` — binary visible and hidden units, with scikit-learn's
  ``BernoulliRBM`` parameters and attributes (a transformer: ``transform`` gives the
  hidden probabilities), plus sampling, free energy, exact and AIS log-partition
  functions and log-likelihoods.
* :class:`GaussianBernoulliRBM` — Gaussian visible units of width ``sigma`` for
  continuous data.

Both train by contrastive divergence CD-k or persistent CD-k (``persistent=True``,
scikit-learn's choice) on mini-batches, with momentum and weight decay.
"""

from physml.rbm._rbm import BernoulliRBM, GaussianBernoulliRBM, LogPartition

__all__ = ["BernoulliRBM", "GaussianBernoulliRBM", "LogPartition"]
