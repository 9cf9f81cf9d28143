#!/usr/bin/env bash
# Shared driver of bench/mlp/run.sh and bench/cnn/run.sh (see their headers): alternates `taxon bench KIND` and
# the PyTorch peer, best against best, one JSON line on stdout.
# Usage: bench/training_vs_torch.sh KIND PEER_SCRIPT DEFAULT_BATCH_SIZES DEFAULT_EPOCHS [--rounds N] [--epochs N]
#        [--batch-sizes LIST] [--data-root DIR] [--threads N]
set -euo pipefail

kind="$1" peer="$2" batch_sizes="$3" epochs="$4"
shift 4
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds=3
threads="$(nproc)"
data_root="$(cd "$root/.." && pwd)/shared/data"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --batch-sizes) batch_sizes="$2"; shift 2 ;;
    --data-root) data_root="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$root/bench/$kind/run.sh" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if [[ ! -d "$data_root" ]]; then
  echo "run.sh: data root $data_root does not exist; pass --data-root DIR (the folder holding fashion-mnist/)" >&2
  exit 1
fi

# The peer needs Debian's PyTorch (python3-torch): a pyenv python3 on PATH usually lacks it.
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

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "building taxon (Release)..." >&2
if ! dotnet build "$root/src/Taxon.Cli" -c Release -nologo -v quiet >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  exit 1
fi
taxon="$root/src/Taxon.Cli/bin/Release/net10.0/taxon"
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds: taxon (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  "$taxon" bench "$kind" --json --data-root "$data_root" --epochs "$epochs" --batch-sizes "$batch_sizes" --threads "$threads" >>"$work/taxon.jsonl"
  tail -n1 "$work/taxon.jsonl" | "$python" -c '
import json, sys
for r in json.load(sys.stdin)["runs"]:
    print("  taxon batch %(batch)s: %(samples_per_s)s samples/s, acc %(test_acc)s, peak %(peak_rss_mib)s MiB" % r, file=sys.stderr)'
  echo "round $r/$rounds: torch ($python, load $(cut -d' ' -f1 /proc/loadavg))" >&2
  "$python" "$peer" --data-root "$data_root" --epochs "$epochs" --batch-sizes "$batch_sizes" >>"$work/torch.jsonl"
done

"$python" - "$work/taxon.jsonl" "$work/torch.jsonl" "$kind" "$threads" "$rounds" <<'PY'
import json, sys

def best(path):
    out = {}
    with open(path) as f:
        for line in f:
            for r in json.loads(line)["runs"]:
                if r["batch"] not in out or r["samples_per_s"] > out[r["batch"]]["samples_per_s"]:
                    out[r["batch"]] = r
    return out

taxon, torch = best(sys.argv[1]), best(sys.argv[2])
results = []
for b in sorted(taxon, reverse=True):
    if b not in torch:
        continue
    t, p = taxon[b], torch[b]
    results.append({
        "batch": b,
        "taxon_samples_per_s": t["samples_per_s"], "torch_samples_per_s": p["samples_per_s"],
        "torch_config": p.get("config"), "ratio": round(t["samples_per_s"] / p["samples_per_s"], 3),
        "taxon_test_acc": t["test_acc"], "torch_test_acc": p["test_acc"],
        "acc_diff_points": round(100 * (t["test_acc"] - p["test_acc"]), 2),
        "taxon_peak_rss_mib": t["peak_rss_mib"], "torch_peak_rss_mib": p["peak_rss_mib"],
        "rss_ratio": round(t["peak_rss_mib"] / p["peak_rss_mib"], 3),
    })
print(json.dumps({"bench": f"{sys.argv[3]}-vs-torch", "threads": int(sys.argv[4]), "rounds": int(sys.argv[5]),
                  "results": results}, separators=(",", ":")))
PY
