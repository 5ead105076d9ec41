#!/usr/bin/env python3
"""Write and execute the Jupyter fixtures in Tests/PortalTests/Fixtures/notebooks/.

    python3 Tests/Notebooks/make_fixtures.py

Builds each notebook with nbformat, runs it with nbclient in a fresh python3 ipykernel
(CPU only, no network, fixed seeds; about ten seconds in all), strips what changes from
run to run, and writes it with nbformat's own serialiser. The broken fixtures and the
MyST page are written from text held here. Afterwards run validate_fixtures.py.

Generated with these exact versions (install them to regenerate byte-identical files):
    Python 3.11.7
    nbformat==5.11.1 nbclient==0.11.0 jupyter_client==8.10.0 ipykernel==7.4.0
    ipython==9.18.1 matplotlib-inline==0.2.2 numpy==2.4.6 matplotlib==3.11.2
    pandas==3.1.1 pillow==13.0.0 jupytext==1.19.6 PyYAML==6.0.4
    python3 -m pip install nbformat==5.11.1 nbclient==0.11.0 ipykernel==7.4.0 \
        ipython==9.18.1 numpy==2.4.6 matplotlib==3.11.2 pandas==3.1.1 pillow==13.0.0 \
        jupytext==1.19.6 PyYAML==6.0.4
Another Python, matplotlib, Pillow or pandas changes the bytes of images, tables and
`language_info.version`, not what the fixtures cover.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "PortalTests" / "Fixtures" / "notebooks"
BROKEN = OUT / "broken"

# The kernel inherits this environment: a private matplotlib/IPython/Jupyter home (no
# user configuration, no history written to ~), UTC, a fixed hash seed, and no debugger
# warning about frozen modules in the kernel's stderr.
WORK = Path(tempfile.mkdtemp(prefix="portal-notebooks-"))
os.environ.update(
    {
        "MPLCONFIGDIR": str(WORK / "matplotlib"),
        "IPYTHONDIR": str(WORK / "ipython"),
        "JUPYTER_CONFIG_DIR": str(WORK / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(WORK / "jupyter-runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
    }
)
os.environ.pop("MPLBACKEND", None)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (builds the font cache here, not in a cell's stderr)
import nbformat  # noqa: E402
from nbformat import v4  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

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

    def md(self, source: str, **extra) -> None:
        self.cells.append(v4.new_markdown_cell(source.strip("\n"), id=self._id(), **extra))

    def code(self, source: str, tags: list[str] | None = None, **metadata) -> None:
        if tags:
            metadata["tags"] = tags
        self.cells.append(v4.new_code_cell(source.strip("\n"), id=self._id(), metadata=metadata))

    def notebook(self, **metadata):
        nb = v4.new_notebook(cells=self.cells)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        nb.metadata.update(metadata)
        return nb


def execute(nb) -> None:
    """Runs every code cell in order in a new python3 kernel, in a scratch folder."""
    run_dir = WORK / "run"
    run_dir.mkdir(exist_ok=True)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not the warning about TCP on loopback
        timeout=120,
        record_timing=False,  # no metadata.execution timestamps
        coalesce_streams=True,  # one stream output per name, however the kernel flushed it
        resources={"metadata": {"path": str(run_dir)}},
    )
    client.execute()


VOLATILE = [str(WORK), "/tmp/", "ipykernel_", tempfile.gettempdir() + "/"]


def strip_and_check(nb, name: str) -> None:
    """Removes what differs from run to run and refuses an output naming a scratch path."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
            text = repr(output)
            for marker in VOLATILE:
                if marker in text:
                    sys.exit(f"{name}: cell {cell.id} has an output naming {marker!r}; it would change on every run")


def write(nb, path: Path) -> None:
    nbformat.validate(nb)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(HERE.parent.parent)} ({path.stat().st_size:,} bytes)")


# --------------------------------------------------------------------------------------
# histogram.ipynb: front-matter in a raw cell; stdout, stderr, a DataFrame, PNG and SVG.

