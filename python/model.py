"""The deepscore network in PyTorch, following docs/model-contract.md.

One int64 [B, max_length] tensor per feature field, in the spec's field order; id 0 is padding
(never pooled; an all-padding field gives the zero vector), id 1 is OOV (a real token).
Per field an embedding table [vocab_size, dim]; the non-padding token vectors pooled by ``mode``
(``mean`` as in the published case, ``sum``, ``sqrtn`` = sum / sqrt(count), or element-wise
``max``); the field vectors concatenated to [B, F * dim]; MLP Linear+ReLU per hidden size
(default 256, 128); Linear to one logit. ``architecture="wide-deep"`` adds the wide part: per
field one scalar weight per token, summed over the non-padding tokens of every field and added to
the logit. Same architectures as the Java network (nn.DeepScoreNetwork); dropout is training-only
and not part of the exported graph.

Two formulations compute the same pooling from the same weights:

* ``bag``: ``F.embedding_bag(mode=..., padding_idx=0)``: the fast one in torch 1.13 (see
  README.md for the measurement); used for training, scoring and the TorchScript export.
* ``mask``: gather, mask the padding, reduce: plain ops that every ONNX runtime has (the ONNX
  export of embedding_bag needs a Loop per bag).

``forward`` of the exported module takes one positional argument per field and returns float32
[B]: probabilities (``output="probability"``, the default) or logits (``output="logit"``).
"""

import importlib.util
import keyword
import os
import tempfile
from typing import List

import torch
import torch.nn.functional as F
from torch import nn

POOLINGS = ("bag", "mask")
MODES = ("mean", "sum", "sqrtn", "max")
ARCHITECTURES = ("dnn", "wide-deep")
OUTPUTS = ("probability", "logit")


class DeepScoreNet(nn.Module):
    """The network; ``forward`` takes the list of field tensors (spec order)."""

    def __init__(
        self,
        vocab_sizes: List[int],
        embedding_dim: int = 32,
        hidden: List[int] = (256, 128),
        pooling: str = "bag",
        output: str = "probability",
        mode: str = "mean",
        architecture: str = "dnn",
        pooled_dropout: float = 0.0,
        token_dropout: float = 0.0,
    ):
        super().__init__()
        if pooling not in POOLINGS:
            raise ValueError(f"pooling {pooling!r} is not one of {POOLINGS}")
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {MODES}")
        if architecture not in ARCHITECTURES:
            raise ValueError(f"architecture {architecture!r} is not one of {ARCHITECTURES}")
        if output not in OUTPUTS:
            raise ValueError(f"output {output!r} is not one of {OUTPUTS}")
        if not vocab_sizes or min(vocab_sizes) < 2:
            raise ValueError(f"every vocabulary has at least <pad> and <oov>: {vocab_sizes}")
        self.vocab_sizes = list(vocab_sizes)
        self.embedding_dim = embedding_dim
        self.hidden = list(hidden)
        self.use_bag = pooling == "bag"
        self.probability = output == "probability"
        self.mode = mode
        self.architecture = architecture
        self.pooled_dropout = nn.Dropout(pooled_dropout)
        self.token_dropout = token_dropout
        self.tables = nn.ParameterList(
            [nn.Parameter(torch.empty(v, embedding_dim)) for v in vocab_sizes]
        )
        # The wide part: one weight per token. Empty for the DNN (TorchScript needs the attribute).
        wide_sizes = vocab_sizes if architecture == "wide-deep" else []
        self.wide = nn.ParameterList([nn.Parameter(torch.zeros(v, 1)) for v in wide_sizes])
        layers: List[nn.Module] = []
        width = len(vocab_sizes) * embedding_dim
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        layers.append(nn.Linear(width, 1))
        self.mlp = nn.Sequential(*layers)
        self.reset_parameters()

    def reset_parameters(self, init_std: float = 0.1) -> None:
        # As the Java network: embeddings N(0, init_std), wide weights N(0, 0.01); row 0 (padding)
        # is never read.
        for t in self.tables:
            nn.init.normal_(t, 0.0, init_std)
        for w in self.wide:
            nn.init.normal_(w, 0.0, 0.01)

    def config(self) -> dict:
        return {
            "vocab_sizes": self.vocab_sizes,
            "embedding_dim": self.embedding_dim,
            "hidden": self.hidden,
            "mode": self.mode,
            "architecture": self.architecture,
        }

    def pool(self, ids: torch.Tensor, table: torch.Tensor, mode: str) -> torch.Tensor:
        """[B, L] ids -> [B, dim]: the non-padding rows of ``table`` pooled by ``mode``."""
        if self.use_bag:
            if mode == "sqrtn":
                count = torch.clamp((ids > 0).sum(dim=1, keepdim=True), min=1).to(table.dtype)
                return F.embedding_bag(ids, table, mode="sum", padding_idx=0) / count.sqrt()
            return F.embedding_bag(ids, table, mode=mode, padding_idx=0)
        mask = (ids > 0).to(table.dtype)  # [B, L]
        vectors = F.embedding(ids, table)  # [B, L, dim]
        if mode == "max":
            # padding never wins; an all-padding row gives zeros
            masked = vectors + (mask.unsqueeze(2) - 1.0) * 1e9
            return masked.max(dim=1)[0] * (mask.sum(dim=1, keepdim=True) > 0).to(table.dtype)
        total = (vectors * mask.unsqueeze(2)).sum(dim=1)
        if mode == "sum":
            return total
        count = torch.clamp(mask.sum(dim=1, keepdim=True), min=1.0)  # [B, 1]
        return total / count.sqrt() if mode == "sqrtn" else total / count

    def logits(self, fields: List[torch.Tensor]) -> torch.Tensor:
        pooled: List[torch.Tensor] = []
        for i, table in enumerate(self.tables):
            ids = fields[i]
            if self.training and self.token_dropout > 0.0:
                # a dropped token becomes padding: left out of the pooling (training only)
                ids = ids * (torch.rand(ids.shape) >= self.token_dropout).to(ids.dtype)
            pooled.append(self.pool(ids, table, self.mode))
        z = self.mlp(self.pooled_dropout(torch.cat(pooled, dim=1))).squeeze(1)
        for i, w in enumerate(self.wide):
            z = z + self.pool(fields[i], w, "sum").squeeze(1)
        return z

    def forward(self, fields: List[torch.Tensor]) -> torch.Tensor:
        z = self.logits(fields)
        return torch.sigmoid(z) if self.probability else z


