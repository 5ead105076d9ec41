#!/usr/bin/env python3
"""Write and execute the tutorial notebooks shipped in content/tutorials/.

    python3 Tests/Notebooks/make_shipped.py          # rewrite the notebooks
    python3 Tests/Notebooks/make_shipped.py --check  # run them, change nothing, exit 1 if they differ

Writes content/tutorials/dimuon-histogram.ipynb and content/tutorials/tiny-classifier-roc.ipynb.
Each notebook is built here with nbformat, run once with nbclient in a fresh python3 ipykernel
(CPU only, one thread, no network, fixed seeds; a few seconds each), stripped of what changes
from run to run, validated against nbformat's schema and written with `nbformat.write`.
Edit the text here, not in the .ipynb files: the next run overwrites them. Afterwards run
validate_fixtures.py, which checks the shipped notebooks too.

Generated with these exact versions (install them to regenerate byte-identical files):
    Python 3.11.7
    nbformat==5.11.1 nbclient==0.11.0 jupyter_client==8.10.0 ipykernel==7.4.0
    ipython==9.18.1 matplotlib-inline==0.2.2 numpy==2.4.6 matplotlib==3.11.2
    pandas==3.1.1 pillow==13.0.0 scipy==1.17.1 scikit-learn==1.9.1
    python3 -m pip install nbformat==5.11.1 nbclient==0.11.0 jupyter_client==8.10.0 \
        ipykernel==7.4.0 ipython==9.18.1 matplotlib-inline==0.2.2 numpy==2.4.6 \
        matplotlib==3.11.2 pandas==3.1.1 pillow==13.0.0 scipy==1.17.1 scikit-learn==1.9.1
Another Python, NumPy, SciPy, scikit-learn, matplotlib or pandas may change the last digits
of printed numbers and the bytes of the figures and tables, and `language_info.version`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "content" / "tutorials"
MAX_BYTES = 300 * 1024

# The kernel inherits this environment: a private home for the kernel, matplotlib, IPython
# and Jupyter (no user configuration read, no history written to ~), UTC, a fixed hash seed,
# one BLAS/OpenMP thread (so sums, and hence the trained networks, come out the same on
# every machine), and no debugger warning about frozen modules in the kernel's stderr.
WORK = Path(tempfile.mkdtemp(prefix="portal-shipped-notebooks-"))
os.environ.update(
    {
        "HOME": str(WORK / "home"),
        "MPLCONFIGDIR": str(WORK / "matplotlib"),
        "IPYTHONDIR": str(WORK / "ipython"),
        "JUPYTER_CONFIG_DIR": str(WORK / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(WORK / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(WORK / "jupyter-runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
    }
)
os.environ.pop("MPLBACKEND", None)  # the kernel's default: the inline backend, drawing with Agg
for folder in ("home", "matplotlib", "ipython/profile_default"):
    (WORK / folder).mkdir(parents=True, exist_ok=True)

# What keeps the stored figures byte-identical without cluttering the notebooks: the kernel's
# inline backend (which draws with Agg), a fixed salt for the ids in any SVG, and inline PNGs saved without the
# "Software" text chunk (which names the matplotlib version). PNG has no date to strip.
(WORK / "matplotlib" / "matplotlibrc").write_text(
    "svg.hashsalt: portal-tutorials\n", encoding="utf-8"
)
(WORK / "ipython" / "profile_default" / "ipython_kernel_config.py").write_text(
    "c.InlineBackend.figure_formats = {'png'}\n"
    "c.InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Software': None}}\n",
    encoding="utf-8",
)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402,F401  (builds the font cache here, not in a cell's stderr)
import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbformat import v4  # noqa: E402

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class NotebookWriter:
    """Collects the cells of one notebook, each with a stable id (`PREFIX-NN`)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.cells: list = []

    def _id(self) -> str:
        return f"{self.prefix}-{len(self.cells) + 1:02d}"

    def raw(self, source: str) -> None:
        self.cells.append(v4.new_raw_cell(source.strip("\n"), id=self._id()))

    def md(self, source: str) -> None:
        self.cells.append(v4.new_markdown_cell(source.strip("\n"), id=self._id()))

    def code(self, source: str, tags: list[str] | None = None, **metadata) -> None:
        if tags:
            metadata["tags"] = tags
        self.cells.append(v4.new_code_cell(source.strip("\n"), id=self._id(), metadata=metadata))

    def notebook(self):
        nb = v4.new_notebook(cells=self.cells)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        return nb


def execute(nb, name: str) -> None:
    """Runs every code cell in order in a new python3 kernel, in a scratch folder."""
    run_dir = WORK / "run" / name
    run_dir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not the warning about TCP on loopback
        timeout=120,
        record_timing=False,  # no metadata.execution timestamps
        coalesce_streams=True,  # one stream output per name, however the kernel flushed it
        resources={"metadata": {"path": str(run_dir)}},
    )
    started = time.monotonic()
    client.execute()
    print(f"ran {name} in {time.monotonic() - started:.1f} s")


