#!/usr/bin/env python3
"""Peer for `taxon bench gemm`: square float32 C = A @ B in NumPy, same sizes, threads and timing rules.

Prints one JSON line: {"bench":"gemm-numpy","threads":N,"provider":"numpy","results":[{"n":..,"gflops":..,"seconds":..}]}
"""
import argparse
import json
import os
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sizes", default="64,128,256,512,1024,2048", help="comma-separated square sizes")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="BLAS threads (default: all processors)")
    p.add_argument("--min-time", type=float, default=0.5, help="seconds of timed repeats per size, after warm-up")
    args = p.parse_args()
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error(f"--sizes: expected comma-separated integers, got {args.sizes!r}")
    if not args.sizes or min(args.sizes) < 1:
        p.error("--sizes: sizes must be positive")
    if args.threads < 1:
        p.error("--threads must be at least 1")
    if args.min_time <= 0:
        p.error("--min-time must be positive")
    return args


def main():
    args = parse_args()
    # BLAS libraries read these once, when NumPy loads them.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    try:
        import numpy as np
    except ImportError:
        sys.exit(f"gemm_numpy.py: NumPy is not installed for {sys.executable}; try /usr/bin/python3")

    try:
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(limits=args.threads)
    except ImportError:
        limits = None

    rng = np.random.default_rng(42)
    results = []
    for n in args.sizes:
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        c = np.empty((n, n), dtype=np.float32)
        start = time.perf_counter()
        runs = 0
        while runs < 2 or time.perf_counter() - start < 0.1:  # warm-up, as taxon does
            np.matmul(a, b, out=c)
            runs += 1
        best = float("inf")
        runs = 0
        start = time.perf_counter()
        while runs < 3 or time.perf_counter() - start < args.min_time:
            t0 = time.perf_counter()
            np.matmul(a, b, out=c)
            best = min(best, time.perf_counter() - t0)
            runs += 1
        results.append({"n": n, "gflops": round(2.0 * n ** 3 / best / 1e9, 2), "seconds": best})

    if limits is not None:
        limits.unregister()
    line = {"bench": "gemm-numpy", "threads": args.threads, "provider": "numpy", "results": results}
    sys.stdout.write(json.dumps(line, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
