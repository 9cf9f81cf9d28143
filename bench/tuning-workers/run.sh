#!/usr/bin/env bash
# 4 local workers against 1 on one study: 200 trials of an objective that sleeps 50 ms, on a journal file and on
# Redis (Debian's redis-server on a free loopback port, no persistence). Each worker is a separate process
# (tests/Taxon.Tuning.Worker, self-contained composite ReadyToRun, TPE sampler); the time is wall-clock from launching the workers until the last exits,
# process start-up included. Prints one JSON line; the issue's target is ratio <= 0.3.
#   bench/tuning-workers/run.sh [TRIALS] [SLEEP_MS]
set -euo pipefail
cd "$(dirname "$0")/../.."
load_before="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
trials="${1:-200}"
sleep_ms="${2:-50}"
work="$(mktemp -d)"
redis_pid=""
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# Deployed as a latency-minded worker would be: self-contained and ReadyToRun-compiled with the runtime as one
# composite image, so four processes starting on two cores do not spend their first half second compiling and
# loading StackExchange.Redis and the sampler (see the worker's project file). Publishing takes about a minute.
rid="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
dotnet publish -c Release -r "$rid" --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true tests/Taxon.Tuning.Worker -o "$work/bin" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
worker() { "$work/bin/Taxon.Tuning.Worker" --storage "$1" --study-trials "$trials" --sleep-ms "$sleep_ms" --sampler tpe --seed "$2" >/dev/null; }

# Seconds for $2 workers to finish the study in storage $1 (a fresh study each time).
run() {
  local storage="$1" n="$2" start end pids=()
  start=$(date +%s.%N)
  for ((w = 0; w < n; w++)); do worker "$storage" "$w" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

journal_one=$(run "journal:$work/one.log" 1)
journal_four=$(run "journal:$work/four.log" 4)

redis_json="null"
if command -v redis-server >/dev/null 2>&1; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/redis"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$work/redis" --save "" --appendonly no --daemonize no --logfile "$work/redis/log" &
  redis_pid=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
  redis_one=$(run "redis://127.0.0.1:$port/0" 1)
  redis-cli -p "$port" flushall >/dev/null
  redis_four=$(run "redis://127.0.0.1:$port/0" 4)
  redis_json=$(printf '{"one_worker_s":%.2f,"four_workers_s":%.2f,"ratio":%.3f}' "$redis_one" "$redis_four" "$(awk -v a="$redis_four" -v b="$redis_one" 'BEGIN { print a / b }')")
fi
printf '{"trials":%d,"sleep_ms":%d,"cores":%d,"load_avg_before":%s,"journal":{"one_worker_s":%.2f,"four_workers_s":%.2f,"ratio":%.3f},"redis":%s}\n' \
  "$trials" "$sleep_ms" "$(nproc)" "$load_before" "$journal_one" "$journal_four" "$(awk -v a="$journal_four" -v b="$journal_one" 'BEGIN { print a / b }')" "$redis_json"
