"""Optuna's peer of TpeBench: the same objective, bounds, trials and seeds, the same JSON line.

    /usr/bin/python3 bench/tpe/tpe_optuna.py [--function rosenbrock] [--dim 5] [--trials 200] [--seeds 0,1,2,3,4]

Uses Debian's python3-optuna (3.1) and its default TPESampler(seed=seed); the study lives in memory, as Taxon's does.
"""
import argparse
import json
import statistics
import time
import warnings

import optuna


def rosenbrock(x):
    return sum(100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1.0 - x[i]) ** 2 for i in range(len(x) - 1))


def sphere(x):
    return sum(v * v for v in x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--function", default="rosenbrock", choices=["rosenbrock", "sphere"])
    parser.add_argument("--dim", type=int, default=5)
    parser.add_argument("--bound", type=float, default=2.0)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--sampler", default="tpe", choices=["tpe", "tpe-multivariate", "random"])
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    function = rosenbrock if args.function == "rosenbrock" else sphere
    checkpoints = [c for c in (50, 100, 200) if c < args.trials] + [args.trials]
    names = [f"x{i}" for i in range(args.dim)]
    results = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        if args.sampler == "random":
            sampler = optuna.samplers.RandomSampler(seed=seed)
        else:
            sampler = optuna.samplers.TPESampler(seed=seed, multivariate=args.sampler == "tpe-multivariate")
        study = optuna.create_study(sampler=sampler)
        start = time.perf_counter()
        study.optimize(lambda t: function([t.suggest_float(n, -args.bound, args.bound) for n in names]), n_trials=args.trials)
        ms = (time.perf_counter() - start) * 1000 / args.trials
        values = [t.value for t in study.trials]
        results.append({"seed": seed, "best_at": {str(c): min(values[:c]) for c in checkpoints}, "ms_per_trial": round(ms, 4)})
    print(json.dumps({
        "function": args.function, "dim": args.dim, "trials": args.trials, "sampler": args.sampler, "peer": "optuna " + optuna.__version__,
        "results": results,
        "median_best_at": {str(c): statistics.median(r["best_at"][str(c)] for r in results) for c in checkpoints},
        "median_ms_per_trial": round(statistics.median(r["ms_per_trial"] for r in results), 4),
    }))


if __name__ == "__main__":
    main()