def histogram() -> None:
    w = NotebookWriter("histogram")
    w.raw(
        """
---
title: A first look at dimuon invariant masses
summary: "Make a small dimuon sample, compute the invariant mass of each muon pair and find the Z boson peak above a falling background."
level: beginner
duration: 30 min
areas: [open-data]
tags: [dimuon, invariant-mass, z-boson, histograms, pandas, matplotlib]
authors: [Portal editors]
date: 2026-11-02
---
"""
    )
    w.md(
        """
Pairs of muons are among the cleanest signatures at a hadron collider. When a
Z boson decays to $\\mu^+\\mu^-$, the two muons carry its mass, and a histogram of
the pair's invariant mass shows a peak at $m_Z \\approx 91.19$ GeV above a smoothly
falling background from Drell–Yan production and misidentified muons.

In this tutorial you will make a small synthetic sample with the same shape, compute
the invariant mass of each pair from the muons' transverse momenta, pseudorapidities
and azimuthal angles, and plot it. The same code works on the dimuon samples of the
[CERN Open Data portal](https://opendata.cern.ch/), which is the next step.
"""
    )
    w.md(
        """
## Make a sample

We draw the *true* pair mass from a Gaussian peak (width 2.5 GeV, roughly the Z's
width convolved with the detector resolution) plus an exponential background. Each
muon gets a transverse momentum near half the mass, and the angles between the two
muons are chosen to reproduce the mass exactly. A fixed seed makes every run identical.
"""
    )
    w.code(
        """
import io
import sys

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from IPython.display import SVG, Image, display

plt.rcParams.update({"svg.hashsalt": "portal", "svg.fonttype": "none", "figure.dpi": 100})
rng = np.random.default_rng(seed=20261102)
"""
    )
    w.code(
        """
n_signal, n_background = 2_000, 3_000
true_mass = np.concatenate(
    [rng.normal(91.19, 2.5, n_signal), 60.0 + rng.exponential(25.0, n_background)]
)
true_mass = true_mass[(true_mass > 60.0) & (true_mass < 120.0)]
n = true_mass.size

# Transverse momenta near m/2, as in a decay at rest; then the azimuthal and the
# pseudorapidity separations that give the pair exactly its true mass.
pt1 = rng.uniform(0.6, 1.4, n) * true_mass / 2
pt2 = rng.uniform(0.6, 1.4, n) * true_mass / 2
k = true_mass**2 / (2.0 * pt1 * pt2)  # = cosh(delta eta) - cos(delta phi), at least 1.02 here
cos_dphi = rng.uniform(np.maximum(1.0 - k, -1.0), 1.0)
dphi = np.arccos(cos_dphi) * rng.choice([-1.0, 1.0], n)
deta = np.arccosh(k + cos_dphi) * rng.choice([-1.0, 1.0], n)
eta1 = rng.uniform(-2.4, 2.4, n)
eta2 = eta1 - deta
phi1 = rng.uniform(-np.pi, np.pi, n)
phi2 = np.angle(np.exp(1j * (phi1 - dphi)))  # back into (-pi, pi]

events = pd.DataFrame(
    {"pt1": pt1, "eta1": eta1, "phi1": phi1, "pt2": pt2, "eta2": eta2, "phi2": phi2}
)
print(f"Generated {n} muon pairs between 60 and 120 GeV")
"""
    )
    w.md(
        """
## Compute the invariant mass

For two muons, whose masses are negligible next to their momenta, the invariant mass is
$m_{\\mu\\mu} = \\sqrt{2 p_{T1} p_{T2} (\\cosh\\Delta\\eta - \\cos\\Delta\\phi)}$, with
$\\Delta\\eta = \\eta_1 - \\eta_2$ and $\\Delta\\phi = \\phi_1 - \\phi_2$. It follows from the
definition with four-momenta:

$$
m_{\\mu\\mu}^2 = (E_1 + E_2)^2 - \\lVert \\vec p_1 + \\vec p_2 \\rVert^2 .
$$

A real detector only sees muons within its acceptance, here $|\\eta| < 2.4$, and a
trigger only keeps events whose muons pass a threshold, here $p_T > 20$ GeV. We drop
the pairs outside and say how many went.
"""
    )
    w.code(
        """
def invariant_mass(df: pd.DataFrame) -> pd.Series:
    \"\"\"Invariant mass of two massless particles, in the units of pt.\"\"\"
    return np.sqrt(
        2.0 * df.pt1 * df.pt2 * (np.cosh(df.eta1 - df.eta2) - np.cos(df.phi1 - df.phi2))
    )


events["mass"] = invariant_mass(events)
accepted = (
    (events[["pt1", "pt2"]] > 20.0).all(axis=1)
    & (events[["eta1", "eta2"]].abs() < 2.4).all(axis=1)
)
events = events[accepted]
print(f"Kept {len(events)} of {n} pairs with both muons in the acceptance")
sys.stdout.flush()
print(f"warning: dropped {(~accepted).sum()} pairs with a muon outside |eta| < 2.4 or below 20 GeV",
      file=sys.stderr)
"""
    )
    w.md("Here is a summary of the columns, in GeV for momenta and masses:")
    w.code('events[["pt1", "pt2", "eta1", "eta2", "mass"]].describe().round(2)')
    w.md(
        """
## Plot the spectrum

We save the figure ourselves, once as PNG and once as SVG, so that the stored outputs
do not depend on the notebook front end's settings.
"""
    )
    w.code(
        """
fig, ax = plt.subplots(figsize=(6.4, 4.0))
ax.hist(events.mass, bins=60, range=(60.0, 120.0), histtype="stepfilled",
        color="#4c72b0", alpha=0.8, label="synthetic sample")
ax.axvline(91.19, color="#c44e52", linestyle="--", label=r"$m_Z = 91.19$ GeV")
ax.set_xlabel(r"$m_{\\mu\\mu}$ [GeV]")
ax.set_ylabel("Pairs / 1 GeV")
ax.legend(frameon=False)
fig.tight_layout()

png, svg = io.BytesIO(), io.BytesIO()
fig.savefig(png, format="png", metadata={"Software": None})
fig.savefig(svg, format="svg", metadata={"Date": None})
plt.close(fig)
display(Image(data=png.getvalue(), format="png"))
"""
    )
    w.md("The same figure as SVG, which stays sharp at any zoom:")
    w.code("display(SVG(data=svg.getvalue()))")
    w.md(
        """
## Measure the peak

Within a window around the peak, the mean and spread of the mass estimate the Z mass and
the combined width. The background pulls both a little; a fit of a Gaussian plus an
exponential would remove that bias.
"""
    )
    w.code(
        """
window = events.mass.between(86.0, 96.0)
print(f"{window.sum()} pairs in 86-96 GeV: mean {events.mass[window].mean():.2f} GeV, "
      f"standard deviation {events.mass[window].std():.2f} GeV")
"""
    )
    w.md(
        """
## What next

- Compare with the [Particle Data Group's Z mass](https://pdg.lbl.gov/) and width.
- Replace the synthetic sample with a CMS dimuon sample from open data and look for
  the J/ψ, Υ and Z peaks on a logarithmic mass axis.
"""
    )
    nb = w.notebook()
    execute(nb)
    strip_and_check(nb, "histogram")
    write(nb, OUT / "histogram.ipynb")


