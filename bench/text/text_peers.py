#!/usr/bin/python3
"""The peers of `taxon bench text` / bench/text/run.sh, each timed as a whole job inside one process.

Usage: /usr/bin/python3 bench/text/text_peers.py WORKLOAD --data-root DIR [--threads 2] [--workdir DIR]
WORKLOAD:
  sklearn-20ng  read 20news-bydate.tar.gz (each file decoded as latin-1, newlines -> spaces), TfidfVectorizer(
                sublinear_tf=True, ngram_range=(1, 2), min_df=2) fitted on train, SGDClassifier(random_state=0),
                predict test; total_s = read + vectorise + fit + transform test + predict.
  sklearn-spam  the same pipeline on spam-assassin/train.jsonl.gz and test.jsonl.gz (raw messages as they are).
  fasttext-20ng fastText's recipe: preprocessing as fastText's classification example (ASCII lowercase, the
                normalize_text sed rules, one '__label__<group> text' line per post, train.txt/test.txt written),
                train lines ordered by their sha1 as w1_20ng.py does, then `fasttext supervised -dim 10 -lr 0.5 -wordNgrams 2 -minCount 1 -bucket 10000000 -epoch 5
                -thread T` and `fasttext predict` for the accuracy; total_s = preprocess_s + supervised_s.
                --epochs 25 gives the longer recipe.
Prints one JSON line. The normalisation and pipelines follow shared/peers/w1_20ng.py and w2_spam.py (the
workloads' definitions); this script only times them as one job each.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time

_NEWLINES = re.compile(r"\r\n|\r|\n")
_ASCII_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))
_REPL = [(b"'", b" ' "), (b'"', b""), (b".", b" . "), (b"<br />", b" "), (b",", b" , "), (b"(", b" ( "),
         (b")", b" ) "), (b"!", b" ! "), (b"?", b" ? "), (b";", b" "), (b":", b" ")]
_SPACES = re.compile(b" {2,}")


def read_20ng(root):
    docs = {"train": [], "test": []}
    with tarfile.open(os.path.join(root, "20newsgroups-bydate", "20news-bydate.tar.gz"), "r:gz") as tf:
        for m in tf:
            if not m.isfile():
                continue
            top, group, _ = m.name.split("/")
            text = _NEWLINES.sub(" ", tf.extractfile(m).read().decode("latin-1"))
            docs["train" if top.endswith("train") else "test"].append((m.name, group, text))
    for v in docs.values():
        v.sort()
    return docs


def read_spam(root):
    out = {}
    for split in ("train", "test"):
        with gzip.open(os.path.join(root, "spam-assassin", split + ".jsonl.gz"), "rt", encoding="utf-8") as f:
            out[split] = [(None, m["label"], m["text"]) for m in map(json.loads, f)]
    return out


def sklearn_job(read, root):
    t0 = time.perf_counter()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.metrics import accuracy_score, f1_score
    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = read(root)
    read_s = time.perf_counter() - t0
    xtr, ytr = [d[2] for d in docs["train"]], [d[1] for d in docs["train"]]
    xte, yte = [d[2] for d in docs["test"]], [d[1] for d in docs["test"]]
    vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    t1 = time.perf_counter()
    a = vec.fit_transform(xtr)
    vectorize_s = time.perf_counter() - t1
    t1 = time.perf_counter()
    clf = SGDClassifier(random_state=0).fit(a, ytr)
    fit_s = time.perf_counter() - t1
    t1 = time.perf_counter()
    pred = clf.predict(vec.transform(xte))
    predict_s = time.perf_counter() - t1
    total_s = time.perf_counter() - t0
    out = {"n_train": len(xtr), "n_test": len(xte), "n_features": a.shape[1], "accuracy": round(accuracy_score(yte, pred), 5),
           "import_s": round(import_s, 3), "read_s": round(read_s, 3), "vectorize_s": round(vectorize_s, 3),
           "fit_s": round(fit_s, 3), "predict_s": round(predict_s, 3), "total_s": round(total_s, 3)}
    if "spam" in set(ytr):
        out["spam_f1"] = round(f1_score(yte, pred, pos_label="spam"), 5)
    return out


def ft_line(group, text):
    s = text.encode("utf-8").translate(_ASCII_LOWER)
    for a, b in _REPL:
        s = s.replace(a, b)
    return _SPACES.sub(b" ", b"__label__" + group.encode("ascii") + b" " + s) + b"\n"


def fasttext_job(root, threads, epochs, work):
    t0 = time.perf_counter()
    docs = read_20ng(root)
    train = [ft_line(g, t) for _, g, t in docs["train"]]
    # fastText trains in file order and the tarball is sorted by class: order by each line's sha1 (ties: path order),
    # the deterministic stand-in for the example script's shuffle that shared/peers/w1_20ng.py uses.
    train = [train[i] for i in sorted(range(len(train)), key=lambda i: (hashlib.sha1(train[i]).hexdigest(), i))]
    test = [ft_line(g, t) for _, g, t in docs["test"]]
    tr, te = os.path.join(work, "train.txt"), os.path.join(work, "test.txt")
    with open(tr, "wb") as f:
        f.writelines(train)
    with open(te, "wb") as f:
        f.writelines(test)
    preprocess_s = time.perf_counter() - t0
    model = os.path.join(work, "ng")
    t1 = time.perf_counter()
    subprocess.run(["fasttext", "supervised", "-input", tr, "-output", model, "-dim", "10", "-lr", "0.5",
                    "-wordNgrams", "2", "-minCount", "1", "-bucket", "10000000", "-epoch", str(epochs),
                    "-thread", str(threads)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    supervised_s = time.perf_counter() - t1
    r = subprocess.run(["fasttext", "predict", model + ".bin", te], check=True, capture_output=True)
    pred = r.stdout.decode("utf-8").split("\n")[:-1]
    truth = [g for _, g, _ in docs["test"]]
    acc = sum(p == "__label__" + y for p, y in zip(pred, truth)) / len(truth)
    size = os.path.getsize(model + ".bin")
    for ext in (".bin", ".vec"):
        if os.path.exists(model + ext):
            os.remove(model + ext)
    return {"epochs": epochs, "accuracy": round(acc, 5), "preprocess_s": round(preprocess_s, 3),
            "supervised_s": round(supervised_s, 3), "total_s": round(preprocess_s + supervised_s, 3),
            "model_bin_mb": round(size / 1e6, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", choices=["sklearn-20ng", "sklearn-spam", "fasttext-20ng"])
    ap.add_argument("--data-root", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(a.threads)
    if a.workload == "sklearn-20ng":
        out = sklearn_job(read_20ng, a.data_root)
    elif a.workload == "sklearn-spam":
        out = sklearn_job(read_spam, a.data_root)
    else:
        work = a.workdir or tempfile.mkdtemp(prefix="bench_text_")
        out = fasttext_job(a.data_root, a.threads, a.epochs, work)
    out["workload"] = a.workload
    print(json.dumps(out))


if __name__ == "__main__":
    main()
