"""Train the deepscore network in PyTorch on a featurized .npz (deepscore featurize --format npz).

Same rules as the Java trainer (docs/model.md): binary cross-entropy on the logits, Adam for the
MLP, the embedding tables updated by --embedding-optimizer (adam on whole tables, or lazy-adam /
adagrad on the rows a batch uses), optionally drawn afresh every epoch (--fresh-tables), at most
--epochs (40) epochs, early stopping after --patience (15) epochs without a better validation ROC
AUC, the best epoch's weights kept. The deep tables start from co-occurrence vectors of the
training rows (--pretrain-tables cooc, the default as in Java; pretrain.py) or at random (none).
Without --valid the rows are split by the same id hash as io.deepscore.features.HoldoutSplit (10%
validation, 10% test, left out of training).

Writes DIR/checkpoint.pt (state_dict + sizes; Python only: export it with export.py) and
DIR/training.json (per-epoch loss, AUC, rows/s, the settings, each field's pretraining figures).

    /usr/bin/python3 python/train.py --spec specs/generated.json --vocab /tmp/vocab \
        --train /tmp/enc.npz --out /tmp/torch-model
"""

import argparse
import copy
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import pretrain  # noqa: E402
from model import ARCHITECTURES, MODES, DeepScoreNet  # noqa: E402

TABLE_OPTIMIZERS = ("adam", "lazy-adam", "adagrad")
BETAS = (0.9, 0.999)
ADAGRAD_INITIAL_ACCUMULATOR = 0.1  # as the Java trainer (TableUpdates)


class TableUpdates:
    """The embedding tables' optimizer of the Java trainer (io.deepscore.model.train.TableUpdates):
    Adam or AdaGrad applied to the rows a batch uses only (``step(rows)``); the other parameters
    have their own torch.optim.Adam."""

    def __init__(self, tables, kind, lr, table_lr):
        self.tables, self.kind, self.lr, self.table_lr = list(tables), kind, lr, table_lr
        self.reset()

    def reset(self):
        self.t = 0
        if self.kind == "adagrad":
            self.state = [[torch.full_like(w, ADAGRAD_INITIAL_ACCUMULATOR)] for w in self.tables]
        else:
            self.state = [[torch.zeros_like(w), torch.zeros_like(w)] for w in self.tables]

    @torch.no_grad()
    def step(self, rows):
        self.t += 1
        b1, b2 = BETAS
        lr = self.lr * (1 - b2 ** self.t) ** 0.5 / (1 - b1 ** self.t)
        for w, state, r in zip(self.tables, self.state, rows):
            if w.grad is None or r.numel() == 0:
                continue
            g = w.grad[r]
            if self.kind == "adagrad":
                h = state[0][r] + g * g
                state[0][r] = h
                w[r] -= self.table_lr * g / h.sqrt()
            else:
                m = state[0][r] * b1 + g * (1 - b1)
                v = state[1][r] * b2 + g * g * (1 - b2)
                state[0][r], state[1][r] = m, v
                w[r] -= lr * m / (v.sqrt() + 1e-8)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--spec", required=True, help="feature spec JSON")
    p.add_argument("--vocab", required=True, help="vocabulary directory (<field>.vocab)")
    p.add_argument("--train", required=True, help="featurized .npz")
    p.add_argument("--valid", help="featurized .npz for validation (default: split --train by id)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--patience", type=int, default=15)
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--embedding-dim", type=int, default=32)
    p.add_argument("--hidden", default="256,128", help="hidden sizes, comma separated")
    p.add_argument("--architecture", default="dnn", choices=ARCHITECTURES,
                   help="dnn, or wide-deep: plus one weight per token, trained jointly")
    p.add_argument("--pooling", default="sqrtn", choices=MODES,
                   help="how a field's token vectors are combined (default: sqrtn)")
    p.add_argument("--embedding-init-std", type=float, default=0.1)
    p.add_argument("--embedding-optimizer", default="adam", choices=TABLE_OPTIMIZERS)
    p.add_argument("--embedding-learning-rate", type=float, default=0.05,
                   help="AdaGrad's learning rate for the tables (adagrad only)")
    p.add_argument("--fresh-tables", action="store_true",
                   help="draw the tables afresh at the start of every epoch after the first")
    p.add_argument("--weight-decay", type=float, default=3e-4, help="Adam's L2 weight decay")
    p.add_argument("--pooled-dropout", type=float, default=0.0)
    p.add_argument("--token-dropout", type=float, default=0.0,
                   help="in training, leave each token out of its pooling with this probability")
    p.add_argument("--plateau-decay", type=float, default=1.0,
                   help="multiply the learning rate by this after an epoch without improvement")
    p.add_argument("--epoch-decay", type=float, default=1.0,
                   help="multiply the learning rate by this after every epoch (0.5: halve it)")
    p.add_argument("--pretrain-tables", default="cooc", choices=("cooc", "none"),
                   help="start the deep tables from co-occurrence vectors of the training rows "
                   "(cooc, pretrain.py) or at random (none)")
    p.add_argument("--pretrain-epochs", type=int, default=3)
    p.add_argument("--pretrain-negatives", type=int, default=5)
    p.add_argument("--pretrain-contexts", type=int, default=4)
    p.add_argument("--pretrain-scale", type=float, default=2.0,
                   help="RMS of the pretrained rows, in units of --embedding-init-std")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0,
                   help="torch intra-op and inter-op threads, as the Java trainer's --threads "
                   "(0: torch's defaults)")
    args = p.parse_args(argv)
    if args.epochs < 1 or args.patience < 1 or args.batch_size < 1:
        p.error("--epochs, --patience and --batch-size must be >= 1")
    if min(args.pretrain_epochs, args.pretrain_negatives, args.pretrain_contexts) < 1:
        p.error("--pretrain-epochs, --pretrain-negatives and --pretrain-contexts must be >= 1")
    if not 0 < args.pretrain_scale < float("inf"):  # also refuses nan
        p.error("--pretrain-scale must be > 0 and finite, got %s" % args.pretrain_scale)
    return args


