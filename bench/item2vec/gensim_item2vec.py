"""Side-by-side reference: gensim Word2Vec (skip-gram, negative sampling) on the same baskets as bundleforge's item2vec.
Usage: /usr/bin/python3 gensim_item2vec.py BASKETS.dat [workers] [VECTORS_OUT]   (one basket per line, space-separated item ids)
VECTORS_OUT, when given, receives "token count in_1..in_64 out_1..out_64" per item (input and syn1neg output vectors)
so bench/BundleForge.Bench can score gensim's vectors with the same basket-completion code."""
import sys, time, json, logging
from gensim.models import Word2Vec

path = sys.argv[1]
workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
sentences = [line.split() for line in open(path) if line.strip()]
raw = sum(len(s) for s in sentences)
model = Word2Vec(vector_size=64, window=5, negative=5, sample=1e-3, sg=1, min_count=1, workers=workers, epochs=10, seed=42)
model.build_vocab(sentences)
t = time.perf_counter()
model.train(sentences, total_examples=len(sentences), epochs=model.epochs)
seconds = time.perf_counter() - t
if len(sys.argv) > 3:
    with open(sys.argv[3], "w") as out:
        for i, token in enumerate(model.wv.index_to_key):
            values = list(model.wv.vectors[i]) + list(model.syn1neg[i])
            out.write(token + " " + str(model.wv.get_vecattr(token, "count")) + " " + " ".join("%.9g" % v for v in values) + "\n")
print(json.dumps({"tool": "gensim " + __import__("gensim").__version__, "baskets": len(sentences), "raw_words": raw,
                  "seconds": round(seconds, 3), "words_per_second": round(raw * model.epochs / seconds)}))
