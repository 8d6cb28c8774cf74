"""The roles table in docs/delivery.md is the rule: it must say exactly what ROLE_CAPABILITIES grants."""

from __future__ import annotations

from pathlib import Path

from onestockport.delivery.permissions import GROUP_NAMES, ORGANISATION_ROLES, ROLE_CAPABILITIES, Capability, Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "delivery.md"
MARK = "<!-- role-capabilities"


def documented() -> dict[Role, set[Capability]]:
    """Parse the one table after the marker: capability rows x role columns, cells yes / own organisation / no."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(MARK)) + 1
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, body = rows[0], rows[2:]
    by_label = {role.label: role for role in Role}
    roles = [by_label[name] for name in header[1:]]  # a KeyError names a column that is no role
    granted: dict[Role, set[Capability]] = {role: set() for role in roles}
    for cells in body:
        capability = Capability(cells[0])  # a ValueError names a row that is no capability
        for role, cell in zip(roles, cells[1:], strict=True):
            assert cell in {"yes", "no", "own organisation"}, f"{capability} x {role.label}: {cell!r}"
            # "own organisation" is what the code does for partner roles; any other role has no organisation.
            assert (cell == "own organisation") == (cell != "no" and role in ORGANISATION_ROLES), (capability, role)
            if cell != "no":
                granted[role].add(capability)
    return granted


def test_the_roles_table_equals_the_code():
    table = documented()
    assert set(table) == set(Role), "every role has one column"
    assert {c for caps in ROLE_CAPABILITIES.values() for c in caps} | set(Capability) == set(Capability)
    for role in Role:
        assert table[role] == set(ROLE_CAPABILITIES[role]), f"{role.label}: docs and code differ"


def test_every_capability_is_a_row(tmp_path):
    rows = DOC.read_text(encoding="utf-8").split(MARK, 1)[1]
    for capability in Capability:
        assert f"| {capability.value} |" in rows


def test_the_table_would_catch_a_drift(monkeypatch):
    """The check can fail: grant the engagement officer one more capability and the table no longer agrees."""
    changed = {
        **ROLE_CAPABILITIES,
        Role.ENGAGEMENT_OFFICER: ROLE_CAPABILITIES[Role.ENGAGEMENT_OFFICER] | {Capability.OVERSEE},
    }
    assert documented()[Role.ENGAGEMENT_OFFICER] != set(changed[Role.ENGAGEMENT_OFFICER])


def test_least_privilege():
    engagement = ROLE_CAPABILITIES[Role.ENGAGEMENT_OFFICER]
    assert engagement == {Capability.REVIEW_VOICE}
    assert Capability.REVIEW_VOICE not in ROLE_CAPABILITIES[Role.PERFORMANCE_OFFICER]
    assert Capability.MANAGE_ACCOUNTS not in ROLE_CAPABILITIES[Role.PERFORMANCE_OFFICER]
    assert ROLE_CAPABILITIES[Role.ADMINISTRATOR] == set(Capability)
    assert GROUP_NAMES[Role.ENGAGEMENT_OFFICER] == "Engagement officers"