def predict(net, fields, batch_size=4096):
    net.eval()
    out = []
    with torch.no_grad():
        for s in range(0, len(fields[0]), batch_size):
            out.append(net.logits([f[s:s + batch_size] for f in fields]))
    net.train()
    return torch.cat(out).numpy() if out else np.zeros(0, dtype=np.float32)


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    if args.threads > 0:
        # both pools, as the Java trainer does (PyTorchThreads), so a benchmark compares alike
        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(args.threads)
    spec = common.read_spec(args.spec)
    sizes = common.vocab_sizes(spec, args.vocab)
    ids, labels, fields = common.load_featurized(args.train, spec)
    if labels is None:
        sys.exit(f"{args.train} has no label array '{spec.get('label_column')}': cannot train")
    if args.valid:
        _, valid_labels, valid_fields = common.load_featurized(args.valid, spec)
        train_fields, train_labels = fields, labels
    else:
        parts = common.split_parts(ids)
        train_rows, valid_rows = parts == 0, parts == 1
        train_fields = [f[train_rows] for f in fields]
        train_labels = labels[train_rows]
        valid_fields = [f[valid_rows] for f in fields]
        valid_labels = labels[valid_rows]
    for name, f, size in zip(common.field_names(spec), fields, sizes):
        if f.size and f.max() >= size:
            sys.exit(f"field '{name}': id {f.max()} >= vocabulary size {size}: "
                     "featurized with other vocabularies?")
    train_fields = [torch.from_numpy(f) for f in train_fields]
    valid_fields = [torch.from_numpy(f) for f in valid_fields]
    y = torch.from_numpy(train_labels)
    hidden = [int(h) for h in args.hidden.split(",") if h.strip()]
    net = DeepScoreNet(sizes, args.embedding_dim, hidden, pooling="bag", output="logit",
                       mode=args.pooling, architecture=args.architecture,
                       pooled_dropout=args.pooled_dropout, token_dropout=args.token_dropout)
    net.reset_parameters(args.embedding_init_std)
    tables = list(net.tables) + list(net.wide)
    field_of = list(range(len(net.tables))) + list(range(len(net.wide)))
    lazy = args.embedding_optimizer != "adam"
    table_ids = {id(t) for t in tables}
    dense = [q for q in net.parameters() if not lazy or id(q) not in table_ids]
    optimizer = torch.optim.Adam(dense, lr=args.lr, weight_decay=args.weight_decay)
    table_updates = TableUpdates(tables, args.embedding_optimizer, args.lr,
                                 args.embedding_learning_rate) if lazy else None
    loss_fn = torch.nn.BCEWithLogitsLoss()
    generator = torch.Generator().manual_seed(args.seed)
    n = len(y)
    print(f"train rows {n:,}, valid rows {len(valid_labels):,}, vocab sizes {sizes}, "
          f"threads {torch.get_num_threads()} intra-op, {torch.get_num_interop_threads()} inter-op")
    pretraining = []
    if args.pretrain_tables == "cooc":
        # the deep tables only (not the wide weights), from the training rows' ids only
        pretraining = pretrain.pretrain_tables(
            net.tables, [f.numpy() for f in train_fields], common.field_names(spec),
            args.embedding_init_std, args.pretrain_scale, args.pretrain_epochs,
            args.pretrain_negatives, args.pretrain_contexts, args.seed)

    best_auc, best_epoch, best_state, since_best = -1.0, 0, None, 0
    epochs = []
    for epoch in range(1, args.epochs + 1):
        start = time.time()
        order = torch.randperm(n, generator=generator)
        if epoch > 1 and args.fresh_tables:
            with torch.no_grad():
                for t in net.tables:
                    torch.nn.init.normal_(t, 0.0, args.embedding_init_std)
                for w in net.wide:
                    torch.nn.init.normal_(w, 0.0, 0.01)
            if table_updates:
                table_updates.reset()
        total, batches = 0.0, 0
        for s in range(0, n, args.batch_size):
            idx = order[s:s + args.batch_size]
            optimizer.zero_grad()
            for t in tables:
                t.grad = None
            batch = [f[idx] for f in train_fields]
            loss = loss_fn(net.logits(batch), y[idx])
            loss.backward()
            optimizer.step()
            if table_updates:
                used = [batch[f].unique() for f in range(len(batch))]
                table_updates.step([used[f][used[f] > 0] for f in field_of])
            total += loss.item()
            batches += 1
        seconds = time.time() - start
        auc = common.roc_auc(predict(net, valid_fields), valid_labels)
        improved = auc > best_auc
        if improved:
            best_auc, best_epoch, since_best = auc, epoch, 0
            best_state = copy.deepcopy(net.state_dict())
        else:
            since_best += 1
        # as the Java trainer's LearningRateSchedule.endEpoch: every epoch, and again on a plateau
        factor = args.epoch_decay * (1.0 if improved else args.plateau_decay)
        for group in optimizer.param_groups:
            group["lr"] *= factor
        if table_updates:
            table_updates.lr *= factor
        epochs.append({"epoch": epoch, "train_loss": total / max(batches, 1), "valid_auc": auc,
                       "seconds": seconds, "rows_per_second": n / seconds, "improved": improved})
        print(f"epoch {epoch:2d}/{args.epochs}  loss {total / max(batches, 1):.4f}  "
              f"valid AUC {auc:.4f}{' *' if improved else ''}  {n / seconds:,.0f} rows/s")
        if since_best >= args.patience:
            print(f"early stop: no better validation AUC for {args.patience} epochs")
            break

    os.makedirs(args.out, exist_ok=True)
    meta = {"fields": common.field_names(spec), "max_lengths": common.max_lengths(spec),
            "vocab_sizes": sizes, "embedding_dim": args.embedding_dim, "hidden": hidden,
            "mode": args.pooling, "architecture": args.architecture, "spec_name": spec["name"]}
    torch.save({"meta": meta, "state_dict": best_state}, os.path.join(args.out, "checkpoint.pt"))
    report = {"best_epoch": best_epoch, "valid_auc": best_auc, "epochs_run": len(epochs),
              "stopped_early": len(epochs) < args.epochs, "train_rows": n,
              "valid_rows": int(len(valid_labels)), "epochs": epochs, "args": vars(args),
              "pretraining": pretraining,
              "torch": torch.__version__}
    with open(os.path.join(args.out, "training.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    print(f"best epoch {best_epoch}, valid AUC {best_auc:.4f}: {args.out}/checkpoint.pt")


if __name__ == "__main__":
    main()
