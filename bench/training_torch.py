#!/usr/bin/env python3
"""The shared driver of the PyTorch peers of `taxon bench mlp` and `taxon bench cnn` (bench/mlp/mlp_torch.py,
bench/cnn/cnn_torch.py): Fashion-MNIST loading, the timed training loop (Adam 1e-3, one seeded permutation per
epoch, consecutive mini-batches gathered by index), evaluation, and one fresh child process per (batch size,
thread setting) so that each run's peak RSS is its own. Each peer script supplies only its model and defaults.
"""
import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable, Optional

CONFIGS = {"torch1": (1, "2"), "blas1": (2, "1")}  # name -> (torch.set_num_threads, OPENBLAS_NUM_THREADS)
HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass(frozen=True)
class Workload:
    """What one peer script trains: its model, input layout and defaults (the rest of the recipe is shared)."""
    name: str
    script: str
    doc: str
    model: Callable  # nn -> nn.Module, built after torch.manual_seed(0)
    input_shape: tuple
    batch_sizes: str
    epochs: int
    eval_chunk: Optional[int] = None  # None: the whole test set in one forward pass


def idx(path):
    import numpy as np
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        raw = f.read()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def fashion_mnist(root, script):
    for folder in (os.path.join(root, "fashion-mnist"), root):
        if os.path.exists(os.path.join(folder, "train-images-idx3-ubyte.gz")):
            return folder
    sys.exit(f"{script}: no fashion-mnist/train-images-idx3-ubyte.gz under {root}")


def one_run(args, workload):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(args.torch_threads)
    d = fashion_mnist(args.data_root, workload.script)
    t0 = time.perf_counter()
    x_train = torch.from_numpy(idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(-1, *workload.input_shape).astype("float32") / 255.0)
    y_train = torch.from_numpy(idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype("int64"))
    x_test = torch.from_numpy(idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(-1, *workload.input_shape).astype("float32") / 255.0)
    y_test = torch.from_numpy(idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")).astype("int64"))
    load_s = time.perf_counter() - t0
    n, batch = x_train.shape[0], args.batch

    torch.manual_seed(0)
    model = workload.model(nn)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(0)
    model.train()
    epoch_s, epoch_loss = [], []
    start = time.perf_counter()
    for _ in range(args.epochs):
        t_epoch = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        total, steps = 0.0, 0
        for i in range(0, n, batch):
            rows = perm[i:i + batch]
            xb, yb = x_train[rows], y_train[rows]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
            steps += 1
        epoch_s.append(round(time.perf_counter() - t_epoch, 3))
        epoch_loss.append(round(total / steps, 5))
    train_s = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        if workload.eval_chunk is None:
            pred = model(x_test).argmax(1)
        else:
            chunk = workload.eval_chunk
            pred = torch.cat([model(x_test[i:i + chunk]).argmax(1) for i in range(0, x_test.shape[0], chunk)])
        acc = (pred == y_test).float().mean().item()
    return {"batch": batch, "epochs": args.epochs, "samples_per_s": round(args.epochs * n / train_s, 1),
            "train_s": round(train_s, 3), "epoch_s": epoch_s, "epoch_mean_loss": epoch_loss, "test_acc": round(acc, 4),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
            "data_load_s": round(load_s, 3), "torch_threads": torch.get_num_threads(),
            "torch_version": torch.__version__}


def main(workload):
    """Parses the peer's command line; runs one training run (child) or all of them (parent)."""
    p = argparse.ArgumentParser(description=workload.doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-root", default=os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data")))
    p.add_argument("--batch-sizes", default=workload.batch_sizes)
    p.add_argument("--epochs", type=int, default=workload.epochs)
    p.add_argument("--configs", default="torch1,blas1", help="comma list of " + ", ".join(CONFIGS))
    p.add_argument("--timeout", type=float, default=900, help="seconds allowed per run (default 900)")
    p.add_argument("--batch", type=int, help=argparse.SUPPRESS)  # set in the child process of one run
    p.add_argument("--torch-threads", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.batch is not None:
        print(json.dumps(one_run(args, workload)))
        return
    runs = []
    for batch in [int(b) for b in args.batch_sizes.split(",") if b.strip()]:
        for name in args.configs.split(","):
            torch_threads, blas_threads = CONFIGS[name]
            env = dict(os.environ, OPENBLAS_NUM_THREADS=blas_threads)
            cmd = [sys.executable, os.path.abspath(sys.argv[0]), "--batch", str(batch), "--torch-threads", str(torch_threads),
                   "--epochs", str(args.epochs), "--data-root", args.data_root]
            try:
                out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, timeout=args.timeout).stdout
            except subprocess.TimeoutExpired:
                # OpenMP's spinning threads can crawl when another process holds a core; skip rather than hang.
                print(f"torch batch {batch} {name}: no result within {args.timeout} s (machine busy?)", file=sys.stderr)
                continue
            run = {"config": name, "openblas_threads": int(blas_threads), **json.loads(out.strip().splitlines()[-1])}
            print(f"torch batch {batch} {name}: {run['samples_per_s']} samples/s, acc {run['test_acc']}, "
                  f"peak {run['peak_rss_mib']} MiB", file=sys.stderr)
            runs.append(run)
    print(json.dumps({"bench": f"{workload.name}-torch", "runs": runs}, separators=(",", ":")))
