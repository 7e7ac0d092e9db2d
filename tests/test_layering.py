"""The layering, as nevers, checked on the source's syntax trees.

- Outside ``src/landfall/rulebooks/``, nothing names a law id (``ru-236-fz``, ``ru-152-fz``,
  ``ru-149-fz``, ``koap``), the Code (KoAP, the Code of Administrative Offences) or Moscow's
  clock (Moscow, MSK), in a string constant (docstrings included) or a name. The core reads
  them from a rulebook's manifest; the scan beside it, in ``tests/engine/test_rulebook.py``,
  keeps the law's numbers out in the same way.
- ``periods``, ``facts``, ``rules`` and ``engine`` import nothing above them.

``ALLOWED`` lists the places that still name them, each with why; it only shrinks. An entry
that no longer matches anything fails too, so a cleared place leaves the list.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "landfall"
RULEBOOKS = SRC / "rulebooks"

NAMED = re.compile(
    r"ru-(?:236|152|149)-fz|koap|code of administrative offences|administrative code"
    r"|moscow|\bmsk\b",
    re.IGNORECASE,
)

# (file below src/landfall, what it names) -> how many times. Each is someone's open work.
ALLOWED: dict[tuple[str, str], int] = {
    # cloud regions located in Russia (geography, not law or a legal clock): the scanner's
    # region table, which a jurisdiction module of the scanner would own
    ("scanner/locator.py", "msk"): 1,
    ("scanner/locator.py", "moscow"): 2,
}

LAYERS = ("periods", "facts", "rules", "engine")
"""Bottom first: each may import itself, ``errors`` and the layers below it."""


def _texts(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.arg):
            yield node.arg
        elif isinstance(node, ast.alias):
            yield node.name
            if node.asname:
                yield node.asname


def _named(path: Path) -> Counter[str]:
    found: Counter[str] = Counter()
    for text in _texts(ast.parse(path.read_text(encoding="utf-8"))):
        for match in NAMED.finditer(text):
            found[match.group(0).lower()] += 1
    return found


def _core_files() -> Iterator[Path]:
    for path in sorted(SRC.rglob("*.py")):
        if RULEBOOKS not in path.parents:
            yield path


def test_nothing_outside_the_rulebooks_names_a_law_the_code_or_the_clock() -> None:
    found: dict[tuple[str, str], int] = {}
    for path in _core_files():
        for name, count in _named(path).items():
            found[(path.relative_to(SRC).as_posix(), name)] = count
    unexpected = {k: n for k, n in found.items() if n > ALLOWED.get(k, 0)}
    assert not unexpected, f"read these from the rulebook's manifest instead: {unexpected}"
    stale = {k: n for k, n in ALLOWED.items() if found.get(k, 0) < n}
    assert not stale, f"cleared: shrink ALLOWED to what is left: {stale} (found {found})"


def test_the_scan_sees_strings_names_and_docstrings() -> None:
    code = (
        '"""Reads koap."""\nMOSCOW = 1\nx = "ru-236-fz.feedback-form"\n'
        "def f(msk): return landfall.Moscow\nimport a as KoAP\n"
    )
    tree = ast.parse(code)
    named = Counter(m.group(0).lower() for t in _texts(tree) for m in NAMED.finditer(t))
    assert named == {"koap": 2, "moscow": 2, "ru-236-fz": 1, "msk": 1}


def _imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_the_domain_layers_import_nothing_above_them() -> None:
    wrong = []
    for i, layer in enumerate(LAYERS):
        allowed = {"errors", *LAYERS[: i + 1]}
        root = SRC / layer
        paths = sorted(root.rglob("*.py")) if root.is_dir() else [SRC / f"{layer}.py"]
        for path in paths:
            for line, module in _imports(ast.parse(path.read_text(encoding="utf-8"))):
                parts = module.split(".")
                if parts[0] == "landfall" and (len(parts) < 2 or parts[1] not in allowed):
                    wrong.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    assert not wrong, wrong
