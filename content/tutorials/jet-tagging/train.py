"""Train a small particle-flow (Deep Sets) top tagger on the top-tagging reference dataset.

The dataset (Kasieczka, Plehn, Thompson, Russell; https://doi.org/10.5281/zenodo.2603256)
contains simulated hadronic top jets (signal) and QCD jets (background). Each jet is
stored as the four-momenta (E, px, py, pz) of its up to 200 leading constituents,
zero-padded, in pandas HDF5 files train.h5, val.h5 and test.h5 under the key "table",
with the label in the column "is_signal_new".

Usage:
    python train.py --data-dir data/top-tagging --out-dir runs/pfn --n-train 200000

Outputs in --out-dir:
    tagger.pt        state dict of the best model (lowest validation loss)
    config.json      the command-line configuration and package versions
    metrics.json     test-set AUC and background rejection at 30% signal efficiency
    scores_test.npz  test-set scores, labels, jet mass and jet pT for later validation
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
import torch
from sklearn.metrics import roc_auc_score, roc_curve
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def load_jets(path: Path, n_jets: int | None, n_particles: int) -> tuple[np.ndarray, np.ndarray]:
    """Read the first n_jets jets; return four-momenta (jets, particles, 4) and labels."""
    df = pd.read_hdf(path, key="table", stop=n_jets)
    columns = [f"{q}_{i}" for i in range(n_particles) for q in ("E", "PX", "PY", "PZ")]
    p4 = df[columns].to_numpy(dtype=np.float32).reshape(-1, n_particles, 4)
    labels = df["is_signal_new"].to_numpy(dtype=np.float32)
    return p4, labels


def make_features(p4: np.ndarray) -> dict[str, np.ndarray]:
    """Turn constituent four-momenta into per-particle features relative to the jet axis.

    Features: log(pT / jet pT), log(E / jet E), delta eta and delta phi to the jet axis.
    Padded (empty) constituents get all-zero features and mask 0.
    """
    e, px, py, pz = (p4[..., i].astype(np.float64) for i in range(4))
    mask = e > 0
    pt = np.hypot(px, py)

    jet_e, jet_px, jet_py, jet_pz = e.sum(1), px.sum(1), py.sum(1), pz.sum(1)
    jet_pt = np.hypot(jet_px, jet_py)
    jet_eta = np.arcsinh(jet_pz / jet_pt)
    jet_phi = np.arctan2(jet_py, jet_px)
    jet_mass = np.sqrt(np.maximum(jet_e**2 - jet_px**2 - jet_py**2 - jet_pz**2, 0.0))

    safe_pt = np.where(mask, pt, 1.0)
    eta = np.arcsinh(pz / safe_pt)
    phi = np.arctan2(py, px)
    deta = eta - jet_eta[:, None]
    dphi = np.mod(phi - jet_phi[:, None] + np.pi, 2 * np.pi) - np.pi  # wrap to [-pi, pi)
    log_pt = np.log(safe_pt / jet_pt[:, None])
    log_e = np.log(np.where(mask, e, 1.0) / jet_e[:, None])

    features = np.stack([log_pt, log_e, deta, dphi], axis=-1)
    features = np.where(mask[..., None], features, 0.0)
    return {
        "features": features.astype(np.float32),
        "mask": mask.astype(np.float32),
        "jet_mass": jet_mass.astype(np.float32),
        "jet_pt": jet_pt.astype(np.float32),
    }


def mlp(sizes: list[int], last_activation: bool) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2 or last_activation:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class ParticleFlowNetwork(nn.Module):
    """Deep Sets: a per-particle network phi, a masked sum, and a jet-level network F.

    The sum makes the output independent of the order of the constituents.
    """

    def __init__(self, n_features: int = 4, phi_sizes=(64, 64, 128), f_sizes=(128, 64)):
        super().__init__()
        self.phi = mlp([n_features, *phi_sizes], last_activation=True)
        self.f = mlp([phi_sizes[-1], *f_sizes, 1], last_activation=False)

    def forward(self, features: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # features: (batch, particles, n_features); mask: (batch, particles), 1 = real particle
        per_particle = self.phi(features) * mask.unsqueeze(-1)
        return self.f(per_particle.sum(dim=1)).squeeze(-1)  # one logit per jet


def predict(model: nn.Module, data: dict[str, np.ndarray], device: torch.device, batch_size: int) -> np.ndarray:
    model.eval()
    loader = DataLoader(
        TensorDataset(torch.from_numpy(data["features"]), torch.from_numpy(data["mask"])),
        batch_size=batch_size,
    )
    out = []
    with torch.no_grad():
        for x, m in loader:
            out.append(torch.sigmoid(model(x.to(device), m.to(device))).cpu().numpy())
    return np.concatenate(out)


def mean_loss(model: nn.Module, data: dict[str, np.ndarray], loss_fn: nn.Module,
              device: torch.device, batch_size: int) -> float:
    """Average loss over a dataset, computed in batches to bound memory use."""
    model.eval()
    loader = DataLoader(
        TensorDataset(*(torch.from_numpy(data[k]) for k in ("features", "mask", "labels"))),
        batch_size=batch_size,
    )
    total = 0.0
    with torch.no_grad():
        for x, m, y in loader:
            total += loss_fn(model(x.to(device), m.to(device)), y.to(device)).item() * len(y)
    return total / len(loader.dataset)


def rejection_at(labels: np.ndarray, scores: np.ndarray, signal_efficiency: float) -> float:
    """Background rejection 1/eps_B at a given signal efficiency, as in arXiv:1902.09914."""
    fpr, tpr, _ = roc_curve(labels, scores)
    eps_b = np.interp(signal_efficiency, tpr, fpr)
    return float(1.0 / eps_b) if eps_b > 0 else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="folder with train.h5, val.h5, test.h5")
    parser.add_argument("--out-dir", type=Path, default=Path("runs/pfn"))
    parser.add_argument("--n-train", type=int, default=200_000, help="jets read from train.h5")
    parser.add_argument("--n-val", type=int, default=50_000)
    parser.add_argument("--n-test", type=int, default=200_000)
    parser.add_argument("--n-particles", type=int, default=100, help="leading constituents used per jet")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--patience", type=int, default=3, help="epochs without improvement before stopping")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    args.out_dir.mkdir(parents=True, exist_ok=True)

    config = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    config["versions"] = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__,
        "torch": torch.__version__,
    }
    config["device"] = str(device)
    (args.out_dir / "config.json").write_text(json.dumps(config, indent=2))

    splits = {}
    for name, n in (("train", args.n_train), ("val", args.n_val), ("test", args.n_test)):
        p4, labels = load_jets(args.data_dir / f"{name}.h5", n, args.n_particles)
        splits[name] = make_features(p4) | {"labels": labels}
        print(f"{name}: {len(labels)} jets, signal fraction {labels.mean():.3f}")

    train = splits["train"]
    train_loader = DataLoader(
        TensorDataset(
            torch.from_numpy(train["features"]),
            torch.from_numpy(train["mask"]),
            torch.from_numpy(train["labels"]),
        ),
        batch_size=args.batch_size,
        shuffle=True,
    )

    model = ParticleFlowNetwork().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.BCEWithLogitsLoss()

    best_loss, stale = float("inf"), 0
    for epoch in range(1, args.epochs + 1):
        start = time.time()
        model.train()
        total = 0.0
        for x, m, y in train_loader:
            x, m, y = x.to(device), m.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x, m), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
        val_loss = mean_loss(model, splits["val"], loss_fn, device, batch_size=4096)
        print(f"epoch {epoch:3d}  train loss {total / len(train_loader.dataset):.4f}  "
              f"val loss {val_loss:.4f}  ({time.time() - start:.0f} s)")
        if val_loss < best_loss:
            best_loss, stale = val_loss, 0
            torch.save(model.state_dict(), args.out_dir / "tagger.pt")
        else:
            stale += 1
            if stale >= args.patience:
                print(f"no improvement for {args.patience} epochs, stopping")
                break

    model.load_state_dict(torch.load(args.out_dir / "tagger.pt", map_location=device))
    test = splits["test"]
    scores = predict(model, test, device, batch_size=4096)
    metrics = {
        "auc": float(roc_auc_score(test["labels"], scores)),
        "rejection_at_30pct": rejection_at(test["labels"], scores, 0.3),
        "best_val_loss": best_loss,
        "n_test": int(len(scores)),
    }
    (args.out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2))
    np.savez_compressed(
        args.out_dir / "scores_test.npz",
        scores=scores,
        labels=test["labels"],
        jet_mass=test["jet_mass"],
        jet_pt=test["jet_pt"],
    )
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
