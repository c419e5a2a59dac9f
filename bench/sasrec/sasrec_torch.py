#!/usr/bin/env python3
"""PyTorch reference for BundleForge's SASRec speed: the same network, loss, optimiser, batching and data as
`bundleforge train --models sasrec`, written from the SASRec paper (Kang & McAuley, ICDM 2018) and our own
src/BundleForge.Neural design, so that seconds per epoch compare the two runtimes, not two different models.

Network (mirrors SequenceTransformer / TransformerBlock): item embeddings (token 0 = padding, i + 1 = item i, one
spare mask token as in ours) + learned positional embeddings counted from the right edge of a max-len window,
embedding dropout, pre-layer-norm blocks (LN -> causal multi-head self-attention -> dropout -> residual; LN -> GELU
feed-forward 4x -> dropout -> residual), final LN, scores = dot products with the tied item table. Loss: softmax
cross-entropy over all items at every position (ours computes the same value in chunks). AdamW, global gradient
clipping, batches of users of similar length padded to their own longest row (--pad-to-max pads every row to
max-len, as most public ports do).

Data: a seqrec file (`user item item ...`, chronological); leave-last-out: each user trains on all but the last two
items, validation target = second to last, history before it. Validation ranks ALL items (not timed in the
training seconds, as in ours).

Prints one JSON object on the last stdout line.
"""
import argparse
import json
import math
import random
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_sequences(path):
    """Users' item sequences as dense 0-based ids in order of first appearance (ids do not affect speed)."""
    index = {}
    sequences = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            seq = []
            for raw in parts[1:]:
                i = index.get(raw)
                if i is None:
                    i = index[raw] = len(index)
                seq.append(i)
            sequences.append(seq)
    return sequences, len(index)


class Block(nn.Module):
    """Pre-LN Transformer block with a boolean attention mask (True = may attend)."""

    def __init__(self, dim, heads, dropout):
        super().__init__()
        self.heads = heads
        self.attention_dropout = dropout
        self.attention_norm = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.projection = nn.Linear(dim, dim)
        self.feed_forward_norm = nn.LayerNorm(dim)
        self.expand = nn.Linear(dim, 4 * dim)
        self.contract = nn.Linear(4 * dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, allowed):
        b, l, d = x.shape
        hd = d // self.heads
        packed = self.qkv(self.attention_norm(x)).view(b, l, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        q, k, v = packed[0], packed[1], packed[2]
        # PyTorch 1.13 has no scaled_dot_product_attention: the same computation written out.
        weights = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        weights = weights.masked_fill(~allowed, float("-inf")).softmax(-1)
        if self.training and self.attention_dropout > 0:
            weights = F.dropout(weights, self.attention_dropout)
        merged = (weights @ v).transpose(1, 2).reshape(b, l, d)
        y = x + self.dropout(self.projection(merged))
        wide = F.gelu(self.expand(self.feed_forward_norm(y)))
        return y + self.dropout(self.contract(self.dropout(wide)))


class SasRec(nn.Module):
    def __init__(self, item_count, max_len, dim, blocks, heads, dropout):
        super().__init__()
        self.item_count = item_count
        self.max_len = max_len
        self.items = nn.Embedding(item_count + 2, dim, padding_idx=0)
        self.positions = nn.Embedding(max_len, dim)
        self.embedding_dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(dim, heads, dropout) for _ in range(blocks)])
        self.final_norm = nn.LayerNorm(dim)
        with torch.no_grad():
            nn.init.normal_(self.items.weight, 0, 0.02).clamp_(-0.04, 0.04)
            nn.init.normal_(self.positions.weight, 0, 0.02).clamp_(-0.04, 0.04)
            self.items.weight[0].zero_()

    def item_table(self):
        return self.items.weight[1:self.item_count + 1]

    def forward(self, tokens):
        b, l = tokens.shape
        pos = torch.arange(self.max_len - l, self.max_len).unsqueeze(0)
        x = self.embedding_dropout(self.items(tokens) + self.positions(pos))
        key_is_item = tokens.ne(0)[:, None, None, :]
        allowed = (key_is_item | torch.eye(l, dtype=torch.bool)) & torch.ones(l, l, dtype=torch.bool).tril()
        for block in self.blocks:
            x = block(x, allowed)
        return self.final_norm(x)


def length_batches(users, length_of, batch_size, rng):
    keyed = sorted(users, key=lambda u: length_of(u) + rng.random())
    batches = [keyed[i:i + batch_size] for i in range(0, len(keyed), batch_size)]
    rng.shuffle(batches)
    return batches


def fill_next_item_rows(seqs, l):
    """Left-padded inputs and shifted targets over the last l + 1 items of each sequence."""
    inputs = torch.zeros(len(seqs), l, dtype=torch.long)
    targets = torch.zeros(len(seqs), l, dtype=torch.long)
    for r, s in enumerate(seqs):
        w = s[-(l + 1):]
        n = len(w) - 1
        if n <= 0:
            continue
        inputs[r, l - n:] = torch.tensor([i + 1 for i in w[:-1]])
        targets[r, l - n:] = torch.tensor([i + 1 for i in w[1:]])
    return inputs, targets