# --------------------------------------------------------------------------------------
# classifier.ipynb: front-matter in metadata.portal; inline PNG, text/latex, text/markdown.

def classifier() -> None:
    w = NotebookWriter("classifier")
    w.md(
        """
# A tiny signal-versus-background classifier and its ROC curve

Most searches end with a classifier that separates a rare signal from a large background.
Before reaching for a deep network, it pays to understand the simplest one: logistic
regression on two features, trained with a few lines of NumPy. We then measure it the way
physicists do, with a ROC curve and its area.
"""
    )
    w.code(
        """
%matplotlib inline
%config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Software": None}}
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Latex, Markdown, display

rng = np.random.default_rng(seed=1909)
"""
    )
    w.md(
        """
## Two features

Think of $x_1$ as a normalised jet mass and $x_2$ as a substructure score. Signal and
background are two overlapping Gaussians in the $(x_1, x_2)$ plane, so no cut separates
them perfectly.
"""
    )
    w.code(
        """
n = 4_000
signal = rng.normal([1.0, 0.8], [1.0, 0.9], size=(n, 2))
background = rng.normal([-0.6, -0.4], [1.1, 1.0], size=(n, 2))
x = np.vstack([signal, background])
y = np.concatenate([np.ones(n), np.zeros(n)])

order = rng.permutation(2 * n)
x, y = x[order], y[order]
x_train, x_test = x[: n], x[n:]
y_train, y_test = y[: n], y[n:]
print(f"{len(x_train)} training and {len(x_test)} test events, {y_train.mean():.1%} signal in training")
"""
    )
    w.md(
        """
## Logistic regression by gradient descent

The model gives each event a probability of being signal,

$$
p(\\text{signal} \\mid x) = \\sigma(w \\cdot x + b), \\qquad \\sigma(z) = \\frac{1}{1 + e^{-z}},
$$

and we minimise the binary cross-entropy
$L = -\\frac{1}{N}\\sum_i \\left[y_i \\ln p_i + (1 - y_i) \\ln (1 - p_i)\\right]$.
"""
    )
    w.code(
        """
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


w, b, rate = np.zeros(2), 0.0, 0.5
for epoch in range(1, 501):
    p = sigmoid(x_train @ w + b)
    w -= rate * x_train.T @ (p - y_train) / len(y_train)
    b -= rate * np.mean(p - y_train)
    if epoch % 100 == 0:
        loss = -np.mean(y_train * np.log(p) + (1 - y_train) * np.log(1 - p))
        print(f"epoch {epoch:3d}  loss {loss:.4f}  w = [{w[0]:+.3f}, {w[1]:+.3f}]  b = {b:+.3f}")
"""
    )
    w.code(
        """
score = sigmoid(x_test @ w + b)
accuracy = np.mean((score > 0.5) == y_test)
print(f"Test accuracy at a threshold of 0.5: {accuracy:.3f}")
"""
    )
    w.md(
        """
## The ROC curve

Moving the threshold trades signal efficiency $\\epsilon_S$ against background
efficiency $\\epsilon_B$. The ROC curve plots one against the other; its area, the AUC,
is the probability that a random signal event scores above a random background event.
"""
    )
    w.code(
        """
thresholds = np.sort(score)[::-1]
eff_s = np.array([np.mean(score[y_test == 1] >= t) for t in thresholds])
eff_b = np.array([np.mean(score[y_test == 0] >= t) for t in thresholds])
eff_s = np.concatenate([[0.0], eff_s])
eff_b = np.concatenate([[0.0], eff_b])
auc = np.trapezoid(eff_s, eff_b)

fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.plot(eff_b, eff_s, color="#4c72b0", label="logistic regression")
ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="random guess")
ax.set_xlabel(r"background efficiency $\\epsilon_B$")
ax.set_ylabel(r"signal efficiency $\\epsilon_S$")
ax.set_aspect("equal")
ax.legend(loc="lower right", frameon=False)
plt.show()
"""
    )
    w.code('Latex(rf"$\\mathrm{{AUC}} = {auc:.3f}$")')
    w.md("Analyses quote working points rather than the whole curve:")
    w.code(
        """
rows = ["| Signal efficiency | Background efficiency | Background rejection $1/\\\\epsilon_B$ |",
        "| ---: | ---: | ---: |"]
for target in (0.5, 0.7, 0.9):
    i = np.searchsorted(eff_s, target)
    rows.append(f"| {eff_s[i]:.2f} | {eff_b[i]:.3f} | {1 / eff_b[i]:.1f} |")
display(Markdown("\\n".join(rows)))
"""
    )
    w.md(
        """
## Exercises

1. Add the product $x_1 x_2$ as a third feature. Does the AUC change? Why not much?
2. Give the background a second, narrower component and see where a linear boundary fails.
"""
    )
    nb = w.notebook(
        portal={
            "title": "A tiny signal-versus-background classifier and its ROC curve",
            "summary": "Train a logistic regression on two Gaussian features with NumPy alone, "
            "then measure it with a ROC curve, its area and a few working points.",
            "level": "intermediate",
            "duration": "45 min",
            "areas": ["foundation-models"],
            "tags": ["classification", "logistic-regression", "roc", "numpy"],
            "authors": ["Portal editors"],
            "date": "2026-11-09",
        }
    )
    execute(nb)
    strip_and_check(nb, "classifier")
    write(nb, OUT / "classifier.ipynb")


