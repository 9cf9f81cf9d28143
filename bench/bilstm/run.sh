#!/usr/bin/env bash
# Compares Taxon's BiLSTM with PyTorch's on this machine: builds bench/bilstm in Release, alternates Taxon and PyTorch
# runs of each workload (--rounds, default 3), keeps the best time of each side and prints one JSON line per workload:
# {"bench":"bilstm","threads":1,"taxon_ms":..,"torch_ms":..,"taxon_tokens_per_s":..,"torch_tokens_per_s":..,"speedup":..}
#
# Usage: bench/bilstm/run.sh [--rounds 3] [--threads 1] [--seconds 3] [--workloads bilstm,bilstm-varlen,tagger]
# Progress goes to stderr; stdout holds only the JSON lines. PyTorch comes from /usr/bin/python3 (Debian's torch).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
rounds=3
threads=1
seconds=3
workloads="bilstm,bilstm-varlen,tagger"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

python=""
for candidate in /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import torch" >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "run.sh: no python3 with torch found (tried /usr/bin/python3 and python3 on PATH)" >&2
  exit 1
fi

echo "building bench/bilstm (Release)..." >&2
dotnet build "$here/bilstm.csproj" -c Release -nologo -v quiet >&2
taxon="$here/bin/Release/net10.0/bilstm"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
IFS=',' read -ra names <<<"$workloads"
for name in "${names[@]}"; do
  for ((r = 1; r <= rounds; r++)); do
    echo "$name round $r/$rounds: taxon" >&2
    "$taxon" "$name" "$threads" "$seconds" >>"$work/$name.jsonl"
    echo "$name round $r/$rounds: torch" >&2
    "$python" "$here/bilstm_torch.py" "$name" "$threads" "$seconds" >>"$work/$name.jsonl"
  done
  "$python" - "$work/$name.jsonl" "$name" "$threads" <<'PY'
import json, sys
best = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["side"] not in best or r["ms_per_step"] < best[r["side"]]["ms_per_step"]:
        best[r["side"]] = r
t, p = best["taxon"], best["torch"]
print(json.dumps({"bench": sys.argv[2], "threads": int(sys.argv[3]), "taxon_ms": t["ms_per_step"], "torch_ms": p["ms_per_step"],
                  "taxon_tokens_per_s": t["tokens_per_s"], "torch_tokens_per_s": p["tokens_per_s"],
                  "speedup": round(p["ms_per_step"] / t["ms_per_step"], 2)}, separators=(",", ":")))
PY
done
