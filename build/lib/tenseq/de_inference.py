"""pydeseq2's per-gene fits done for all genes at once (batched numpy).

pydeseq2's ``DefaultInference`` fits every gene in its own Python call (sklearn
linear regression, IRLS, scipy L-BFGS-B for the dispersion and for the apeGLM
shrinkage), so most of its time is per-call overhead. ``BatchedInference`` keeps
the model, starting points, bounds and outputs, and solves the same problems as
arrays over genes:

- initial means: one least-squares solve for the shared design (``fit_lin_mu``);
- NB GLM: IRLS with the same ridge, start and deviance stopping rule, every gene
  stepped together and frozen once it meets the rule;
- dispersions: Newton's method on log-alpha with analytic first and second
  derivatives of the NB likelihood, the Cox-Reid term and the log-normal prior,
  a backtracking line search and the same bounds, from the same start;
- Wald tests: batched covariance and normal p-values;
- apeGLM-style LFC shrinkage: damped Newton on the same Cauchy-prior objective.

``TrendDataSet`` is pydeseq2's ``DeseqDataSet`` with DESeq2's own dispersion-trend
procedure (R's ``parametricDispersionFit``), which pydeseq2 0.5 departs from; see its
docstring. tenseq's engine is the two together.

Genes whose batched fit does not converge (IRLS diverging, a flat likelihood
the Newton steps cannot settle) go to pydeseq2's own per-gene routine, so every
answer is one pydeseq2 itself could give. Newton stops tighter than L-BFGS-B's
defaults, so estimates sit at (not near) the same optimum.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
import pandas as pd
from pydeseq2 import utils
from pydeseq2.dds import DeseqDataSet
from pydeseq2.default_inference import DefaultInference
from scipy.special import gammaln, polygamma, psi
from scipy.stats import norm

_MAX_NEWTON = 100
_MAX_HALVINGS = 40
_PGTOL = 1e-5  # scipy L-BFGS-B's default projected-gradient tolerance
# Newton stops at a 10x smaller log-alpha gradient: at an interior optimum that is
# |error| < 1e-6 / curvature; where the likelihood flattens towards alpha -> 0 it stops
# about where L-BFGS-B does
_GTOL = 1e-6


def _gram(design: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per-gene X^T diag(w) X: (genes, p, p) from design (n, p) and weights (n, genes)."""
    n, p = design.shape
    outer = (design[:, :, None] * design[:, None, :]).reshape(n, p * p)
    return (weights.T @ outer).reshape(-1, p, p)


