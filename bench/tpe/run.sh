#!/usr/bin/env bash
# Compares `taxon bench tpe` with Optuna 3.1's TPESampler (bench/tpe/tpe_optuna.py) on the same objective and budget:
# minimise 5-D Rosenbrock on [-2, 2]^5, 200 trials, seeds 0..4. Builds taxon in Release, runs both sides and prints
# one JSON line:
#   {"bench":"tpe-vs-optuna","median_best_at":{"taxon":{"50":..,"100":..,"200":..},"optuna":{..}},
#    "median_ms_per_trial":{"taxon":..,"optuna":..},"overhead_ratio":..}
# overhead_ratio = taxon / Optuna milliseconds per trial (the objective is negligible: this is sampler overhead).
#
# Usage: bench/tpe/run.sh [--seeds 0,1,2,3,4] [--trials 200]
# Progress goes to stderr; stdout holds only the JSON line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seeds="0,1,2,3,4"
trials=200
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --trials) trials="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
python=/usr/bin/python3
if ! "$python" -c "import optuna" >/dev/null 2>&1; then
  echo "run.sh: $python lacks Optuna (apt-get install python3-optuna)" >&2
  exit 1
fi

echo "building taxon (Release)..." >&2
dotnet build "$root/src/Taxon.Cli" -c Release -nologo -v quiet >&2
taxon="$root/src/Taxon.Cli/bin/Release/net10.0/taxon"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "taxon TPE..." >&2
"$taxon" bench tpe --json --seeds "$seeds" --trials "$trials" >"$work/taxon.json"
echo "Optuna TPE..." >&2
"$python" "$here/tpe_optuna.py" --seeds "$seeds" --trials "$trials" 2>/dev/null | tail -n 1 >"$work/optuna.json"

"$python" - "$work/taxon.json" "$work/optuna.json" <<'PY'
import json, sys
taxon = json.load(open(sys.argv[1]))
optuna = json.load(open(sys.argv[2]))
print(json.dumps({
    "bench": "tpe-vs-optuna",
    "median_best_at": {"taxon": taxon["median_best_at"], "optuna": optuna["median_best_at"]},
    "median_ms_per_trial": {"taxon": taxon["median_ms_per_trial"], "optuna": optuna["median_ms_per_trial"]},
    "overhead_ratio": round(taxon["median_ms_per_trial"] / optuna["median_ms_per_trial"], 4),
    "taxon": taxon["results"], "optuna": optuna["results"],
}))
PY
