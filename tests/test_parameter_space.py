"""Every parameter set of tests/parameter_space.csv runs with a briefing true to its roles, or stops with one line.

Rows marked quick run in `make test`; the whole table runs in `make test-all` (marker "matrix").
"""

import csv
import html
import re
from pathlib import Path

import pandas as pd
import pytest
from published import published_years

from tradebook import claims, pipeline, reference
from tradebook.errors import TradebookError

TABLE = Path(__file__).with_name("parameter_space.csv")
ROWS = list(csv.DictReader(line for line in TABLE.read_text().splitlines() if not line.startswith("#")))
CASES = [pytest.param(row["name"], row["parameters"], row["expect"], id=row["name"], marks=[] if row["quick"] == "1" else [pytest.mark.matrix]) for row in ROWS]


def page_text(path: Path) -> str:
    text = re.sub(r"<img[^>]*>|<style.*?</style>", " ", path.read_text(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


@pytest.mark.workbook
@pytest.mark.parametrize("name, parameters, expect", CASES)
def test_parameter_set(project_copy, name, parameters, expect):
    params_file = project_copy / f"{name}.yaml"
    params_file.write_text(f"extends: notebooks/params/default.yaml\nparameters: {parameters}\n")
    root = project_copy / "runs" / name
    if expect.startswith("stops:"):
        with pytest.raises(TradebookError) as error:
            pipeline.run(params_file, output_root=root, progress=False)
        assert expect.removeprefix("stops:").strip() in str(error.value) and "\n" not in str(error.value)
        assert not (root / "notebooks").exists()  # stopped before any notebook ran
        return
    effective = pipeline.read_params(params_file)["parameters"]
    pipeline.run(params_file, output_root=root, progress=False)
    reporter, partner = effective["reporter"], effective["partner"]
    reporter_name = reference.name_of(reporter)
    partner_label = partner if partner in reference.group_ids() else reference.name_of(partner)
    text = page_text(root / "briefing.html")
    assert f"{reporter_name}–{partner_label} trade: evidence briefing" in text
    assert f"{reporter_name}-recorded" in text
    if "CHN" not in (reporter, partner):
        assert "China-recorded" not in text and "China's balance" not in text
    results = pd.read_csv(root / "tables" / "claims_results.csv", dtype=str, keep_default_na=False)
    assert set(results["claim_id"]) == set(claims.ledger()["claim_id"])
    assert (
        (
            results[["reporter", "partner", "year_start", "year_end"]].astype(str)
            == [reporter, partner, str(effective["year_start"]), str(effective["year_end"])]
        )
        .all()
        .all()
    )
    out_of_scope = claims.scope(effective)
    if out_of_scope:
        assert (results["verdict"] == "not evaluated for this run").all(), name
    else:
        evaluated = results[results["claim_id"] != "C01"]
        assert (evaluated["verdict"] != "not evaluated for this run").all(), name
    years = pd.read_csv(root / "tables" / "02_balance.csv")["year"]
    assert years.between(effective["year_start"], effective["year_end"]).all()
    summary = text[text.rindex("Executive summary") : text.rindex("Key numbers")]  # the section, not the contents list
    named = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", summary)}
    projected = {int(claims.ledger()["about_year"].max())} if "projected" in summary else set()
    published = published_years(root) if "published" in summary else set()  # figures China published after the statistics, labelled
    assert named <= set(range(effective["year_start"], effective["year_end"] + 1)) | projected | published, (name, sorted(named))
