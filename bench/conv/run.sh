#!/usr/bin/env bash
# Compares Taxon's CNN workload (bench/conv/Program.cs) with PyTorch 1.13 (bench/conv/conv_torch.py) on this
# machine: builds the console in Release, then alternates Taxon and PyTorch runs (the host is shared and its load
# shifts for minutes at a time, so each side gets runs spread over the same period). PyTorch runs in both thread
# layouts, torch.set_num_threads(N) with OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(1) with
# OPENBLAS_NUM_THREADS=N, and the faster counts. Keeps the best time per workload for each side and prints one JSON
# line: {"bench":"conv-vs-torch","threads":N,"conv_stack":{...},"net_fwd_bwd":{...},"torch_train_step_ms":...}
# with the best and the median over rounds of each side's times (the median is the fairer figure when other
# processes load the machine: a best time measures a lucky quiet moment).
#
# Usage: bench/conv/run.sh [--rounds 5] [--threads N]
# Progress goes to stderr; stdout holds only the JSON line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
rounds=5
threads="$(nproc)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

# Debian's python3 has PyTorch; a pyenv python3 earlier on PATH may not.
python=/usr/bin/python3
if ! "$python" -c "import torch" >/dev/null 2>&1; then
  echo "run.sh: $python cannot import torch" >&2
  exit 1
fi

echo "building ConvBench (Release)..." >&2
dotnet build "$here/ConvBench.csproj" -c Release -nologo -v quiet >&2
bench="$here/bin/Release/net10.0/ConvBench"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds: taxon" >&2
  "$bench" --threads "$threads" --rounds 3 --iters 20 >>"$work/taxon.jsonl"
  echo "round $r/$rounds: torch, $threads intra-op threads" >&2
  OPENBLAS_NUM_THREADS=1 "$python" "$here/conv_torch.py" --threads "$threads" --rounds 3 --iters 20 >>"$work/torch.jsonl"
  echo "round $r/$rounds: torch, 1 intra-op thread, $threads OpenBLAS threads" >&2
  OPENBLAS_NUM_THREADS="$threads" "$python" "$here/conv_torch.py" --threads 1 --rounds 3 --iters 20 >>"$work/torch1.jsonl"
done

"$python" - "$work/taxon.jsonl" "$work/torch.jsonl" "$work/torch1.jsonl" "$threads" <<'PY'
import json
import statistics
import sys

taxon = [json.loads(l) for l in open(sys.argv[1])]
torch_n = [json.loads(l) for l in open(sys.argv[2])]
torch_1 = [json.loads(l) for l in open(sys.argv[3])]
# PyTorch's faster thread layout, judged by the median of its conv-stack times.
torch = min((torch_n, torch_1), key=lambda rs: statistics.median(r["conv_stack_ms"] for r in rs))
out = {"bench": "conv-vs-torch", "threads": int(sys.argv[4]), "batch": taxon[0]["batch"],
       "torch_layout": f"{torch[0]['threads']} intra-op, {torch[0]['openblas_threads']} OpenBLAS threads"}
for key in ("conv_stack", "net_fwd_bwd"):
    entry = {}
    for stat, f in (("best", min), ("median", statistics.median)):
        t = f(r[key + "_ms"] for r in taxon)
        p = f(r[key + "_ms"] for r in torch)
        entry[stat] = {"taxon_ms": round(t, 3), "torch_ms": round(p, 3),
                       "taxon_samples_per_s": round(out["batch"] / t * 1e3, 1),
                       "torch_samples_per_s": round(out["batch"] / p * 1e3, 1), "speedup": round(p / t, 2)}
    out[key] = entry
out["torch_train_step_ms"] = {"best": min(r["train_step_ms"] for r in torch),
                              "median": statistics.median(r["train_step_ms"] for r in torch)}
print(json.dumps(out))
PY
