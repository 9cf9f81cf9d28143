#!/usr/bin/env bash
# Compares `taxon bench cnn` with the same workload in PyTorch (bench/cnn/cnn_torch.py) on this machine: builds
# taxon in Release, alternates taxon and PyTorch rounds (the host's clock may sit at one of two levels for minutes,
# so each side gets runs spread over the same period), keeps each side's best samples/s per batch size (PyTorch's
# best over its thread settings too) and prints one JSON line:
#   {"bench":"cnn-vs-torch","results":[{"batch":64,"taxon_samples_per_s":..,"torch_samples_per_s":..,"ratio":..,
#     "taxon_test_acc":..,"torch_test_acc":..,"acc_diff_points":..,"taxon_peak_rss_mib":..,"torch_peak_rss_mib":..}]}
#
# Usage: bench/cnn/run.sh [--rounds 3] [--epochs 2] [--batch-sizes 64] [--data-root DIR] [--threads 2]
# Progress goes to stderr; stdout holds only the JSON line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../training_vs_torch.sh" cnn "$here/cnn_torch.py" "64" 2 "$@"
