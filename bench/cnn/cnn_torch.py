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
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from training_torch import Workload, main  # noqa: E402


def model(nn):
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


if __name__ == "__main__":
    main(Workload("cnn", "cnn_torch.py", __doc__, model, (1, 28, 28), "64", 2, eval_chunk=1000))