# --------------------------------------------------------------------------------------
# outputs.ipynb: every remaining output kind and cell feature.

HOSTILE_HTML = """
<p>Cut flow of the dimuon selection. This output also carries an XSS corpus: the table
must survive sanitising, nothing else here may run or restyle the page.</p>
<script>alert("html-script")</script>
<img src=x onerror=alert("html-img-onerror")>
<a href="javascript:alert('html-a-href')">x</a>
<a href="  JaVaScRiPt:alert('html-a-mixed-case')">y</a>
<style>body { display: none !important; }</style>
<iframe src="https://example.invalid/frame"></iframe>
<svg onload=alert("html-svg-onload")><circle r="4"/></svg>
<details open ontoggle=alert("html-details-ontoggle")><summary>details</summary></details>
<meta http-equiv="refresh" content="0;url=javascript:alert('html-meta-refresh')">
<base href="https://example.invalid/">
<form action="https://example.invalid/collect"><input name="q" autofocus onfocus=alert("html-onfocus")></form>
<!-- <script>alert("html-comment")</script> -->
<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">A paragraph that tries to cover the page with an inline style.</p>
""".strip()

HOSTILE_SVG = """
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="240" height="160" viewBox="0 0 240 160" onload="alert('svg-onload')">
  <title>ROC curve (a hostile SVG: the curve and the labels must survive, no script may run)</title>
  <script type="text/javascript">alert('svg-script')</script>
  <style>@import url("https://example.invalid/svg.css"); text { font-family: sans-serif; }</style>
  <rect x="30" y="10" width="200" height="120" fill="#f4f6fb" stroke="#334" onmouseover="alert('svg-onmouseover')"/>
  <polyline points="30,130 40,80 60,50 90,32 130,20 180,13 230,10" fill="none" stroke="#4c72b0" stroke-width="2"/>
  <line x1="30" y1="130" x2="230" y2="10" stroke="grey" stroke-dasharray="2 3"/>
  <text x="130" y="150" text-anchor="middle" font-size="11">background efficiency</text>
  <a xlink:href="javascript:alert('svg-xlink-href')"><text x="40" y="30" font-size="10">AUC 0.90</text></a>
  <a href="javascript:alert('svg-href')"><text x="40" y="45" font-size="10">details</text></a>
  <a href="#roc"><text x="40" y="60" font-size="10">working points<animate attributeName="href" values="javascript:alert('svg-animate')" begin="0s"/></text></a>
  <set attributeName="onmouseover" to="alert('svg-set')"/>
  <foreignObject x="120" y="70" width="100" height="40">
    <div xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert('svg-foreignobject')"></iframe><img src="x" onerror="alert('svg-foreignobject-img')"/></div>
  </foreignObject>
  <image x="200" y="100" width="10" height="10" xlink:href="https://example.invalid/tracker.png"/>
</svg>
""".strip()