VOLATILE = [str(WORK), "/tmp/", "ipykernel_", tempfile.gettempdir() + "/"]


def strip_and_check(nb, name: str) -> None:
    """Removes what differs from run to run; refuses stderr, errors and scratch paths in outputs."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
            if output.output_type == "error" or output.get("name") == "stderr":
                sys.exit(f"{name}: cell {cell.id} wrote an error or to stderr:\n{output}")
            text = repr(output)
            for marker in VOLATILE:
                if marker in text:
                    sys.exit(f"{name}: cell {cell.id} has an output naming {marker!r}; it would change on every run")


def finish(nb, name: str, check: bool) -> bool:
    """Writes the notebook (or, with --check, compares it with the file); True when all is well."""
    nbformat.validate(nb)
    path = OUT / f"{name}.ipynb"
    staged = WORK / f"{name}.ipynb"
    with staged.open("w", encoding="utf-8") as stream:
        nbformat.write(nb, stream)
    data = staged.read_bytes()
    if len(data) > MAX_BYTES:
        sys.exit(f"{name}: {len(data):,} bytes, over {MAX_BYTES:,}; make the figures smaller")
    if check:
        same = path.is_file() and path.read_bytes() == data
        print(f"{path.relative_to(ROOT)}: {'identical' if same else 'DIFFERS from a fresh run'}")
        return same
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    return True


# Both notebooks start with the same small helper, folded away on the page (hide-input).
STYLE_HELPER = r"""
# Plot style for this notebook: small white figures with light grid lines.
import matplotlib.pyplot as plt

plt.rcParams.update(
    {
        "figure.figsize": (6, 4),
        "figure.dpi": 90,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "font.size": 10,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    }
)
"""


# --------------------------------------------------------------------------------------
# dimuon-histogram.ipynb

def dimuon_histogram():
    w = NotebookWriter("dimuon")
    w.raw(
        r"""
---
title: Histogram a dimuon mass spectrum
summary: "Simulate a toy sample of muon pairs with a Z boson peak on a falling background, compute their invariant mass from four-momenta, fill a histogram with Poisson uncertainties and fit a Voigt peak plus an exponential with SciPy."
level: beginner
duration: 45 min
areas: [open-data, workforce-development]
authors: [Portal editors]
date: 2026-12-04
prerequisites: [python-env]
tags: [histograms, kinematics, statistics, python, notebooks]
---
"""
    )
    w.md(
        r"""
A histogram of the invariant mass of muon pairs is one of the first plots a particle
physicist makes, and one of the most instructive: resonances such as the Z boson appear
as peaks above a smoothly falling background, and fitting them measures a mass and a
width. This notebook goes through the whole chain: build the muons' four-momenta,
compute the pair mass, fill a histogram, attach uncertainties and fit a model.

> **Simulated toy data.** Everything here runs on a sample that NumPy draws from a
> model we choose below. It is not real data and not a detector simulation, so the fit can
> only recover the numbers we put in. That is the point: on a toy you know the right
> answer and can check your method against it.

You need NumPy, pandas, matplotlib and SciPy, all in the environment from
[Set up a Python environment for HEP](python-env.md) (SciPy comes with scikit-learn).
The same steps on real events are in [Read ROOT files with uproot and awkward arrays](read-root-files.md)
and [Use open data from the CERN Open Data portal](cern-open-data.md).
"""
    )
    w.code(
        r"""
import numpy as np
import pandas as pd
from scipy import special, stats
from scipy.optimize import curve_fit

# A fixed seed: every run draws the same sample.
rng = np.random.default_rng(seed=20261204)
"""
    )
    w.code(STYLE_HELPER, tags=["hide-input"])
    w.md(
        r"""
## The toy model

The **signal** is the Z boson. An unstable particle has no single mass: the masses of
its decays follow a Breit–Wigner distribution around the pole mass $M$, with a full
width at half maximum $\Gamma$ given by its lifetime. For a narrow resonance the
non-relativistic form is accurate enough:

$$
f_{\mathrm{BW}}(m) = \frac{1}{\pi}\,\frac{\Gamma/2}{(m - M)^2 + \Gamma^2/4},
\qquad M = 91.19~\mathrm{GeV}, \quad \Gamma = 2.50~\mathrm{GeV}.
$$

The **background**, mostly Drell–Yan pairs from a virtual photon, falls with the
mass; we model it as an exponential $f_{\mathrm{B}}(m) \propto e^{-m/\lambda}$ with
$\lambda = 20$ GeV. We keep pairs between 60 and 120 GeV, and draw about two signal
pairs for every background pair.
"""
    )
    w.code(
        r"""
M_Z, GAMMA_Z = 91.19, 2.50  # GeV: what we put in, close to the measured values
LAMBDA = 20.0               # GeV: slope of the falling background
LO, HI = 60.0, 120.0        # GeV: the mass window
N_SIGNAL, N_BACKGROUND = 8000, 4000

