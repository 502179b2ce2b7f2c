"""Every parameter set of tests/parameter_space.csv runs with a briefing true to its roles, or stops with one line.

Rows marked quick run in `make test`; the whole table runs in `make test-all` (marker "matrix").
"""

import csv
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from published import published_years

from tradebook import reference
from tradebook.errors import TradebookError
from tradebook.roles import Roles
from tradebook.runner import pipeline
from tradebook.themes import claims

TABLE = Path(__file__).with_name("parameter_space.csv")
ROWS = list(csv.DictReader(line for line in TABLE.read_text().splitlines() if not line.startswith("#")))
CASES = [
    pytest.param(
        row["name"],
        row["parameters"],
        row["expect"],
        id=row["name"],
        marks=[] if row["quick"] == "1" else [pytest.mark.matrix],
    )
    for row in ROWS
]


def page_text(path: Path) -> str:
    text = re.sub(r"<img[^>]*>|<svg.*?</svg>|<style.*?</style>", " ", path.read_text(), flags=re.S)
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
    published = (
        published_years(root) if "published" in summary else set()
    )  # figures China published after the statistics, labelled
    assert named <= set(range(effective["year_start"], effective["year_end"] + 1)) | projected | published, (
        name,
        sorted(named),
    )
    window = set(range(effective["year_start"], effective["year_end"] + 1))
    assert unlabelled_years_on_the_first_page((root / "briefing.html").read_text(), window) == [], name
    roles = Roles.of(reporter, partner, effective["year_end"])
    balance = pd.read_csv(root / "tables" / "02_balance_group.csv")
    assert untrue_to_roles((root / "briefing.html").read_text(), roles, balance) == [], name
    covered = {meta.stem: json.loads(meta.read_text())["legend_covers"] for meta in (root / "figures").glob("*.json")}
    assert {figure: found for figure, found in covered.items() if found} == {}, name  # no legend over data in any run


SINGULAR_ONLY = re.compile(
    r"member-recorded|\beach member\b|one panel per member|\bthe members'|\b1 of 1\b|largest member"
)
BALANCE_SENTENCE = re.compile(r"(\S+)'s (surplus|deficit) with .{1,40}? was USD (-?[\d,.]+) bn in (\d{4})")


def untrue_to_roles(page: str, roles: Roles, balance: pd.DataFrame) -> list[str]:
    """The briefing's rules that can fail, each broken one named: a surplus is positive and a deficit negative in the table it
    comes from (``02_balance_group``); with one partner no member wording and no "1 of 1"; the reporter never counted among members;
    no section printed empty (a heading followed by nothing but its figure references)."""
    broken = []
    # a claim's rule is the ledger's general wording and a figure's data table describes its table in general, not this run
    page = re.sub(r"<small>Rule:.*?</small>|<details.*?</details>", " ", page, flags=re.S)
    text = html.unescape(
        re.sub(
            r"\s+",
            " ",
            re.sub(
                r"<[^>]+>",
                " ",
                re.sub(r"<img[^>]*>|<svg.*?</svg>|<style.*?</style>|<script.*?</script>", " ", page, flags=re.S),
            ),
        )
    )
    for who, word, _, year in BALANCE_SENTENCE.findall(text):
        rows = balance[balance["year"] == int(year)]
        if len(rows) and (rows["balance_usd"].iat[0] > 0) != (word == "surplus"):
            broken.append(f"{who}'s {word} in {year} has the other sign in 02_balance_group")
    if not roles.grouped:
        broken += [f"member wording with one partner: {found!r}" for found in sorted(set(SINGULAR_ONLY.findall(text)))]
    if re.search(rf"{re.escape(roles.reporter_name)} is the largest member", text):
        broken.append("the reporter called a member")
    sections = re.split(r"<h2 ", page)[2:]  # after the contents list's own heading
    for section in sections:
        title = html.unescape(re.sub(r"<[^>]+>", "", section.split(">", 1)[1].split("</h2>")[0]))
        body = re.sub(r"<p class=\"refs\">.*?</p>", " ", section.split("</h2>", 1)[1], flags=re.S)
        words = html.unescape(
            re.sub(r"<[^>]+>|\s+", " ", re.sub(r"<img[^>]*>|<svg.*?</svg>", " [figure] ", body, flags=re.S))
        ).split()
        if len(words) < 3:
            broken.append(f"section {title!r} is empty")
    return broken


def unlabelled_years_on_the_first_page(page: str, window: set[int]) -> list[tuple[list[int], str]]:
    """The rows of the first page's claims table naming a year outside the run's window without saying the figure is
    published or projected (each with those years and the row's start)."""
    table = re.search(r'<table class="claims overview">.*?</table>', page, flags=re.S)
    found = []
    for row in re.findall(r"<tr>.*?</tr>", table.group(0) if table else "", flags=re.S):
        plain = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))).strip()
        outside = sorted({int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", plain)} - window)
        if outside and not re.search(r"publish|project", plain):
            found.append((outside, plain[:80]))
    return found


def test_the_window_rule_fails_on_a_first_page_year_outside_the_run():
    page = (
        '<table class="claims overview"><tr><td>Trade exceeded USD 1 trillion</td><td>Customs published '
        "USD 1,054.4 bn for 2025.</td></tr><tr><td>Imbalances ease</td><td>The balance narrowed from 2019 to "
        "2025.</td></tr></table>"
    )
    assert unlabelled_years_on_the_first_page(page, set(range(2011, 2025))) == [
        ([2025], "Imbalances ease The balance narrowed from 2019 to 2025.")
    ]


def test_the_role_rules_fail_on_sentences_untrue_to_the_run():
    balance = pd.DataFrame({"year": [2023], "balance_usd": [-50.1e9]})
    one = Roles.of("VNM", "CHN", 2024)
    page = (
        "<h2 id='c'>Contents</h2><h2 id='a'>Key numbers</h2><p>Vietnam's surplus with China was USD 50.1 bn in 2023 (member-recorded).</p>"
        "<h2 id='b'>Small firms and AI</h2><p class=\"refs\">Figure 3 below.</p>"
    )
    assert untrue_to_roles(page, one, balance) == [
        "Vietnam's surplus in 2023 has the other sign in 02_balance_group",
        "member wording with one partner: 'member-recorded'",
        "section 'Small firms and AI' is empty",
    ]
    fine = "<h2 id='c'>Contents</h2><h2 id='a'>Key numbers</h2><p>Vietnam's deficit with China was USD 50.1 bn in 2023 (China-recorded).</p>"
    assert untrue_to_roles(fine, one, balance) == []
