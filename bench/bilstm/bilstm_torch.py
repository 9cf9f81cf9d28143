#!/usr/bin/env python3
"""The PyTorch side of bench/bilstm: the same workloads as Program.cs (see README.md).

usage: bilstm_torch.py [bilstm|bilstm-varlen|tagger] [threads] [seconds]; prints one JSON line.
"""
import json
import math
import sys
import time

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

BATCH, STEPS, EMBEDDING, HIDDEN = 32, 30, 100, 128
VOCABULARY, TAGS, TAGGER_BATCHES = 20000, 23, 50


def sentence_lengths(count):
    """Same LCG and Box-Muller as Workloads.SentenceLengths."""
    state = 12345

    def nxt():
        nonlocal state
        state = (state * 1664525 + 1013904223) % 2**32
        return (state + 0.5) / 4294967296.0

    out = []
    for _ in range(count):
        z = math.sqrt(-2 * math.log(nxt())) * math.cos(2 * math.pi * nxt())
        out.append(min(78, max(1, math.floor(23.5 + 11 * z))))
    return out


def bilstm(varlen):
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(EMBEDDING, HIDDEN, bidirectional=True, batch_first=True)
    x = torch.randn(BATCH, STEPS, EMBEDDING, requires_grad=True)
    lengths = torch.tensor([5 + b * 25 // (BATCH - 1) for b in range(BATCH)])

    def step():
        if varlen:
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            out, _ = pad_packed_sequence(lstm(packed)[0], batch_first=True, total_length=STEPS)
        else:
            out, _ = lstm(x)
        out.sum().backward()
        lstm.zero_grad()
        x.grad = None

    return step, int(lengths.sum()) if varlen else BATCH * STEPS


def tagger():
    torch.manual_seed(1)
    lengths = sentence_lengths(BATCH * TAGGER_BATCHES)
    batches = []
    for i in range(0, len(lengths), BATCH):
        lens = torch.tensor(lengths[i:i + BATCH])
        steps = int(lens.max())
        mask = torch.arange(steps)[None, :] < lens[:, None]
        words = torch.randint(1, VOCABULARY, (BATCH, steps)) * mask
        tags = torch.randint(0, TAGS, (BATCH, steps)).masked_fill(~mask, -100)
        batches.append((words, tags, lens))
    embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING, padding_idx=0)
    lstm = torch.nn.LSTM(EMBEDDING, HIDDEN, bidirectional=True, batch_first=True)
    head = torch.nn.Linear(2 * HIDDEN, TAGS)
    opt = torch.optim.SGD(list(embedding.parameters()) + list(lstm.parameters()) + list(head.parameters()), lr=0.01)

    def epoch():
        for words, tags, lens in batches:
            packed = pack_padded_sequence(embedding(words), lens, batch_first=True, enforce_sorted=False)
            h, _ = pad_packed_sequence(lstm(packed)[0], batch_first=True, total_length=words.shape[1])
            loss = torch.nn.functional.cross_entropy(head(h).reshape(-1, TAGS), tags.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()

    return epoch, sum(lengths)


def main():
    workload = sys.argv[1] if len(sys.argv) > 1 else "bilstm"
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    torch.set_num_threads(threads)
    step, tokens = {"bilstm": lambda: bilstm(False), "bilstm-varlen": lambda: bilstm(True), "tagger": tagger}[workload]()
    for _ in range(3):
        step()
    best = float("inf")
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"bench": workload, "side": "torch", "threads": threads, "torch": torch.__version__,
                      "ms_per_step": round(best * 1e3, 2), "tokens_per_s": round(tokens / best)}, separators=(",", ":")))


if __name__ == "__main__":
    main()
