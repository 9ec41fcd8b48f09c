"""Issue 16: an RBM trained on Monte Carlo configurations of the L = 8 Ising model
reproduces the thermodynamics of its training data (Torlai and Melko, Phys. Rev. B 94,
165134, 2016) — the short CI version; examples/rbm_ising.ipynb draws the full curve.

The RBM's configurations are drawn by block Gibbs chains from random starts
(``BernoulliRBM.sample``), never reconstructions of the training data, and their energy
and |magnetisation| per spin are computed with physml.ising's definitions (checked here
against the values the sampler returns).

Settings: 128 hidden units, PCD-10 with 20 persistent chains and momentum 0.5, 400
epochs over 3000 Wolff configurations with the learning rate decreasing linearly from
0.05 (first epoch) to 0.005 (last epoch), the centred gradient (``centering=True``:
offsets at the data means, Melchior, Fischer and Wiskott 2016) and Polyak averaging of
the parameters over the last 100 epochs (``average=301``); one ``fit`` call.

Spread over seeds (rbmcenter, 2026-12-06, branch rbmcenter 03fc247; seed s = Wolff data
random_state 100 + s, RBM and sampling random_state s; the test runs s = 0). Ratio - 1
of the RBM mean to the data mean, 4000 chains x 500 sweeps, and the fraction of samples
absent from the training set over that of fresh Wolff data (the test needs > 0.75):

====  ========  ==========  =======  ========  ==========  =======
s     T = 2: e  T = 2: |m|  fresh    T = 3: e  T = 3: |m|  fresh
====  ========  ==========  =======  ========  ==========  =======
0     +1.4 %    +2.1 %      0.88     -0.6 %    +1.4 %      1.00
1     -0.8 %    +1.0 %      0.97     -0.8 %    -0.3 %      1.00
2     -0.2 %    +1.0 %      1.00     -2.1 %    -3.3 %      1.00
3     -0.6 %    +0.6 %      0.95     -1.1 %    -0.2 %      1.00
4     -0.4 %    +0.9 %      0.96     -1.3 %    -2.3 %      1.00
====  ========  ==========  =======  ========  ==========  =======

Earlier settings (64 hidden units, ordinary gradient, last iterate) failed at T = 3
for seeds 2 and 3 (energy -7.1 and -6.1 %; over seeds 0-4 -4.6, -1.5, -7.1, -6.1,
-4.2 %). Two causes (notes of issue 16): the last iterate of PCD scatters by 3-7 points
from seed to seed, which averaging the parameters removes; and the stationary point
with 64 hidden units is itself biased at T = 3 (about -6 %, -3.4 % centred), which 128
hidden units (enough for one per bond of the 8 x 8 torus) remove. No scanned
change of rates, epochs, chain counts or data size did either; symmetry augmentation
of the data was not needed (the T = 2 fresh fraction stays above 0.88). This file:
47.8 s user CPU (load average 2.6-2.9; 24.8 s with the earlier settings). 300 epochs
(average=226) would save about 10 s but fail at T = 3, seed 2 (|m| -5.5 %; seeds 0-4:
e -0.8, -0.2, -1.9, -0.0, -0.6 %, |m| -1.4, +0.5, -5.5, +2.6, -0.4 %).
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
    return BernoulliRBM(n_components=128, learning_rate=lr[0], learning_rate_final=lr[1],
                        batch_size=batch_size, n_iter=epochs, k=10, momentum=0.5,
                        centering=True, average=epochs - epochs // 4 + 1,
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
