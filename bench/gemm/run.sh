#!/usr/bin/env bash
# Compares `taxon bench gemm` with NumPy (+ its BLAS, OpenBLAS on Debian) on this machine: builds taxon in
# Release, alternates taxon and NumPy runs (the host's clock may shift between levels for minutes at a time, so
# each side gets runs spread over the same period), keeps the best GFLOP/s per size for each side and prints
# one JSON line: {"bench":"gemm-vs-numpy","threads":N,"results":[{"n":..,"taxon_gflops":..,"numpy_gflops":..,"ratio":..}]}
#
# Usage: bench/gemm/run.sh [--rounds 3] [--threads N] [--sizes 64,128,...] [--min-time 0.5]
# Progress goes to stderr; stdout holds only the JSON line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds=3
threads="$(nproc)"
sizes="64,128,256,512,1024,2048"
min_time=0.5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --min-time) min_time="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

# The peer needs a Python with NumPy; a pyenv python3 on PATH may lack it while Debian's has it.
python=""
for candidate in /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import numpy" >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "run.sh: no python3 with numpy found (tried /usr/bin/python3 and python3 on PATH)" >&2
  exit 1
fi

echo "building taxon (Release)..." >&2
dotnet build "$root/src/Taxon.Cli" -c Release -nologo -v quiet >&2
taxon="$root/src/Taxon.Cli/bin/Release/net10.0/taxon"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds: taxon" >&2
  "$taxon" bench gemm --json --threads "$threads" --sizes "$sizes" --min-time "$min_time" >>"$work/taxon.jsonl"
  echo "round $r/$rounds: numpy ($python)" >&2
  "$python" "$here/gemm_numpy.py" --threads "$threads" --sizes "$sizes" --min-time "$min_time" >>"$work/numpy.jsonl"
done

"$python" - "$work/taxon.jsonl" "$work/numpy.jsonl" "$threads" <<'PY'
import json, sys

def best(path):
    out = {}
    with open(path) as f:
        for line in f:
            for r in json.loads(line)["results"]:
                out[r["n"]] = max(out.get(r["n"], 0.0), r["gflops"])
    return out

taxon, numpy = best(sys.argv[1]), best(sys.argv[2])
results = [
    {"n": n, "taxon_gflops": taxon[n], "numpy_gflops": numpy[n], "ratio": round(taxon[n] / numpy[n], 3)}
    for n in sorted(taxon) if n in numpy
]
print(json.dumps({"bench": "gemm-vs-numpy", "threads": int(sys.argv[3]), "results": results}, separators=(",", ":")))
PY