WIDGET_ID = "5f0c3d7a9b2e4c61a8d47e93b1f2c6d0"
WIDGET_BUNDLE = {
    "application/vnd.jupyter.widget-view+json": {
        "model_id": WIDGET_ID,
        "version_major": 2,
        "version_minor": 0,
    },
    "text/plain": "FloatSlider(value=25.0, description='pT cut [GeV]', max=60.0, min=10.0, step=1.0)",
}
WIDGET_STATE = {
    "application/vnd.jupyter.widget-state+json": {
        "version_major": 2,
        "version_minor": 0,
        "state": {
            WIDGET_ID: {
                "model_module": "@jupyter-widgets/controls",
                "model_module_version": "2.0.0",
                "model_name": "FloatSliderModel",
                "state": {
                    "description": "pT cut [GeV]",
                    "layout": "IPY_MODEL_7a1e5b2c9d0f4e3a8b6c1d2e3f4a5b6c",
                    "max": 60.0,
                    "min": 10.0,
                    "step": 1.0,
                    "style": "IPY_MODEL_9c8b7a6d5e4f4a3b2c1d0e9f8a7b6c5d",
                    "value": 25.0,
                },
            },
            "7a1e5b2c9d0f4e3a8b6c1d2e3f4a5b6c": {
                "model_module": "@jupyter-widgets/base",
                "model_module_version": "2.0.0",
                "model_name": "LayoutModel",
                "state": {},
            },
            "9c8b7a6d5e4f4a3b2c1d0e9f8a7b6c5d": {
                "model_module": "@jupyter-widgets/controls",
                "model_module_version": "2.0.0",
                "model_name": "SliderStyleModel",
                "state": {"description_width": ""},
            },
        },
    }
}

JAVASCRIPT_BUNDLE = {
    "application/javascript": (
        "// Written by a plotting library's notebook bootstrap; a static page must never run it.\n"
        "document.body.innerHTML = '<h1>replaced by application/javascript</h1>';\n"
        "alert('javascript-output');\n"
    ),
    "text/plain": "<IPython.core.display.Javascript object>",
}


