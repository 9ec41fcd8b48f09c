"""Exercise 08: reference solution."""

import numpy as np
from scipy.stats import chi2


def blocking_error(x):
    x = np.asarray(x, dtype=float)
    mu = x.mean()
    n, s2, gamma = [], [], []
    while len(x) >= 2:
        d = x - mu
        n.append(len(x))
        s2.append(np.mean(d * d))
        gamma.append(np.sum(d[:-1] * d[1:]) / len(x))
        x = 0.5 * (x[0:len(x) // 2 * 2:2] + x[1:len(x) // 2 * 2:2])
    n, s2, gamma = map(np.array, (n, s2, gamma))
    if s2[0] == 0:
        return 0.0
    s2 = np.where(s2 > 0, s2, np.inf)  # a constant level carries no correlation
    m = np.cumsum((n * (gamma / s2) ** 2)[::-1])[::-1]
    for j in range(len(n)):
        if m[j] < chi2.ppf(0.99, len(n) - j):
            return float(np.sqrt(s2[j] / n[j]))
    return float(np.sqrt(s2[-1] / n[-1]))