# A Breit-Wigner is a Cauchy distribution: draw from it, keep the window.
signal = M_Z + GAMMA_Z / 2 * rng.standard_cauchy(3 * N_SIGNAL)
signal = signal[(signal > LO) & (signal < HI)][:N_SIGNAL]
background = LO + rng.exponential(LAMBDA, 3 * N_BACKGROUND)
background = background[background < HI][:N_BACKGROUND]

m_true = np.concatenate([signal, background])
is_signal = np.arange(m_true.size) < N_SIGNAL  # the first N_SIGNAL are signal
print(f"{N_SIGNAL} signal and {N_BACKGROUND} background pairs, "
      f"{LO:.0f} to {HI:.0f} GeV")
"""
    )
    w.md(
        r"""
## From muons to a mass

A detector does not measure the mass of the pair; it measures each muon's momentum. To
make the toy honest, we turn every mass into two muons: in the rest frame of the pair
they fly back to back in a random direction, each with energy $m/2$; then we boost the
pair to the laboratory with a random transverse momentum and rapidity, and smear each
muon's momentum by 1.5 %, a typical tracker resolution for muons of this energy.

The analysis then only sees the muons. With $c = 1$, the invariant mass of two
particles with energies $E_i$ and momenta $\vec p_i$ is

$$
m_{\mu\mu}^2 = (E_1 + E_2)^2 - \left|\vec p_1 + \vec p_2\right|^2 ,
$$

the same in every frame: that is why it recovers the mass of the particle that
decayed, whatever its motion.
"""
    )
    w.code(
        r"""
M_MU = 0.10566  # GeV, the muon mass
n = m_true.size

# 1. The decay at rest: back-to-back muons, isotropic.
p_star = np.sqrt(m_true**2 / 4 - M_MU**2)
cos_theta = rng.uniform(-1, 1, n)
phi = rng.uniform(-np.pi, np.pi, n)
sin_theta = np.sqrt(1 - cos_theta**2)
direction = np.stack(
    [sin_theta * np.cos(phi), sin_theta * np.sin(phi), cos_theta], axis=1
)
p1_rest, p2_rest = p_star[:, None] * direction, -p_star[:, None] * direction
e_rest = m_true / 2

# 2. The pair's motion in the laboratory: transverse momentum and rapidity.
pt_pair = rng.exponential(10.0, n)
y_pair = rng.normal(0.0, 1.2, n)
phi_pair = rng.uniform(-np.pi, np.pi, n)
m_t = np.sqrt(m_true**2 + pt_pair**2)
px, py = pt_pair * np.cos(phi_pair), pt_pair * np.sin(phi_pair)
p_pair = np.stack([px, py, m_t * np.sinh(y_pair)], axis=1)
beta = p_pair / (m_t * np.cosh(y_pair))[:, None]  # velocity of the pair


def boost(e, p, beta):
    # Lorentz boost of four-momenta (e, p) by velocity beta (rows are events).
    b2 = np.sum(beta**2, axis=1)
    gamma = 1 / np.sqrt(1 - b2)
    bp = np.sum(beta * p, axis=1)
    e_lab = gamma * (e + bp)
    p_lab = p + ((gamma - 1) * bp / b2 + gamma * e)[:, None] * beta
    return e_lab, p_lab


_, p1 = boost(e_rest, p1_rest, beta)
_, p2 = boost(e_rest, p2_rest, beta)

# 3. The detector: each muon's momentum measured with a 1.5 % resolution.
p1 *= (1 + rng.normal(0, 0.015, n))[:, None]
p2 *= (1 + rng.normal(0, 0.015, n))[:, None]
e1 = np.sqrt(np.sum(p1**2, axis=1) + M_MU**2)
e2 = np.sqrt(np.sum(p2**2, axis=1) + M_MU**2)

# The analysis: the invariant mass from the measured four-momenta.
m_mumu = np.sqrt((e1 + e2) ** 2 - np.sum((p1 + p2) ** 2, axis=1))
"""
    )
    w.md(
        r"""
Six pairs picked at random, with each muon's transverse momentum
$p_T = \sqrt{p_x^2 + p_y^2}$ and pseudorapidity $\eta = \operatorname{arcsinh}(p_z / p_T)$,
the true mass we drew and the mass we measured:
"""
    )
    w.code(
        r"""
def pt_eta(p):
    pt = np.hypot(p[:, 0], p[:, 1])
    return pt, np.arcsinh(p[:, 2] / pt)


pt1, eta1 = pt_eta(p1)
pt2, eta2 = pt_eta(p2)
pairs = pd.DataFrame(
    {
        "pT1 [GeV]": pt1, "eta1": eta1, "pT2 [GeV]": pt2, "eta2": eta2,
        "true mass [GeV]": m_true, "measured mass [GeV]": m_mumu,
        "signal": is_signal,
    }
)
pairs.sample(6, random_state=1).round(2)
"""
    )
    w.md(
        r"""