def drell_yan_sketch() -> str:
    """A small PNG for the markdown cell's attachment: the Drell–Yan process, drawn."""
    plt.rcParams.update(matplotlib.rcParamsDefault)
    fig, ax = plt.subplots(figsize=(3.0, 1.6), dpi=100)
    ax.set_axis_off()
    ax.set_xlim(0, 6)
    ax.set_ylim(0, 3)
    for (x0, y0, x1, y1, label) in [
        (0.3, 2.7, 2.0, 1.5, "q"),
        (0.3, 0.3, 2.0, 1.5, r"$\bar q$"),
        (4.0, 1.5, 5.7, 2.7, r"$\mu^-$"),
        (4.0, 1.5, 5.7, 0.3, r"$\mu^+$"),
    ]:
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops={"arrowstyle": "-|>", "color": "black"})
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.25, label, ha="center", fontsize=10)
    ax.plot([2.0, 4.0], [1.5, 1.5], color="#c44e52", linestyle=(0, (4, 2)), linewidth=2)
    ax.text(3.0, 1.75, r"$Z/\gamma^*$", ha="center", fontsize=10)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def outputs() -> None:
    w = NotebookWriter("outputs")
    w.raw(
        """
---
title: Notebook outputs of every kind
summary: "A jet-physics notebook that stores every output a Jupyter kernel can make, for checking how the portal renders, hides and sanitises them."
level: advanced
duration: 15 min
areas: [computing-resources]
tags: [notebooks, jupyter, outputs]
authors: [Portal editors]
date: 2026-11-16
---
"""
    )
    w.md(
        """
This notebook holds every kind of output a kernel stores, each made by real code on a
small jet-physics example. Each section says what the portal should do with it.
"""
    )
    w.code(
        """
import io

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from IPython.display import HTML, SVG, Image, display

rng = np.random.default_rng(seed=1616)
"""
    )
    w.md(
        """
## A plain result

The value of the last expression becomes an `execute_result` with only `text/plain`.
"""
    )
    w.code(
        """
pt = np.array([45.2, 38.1, 27.9, 61.0, 33.3])  # GeV, five muons
pt.mean()
"""
    )
    w.md(
        """
## An error

The total momentum of a particle is $|\\vec p| = p_T \\cosh\\eta$. One pseudorapidity is
missing below, so NumPy cannot pair the arrays up. The cell is tagged `raises-exception`,
and the notebook stores the traceback with its terminal colours.
"""
    )
    w.code(
        """
eta = np.array([0.4, -1.2, 2.1, 0.0])  # one value short


def momentum(pt, eta):
    return pt * np.cosh(eta)


momentum(pt, eta)
""",
        tags=["raises-exception"],
    )
    w.md(
        """
## Coloured terminal text

Command-line tools print ANSI colour codes, and notebooks keep them in the stream.
"""
    )
    w.code(
        """
for name, ok in [("pT > 25 GeV", True), ("|eta| < 2.4", True), ("isolation", False)]:
    status = "\\033[1;32mPASS\\033[0m" if ok else "\\033[1;31mFAIL\\033[0m"
    print(f"{status}  {name}")
"""
    )
    w.md(
        """
## A JPEG with alt text and a caption

The cell's metadata holds the image's alt text and caption in MyST-NB's form
(`mystnb.image.alt`, `mystnb.figure.caption`).
"""
    )
    w.code(
        """
eta_edges = np.linspace(-0.8, 0.8, 33)
phi_edges = np.linspace(-0.8, 0.8, 33)
centres = [(0.0, 0.0, 120.0), (0.25, -0.15, 45.0)]  # two prongs: (eta, phi, energy in GeV)
eta_hits = np.concatenate([rng.normal(e, 0.06, 400) for e, _, _ in centres])
phi_hits = np.concatenate([rng.normal(p, 0.06, 400) for _, p, _ in centres])
energy = np.concatenate([np.full(400, en / 400) for _, _, en in centres])
image, _, _ = np.histogram2d(eta_hits, phi_hits, bins=(eta_edges, phi_edges), weights=energy)

fig, ax = plt.subplots(figsize=(3.2, 3.0), dpi=80)
ax.imshow(image.T, origin="lower", extent=(-0.8, 0.8, -0.8, 0.8), cmap="viridis")
ax.set_xlabel(r"$\\Delta\\eta$")
ax.set_ylabel(r"$\\Delta\\phi$")
fig.tight_layout()
jpeg = io.BytesIO()
fig.savefig(jpeg, format="jpeg", pil_kwargs={"quality": 85})
plt.close(fig)
display(Image(data=jpeg.getvalue(), format="jpeg"))
""",
        mystnb={
            "image": {"alt": "Calorimeter image of a two-prong jet: a bright cluster at the centre and a fainter one below and to the right of it in the eta-phi plane."},
            "figure": {"caption": "Energy deposits of a simulated two-prong jet, in 32 by 32 cells of $\\Delta\\eta \\times \\Delta\\phi$.", "name": "fig-jet-image"},
        },
    )
    w.md(
        """
## Hostile HTML

A `text/html` output is whatever the code printed. The table must survive sanitising;
scripts, handlers, `javascript:` addresses, frames, styles and forms must not.
"""
    )
    w.code(
        """
cuts = ["two opposite-charge muons", "both p<sub>T</sub> &gt; 25 GeV", "both |&eta;| &lt; 2.4", "60 &lt; m<sub>&mu;&mu;</sub> &lt; 120 GeV"]
passed = [10_000]
for fraction in (0.82, 0.91, 0.95):
    passed.append(int(passed[-1] * fraction))
rows = "".join(
    f"<tr><td>{cut}</td><td style=\\"text-align:right\\">{count:,}</td><td>{count / passed[0]:.3f}</td></tr>"
    for cut, count in zip(cuts, passed)
)
table = f'<table class="cutflow"><thead><tr><th>Selection</th><th>Events</th><th>Efficiency</th></tr></thead><tbody>{rows}</tbody></table>'
display(HTML(hostile + table))
"""
    )
    w.cells[-1].source = "hostile = " + repr(HOSTILE_HTML) + "\n" + w.cells[-1].source
    w.md(
        """
## Hostile SVG

An `image/svg+xml` output can script too. The curve and its labels must survive.
"""
    )
    w.code("hostile_svg = " + repr(HOSTILE_SVG) + "\ndisplay(SVG(data=hostile_svg))")
    w.md(
        """
## A widget

A live widget needs a kernel. A static page shows the `text/plain` fallback; the
widget's state is saved in the notebook's metadata.
"""
    )
    w.code(
        "# What ipywidgets.FloatSlider(...) displays, written out so that no ipywidgets is needed.\n"
        "display(" + repr(WIDGET_BUNDLE) + ", raw=True)"
    )
    w.md("## JavaScript\n\nAn `application/javascript` output must never run on the portal.")
    w.code("display(" + repr(JAVASCRIPT_BUNDLE) + ", raw=True)")
    w.md(
        """
## Tagged cells

Jupyter Book's tags: `hide-input` and `hide-output` fold the part away behind a toggle,
`remove-input`, `remove-output` and `remove-cell` leave it out of the page.
"""
    )
    w.code(
        """
# Setup readers need not see: this cell and its output are left out of the page.
print("remove-cell: this text must not appear on the page")
""",
        tags=["remove-cell"],
    )
    w.code(
        """
lumi = 59.7  # fb^-1
cross_section = 1_950.0  # fb, Z -> mu mu in the fiducial region
print(f"hide-input: expected {lumi * cross_section:,.0f} Z -> mu mu events in {lumi} fb^-1")
""",
        tags=["hide-input"],
    )
    w.code(
        """
masses = rng.normal(91.19, 2.5, 30)
for i, m in enumerate(masses):
    print(f"hide-output: event {i:2d}  m = {m:6.2f} GeV")
""",
        tags=["hide-output"],
    )
    w.code(
        """
print("remove-input: only this output is on the page, not the code that printed it")
""",
        tags=["remove-input"],
    )
    w.code(
        """
print("remove-output: this text must not appear on the page, the code above it must")
""",
        tags=["remove-output"],
    )
    w.md(
        """
## A cell never run

The next cell is tagged `skip-execution`, so it has no outputs and an
`execution_count` of `null`.
"""
    )
    w.code(
        """
# Would fetch the full CMS sample (several GB): not run when the notebook is built.
# import cernopendata_client
""",
        tags=["skip-execution"],
    )
    w.md(
        """
## An attached image

This markdown cell carries its own picture as an attachment:

![Drell-Yan production: a quark and an antiquark annihilate into a Z boson or photon, which decays to two muons](attachment:drell-yan.png)
""",
        attachments={"drell-yan.png": {"image/png": drell_yan_sketch()}},
    )
    nb = w.notebook(widgets=WIDGET_STATE)
    execute(nb)
    strip_and_check(nb, "outputs")
    write(nb, OUT / "outputs.ipynb")


