"""Issue 16: an RBM trained on Monte Carlo configurations of the L = 8 Ising model
reproduces the thermodynamics of its training data (Torlai and Melko, Phys. Rev. B 94,
165134, 2016) — the short CI version; examples/rbm_ising.ipynb draws the full curve.

The RBM's configurations are drawn by block Gibbs chains from random starts
(``BernoulliRBM.sample``), never reconstructions of the training data, and their energy
and |magnetisation| per spin are computed with physml.ising's definitions (checked here
against the values the sampler returns).

Settings (found by a scan, see the notebook): 64 hidden units, PCD-10 with 20
persistent chains and momentum 0.5, 400 epochs over 3000 Wolff configurations with the
learning rate decreasing linearly from 0.05 (first epoch) to 0.005 (last epoch), one
``fit`` call with ``learning_rate_final``. A constant rate leaves the model oscillating
(at T = 3 its samples came out ordered, energy +20 %); decaying to zero, or PCD-1,
underfits the correlations (energy -7 % to -12 % at T = 3).

Spread over seeds (rbm5, 2026-12-06, main b274ee3; seed s = Wolff data random_state
100 + s, RBM and sampling random_state s; the test runs s = 0). Ratio - 1 of the RBM
mean to the data mean, 4000 chains x 500 sweeps:

====  ==========  ==========  ==========  ==========
s     T = 2: e    T = 2: |m|  T = 3: e    T = 3: |m|
====  ==========  ==========  ==========  ==========
0     +0.4 %      +1.1 %      -4.6 %      +1.5 %
1     +1.2 %      +1.8 %      -1.5 %      +9.5 %
2     -0.2 %      +0.8 %      -7.1 %      -9.4 %
3     -1.8 %      -0.6 %      -6.1 %      -4.5 %
4     -0.8 %      +0.3 %      -4.2 %      +3.7 %
====  ==========  ==========  ==========  ==========

T = 2 passes with margin. T = 3 fails at seeds 2 and 3: the energy is 2-7 % too high
(samples less correlated than the data), and the test's own seed sits 0.4 points inside
the limit, so a change to the random draws can make it fail. Neither end of the comparison is at
fault: 2000 sweeps instead of 500 move the RBM means by at most 1.3 points (seeds 0-4:
e -3.3, -2.8, -6.5, -6.0, -4.3 %), and the Wolff data means (e = -0.845, -0.846,
-0.838 at random_state 100-102) agree with 20 000 Metropolis configurations (-0.842).
No alternative scanned at T = 3 removed the bias (energy at seeds 0, 1, 2, ...):
100 chains (batch 100) with rate 0.1 -> 0.01: -5.3, -3.3 %; with 0.25 -> 0.025:
-7.9, -3.7, -6.7 %; 128 hidden units, 200 epochs: -6.0, -2.8 %; final rate 0.0075:
-2.7, -2.0, -6.1, -4.0, -3.7 % with |m| +4.8, +9.2, -8.0, +5.0, +4.4 %; momentum 0.9 with 0.01 -> 0.001: -4.5, -3.8 %,
with 0.02 -> 0.002: -8.5, -6.4, -8.1 %; PCD-5 over 800 epochs: -5.1, -5.3, -7.5 %;
6000 configurations over 200 epochs: -5.2, -4.4, -5.7 %.
128 hidden units over 400 epochs (1.7x the CPU time: 41.5 s for this file) narrow the
T = 3 spread (e -3.9, -4.1, -5.0, -3.4, -3.3 %; |m| +1.6, +2.3, -4.4, -0.6, -1.7 % at
seeds 0-4; T = 2 e +1.9, +1.1, -0.4, -2.7, +3.6 %) but their samples at T = 2 repeat the
training set more: the fresh fraction over that of fresh Wolff data is 0.76, 0.92,
0.99, 1.11, 0.72 (seed 4 fails the 0.75 check), against 0.89, 0.90, 0.99, 1.07, 1.02
with 64 hidden units. So the settings stay at 64 hidden units, and the T = 3 energy
check remains the fragile one. This file: 24.8 s user CPU (load average 1.0-1.3).
"""

from __future__ import annotations

import numpy as np
import pytest

from physml import ising
from physml.rbm import BernoulliRBM

L = 8


def observables(binary):
    """Energy and |magnetisation| per spin of 0/1 configurations on the L x L torus:
    e = -(1/N) sum over bonds (right and down neighbours) of s_i s_j, m = (1/N) sum s_i."""
    s = (2.0 * np.asarray(binary) - 1.0).reshape(-1, L, L)
    e = -(s * np.roll(s, 1, axis=1) + s * np.roll(s, 1, axis=2)).sum(axis=(1, 2)) / L**2
    return e, np.abs(s.mean(axis=(1, 2)))


def train(X, seed, epochs=400, lr=(0.05, 0.005), batch_size=20):
    return BernoulliRBM(n_components=64, learning_rate=lr[0], learning_rate_final=lr[1],
                        batch_size=batch_size, n_iter=epochs, k=10, momentum=0.5,
                        random_state=seed).fit(X)


def test_observables_are_physml_ising_definitions():
    mc = ising.sample(L, 2.5, 200, method="wolff", random_state=0)
    e, m = observables(mc.binary)
    np.testing.assert_allclose(e, mc.energy, rtol=0, atol=1e-12)
    np.testing.assert_allclose(m, np.abs(mc.magnetization), rtol=0, atol=1e-12)


@pytest.mark.parametrize("T", [2.0, 3.0])
def test_rbm_samples_reproduce_energy_and_magnetisation_within_5_percent(T):
    mc = ising.sample(L, T, 3000, method="wolff", random_state=100)
    rbm = train(mc.binary, seed=0)
    generated = rbm.sample(4000, n_steps=500, random_state=0)
    assert set(np.unique(generated)) <= {0.0, 1.0}
    e, m = observables(generated)
    e_mc, m_mc = mc.energy.mean(), np.abs(mc.magnetization).mean()
    # 4000 chains: standard errors of the RBM means below 1 % at both temperatures
    assert abs(e.mean() / e_mc - 1) < 0.05, (T, e.mean(), e_mc)
    assert abs(m.mean() / m_mc - 1) < 0.05, (T, m.mean(), m_mc)
    # not the training data replayed: about as many samples are configurations the
    # training set does not hold as in fresh Monte Carlo data (at T = 2 only about half
    # are: the (near-)ordered states recur; at T = 3 all are)
    seen = {row.tobytes() for row in mc.binary.astype(np.uint8)}

    def fresh(binary):
        return np.mean([row.tobytes() not in seen for row in binary.astype(np.uint8)])

    fresh_mc = fresh(ising.sample(L, T, 4000, method="wolff", random_state=200).binary)
    assert fresh(generated) > 0.75 * fresh_mc, (fresh(generated), fresh_mc)