The measured mass differs from the true one only through the smearing. Its spread is the
mass resolution $\sigma$, which we will meet again in the fit:
"""
    )
    w.code(
        r"""
resolution = np.std(m_mumu[is_signal] - m_true[is_signal])
print(f"mass resolution for signal pairs: {resolution:.2f} GeV")
"""
    )
    w.md(
        r"""
## Fill the histogram

We count pairs in 60 bins of 1 GeV. The count in a bin fluctuates from one experiment
to the next following a Poisson distribution, whose standard deviation is the square
root of its mean; the count itself is our best estimate of that mean, so each bin gets
the uncertainty $\sigma_i = \sqrt{N_i}$.

## Fit a peak and a background

The measured peak is the Breit–Wigner seen through the detector: its convolution with
a Gaussian resolution $G$ of width $\sigma$, called a **Voigt** profile,

$$
V(m; M, \Gamma, \sigma) = \int f_{\mathrm{BW}}(m'; M, \Gamma)\, G(m - m'; \sigma)\, \mathrm{d}m' .
$$

The expected count in bin $i$ is then
$\mu_i = N_S \int_{\mathrm{bin}\,i} V \,\mathrm{d}m + N_B \int_{\mathrm{bin}\,i} f_{\mathrm{B}} \,\mathrm{d}m$,
with both shapes normalised to one inside the window, and we choose the six parameters
$M, \Gamma, \sigma, N_S, N_B, \lambda$ that minimise

$$
\chi^2 = \sum_i \frac{(N_i - \mu_i)^2}{\sigma_i^2} .
$$

`scipy.special.voigt_profile` computes $V$, and `scipy.optimize.curve_fit` does the
minimisation and estimates the parameters' uncertainties from the curvature of
$\chi^2$ at its minimum. We integrate the shapes over each bin by averaging them at ten
points inside it, because a 1 GeV bin is not small next to a 2.5 GeV wide peak.
"""
    )
    w.code(
        r"""
edges = np.linspace(LO, HI, 61)
counts, _ = np.histogram(m_mumu, bins=edges)
centres = (edges[:-1] + edges[1:]) / 2
errors = np.sqrt(np.maximum(counts, 1))  # sqrt(N), and 1 for an empty bin

SUB = 10  # points per bin for the bin integrals
fine = np.linspace(LO, HI, SUB * (len(edges) - 1) + 1)
fine = (fine[:-1] + fine[1:]) / 2


def expected(x, mass, width, sigma, n_sig, n_bkg, lam, shapes=False):
    # Expected counts per bin (x is not used: the bins are fixed above).
    # voigt_profile takes the Gaussian sigma and the Breit-Wigner *half* width.
    peak = special.voigt_profile(fine - mass, sigma, width / 2)
    slope = np.exp(-(fine - LO) / lam)
    s = n_sig * peak / peak.sum()
    b = n_bkg * slope / slope.sum()
    s, b = s.reshape(-1, SUB).sum(axis=1), b.reshape(-1, SUB).sum(axis=1)
    return (s, b) if shapes else s + b


start = [90.0, 3.0, 1.5, 0.6 * counts.sum(), 0.4 * counts.sum(), 30.0]
params, cov = curve_fit(
    expected, centres, counts, p0=start, sigma=errors, absolute_sigma=True
)
uncert = np.sqrt(np.diag(cov))

mu = expected(centres, *params)
chi2 = np.sum(((counts - mu) / errors) ** 2)
ndf = len(counts) - len(params)
p_value = stats.chi2.sf(chi2, ndf)
print(f"chi2 / ndf = {chi2:.1f} / {ndf}, p-value {p_value:.2f}")
"""
    )
    w.md(
        r"""
The fitted parameters next to the values the toy was made with. The *pull*, the
difference divided by the uncertainty, should be of order one: a fit whose pulls are
often beyond $\pm 2$ is biased or quotes uncertainties that are too small.
"""
    )
    w.code(
        r"""
names = ["M [GeV]", "Gamma [GeV]", "sigma [GeV]", "N_S", "N_B", "lambda [GeV]"]
generated = [M_Z, GAMMA_Z, resolution, N_SIGNAL, N_BACKGROUND, LAMBDA]
fit_table = pd.DataFrame(
    {"fitted": params, "uncertainty": uncert, "generated": generated},
    index=pd.Index(names, name="parameter"),
)
fit_table["pull"] = (params - generated) / uncert
fit_table.round(3)
"""
    )
    w.md(
        r"""
## Plot the histogram and the fit

Data points carry their $\sqrt{N}$ error bars; the curves are the fitted model and its
background part. The lower panel shows each bin's pull $(N_i - \mu_i)/\sigma_i$, where
a good fit scatters evenly around zero without structure.
"""
    )
    w.code(
        r"""
