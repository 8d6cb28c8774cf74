"""Redaction: measured on crafted cases (tests/voice/data/redaction_cases.yaml, SYNTHETIC), token by token.

A case's gold redaction is the set of its tokens that the expected text replaces by a placeholder;
the rules' redaction is the set their output replaces. Precision = shared / redacted by the rules;
recall = shared / gold. An entity (a run of gold tokens) counts as found only if every token of it is
redacted. The suite prints the figures; docs/voice.md records them.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from onestockport.plans.plan_file import read_plan_file
from onestockport.voice import population
from onestockport.voice.redaction import PLACEHOLDERS, default_redactor

CASES = yaml.safe_load((Path(__file__).parent / "data" / "redaction_cases.yaml").read_text(encoding="utf-8"))["cases"]
TOKEN = re.compile(r"\[(?:name|email|phone|postcode|address)\]|\w+|[^\w\s]")
MIN_RECALL = 0.93
MIN_PRECISION = 0.98


def redact(text: str) -> str:
    """The rules with the engine's and the plan folder's protected terms (no database needed)."""
    return default_redactor().redact(text)


def _redacted_tokens(original: str, redacted: str) -> set[int]:
    source, target = TOKEN.findall(original), TOKEN.findall(redacted)
    kept: set[int] = set()
    for block in difflib.SequenceMatcher(a=source, b=target, autojunk=False).get_matching_blocks():
        kept.update(range(block.a, block.a + block.size))
    return set(range(len(source))) - kept


def _runs(indices: set[int]) -> list[set[int]]:
    runs: list[set[int]] = []
    for index in sorted(indices):
        if runs and index - 1 in runs[-1]:
            runs[-1].add(index)
        else:
            runs.append({index})
    return runs


def score(cases: list[dict]) -> dict[str, float]:
    shared = predicted = gold = entities = found = exact = 0
    for case in cases:
        expected = _redacted_tokens(case["text"], case["expected"])
        got = _redacted_tokens(case["text"], redact(case["text"]))
        shared += len(expected & got)
        predicted += len(got)
        gold += len(expected)
        for run in _runs(expected):
            entities += 1
            found += run <= got
        exact += redact(case["text"]) == case["expected"]
    return {
        "cases": len(cases),
        "precision": shared / predicted if predicted else 1.0,
        "recall": shared / gold if gold else 1.0,
        "entity_recall": found / entities if entities else 1.0,
        "entities": entities,
        "exact": exact / len(cases),
    }


def test_the_crafted_set_is_large_and_covers_every_kind():
    assert len(CASES) >= 60
    placeholders = "".join(case["expected"] for case in CASES)
    for placeholder in PLACEHOLDERS.values():
        assert placeholders.count(placeholder) >= 4, placeholder
    untouched = [case for case in CASES if case["text"] == case["expected"]]
    assert len(untouched) >= 15


def test_recall_and_precision_on_the_crafted_cases(capsys):
    result = score(CASES)
    with capsys.disabled():
        print(
            f"\nredaction on {result['cases']} crafted cases: token precision {result['precision']:.3f}, "
            f"token recall {result['recall']:.3f}, entity recall {result['entity_recall']:.3f} "
            f"({result['entities']} entities), exact match {result['exact']:.3f}"
        )
    assert result["precision"] >= MIN_PRECISION
    assert result["recall"] >= MIN_RECALL


@pytest.mark.parametrize("case", [c for c in CASES if c["text"] == c["expected"]], ids=lambda c: c["text"][:40])
def test_places_and_organisations_are_never_redacted(case):
    assert redact(case["text"]) == case["text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Email a.b@example.com or ring 07700 900123.", "Email [email] or ring [phone]."),
        ("I live at SK4 1AA", "I live at [postcode]"),
        ("Sarah Jones said hello", "[name] said hello"),
        ("Write to Stockport College", "Write to Stockport College"),
        ("My NI number is QQ123456C.", "My NI number is [NI number]."),
        ("Not an NI number: QQ 12 34 56 E, nor Q 12 34 56 A.", "Not an NI number: QQ 12 34 56 E, nor Q 12 34 56 A."),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_redaction_is_idempotent():
    for case in CASES:
        once = redact(case["text"])
        assert redact(once) == once


def test_the_plan_folders_protected_terms_cover_every_ward_partner_and_place_the_plan_names():
    protected = default_redactor().protected
    raw = Path(settings.ONESTOCKPORT_DATA_DIR) / "raw"
    plan = read_plan_file(Path(settings.ONESTOCKPORT_PLAN_FILE)).plan
    names = [ward.name for ward in population.wards(raw, plan.place_settings().code)]
    names += [place.name for place in plan.geography.places]
    names += [partner.name for partner in plan.partners if "(" not in partner.name and "leaders" not in partner.name]
    for name in names:
        match = protected.fullmatch(name)
        assert match, f"{name!r} is not protected"


def test_the_engines_own_list_names_no_place():
    engine = (Path(__file__).parents[2] / "onestockport" / "voice" / "data" / "protected_terms.txt").read_text()
    place = read_plan_file(Path(settings.ONESTOCKPORT_PLAN_FILE)).plan.place_settings()

    assert place.name.casefold() not in engine.casefold()
    assert "greater manchester" not in engine.casefold()


@pytest.mark.django_db
def test_the_place_its_register_wards_and_partners_are_protected(loaded_plan):
    from onestockport.places.models import Area
    from onestockport.voice.redaction import place_redactor

    text = "Ellis Dale is lovely, Harvey Moss too, and the Olivia Bennett Foundation helped."
    assert redact(text) == "[name] is lovely, [name] too, and the [name] Foundation helped."
    council = Area.objects.get(code=loaded_plan.place_settings["code"])
    Area.objects.create(code="E05999998", name="Harvey Moss", level="ward", vintage="2023", parent=council)
    loaded_plan.partners.create(
        slug="olivia-bennett", name="Olivia Bennett Foundation", kind="voluntary-sector", position=99
    )
    type(loaded_plan).objects.filter(pk=loaded_plan.pk).update(
        place_settings={**loaded_plan.place_settings, "name": "Ellis Dale"}
    )

    assert place_redactor().redact(text) == text
