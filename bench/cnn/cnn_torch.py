#!/usr/bin/env python3
"""Peer for `taxon bench cnn`: the same workload in PyTorch (CPU).

Workload: Fashion-MNIST, pixels / 255 as float32 in N x 1 x 28 x 28, all 60,000 training and 10,000 test images
loaded before timing. Model Conv2d(1,32,3,padding=1) ReLU MaxPool2d(2) Conv2d(32,64,3,padding=1) ReLU MaxPool2d(2)
Flatten Linear(3136,128) ReLU Dropout(0.5) Linear(128,10), PyTorch's default init after torch.manual_seed(0)
(dropout masks from the global generator); mean softmax cross-entropy; Adam(lr=1e-3). Each epoch draws one
permutation from a generator seeded 0 (torch.randperm) and trains on consecutive slices of it (the last batch is
partial), gathering X[idx] per step. Timed: the training loop only. samples/s = epochs * 60000 / seconds. Test
accuracy in eval mode, in chunks of 1000. Peak RSS: ru_maxrss of the process that ran the run; every (batch size,
thread setting) runs in a fresh process.

Thread settings (Debian's torch 1.13 runs GEMMs on OpenBLAS's pthreads and everything else on OpenMP; with
both at 2 threads on 2 cores they fight): torch1 = torch.set_num_threads(1) with OPENBLAS_NUM_THREADS=2;
blas1 = torch.set_num_threads(2) with OPENBLAS_NUM_THREADS=1. run.sh takes the faster per batch size.

Usage: /usr/bin/python3 bench/cnn/cnn_torch.py [--data-root DIR] [--batch-sizes 64] [--epochs 2]
                                              [--configs torch1,blas1]
Prints one JSON line: {"bench":"cnn-torch","runs":[{"batch":..,"config":..,"samples_per_s":..,"test_acc":..,
"peak_rss_mib":..}, ...]}
"""
import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time

CONFIGS = {"torch1": (1, "2"), "blas1": (2, "1")}  # name -> (torch.set_num_threads, OPENBLAS_NUM_THREADS)
HERE = os.path.dirname(os.path.abspath(__file__))


def idx(path):
    import numpy as np
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        raw = f.read()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def fashion_mnist(root):
    for folder in (os.path.join(root, "fashion-mnist"), root):
        if os.path.exists(os.path.join(folder, "train-images-idx3-ubyte.gz")):
            return folder
    sys.exit(f"cnn_torch.py: no fashion-mnist/train-images-idx3-ubyte.gz under {root}")


def one_run(args):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(args.torch_threads)
    d = fashion_mnist(args.data_root)
    t0 = time.perf_counter()
    x_train = torch.from_numpy(idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(-1, 1, 28, 28).astype("float32") / 255.0)
    y_train = torch.from_numpy(idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype("int64"))
    x_test = torch.from_numpy(idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(-1, 1, 28, 28).astype("float32") / 255.0)
    y_test = torch.from_numpy(idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")).astype("int64"))
    load_s = time.perf_counter() - t0
    n, batch = x_train.shape[0], args.batch

    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
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
        pred = torch.cat([model(x_test[i:i + 1000]).argmax(1) for i in range(0, x_test.shape[0], 1000)])
        acc = (pred == y_test).float().mean().item()
    return {"batch": batch, "epochs": args.epochs, "samples_per_s": round(args.epochs * n / train_s, 1),
            "train_s": round(train_s, 3), "epoch_s": epoch_s, "epoch_mean_loss": epoch_loss, "test_acc": round(acc, 4),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
            "data_load_s": round(load_s, 3), "torch_threads": torch.get_num_threads(),
            "torch_version": torch.__version__}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-root", default=os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data")))
    p.add_argument("--batch-sizes", default="64")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--configs", default="torch1,blas1", help="comma list of " + ", ".join(CONFIGS))
    p.add_argument("--timeout", type=float, default=900, help="seconds allowed per run (default 900)")
    p.add_argument("--batch", type=int, help=argparse.SUPPRESS)  # set in the child process of one run
    p.add_argument("--torch-threads", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.batch is not None:
        print(json.dumps(one_run(args)))
        return
    runs = []
    for batch in [int(b) for b in args.batch_sizes.split(",") if b.strip()]:
        for name in args.configs.split(","):
            torch_threads, blas_threads = CONFIGS[name]
            env = dict(os.environ, OPENBLAS_NUM_THREADS=blas_threads)
            cmd = [sys.executable, os.path.abspath(__file__), "--batch", str(batch), "--torch-threads", str(torch_threads),
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
    print(json.dumps({"bench": "cnn-torch", "runs": runs}, separators=(",", ":")))


if __name__ == "__main__":
    main()