sig_part, bkg_part = expected(centres, *params, shapes=True)

fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(6, 4.5), sharex=True,
    gridspec_kw={"height_ratios": [3, 1], "hspace": 0.08},
)
top.errorbar(centres, counts, yerr=errors, fmt="o", ms=3, color="black",
             label="toy data")
top.plot(centres, sig_part + bkg_part, color="#c44e52",
         label="fit: Voigt + exponential")
top.plot(centres, bkg_part, color="#4c72b0", linestyle="--",
         label="fit: background")
top.set_ylabel("Pairs / 1 GeV")
top.legend(loc="upper left")
top.text(0.98, 0.95, f"$M$ = {params[0]:.2f} ± {uncert[0]:.2f} GeV\n"
         f"$\\Gamma$ = {params[1]:.2f} ± {uncert[1]:.2f} GeV",
         transform=top.transAxes, ha="right", va="top")

bottom.axhline(0, color="grey", linewidth=0.8)
bottom.plot(centres, (counts - mu) / errors, "o", ms=3, color="black")
bottom.set_ylim(-4, 4)
bottom.set_ylabel("Pull")
bottom.set_xlabel(r"$m_{\mu\mu}$ [GeV]")
plt.show()
""",
        alt=(
            "Histogram of the toy dimuon mass from 60 to 120 GeV in 1 GeV bins, with error bars: "
            "a sharp peak reaching about 1,500 pairs in the bin at 91 GeV, on top of a background that "
            "falls from about 200 pairs per bin at 60 GeV to about 10 at 120 GeV. A red curve, the fitted "
            "Voigt peak plus exponential, follows the points; a dashed blue curve shows the background "
            "alone. A lower panel shows the pull of each bin, scattered around zero, nearly all between -2 and +2."
        ),
    )
    w.md(
        r"""
The fit recovers the mass and the width we put in, within their uncertainties. Notice
that it separates the width $\Gamma$, a property of the Z boson, from the resolution
$\sigma$, a property of the detector, only because the two shapes differ: the
Breit–Wigner has long tails, the Gaussian does not. With a resolution much worse than
the width, $\Gamma$ could no longer be measured from the peak.

## Things to try

1. Fit a plain Gaussian instead of the Voigt profile (`stats.norm.pdf`). Look at the
   pulls in the tails of the peak and at $\chi^2$.
2. Change the momentum resolution from 1.5 % to 5 %. How do the uncertainties on $M$
   and $\Gamma$ change?
3. Divide `N_SIGNAL` and `N_BACKGROUND` by 20. Bins with few entries make the
   $\sqrt{N}$ errors a poor approximation: replace the $\chi^2$ by the Poisson
   likelihood $-\ln L = \sum_i (\mu_i - N_i \ln \mu_i)$ and minimise it with
   `scipy.optimize.minimize`.
