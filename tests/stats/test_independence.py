"""The statistics layer stands alone: no Django, so it runs anywhere and tests in milliseconds."""

from __future__ import annotations

import ast
from pathlib import Path

import onestockport.stats

PACKAGE = Path(onestockport.stats.__file__).parent


def test_no_module_imports_django_or_the_rest_of_the_product() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                assert not name.startswith("django"), f"{path.name} imports {name}"
                assert not name.startswith("onestockport"), f"{path.name} imports {name}; use relative imports"
