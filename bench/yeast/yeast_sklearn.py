#!/usr/bin/env python3
"""scikit-learn peer of `taxon train` on the MULAN yeast data (bench/yeast/run.sh).

Fits OneVsRestClassifier(LogisticRegression()) (binary relevance) and ClassifierChain(LogisticRegression())
with scikit-learn's defaults on yeast-train.arff, predicts yeast-test.arff and prints one JSON line per model:
  {"model":"br"|"chain","hamming_loss":..,"f1_samples":..,"subset_accuracy":..,"f1_micro":..,"f1_macro":..,"fit_seconds":..}
fit_seconds is the best of --repeats fits (fit only; reading and predicting excluded).
"""
import argparse
import json
import os
import time

import numpy as np
from scipy.io import arff
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, hamming_loss
from sklearn.multiclass import OneVsRestClassifier
from sklearn.multioutput import ClassifierChain

LABELS = 14


def load(path):
    data, _ = arff.loadarff(path)
    columns = data.dtype.names
    x = np.array([[row[c] for c in columns[:-LABELS]] for row in data], dtype=np.float64)
    y = np.array([[int(row[c]) for c in columns[-LABELS:]] for row in data], dtype=np.int64)
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-root", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = os.path.join(args.data_root, "yeast")
    x_train, y_train = load(os.path.join(folder, "yeast-train.arff"))
    x_test, y_test = load(os.path.join(folder, "yeast-test.arff"))
    for name, make in (("br", lambda: OneVsRestClassifier(LogisticRegression())),
                       ("chain", lambda: ClassifierChain(LogisticRegression()))):
        best = float("inf")
        for _ in range(args.repeats):
            model = make()
            start = time.perf_counter()
            model.fit(x_train, y_train)
            best = min(best, time.perf_counter() - start)
        y_pred = np.asarray(model.predict(x_test)).astype(np.int64)
        print(json.dumps({
            "model": name,
            "hamming_loss": round(float(hamming_loss(y_test, y_pred)), 6),
            "f1_samples": round(float(f1_score(y_test, y_pred, average="samples", zero_division=0)), 6),
            "subset_accuracy": round(float(accuracy_score(y_test, y_pred)), 6),
            "f1_micro": round(float(f1_score(y_test, y_pred, average="micro", zero_division=0)), 6),
            "f1_macro": round(float(f1_score(y_test, y_pred, average="macro", zero_division=0)), 6),
            "fit_seconds": round(best, 4),
        }), flush=True)


if __name__ == "__main__":
    main()