def build(meta: dict, pooling: str = "bag", output: str = "probability") -> DeepScoreNet:
    """A network for the sizes recorded in a checkpoint's ``meta`` (older ones: mean, dnn)."""
    return DeepScoreNet(
        meta["vocab_sizes"], meta["embedding_dim"], meta["hidden"], pooling=pooling, output=output,
        mode=meta.get("mode", "mean"), architecture=meta.get("architecture", "dnn"),
    )


_WRAPPER = '''\
# generated by deepscore python/model.py: forward with one argument per feature field
import torch
from typing import List


class DeepScoreExport(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, {args}) -> torch.Tensor:
        fields: List[torch.Tensor] = [{names}]
        return self.net(fields)
'''


def argument_names(field_names: List[str]) -> List[str]:
    """Python argument names for the fields (a keyword or ``self`` gets a trailing ``_``)."""
    return [n + "_" if keyword.iskeyword(n) or n in ("self", "torch", "fields") else n
            for n in field_names]


def with_field_arguments(net: DeepScoreNet, field_names: List[str]) -> nn.Module:
    """Wraps ``net`` in a module whose forward takes one int64 [B, max_length] tensor per field.

    TorchScript needs a fixed signature, so the wrapper's source is generated for these fields
    and imported from a file (torch.jit.script reads the source through inspect).
    """
    if len(field_names) != len(net.vocab_sizes):
        raise ValueError(f"{len(field_names)} field names for {len(net.vocab_sizes)} tables")
    names = argument_names(field_names)
    source = _WRAPPER.format(
        args=", ".join(f"{n}: torch.Tensor" for n in names), names=", ".join(names)
    )
    directory = tempfile.mkdtemp(prefix="deepscore-export-")
    path = os.path.join(directory, "deepscore_export_wrapper.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("deepscore_export_wrapper", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DeepScoreExport(net)
