"""The package's layout rules that the linters do not check: one name per module, `# fmt: skip` on data only."""

import ast
import importlib
from collections import Counter
from pathlib import Path

import tradebook

PACKAGE = Path(tradebook.__file__).parent


def test_each_module_has_one_name_and_one_file_name():
    importlib.import_module("tradebook.themes.claims")
    assert not hasattr(tradebook, "claims")  # no alias namespace: tradebook.claims is not tradebook.themes.claims
    # indicators' modules are reached through the package's functions (`indicators.rca`), never by module name
    modules = [path for path in PACKAGE.rglob("*.py") if path.stem != "__init__" and path.parent.name != "indicators"]
    stems = Counter(path.stem for path in modules)
    assert [stem for stem, count in stems.items() if count > 1] == []


def skipped_outside_data(source: str) -> list[int]:
    """Lines carrying `# fmt: skip` that do not close a module-level data declaration (an assignment of a literal or a call)."""
    tree = ast.parse(source)
    declarations = {
        node.end_lineno
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.List | ast.Tuple | ast.Dict | ast.Set | ast.Call | ast.Constant)
    }
    lines = source.splitlines()
    return [
        number for number, line in enumerate(lines, 1) if line.endswith("# fmt: skip") and number not in declarations
    ]


def test_fmt_skip_only_keeps_data_declarations_in_their_columns():
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := skipped_outside_data(path.read_text()))
    }
    assert found == {}
    assert skipped_outside_data("ROWS = [\n    1, 2,\n]  # fmt: skip\n") == []
    assert skipped_outside_data("def f():\n    return g(1,\n      2)  # fmt: skip\n") == [3]