# --------------------------------------------------------------------------------------
# myst.md: a jupytext MyST Markdown notebook, and the figure it shows.

def myst() -> None:
    import jupytext

    plt.rcParams.update(matplotlib.rcParamsDefault)
    rng = __import__("numpy").random.default_rng(seed=404)
    mass = rng.normal(91.19, 2.5, 3000)
    fig, ax = plt.subplots(figsize=(4.0, 2.6), dpi=72)
    ax.hist(mass, bins=40, range=(80, 102), color="#4c72b0")
    ax.set_xlabel(r"$m_{\mu\mu}$ [GeV]")
    ax.set_ylabel("Pairs")
    fig.tight_layout()
    fig.savefig(OUT / "myst-zpeak.png", format="png", metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {(OUT / 'myst-zpeak.png').relative_to(HERE.parent.parent)} ({(OUT / 'myst-zpeak.png').stat().st_size:,} bytes)")

    w = NotebookWriter("myst")
    w.md(
        """
# Select Z boson candidates with a mass window

A mass window is the simplest selection there is: keep the muon pairs whose invariant
mass lies close to the Z boson's.

```{note}
This page is a MyST Markdown notebook. Jupyter opens it through jupytext, and Jupyter
Book runs its code cells when it builds the book.
```
"""
    )
    w.md(
        """
## The window

We keep pairs with $|m_{\\mu\\mu} - m_Z| < \\Delta$, where the half-width $\\Delta$ is a
few times the mass resolution:

```{math}
:label: eq-window
|m_{\\mu\\mu} - m_Z| < \\Delta, \\qquad \\Delta \\approx 3\\,\\sigma_m \\approx 7.5~\\text{GeV}.
```

```{figure} myst-zpeak.png
:alt: A histogram of dimuon masses from 80 to 102 GeV, peaking at 91 GeV.
:width: 60%
:name: fig-zpeak

The Z peak in a small synthetic sample; the window keeps most of it.
```
"""
    )
    w.code(
        """
import numpy as np

rng = np.random.default_rng(seed=404)
mass = np.concatenate([rng.normal(91.19, 2.5, 3000), 60 + rng.exponential(25.0, 2000)])
in_window = np.abs(mass - 91.19) < 7.5
print(f"{in_window.sum()} of {mass.size} pairs in the window")
"""
    )
    w.code(
        """
purity = in_window[:3000].sum() / in_window.sum()
print(f"signal purity in the window: {purity:.2f}")
""",
        tags=["hide-input"],
    )
    w.md(
        """
```{warning}
A window chosen by looking at the data biases any measurement made in it. Fix the
window before you look, or take it from simulation.
```
"""
    )
    w.md(
        """
## References

The Z boson's mass and width are those of the Particle Data Group's review.

```{bibliography}
:filter: docname in docnames
```
"""
    )
    nb = w.notebook()
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    portal = {
        "title": "Select Z boson candidates with a mass window",
        "summary": "Keep the muon pairs near the Z mass and measure how pure the selection is, in a MyST Markdown notebook.",
        "level": "beginner",
        "duration": "15 min",
        "areas": ["open-data"],
        "tags": ["dimuon", "z-boson", "selection", "myst"],
        "authors": ["Portal editors"],
        "date": "2026-11-23",
    }
    nb.metadata.update(portal)
    nb.metadata["jupytext"] = {"notebook_metadata_filter": ",".join(portal)}
    text = jupytext.writes(nb, fmt="md:myst")
    (OUT / "myst.md").write_text(text, encoding="utf-8")
    print(f"wrote {(OUT / 'myst.md').relative_to(HERE.parent.parent)} ({(OUT / 'myst.md').stat().st_size:,} bytes)")


# --------------------------------------------------------------------------------------
# broken/: invalid on purpose, each in one known way (validate_fixtures.py says where).

def small_notebook_text() -> str:
    w = NotebookWriter("broken")
    w.md("# Counting muons\n\nA two-cell notebook, broken on purpose for the error tests.")
    w.code("n_muons = 2\nprint(n_muons)")
    nb = w.notebook()
    nb.metadata["language_info"] = {"name": "python"}
    return nbformat.writes(nb) + "\n"


def broken() -> None:
    BROKEN.mkdir(parents=True, exist_ok=True)
    text = small_notebook_text()

    # not-json.ipynb: the comma that ends line 6 (`   "metadata": {},`) is removed.
    lines = text.split("\n")
    assert lines[5] == '   "metadata": {},', lines[5]
    lines[5] = lines[5][:-1]
    (BROKEN / "not-json.ipynb").write_text("\n".join(lines), encoding="utf-8")

    # bad-cell.ipynb: the code cell loses its "outputs" (required in nbformat 4).
    # Written as nbformat writes (nbformat's own writer needs the outputs).
    data = json.loads(text)
    del data["cells"][1]["outputs"]
    bad = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (BROKEN / "bad-cell.ipynb").write_text(bad, encoding="utf-8")

    # bad-front-matter.ipynb: a valid notebook whose raw front-matter has an unquoted colon.
    w = NotebookWriter("bad-front-matter")
    w.raw(
        """
---
title: Dimuon spectra: a second look
level: beginner
duration: 30 min
areas: [open-data]
---
"""
    )
    w.md("The title above needs quotes: a colon and a space start a mapping in YAML.")
    nb = w.notebook()
    nb.metadata["language_info"] = {"name": "python"}
    (BROKEN / "bad-front-matter.ipynb").write_text(nbformat.writes(nb) + "\n", encoding="utf-8")

    # nbformat3.ipynb: a valid notebook of the older format 3 (worksheets, "input", "prompt_number").
    from nbformat import v3

    nb3 = v3.new_notebook(
        name="counting-muons",
        worksheets=[
            v3.new_worksheet(
                cells=[
                    v3.new_heading_cell("Counting muons", level=1),
                    v3.new_text_cell("markdown", source="A notebook saved by IPython 2, in nbformat 3."),
                    v3.new_code_cell(
                        input="n_muons = 2\nprint(n_muons)",
                        prompt_number=1,
                        outputs=[v3.new_output("stream", output_text="2\n", stream="stdout")],
                    ),
                ]
            )
        ],
    )
    nb3.metadata["signature"] = ""
    (BROKEN / "nbformat3.ipynb").write_text(v3.writes_json(nb3) + "\n", encoding="utf-8")
    for path in sorted(BROKEN.glob("*.ipynb")):
        print(f"wrote {path.relative_to(HERE.parent.parent)} ({path.stat().st_size:,} bytes)")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        histogram()
        classifier()
        outputs()
        myst()
        broken()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