4. Make the same histogram with [hist](../resources/hist.md), the Scikit-HEP
   histogram library, and compare your fitted values with the Particle Data Group's at
   [pdg.lbl.gov](https://pdg.lbl.gov/).

Then repeat the analysis on real collisions in
[Use open data from the CERN Open Data portal](cern-open-data.md), where the dimuon
spectrum holds many more peaks than this one.
"""
    )
    return w.notebook()


# --------------------------------------------------------------------------------------
# tiny-classifier-roc.ipynb

def tiny_classifier_roc():
    w = NotebookWriter("roc")
    w.raw(
        r"""
---
title: Train a tiny signal/background classifier and read its ROC curve
summary: "Generate toy jets with a mass, a transverse momentum and an n-subjettiness-like ratio, train a logistic regression and a small neural network with scikit-learn, and read their ROC curves as signal efficiency against background rejection."
level: beginner
duration: 45 min
areas: [workforce-development, foundation-models]
authors: [Portal editors]
date: 2026-12-04
prerequisites: [python-env]
tags: [machine-learning, jet-tagging, validation, python, notebooks]
---
"""
    )
    w.md(
        r"""
Most searches and many measurements end with a classifier: a function that gives each
event or jet a score, high for signal and low for background, followed by a cut on that
score. This notebook trains two small classifiers with scikit-learn and shows how to read
their performance the way physicists do, as **signal efficiency** against
**background rejection**.

> **Simulated toy data.** The jets here are a toy: NumPy and SciPy draw three numbers
> per jet from simple distributions we chose, loosely inspired by boosted W boson jets and QCD jets. They
> are not real data and not a detector simulation. Because we know the distributions
> exactly, we can also compute the best classifier possible and see how close the
> trained ones come.

You need NumPy, pandas, matplotlib and scikit-learn (which brings SciPy), all in the
environment from [Set up a Python environment for HEP](python-env.md).
"""
    )
    w.code(
        r"""
import numpy as np
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# A fixed seed: every run draws the same jets.
rng = np.random.default_rng(seed=20261204)
"""
    )
    w.code(STYLE_HELPER, tags=["hide-input"])
    w.md(
        r"""
## Toy jets

A W boson with a large transverse momentum decays to two quarks whose showers merge into
one wide jet with two hard cores (two "prongs") and a mass near $m_W \approx 80$ GeV. A
jet started by a light quark or a gluon (a QCD jet) usually has one prong and a
mass that falls from low values. Three features separate them:

| feature | signal (W jets) | background (QCD jets) |
| --- | --- | --- |
| jet mass $m_J$ | Gaussian at 80.4 GeV, width 9 GeV | 20 GeV plus a broad Gamma distribution peaking near 42 GeV |
| transverse momentum $p_T$ | 300 GeV plus an exponential, mean excess 120 GeV | 300 GeV plus an exponential, mean excess 80 GeV |
| $\tau_{21} = \tau_2 / \tau_1$ | Beta(3.5, 5.5), around 0.39 | Beta(6, 4), around 0.60 |

The ratio $\tau_{21}$ imitates the N-subjettiness ratio: $\tau_N$ measures how well a jet
is described by $N$ axes, so a two-prong jet has a small $\tau_2/\tau_1$. In this toy
the three features are independent within each class; in real jets they are not (the
mass of a QCD jet grows with its $p_T$, for one), which is one reason real taggers need
more than a linear model.
"""
    )
    w.code(
        r"""
SIGNAL = {
    "mass": stats.norm(loc=80.4, scale=9.0),
    "pt": stats.expon(loc=300.0, scale=120.0),
    "tau21": stats.beta(3.5, 5.5),
}
BACKGROUND = {
    "mass": stats.gamma(a=2.0, loc=20.0, scale=22.0),
    "pt": stats.expon(loc=300.0, scale=80.0),
    "tau21": stats.beta(6.0, 4.0),
}
FEATURES = list(SIGNAL)


def make_jets(model, n, label):
    columns = {name: dist.rvs(size=n, random_state=rng)
               for name, dist in model.items()}
    return pd.DataFrame(columns).assign(label=label)


jets = pd.concat(
    [make_jets(SIGNAL, 20_000, 1), make_jets(BACKGROUND, 20_000, 0)],
    ignore_index=True,
)
names = {1: "signal (W)", 0: "background (QCD)"}
classes = jets.label.map(names).rename("class")
jets.groupby(classes)[FEATURES].agg(["mean", "std"]).round(2)
"""
    )
    w.code(
        r"""
fig, axes = plt.subplots(1, 3, figsize=(7.5, 2.8))
units = {"mass": r"$m_J$ [GeV]", "pt": r"$p_T$ [GeV]", "tau21": r"$\tau_{21}$"}
ranges = {"mass": (0, 200), "pt": (300, 900), "tau21": (0, 1)}
for ax, name in zip(axes, FEATURES):
    for label, colour in ((1, "#c44e52"), (0, "#4c72b0")):
        ax.hist(jets.loc[jets.label == label, name], bins=40,
                range=ranges[name], density=True, histtype="step",
                linewidth=1.5, color=colour, label=names[label])
    ax.set_xlabel(units[name])
    ax.set_yticks([])
axes[0].set_ylabel("Jets (normalised)")
axes[1].legend(loc="upper right", fontsize=8)
fig.tight_layout()
plt.show()
""",
        alt=(
            "Three panels comparing normalised distributions of toy signal and background jets. "
            "Jet mass: the signal peaks narrowly at 80 GeV, the background peaks near 40 GeV with a long "
            "tail to high mass. Transverse momentum: both fall from 300 GeV, the signal a little more slowly. "
            "Tau-21: the signal peaks near 0.4, the background near 0.6, with much overlap."
        ),
    )
    w.md(
        r"""
## Train two classifiers

We keep half the jets for testing and never train on them. Both models see the three
features after standardisation (each shifted and scaled to mean 0 and standard deviation
1, which the optimisers need):

- **Logistic regression** computes a weighted sum of the features and turns it into a
  probability, $p(\mathrm{signal} \mid x) = \sigma(w \cdot x + b)$ with
  $\sigma(z) = 1/(1 + e^{-z})$. Its decision boundary is a plane: it cannot learn that
  signal sits in a *window* of mass, with background on both sides.
- A small **neural network** (a multilayer perceptron with two hidden layers of 16
  units) can learn curved boundaries.

Both are trained by minimising the binary cross-entropy

$$
L = -\frac{1}{N}\sum_i \left[ y_i \ln p_i + (1 - y_i) \ln (1 - p_i) \right],
$$

where $y_i$ is 1 for signal and 0 for background.
"""
    )
    w.code(
        r"""
train, test = train_test_split(
    jets, test_size=0.5, stratify=jets.label, random_state=7
)
x_train, y_train = train[FEATURES].to_numpy(), train.label.to_numpy()
x_test, y_test = test[FEATURES].to_numpy(), test.label.to_numpy()

logistic = make_pipeline(StandardScaler(), LogisticRegression())
network = make_pipeline(
    StandardScaler(),
    MLPClassifier(hidden_layer_sizes=(16, 16), max_iter=300,
                  early_stopping=True, random_state=3),
)
logistic.fit(x_train, y_train)
network.fit(x_train, y_train)
print(f"network trained for {network[-1].n_iter_} epochs")
"""
    )
    w.md(
        r"""
Because this toy is ours, we can also write down the **optimal** classifier. The
Neyman–Pearson lemma says that no selection has a higher signal efficiency at a given
background efficiency than a cut on the likelihood ratio

$$
\Lambda(x) = \frac{p(x \mid \mathrm{signal})}{p(x \mid \mathrm{background})}
= \prod_{k} \frac{p_S(x_k)}{p_B(x_k)} ,
$$

where the product holds because our features are independent. With real data the
densities are unknown, and a well-trained classifier approximates a monotonic function
of $\Lambda$. We also keep the simplest classifier of all, a cut on $\tau_{21}$ alone
(score $-\tau_{21}$: smaller is more signal-like).
"""
    )
    w.code(
        r"""
def log_likelihood_ratio(x):
    llr = sum(
        SIGNAL[name].logpdf(x[:, k]) - BACKGROUND[name].logpdf(x[:, k])
        for k, name in enumerate(FEATURES)
    )
    # Below 20 GeV a background jet is impossible: the ratio is infinite.
    return np.clip(llr, -50, 50)


scores = {
    r"cut on $\tau_{21}$": -x_test[:, 2],
    "logistic regression": logistic.predict_proba(x_test)[:, 1],
    "neural network": network.predict_proba(x_test)[:, 1],
    "likelihood ratio (optimal)": log_likelihood_ratio(x_test),
}
"""
    )
    w.md(
        r"""
## Read the ROC curve

Every threshold $t$ on a score $s$ selects a fraction of the signal and a fraction of
the background:

$$
\epsilon_S(t) = P(s > t \mid \mathrm{signal}), \qquad \epsilon_B(t) = P(s > t \mid \mathrm{background}).
$$

The ROC curve (the name comes from radar engineering: *receiver operating
characteristic*) traces $\epsilon_S$ against $\epsilon_B$ as $t$ sweeps from high to
low. A classifier that guesses at random lies on the diagonal; a perfect one goes
straight up to $\epsilon_S = 1$ at $\epsilon_B = 0$.

Physicists usually plot the same curve differently: **background rejection**
$1/\epsilon_B$ on a logarithmic axis against $\epsilon_S$. It answers the question an
analysis asks: *if I keep half of my signal, by what factor do I reduce the background?*
That factor matters because the background is often thousands of times larger than the
signal, and a rejection of 100 against 50 is a big difference that a linear axis hides
near zero.
"""
    )
    w.code(
        r"""
colours = ["#8c8c8c", "#4c72b0", "#c44e52", "black"]
styles = ["-", "-", "-", ":"]
fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.4))
for (name, score), colour, style in zip(scores.items(), colours, styles):
    eff_b, eff_s, _ = roc_curve(y_test, score)
    left.plot(eff_b, eff_s, color=colour, linestyle=style, label=name)
    keep = eff_b > 0
    right.plot(eff_s[keep], 1 / eff_b[keep], color=colour, linestyle=style,
               label=name)
