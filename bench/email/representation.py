"""Does the e-mail text help a vectoriser? TF-IDF 1-2-grams + SGDClassifier on raw vs parsed texts (scikit-learn).

Run `dotnet run --project bench/email -c Release -- dump DATA_ROOT OUT_DIR` first, then
`/usr/bin/python3 bench/email/representation.py OUT_DIR`.
"""
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, f1_score


def load(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    return [r["text"] for r in rows], [r["label"] for r in rows]


out = sys.argv[1] if len(sys.argv) > 1 else "email-dump"
for data in ["spam", "news"]:
    for kind in ["raw", "email"]:
        x_train, y_train = load(f"{out}/{data}-train-{kind}.jsonl")
        x_test, y_test = load(f"{out}/{data}-test-{kind}.jsonl")
        vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        model = SGDClassifier(random_state=0).fit(vectoriser.fit_transform(x_train), y_train)
        predicted = model.predict(vectoriser.transform(x_test))
        line = {"data": data, "texts": kind, "accuracy": round(accuracy_score(y_test, predicted), 4)}
        if data == "spam":
            line["spam_f1"] = round(f1_score(y_test, predicted, pos_label="spam"), 4)
        print(json.dumps(line), flush=True)
