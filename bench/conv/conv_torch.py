#!/usr/bin/env python3
"""PyTorch peer of bench/conv (ConvBench): the CNN workload's conv stack (conv 1->32 3x3 pad 1, ReLU, max-pool 2,
conv 32->64 3x3 pad 1, ReLU, max-pool 2) forward + backward at batch 64 on 28x28 inputs, and the whole training
step of the issue's network (+ flatten, linear 3136->128, ReLU, dropout 0.5, linear 128->10, cross-entropy, Adam),
also without the Adam step (net_fwd_bwd, what `ConvBench` measures on Taxon's side).

Run with Debian's PyTorch 1.13:  /usr/bin/python3 bench/conv/conv_torch.py [--threads N] [--iters 30] [--rounds 5]
Prints one JSON line: best-of-rounds median milliseconds per iteration and samples/s for each workload.
Thread settings are the caller's: torch.set_num_threads(--threads); OPENBLAS_NUM_THREADS from the environment.
"""
import argparse
import json
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=2)
p.add_argument("--iters", type=int, default=30)
p.add_argument("--rounds", type=int, default=5)
p.add_argument("--batch", type=int, default=64)
args = p.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)


def stack():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))


def median_ms(step):
    times = []
    for _ in range(args.iters):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1e3


b = args.batch
x = torch.randn(b, 1, 28, 28)
convs = stack()
g = torch.randn(b, 64, 7, 7)


def conv_step():
    for q in convs.parameters():
        q.grad = None
    convs(x).backward(g)


net = nn.Sequential(stack(), nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
labels = torch.randint(0, 10, (b,))


def train_step():
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(net(x), labels).backward()
    opt.step()


def net_step():
    for q in net.parameters():
        q.grad = None
    F.cross_entropy(net(x), labels).backward()


# Warm-up (oneDNN builds its kernels on first use), then the workloads alternate round by round, so that a
# burst of load from other processes hits all of them alike; the best round's median counts.
t_end = time.perf_counter() + 2
while time.perf_counter() < t_end:
    conv_step()
    train_step()
conv_ms = net_ms = train_ms = conv_cpu_ms = float("inf")
for _ in range(args.rounds):
    cpu = time.process_time()
    conv_ms = min(conv_ms, median_ms(conv_step))
    conv_cpu_ms = min(conv_cpu_ms, (time.process_time() - cpu) / args.iters * 1e3)
    net_ms = min(net_ms, median_ms(net_step))
    train_ms = min(train_ms, median_ms(train_step))
print(json.dumps({
    "bench": "conv-torch", "torch": torch.__version__, "threads": args.threads,
    "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"), "mkldnn": torch.backends.mkldnn.is_available(),
    "batch": b,
    "conv_stack_ms": round(conv_ms, 3), "conv_stack_samples_per_s": round(b / conv_ms * 1e3, 1),
    "conv_stack_cpu_ms": round(conv_cpu_ms, 3),
    "net_fwd_bwd_ms": round(net_ms, 3), "net_fwd_bwd_samples_per_s": round(b / net_ms * 1e3, 1),
    "train_step_ms": round(train_ms, 3), "train_samples_per_s": round(b / train_ms * 1e3, 1),
}))