left.plot([0, 1], [0, 1], color="grey", linewidth=0.8, linestyle="--",
          label="random guess")
left.set_xlabel(r"background efficiency $\epsilon_B$")
left.set_ylabel(r"signal efficiency $\epsilon_S$")
left.legend(loc="lower right", fontsize=8)
right.set_yscale("log")
right.set_xlim(0.1, 1)
right.set_ylim(1, 1e3)
right.set_xlabel(r"signal efficiency $\epsilon_S$")
right.set_ylabel(r"background rejection $1/\epsilon_B$")
fig.tight_layout()
plt.show()
""",
        alt=(
            "Two panels with the ROC curves of four classifiers on the toy jets. Left: signal efficiency "
            "against background efficiency, all curves well above the random-guess diagonal; the neural "
            "network and the optimal likelihood ratio overlap closest to the top-left corner, logistic "
            "regression lies below them and the cut on tau-21 alone lowest. Right: background rejection on "
            "a logarithmic axis from 1 to 1000 against signal efficiency from 0.1 to 1, falling as the "
            "efficiency rises; the network and the likelihood ratio again overlap at the top, near 50 at a "
            "signal efficiency of 0.5, while the logistic regression and the tau-21 cut lie far below and "
            "cross near 0.45, below which the tau-21 cut rejects more."
        ),
    )
    w.md(
        r"""
## Summarise with numbers

The **area under the curve** (AUC) condenses the ROC curve into one number. It has a
direct meaning: the probability that a randomly chosen signal jet scores higher than a
randomly chosen background jet,

