#!/usr/bin/env bash
# The text issue's comparisons, on one machine in one run: whole `taxon train` processes against their peers.
#   20ng-default   taxon train on 20 Newsgroups bydate (raw posts from the tarball) with the default text model,
#                  against scikit-learn 1.2's TfidfVectorizer(sublinear_tf, 1-2-grams, min_df 2) + SGDClassifier.
#   20ng-fasttext  taxon train --model fasttext with fastText's recipe (dim 10, lr 0.5, word bigrams, 10M buckets,
#                  5 epochs, min-count 1, 2 threads), against fastText 0.9.2's preprocessing + `fasttext supervised`.
#   spam-default   taxon train on spam-assassin train/test JSON Lines (raw messages) with the default model, against
#                  the same scikit-learn pipeline.
# Taxon's time is the wall time of the whole process (start-up, read, featurise, fit, evaluate); the peers' is their
# in-script total (read + featurise + fit + predict, without Python's start-up and imports; fastText: preprocessing +
# the supervised command), so the ratios are, if anything, against taxon. Rounds alternate taxon and peer (the host's
# speed changes for minutes at a time); each side's best round is compared. Then `taxon bench text` once, for the
# single-message prediction latency. Prints one JSON line:
#   {"bench":"text","results":[{"workload":..,"taxon_seconds":..,"peer_seconds":..,"ratio":..,"taxon_accuracy":..,
#     "peer_accuracy":..,...}],"latency":{..}}
#
# Usage: bench/text/run.sh [--rounds 3] [--data-root DIR] [--threads 2] [--workloads 20ng-default,20ng-fasttext,spam-default]
# Needs /usr/bin/python3 with scikit-learn (python3-sklearn) and the fasttext command (Debian's fasttext).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds=3
threads=2
data_root="$root/../shared/data"
workloads="20ng-default,20ng-fasttext,spam-default"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --data-root) data_root="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
python=/usr/bin/python3
"$python" -c "import sklearn" 2>/dev/null || { echo "run.sh: $python lacks scikit-learn (apt-get install python3-sklearn)" >&2; exit 1; }
command -v fasttext >/dev/null || { echo "run.sh: no fasttext command (apt-get install fasttext)" >&2; exit 1; }

echo "building taxon (Release)..." >&2
dotnet build "$root/src/Taxon.Cli" -c Release -nologo -v quiet >&2
taxon="$root/src/Taxon.Cli/bin/Release/net10.0/taxon"
ng="$data_root/20newsgroups-bydate/20news-bydate.tar.gz"
spam="$data_root/spam-assassin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TAXON_NUM_THREADS="$threads"

# Runs a command, appends {"workload":..,"side":..,"wall":..,"line":<its last stdout line>} to results.jsonl.
timed() {
  local workload="$1" side="$2"; shift 2
  local start end line
  start=$(date +%s.%N)
  line=$("$@" | tail -n 1)
  end=$(date +%s.%N)
  "$python" -c 'import json,sys; print(json.dumps({"workload":sys.argv[1],"side":sys.argv[2],"wall":float(sys.argv[4])-float(sys.argv[3]),"line":json.loads(sys.argv[5])}))' \
    "$workload" "$side" "$start" "$end" "$line" >>"$work/results.jsonl"
}

for ((r = 1; r <= rounds; r++)); do
  for w in ${workloads//,/ }; do
    echo "round $r/$rounds: $w" >&2
    case "$w" in
      20ng-default)
        timed "$w" taxon "$taxon" train --data "$ng/20news-bydate-train" --test "$ng/20news-bydate-test" --threads "$threads" --json
        timed "$w" peer "$python" "$here/text_peers.py" sklearn-20ng --data-root "$data_root" --threads "$threads" ;;
      20ng-fasttext)
        timed "$w" taxon "$taxon" train --data "$ng/20news-bydate-train" --test "$ng/20news-bydate-test" --model fasttext \
          --dim 10 --lr 0.5 --word-ngrams 2 --buckets 10000000 --epochs 5 --min-count 1 --threads "$threads" --json
        timed "$w" peer "$python" "$here/text_peers.py" fasttext-20ng --data-root "$data_root" --threads "$threads" --workdir "$work" ;;
      spam-default)
        timed "$w" taxon "$taxon" train --data "$spam/train.jsonl.gz" --test "$spam/test.jsonl.gz" --threads "$threads" --json
        timed "$w" peer "$python" "$here/text_peers.py" sklearn-spam --data-root "$data_root" --threads "$threads" ;;
      *) echo "run.sh: unknown workload '$w'" >&2; exit 2 ;;
    esac
  done
done
echo "taxon bench text (latency)..." >&2
"$taxon" bench text --data-root "$data_root" --workloads spam-default --threads "$threads" --json | tail -n 1 >"$work/bench.json"

"$python" - "$work/results.jsonl" "$work/bench.json" <<'PY'
import json, sys

best = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    seconds = r["wall"] if r["side"] == "taxon" else r["line"]["total_s"]
    key = (r["workload"], r["side"])
    if key not in best or seconds < best[key][0]:
        best[key] = (seconds, r)
results = []
for workload in dict.fromkeys(w for w, _ in best):
    t, p = best.get((workload, "taxon")), best.get((workload, "peer"))
    tl, pl = t[1]["line"], p[1]["line"]
    row = {"workload": workload, "taxon_model": tl.get("model"), "taxon_seconds": round(t[0], 3),
           "taxon_train_seconds": tl.get("train_seconds"), "peer_seconds": p[0], "peer_process_seconds": round(p[1]["wall"], 3),
           "ratio": round(t[0] / p[0], 3), "taxon_accuracy": tl.get("accuracy"), "peer_accuracy": pl.get("accuracy")}
    if workload.startswith("spam"):
        row["taxon_spam_f1"] = tl["per_class"]["spam"]["f1"]
        row["peer_spam_f1"] = pl.get("spam_f1")
    results.append(row)
bench = json.loads(open(sys.argv[2]).read())
latency = {k: v for k, v in bench["results"][0].items() if k.startswith("predict_raw")}
print(json.dumps({"bench": "text", "results": results, "latency": latency}))
PY