def validate(model, sequences, item_count, max_len, batch_size=128):
    """NDCG@10 and HR@10 of the validation target, all items ranked, ties ranked against the model."""
    model.eval()
    users = [u for u, s in enumerate(sequences) if len(s) >= 3]
    users.sort(key=lambda u: (len(sequences[u]) - 2, u))
    ndcg = hits = 0.0
    ids = torch.arange(item_count).unsqueeze(0)
    with torch.no_grad():
        for start in range(0, len(users), batch_size):
            batch = users[start:start + batch_size]
            l = max(1, min(max_len, max(len(sequences[u]) - 2 for u in batch)))
            tokens = torch.zeros(len(batch), l, dtype=torch.long)
            for r, u in enumerate(batch):
                h = sequences[u][:-2][-l:]
                tokens[r, l - len(h):] = torch.tensor([i + 1 for i in h])
            target = torch.tensor([sequences[u][-2] for u in batch]).unsqueeze(1)
            scores = model(tokens)[:, -1] @ model.item_table().t()
            ts = scores.gather(1, target)
            rank = ((scores > ts) | ((scores == ts) & (ids < target))).sum(1)
            hit = rank < 10
            hits += hit.sum().item()
            ndcg += (hit.float() / torch.log2(rank.float() + 2)).sum().item()
    model.train()
    return ndcg / len(users), hits / len(users)


def loaded_blas():
    """The BLAS library this process mapped (Debian's torch uses whatever the libblas.so.3 alternative points to:
    the reference netlib BLAS is many times slower than OpenBLAS)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return sorted(paths)
    except OSError:
        return []


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--max-len", type=int, default=50)
    p.add_argument("--dim", type=int, default=64)
    p.add_argument("--blocks", type=int, default=2)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--clip-norm", type=float, default=1.0)
    p.add_argument("--pad-to-max", action="store_true", help="pad every row to --max-len (public ports do)")
    p.add_argument("--no-validate", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    load_start = time.perf_counter()
    sequences, item_count = read_sequences(a.data)
    train = [s[:-2] if len(s) >= 3 else s for s in sequences]
    train_users = [u for u, s in enumerate(train) if len(s) >= 2]
    load_seconds = time.perf_counter() - load_start

    model = SasRec(item_count, a.max_len, a.dim, a.blocks, a.heads, a.dropout)
    optimizer = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    model.train()
    epoch_seconds, epoch_cpu, epoch_loss, valid_ndcg, valid_seconds = [], [], [], [], []
    for epoch in range(1, a.epochs + 1):
        start = time.perf_counter()
        cpu_start = time.process_time()
        loss_sum, steps = 0.0, 0
        for batch in length_batches(train_users, lambda u: len(train[u]), a.batch_size, rng):
            longest = max(len(train[u]) for u in batch)
            l = a.max_len if a.pad_to_max else min(a.max_len, longest - 1)
            inputs, targets = fill_next_item_rows([train[u] for u in batch], l)
            hidden = model(inputs)
            where = targets.ne(0)
            logits = hidden[where] @ model.item_table().t()
            loss = F.cross_entropy(logits, targets[where] - 1)
            optimizer.zero_grad()
            loss.backward()
            if a.clip_norm > 0:
                nn.utils.clip_grad_norm_(model.parameters(), a.clip_norm)
            optimizer.step()
            loss_sum += loss.item()
            steps += 1
        epoch_seconds.append(time.perf_counter() - start)
        epoch_cpu.append(time.process_time() - cpu_start)
        epoch_loss.append(loss_sum / max(steps, 1))
        line = f"epoch {epoch} loss {epoch_loss[-1]:.4f} {epoch_seconds[-1]:.1f}s"
        if not a.no_validate:
            v_start = time.perf_counter()
            ndcg, _ = validate(model, sequences, item_count, a.max_len)
            valid_seconds.append(time.perf_counter() - v_start)
            valid_ndcg.append(ndcg)
            line += f" valid ndcg@10 {ndcg:.4f} ({valid_seconds[-1]:.1f}s)"
        print(line, file=sys.stderr, flush=True)

    print(json.dumps({
        "runtime": f"pytorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "users": len(sequences),
        "items": item_count,
        "train_users": len(train_users),
        "pad_to_max": a.pad_to_max,
        "load_seconds": round(load_seconds, 3),
        "epochs_run": a.epochs,
        "seconds_per_epoch": round(sum(epoch_seconds) / len(epoch_seconds), 3),
        "epoch_seconds": [round(s, 3) for s in epoch_seconds],
        "cpu_seconds_per_epoch": round(sum(epoch_cpu) / len(epoch_cpu), 3),
        "epoch_loss": [round(x, 5) for x in epoch_loss],
        "epoch_valid_ndcg@10": [round(x, 6) for x in valid_ndcg],
        "validation_seconds": [round(s, 3) for s in valid_seconds],
        "blas": loaded_blas(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