$$
\mathrm{AUC} = \int_0^1 \epsilon_S \,\mathrm{d}\epsilon_B = P(s_{\mathrm{signal}} > s_{\mathrm{background}}) .
$$

It is 0.5 for a random guess and 1 for perfect separation. The AUC weighs all
thresholds alike, including ones no analysis would use, so also quote the rejection
at the **working points** you care about:
"""
    )
    w.code(
        r"""
def rejection_at(y, score, eff_s):
    eff_b_curve, eff_s_curve, _ = roc_curve(y, score)
    return 1 / np.interp(eff_s, eff_s_curve, eff_b_curve)


summary = pd.DataFrame(
    {
        "AUC": [roc_auc_score(y_test, s) for s in scores.values()],
        "rejection at eff_S = 0.5": [
            rejection_at(y_test, s, 0.5) for s in scores.values()],
        "rejection at eff_S = 0.8": [
            rejection_at(y_test, s, 0.8) for s in scores.values()],
    },
    index=pd.Index([name.replace(r"$\tau_{21}$", "tau21") for name in scores],
                   name="classifier"),
)
summary.round(3)
"""
    )
    w.md(
        r"""
The network comes close to the optimum, and the logistic regression falls short of it
because of the mass window. The right-hand panel shows where it hurts most: for tight
selections, below a signal efficiency of about 0.45, the logistic regression rejects
*less* background than the cut on $\tau_{21}$ alone, because its highest scores go to
the heaviest jets, and above 100 GeV there are QCD jets but no W jets. Compare the AUC on the training set too: a model that
scores much better on the jets it was trained on than on the test jets has learned
their fluctuations (it is *overfitting*).
"""
    )
    w.code(
        r"""
models = {"logistic regression": logistic, "neural network": network}
for name, model in models.items():
    auc_train = roc_auc_score(y_train, model.predict_proba(x_train)[:, 1])
    auc_test = roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])
    print(f"{name:20s} AUC train {auc_train:.4f}   test {auc_test:.4f}")
"""
    )
    w.md(
        r"""
## One threshold: the confusion table

Choosing a threshold turns scores into decisions. With the network's default threshold
of 0.5, the test jets fall into four groups:
"""
    )
    w.code(
        r"""
tagged = scores["neural network"] > 0.5
confusion = pd.DataFrame(
    [[np.sum(tagged & (y_test == 1)), np.sum(~tagged & (y_test == 1))],
     [np.sum(tagged & (y_test == 0)), np.sum(~tagged & (y_test == 0))]],
    index=pd.Index(["true signal", "true background"], name="jets"),
    columns=["tagged as signal", "tagged as background"],
)
confusion["efficiency (tagged / all)"] = (
    confusion["tagged as signal"] / confusion.sum(axis=1)
).round(3)
confusion
"""
    )
    w.md(
        r"""
The first row's efficiency is $\epsilon_S$ at this threshold, the second row's is
$\epsilon_B$. The *accuracy*, the fraction of jets put in the right class, depends on
how many signal and background jets the sample holds; here half and half, in a real
analysis perhaps one in a million. The efficiencies do not depend on that mixture, and
they are what you need to predict the yields after a cut: with $N_S$ signal and $N_B$
background events before it, you keep $\epsilon_S N_S$ and $\epsilon_B N_B$, and a rough
measure of the sensitivity of a counting experiment is

$$
\frac{S}{\sqrt{B}} = \frac{\epsilon_S N_S}{\sqrt{\epsilon_B N_B}} .
$$

This is why the best working point is seldom at a score of 0.5: it is where the
sensitivity (or a better figure of merit that your analysis chooses) is largest.

## Things to try

1. Give the logistic regression the feature $|m_J - 80|$ instead of $m_J$. How close
   does it come to the network now?
2. Make the background's mass depend on $p_T$ (for example, scale it by $p_T/400$) and
   retrain. The likelihood-ratio formula above no longer holds: why?
3. Find the threshold that maximises $\epsilon_S/\sqrt{\epsilon_B}$ for the network and
   read off its efficiencies.
4. Retrain the network with five different `random_state` values and look at the spread
   of the AUC before you believe a difference in the third decimal.

Next, train a real tagger on a public dataset in
[Train a first jet-tagging classifier](jet-tagging/index.md), and learn what else to check
before a classifier goes into an analysis in
[Validate machine-learning models in physics analyses](validate-ml-models.md).
The [scikit-learn](../resources/scikit-learn.md) entry on the resource page collects its
documentation.
"""
    )
    return w.notebook()


NOTEBOOKS = {"dimuon-histogram": dimuon_histogram, "tiny-classifier-roc": tiny_classifier_roc}


def main() -> int:
    check = "--check" in sys.argv[1:]
    ok = True
    for name, build in NOTEBOOKS.items():
        nb = build()
        execute(nb, name)
        strip_and_check(nb, name)
        ok = finish(nb, name, check) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
