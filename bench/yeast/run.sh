#!/usr/bin/env bash
# Compares taxon's multi-label logistic regression (binary relevance and a classifier chain) with scikit-learn's
# OneVsRestClassifier(LogisticRegression()) and ClassifierChain(LogisticRegression()), defaults on both sides, on
# the MULAN yeast data (1,500 training and 917 test samples, 103 features, 14 labels). Builds taxon in Release,
# alternates taxon and scikit-learn rounds, keeps each side's best fit time per model, and prints one JSON line:
#   {"bench":"yeast-vs-sklearn","results":[{"model":"br","taxon_hamming_loss":..,"sklearn_hamming_loss":..,
#     "taxon_f1_samples":..,"sklearn_f1_samples":..,"taxon_fit_seconds":..,"sklearn_fit_seconds":..,"time_ratio":..},...]}
# time_ratio = taxon / scikit-learn fit time (below 1: taxon is faster). Both sides time the fit only, best of
# --repeats fits in one warm process.
#
# Usage: bench/yeast/run.sh [--rounds 3] [--repeats 5] [--data-root DIR]
# Progress goes to stderr; stdout holds only the JSON line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds=3
repeats=5
data_root="$root/../shared/data"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --data-root) data_root="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

python=/usr/bin/python3
if ! "$python" -c "import sklearn, scipy" >/dev/null 2>&1; then
  echo "run.sh: $python lacks scikit-learn or SciPy (apt-get install python3-sklearn)" >&2
  exit 1
fi

echo "building taxon (Release)..." >&2
dotnet build "$root/src/Taxon.Cli" -c Release -nologo -v quiet >&2
taxon="$root/src/Taxon.Cli/bin/Release/net10.0/taxon"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds: taxon" >&2
  "$taxon" bench yeast --json --data-root "$data_root" --repeats "$repeats" | tail -n 1 >>"$work/taxon.jsonl"
  echo "round $r/$rounds: scikit-learn" >&2
  "$python" "$here/yeast_sklearn.py" --data-root "$data_root" --repeats "$repeats" >>"$work/sklearn.jsonl"
done

"$python" - "$work/taxon.jsonl" "$work/sklearn.jsonl" <<'PY'
import json, sys

taxon, sklearn = {}, {}
with open(sys.argv[1]) as f:
    for line in f:
        for r in json.loads(line)["results"]:
            best = taxon.get(r["model"])
            if best is None or r["fit_seconds"] < best["fit_seconds"]:
                taxon[r["model"]] = r
with open(sys.argv[2]) as f:
    for line in f:
        r = json.loads(line)
        best = sklearn.get(r["model"])
        if best is None or r["fit_seconds"] < best["fit_seconds"]:
            sklearn[r["model"]] = r
results = []
for model in ("br", "chain"):
    t, s = taxon[model], sklearn[model]
    row = {"model": model}
    for metric in ("hamming_loss", "f1_samples", "subset_accuracy", "f1_micro", "f1_macro", "fit_seconds"):
        row["taxon_" + metric] = t[metric]
        row["sklearn_" + metric] = s[metric]
    row["time_ratio"] = round(t["fit_seconds"] / s["fit_seconds"], 3)
    results.append(row)
print(json.dumps({"bench": "yeast-vs-sklearn", "results": results}))
PY