def _nb_nll(counts: np.ndarray, mu: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """pydeseq2's ``nb_nll`` per gene: counts, mu (n, genes), alpha (genes,)."""
    inv = 1.0 / alpha
    logbinom = gammaln(counts + inv) - gammaln(counts + 1) - gammaln(inv)
    n = counts.shape[0]
    return n * inv * np.log(alpha) + (
        -logbinom + (counts + inv) * np.log(inv + mu) - counts * np.log(mu)
    ).sum(axis=0)


class BatchedInference(DefaultInference):
    """DESeq2's inference steps vectorized across genes (drop-in for DefaultInference).

    ``n_cpus`` is accepted for interface compatibility; numpy's BLAS threads do
    the parallel work, and per-gene fallbacks run serially.
    """

    # ------------------------------------------------------------------ initial means
    def lin_reg_mu(  # noqa: D102
        self,
        counts: np.ndarray,
        size_factors: np.ndarray,
        design_matrix: np.ndarray,
        min_mu: float,
    ) -> np.ndarray:
        normed = counts / size_factors[:, None]
        coef, *_ = np.linalg.lstsq(design_matrix, normed, rcond=None)
        return np.maximum(size_factors[:, None] * (design_matrix @ coef), min_mu)

    # ------------------------------------------------------------------ NB GLM (IRLS)
    def irls(  # noqa: D102
        self,
        counts: np.ndarray,
        size_factors: np.ndarray,
        design_matrix: np.ndarray,
        disp: np.ndarray,
        min_mu: float,
        beta_tol: float,
        min_beta: float = -30,
        max_beta: float = 30,
        optimizer: Literal["BFGS", "L-BFGS-B"] = "L-BFGS-B",
        maxiter: int = 250,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        X = design_matrix
        n, p = X.shape
        if np.linalg.matrix_rank(X) < p:
            return super().irls(
                counts, size_factors, X, disp, min_mu, beta_tol, min_beta, max_beta,
                optimizer, maxiter,
            )  # fmt: skip
        counts = np.asarray(counts, dtype=float)
        disp = np.asarray(disp, dtype=float)
        n_genes = counts.shape[1]
        sf = size_factors[:, None]
        ridge = np.eye(p) * 1e-6
        q, r = np.linalg.qr(X)
        beta = np.linalg.solve(r, q.T @ np.log(counts / sf + 0.1)).T  # (genes, p)
        mu = np.maximum(sf * np.exp(X @ beta.T), min_mu)
        dev = np.full(n_genes, 1000.0)
        fallback = np.zeros(n_genes, dtype=bool)
        active = np.arange(n_genes)
        iteration = 0
        while active.size:
            iteration += 1
            y, m, a = counts[:, active], mu[:, active], disp[active]
            w = m / (1.0 + m * a)
            z = np.log(m / sf) + (y - m) / m
            hess = _gram(X, w) + ridge
            rhs = (X.T @ (w * z)).T
            beta_hat = np.linalg.solve(hess, rhs[..., None])[..., 0]
            diverged = (np.abs(beta_hat) > max_beta).any(axis=1) | (iteration >= maxiter)
            fallback[active[diverged]] = True
            keep = ~diverged
            active, beta_hat = active[keep], beta_hat[keep]
            beta[active] = beta_hat
            mu[:, active] = np.maximum(sf * np.exp(X @ beta_hat.T), min_mu)
            new_dev = -2.0 * _nb_nll(counts[:, active], mu[:, active], disp[active])
            ratio = np.abs(new_dev - dev[active]) / (np.abs(new_dev) + 0.1)
            dev[active] = new_dev
            active = active[ratio > beta_tol]
        w = mu / (1.0 + mu * disp)
        inv = np.linalg.inv(_gram(X, w) + ridge)
        hat = np.einsum("ni,gij,nj->ng", X, inv, X) * w
        converged = np.ones(n_genes, dtype=bool)
        for g in np.flatnonzero(fallback):
            b, _, h, ok = utils.irls_solver(
                counts[:, g], size_factors, X, disp[g], min_mu, beta_tol, min_beta,
                max_beta, optimizer, maxiter,
            )  # fmt: skip
            beta[g], hat[:, g], converged[g] = b, h, ok
        mu = sf * np.exp(X @ beta.T)
        return beta, mu, hat, converged

    # ------------------------------------------------------------------ dispersions
    def alpha_mle(  # noqa: D102
        self,
        counts: np.ndarray,
        design_matrix: np.ndarray,
        mu: np.ndarray,
        alpha_hat: np.ndarray,
        min_disp: float,
        max_disp: float,
        prior_disp_var: float | None = None,
        cr_reg: bool = True,
        prior_reg: bool = False,
        optimizer: Literal["BFGS", "L-BFGS-B"] = "L-BFGS-B",
    ) -> tuple[np.ndarray, np.ndarray]:
        if prior_reg and prior_disp_var is None:
            raise ValueError("Sigma_prior is required for prior regularization")
        counts = np.asarray(counts, dtype=float)
        mu = np.asarray(mu, dtype=float)
        X = design_matrix
        lo, hi = np.log(min_disp), np.log(max_disp)
        start = np.log(np.asarray(alpha_hat, dtype=float))
        prior = (start, float(prior_disp_var)) if prior_reg else None

        def objective(t, idx):
            alpha = np.exp(t)
            y, m = counts[:, idx], mu[:, idx]
            inv = 1.0 / alpha
            # pydeseq2's nb_nll without the alpha-free gammaln(y + 1) term
            value = (
                -(gammaln(y + inv) - gammaln(inv))
                + inv * np.log1p(m * alpha)
                + y * np.log1p(inv / m)
            ).sum(axis=0)
            if cr_reg:
                w = m / (1.0 + m * alpha)
                value = value + 0.5 * np.linalg.slogdet(_gram(X, w))[1]
            if prior is not None:
                value = value + (t - prior[0][idx]) ** 2 / (2 * prior[1])
            return value

        def derivatives(t, idx):
            alpha = np.exp(t)
            y, m = counts[:, idx], mu[:, idx]
            r = 1.0 / alpha
            rm = r + m
            d1 = psi(y + r) - psi(r) - np.log1p(m * alpha) + (m - y) / rm
            d2 = polygamma(1, y + r) - polygamma(1, r) + 1 / r - 1 / rm - (m - y) / rm**2
            d1s, d2s = d1.sum(axis=0), d2.sum(axis=0)
            grad = r * d1s
            hess = -(r**2 * d2s + r * d1s)
            if cr_reg:
                w = m / (1.0 + m * alpha)
                dw = -alpha * w**2
                d2w = -alpha * w**2 + 2 * alpha**2 * w**3
                m_inv = np.linalg.inv(_gram(X, w))
                a1 = m_inv @ _gram(X, dw)
                grad = grad + 0.5 * np.einsum("gii->g", a1)
                hess = hess + 0.5 * (
                    np.einsum("gij,gji->g", m_inv, _gram(X, d2w)) - np.einsum("gij,gji->g", a1, a1)
                )
            if prior is not None:
                grad = grad + (t - prior[0][idx]) / prior[1]
                hess = hess + 1.0 / prior[1]
            return grad, hess

        t = np.clip(start, lo, hi)
        active = np.arange(t.size)
        # L-BFGS-B (scipy's default pgtol) and DESeq2's line search both stop at the start
        # when the projected gradient is already below 1e-5: the likelihood in log-alpha
        # is flat near the lower bound, so a rough estimate at min_disp stays there
        grad, _ = derivatives(t, active)
        projected = np.where(
            t <= lo, np.minimum(grad, 0), np.where(t >= hi, np.maximum(grad, 0), grad)
        )
        active = active[np.abs(projected) > _PGTOL]
        for _ in range(_MAX_NEWTON):
            if not active.size:
                break
            ta = t[active]
            grad, hess = derivatives(ta, active)
            step = np.where(hess > 0, -grad / np.where(hess > 0, hess, 1.0), -np.sign(grad))
            step = np.clip(step, -1.0, 1.0)
            proposal = np.clip(ta + step, lo, hi)
            step = proposal - ta
            f0 = objective(ta, active)
            accepted = np.zeros(ta.size, dtype=bool)
            for _ in range(_MAX_HALVINGS):
                todo = np.flatnonzero(~accepted)
                if not todo.size:
                    break
                f1 = objective(ta[todo] + step[todo], active[todo])
                ok = f1 <= f0[todo] + 1e-4 * grad[todo] * step[todo]
                accepted[todo[ok]] = True
                step[todo[~ok]] *= 0.5
            ta_new = ta + np.where(accepted, step, 0.0)
            at_lo = (ta_new <= lo) & (grad > 0)
            at_hi = (ta_new >= hi) & (grad < 0)
            small = accepted & (np.abs(ta_new - ta) < 1e-8)
            settled = small | (np.abs(grad) < _GTOL) | at_lo | at_hi
            t[active] = ta_new
            active = active[~settled]
        for g in active:  # not settled: pydeseq2's own per-gene fit
            alpha_g, _ = utils.fit_alpha_mle(
                counts[:, g], X, mu[:, g], float(np.asarray(alpha_hat)[g]), min_disp,
                max_disp, prior_disp_var, cr_reg, prior_reg, optimizer,
            )  # fmt: skip
            t[g] = np.log(alpha_g)
        return np.exp(t), np.ones(t.size, dtype=bool)

    # ------------------------------------------------------------------ Wald test
    def wald_test(  # noqa: D102
        self,
        design_matrix: np.ndarray,
        disp: np.ndarray,
        lfc: np.ndarray,
        mu: np.ndarray,
        ridge_factor: np.ndarray,
        contrast: np.ndarray,
        lfc_null: np.ndarray,
        alt_hypothesis: Literal["greaterAbs", "lessAbs", "greater", "less"] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if alt_hypothesis is not None:
            return super().wald_test(
                design_matrix, disp, lfc, mu, ridge_factor, contrast, lfc_null, alt_hypothesis
            )
        w = mu / (1.0 + mu * np.asarray(disp)[None, :])
        fisher = _gram(design_matrix, w)
        hc = np.linalg.solve(
            fisher + ridge_factor, np.broadcast_to(contrast, (w.shape[1], len(contrast)))[..., None]
        )[..., 0]
        se = np.sqrt(np.einsum("gi,gij,gj->g", hc, fisher, hc))
        stat = ((np.asarray(lfc) - lfc_null) @ contrast) / se
        return 2 * norm.sf(np.abs(stat)), stat, se

    # ------------------------------------------------------------------ LFC shrinkage
    def lfc_shrink_nbinom_glm(  # noqa: D102
        self,
        design_matrix: np.ndarray,
        counts: np.ndarray,
        size: np.ndarray,
        offset: np.ndarray,
        prior_no_shrink_scale: float,
        prior_scale: float,
        optimizer: str,
        shrink_index: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        X = design_matrix
        p = X.shape[1]
        counts = np.asarray(counts, dtype=float)
        size = np.asarray(size, dtype=float)
        off = np.asarray(offset, dtype=float)[:, None]
        shrink = np.zeros(p, dtype=bool)
        shrink[shrink_index] = True
        s2, ns2 = prior_scale**2, prior_no_shrink_scale**2
        log_size = np.log(size)

        def objective(beta, idx):
            xb = X @ beta.T
            y, k = counts[:, idx], size[idx]
            nll = (y * xb - (y + k) * np.logaddexp(xb + off, log_size[idx])).sum(axis=0)
            pri = (beta[:, ~shrink] ** 2).sum(axis=1) / (2 * ns2) + np.log1p(
                beta[:, shrink_index] ** 2 / s2
            )
            return pri - nll

        def curvature(beta, idx):
            """NB part of the Hessian and the prior's diagonal (genes, p)."""
            exb = np.exp(X @ beta.T + off)
            k = size[idx]
            frac = (counts[:, idx] + k) * k * exb / (k + exb) ** 2
            b = beta[:, shrink_index]
            diag = np.zeros_like(beta)
            diag[:, ~shrink] = 1 / ns2
            diag[:, shrink_index] = 2 * (s2 - b**2) / (s2 + b**2) ** 2
            return _gram(X, frac), diag

        def gradient(beta, idx):
            xb = X @ beta.T
            y, k = counts[:, idx], size[idx]
            d_nll = ((y - (y + k) / (1 + k * np.exp(-xb - off))).T) @ X
            d_prior = np.where(shrink, 0.0, beta / ns2)
            d_prior[:, shrink_index] = 2 * beta[:, shrink_index] / (s2 + beta[:, shrink_index] ** 2)
            return d_prior - d_nll

        n_genes = counts.shape[1]
        beta = np.tile(0.1 * (-1.0) ** np.arange(p), (n_genes, 1))
        active = np.arange(n_genes)
        eye = np.eye(p)
        for _ in range(_MAX_NEWTON):
            if not active.size:
                break
            b = beta[active]
            grad = gradient(b, active)
            gram, diag = curvature(b, active)
            hess = gram + diag[:, :, None] * eye
            low = np.linalg.eigvalsh(hess)[:, 0]
            hess = hess + np.maximum(0.0, 1e-6 - low)[:, None, None] * eye
            step = -np.linalg.solve(hess, grad[..., None])[..., 0]
            # a trust region of one log unit: the NB curvature vanishes far from the data
            step /= np.maximum(1.0, np.abs(step).max(axis=1))[:, None]
            f0 = objective(b, active)
            slope = (grad * step).sum(axis=1)
            accepted = np.zeros(b.shape[0], dtype=bool)
            for _ in range(_MAX_HALVINGS):
                todo = np.flatnonzero(~accepted)
                if not todo.size:
                    break
                f1 = objective(b[todo] + step[todo], active[todo])
                ok = f1 <= f0[todo] + 1e-4 * slope[todo]
                accepted[todo[ok]] = True
                step[todo[~ok]] *= 0.5
            b_new = b + np.where(accepted[:, None], step, 0.0)
            beta[active] = b_new
            small = accepted & (np.abs(b_new - b).max(axis=1) < 1e-9)
            settled = small | (np.abs(grad).max(axis=1) < 1e-9 * (1 + np.abs(f0)))
            active = active[~settled]
        for g in active:  # not settled: pydeseq2's own per-gene fit
            beta[g], _, _ = utils.nbinomGLM(
                X, counts[:, g], size[g], np.asarray(offset), prior_no_shrink_scale,
                prior_scale, optimizer, shrink_index,
            )  # fmt: skip
        gram, diag = curvature(beta, np.arange(n_genes))
        # pydeseq2's Hessian adds the prior's diagonal to every row (np.diag of a matrix
        # is its diagonal, then broadcast); kept so the reported SEs are pydeseq2's
        inv_hessian = np.linalg.inv(gram + diag[:, None, :])
        return beta, inv_hessian, np.ones(n_genes, dtype=bool)


class TrendDataSet(DeseqDataSet):
    """``DeseqDataSet`` whose parametric dispersion trend is fitted as DESeq2 fits it.

    DESeq2 (``estimateDispersionsFit`` / ``parametricDispersionFit``) fits
    ``a0 + a1 / mean`` by a gamma GLM on the genes whose gene-wise dispersion is above
    100 x min_disp, starting from (0.1, 1), and at every iteration re-selects, from
    all of them, the genes within 1e-4 to 15 times the current curve. pydeseq2 0.5
    starts with every non-zero gene (thousands sit at min_disp), drops genes for good
    after each fit and so can settle on a lower curve: on pasilla (GSE18508) its a1 is
    2.05 against R's 2.57, which moves 6% of the padj < 0.1 calls. This follows R
    (a1 2.52 there, 98% of calls shared) and has no per-gene Python loop.
    """

    def _fit_parametric_dispersion_trend(self, vst: bool = False) -> None:
        column = "vst_genewise_dispersions" if vst else "genewise_dispersions"
        if column not in self.var:
            self.fit_genewise_dispersions(vst)
        genes = self.non_zero_genes
        means = self.var.loc[genes, "_normed_means"].to_numpy(dtype=float)
        disps = self.var.loc[genes, column].to_numpy(dtype=float)
        use = (disps > 100 * self.min_disp) & np.isfinite(1 / means)
        means, disps = means[use], disps[use]
        coeffs = np.array([0.1, 1.0])
        ok = bool(use.any())
        for _ in range(11):
            if not ok:
                break
            ratio = disps / (coeffs[0] + coeffs[1] / means)
            good = (ratio > 1e-4) & (ratio < 15)
            old = coeffs
            coeffs, _, converged = self.inference.dispersion_trend_gamma_glm(
                pd.Series(1 / means[good]), pd.Series(disps[good])
            )
            ok = bool(converged) and bool((coeffs > 1e-10).all())
            if ok and np.sum(np.log(coeffs / old) ** 2) < 1e-6:
                break
        if not ok:
            warnings.warn(
                "The dispersion trend curve fitting did not converge. "
                "Switching to a mean-based dispersion trend.",
                UserWarning,
                stacklevel=2,
            )
            self._fit_mean_dispersion_trend(vst)
            return
        if vst:
            self.uns["vst_trend_coeffs"] = pd.Series(coeffs, index=["a0", "a1"])
            return
        self.uns["trend_coeffs"] = pd.Series(coeffs, index=["a0", "a1"])
        self.uns["disp_function_type"] = "parametric"
        self.var["fitted_dispersions"] = np.full(self.n_vars, np.nan)
        nonzero = self.var["non_zero"]
        self.var.loc[nonzero, "fitted_dispersions"] = self.disp_function(
            self.var.loc[nonzero, "_normed_means"]
        )
