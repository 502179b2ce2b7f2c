"""After ``make refresh`` with a CEPII BACI release in its real layout (SYNTHETIC values, tests/baci_release.py):
every product section of notebooks 02, 03 and 05 is filled for every member, the briefing's product figures
equal the ones computed here by hand from the release's rows, and the briefing names the release and its years."""

import pandas as pd
import pytest
from baci_release import write as write_release

from tradebook import __main__ as cli
from tradebook import reference
from tradebook.flows import basket
from tradebook.runner import pipeline
from tradebook.themes import claims

MEMBERS = set(reference.members("ASEAN-10"))
PRODUCT_TABLES = {  # every product section of 02, 03 and 05, with the column that names the member
    "02_top_products_by_member": "partner",
    "02_import_share_by_product": "member",
    "02_top_import_by_member": "member",
    "03_tci_by_member": "importer",
    "03_grubel_lloyd_by_member": "partner",
    "03_dominant_products_by_member": "member",
    "05_basket_by_member": "partner",
}


def cagr(first: float, last: float, years: int) -> float:
    return 100 * ((last / first) ** (1 / years) - 1)


@pytest.fixture(scope="module")
def refreshed_run(tmp_path_factory):
    """One BACI refresh and one workbook run (01, 02, 03, 05, 07 for 2019–2022), shared by the tests below."""
    root = tmp_path_factory.mktemp("project")
    monkeypatch = pytest.MonkeyPatch()
    import shutil

    from conftest import ROOT

    for folder in ("data/raw", "data/reference", "notebooks"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.setenv("TRADEBOOK_ROOT", str(root))
    monkeypatch.setenv("TRADEBOOK_OUTPUTS", str(root / "outputs"))
    zip_path = root / "BACI_HS92_V202501.zip"
    rows = write_release(zip_path, years=(2020, 2021, 2022))
    params = root / "baci.yaml"
    params.write_text(
        "extends: notebooks/params/default.yaml\n"
        "notebooks: [01_load_data.ipynb, 02_trade_structure.ipynb, 03_complementarity.ipynb, 05_ai_drivers.ipynb, 07_briefing.ipynb]\n"
        "parameters: {year_start: 2019, year_end: 2022}\n"
    )
    assert cli.main(["refresh", "--params", str(params), "--baci", str(zip_path)]) == 0
    pipeline.run(params, output_root=root / "outputs", progress=False)
    yield root / "outputs", rows
    monkeypatch.undo()


@pytest.mark.workbook
def test_every_product_section_is_filled_for_every_member(refreshed_run):
    out, _ = refreshed_run
    for table, column in PRODUCT_TABLES.items():
        assert set(pd.read_csv(out / "tables" / f"{table}.csv")[column]) == MEMBERS, table
    tci = pd.read_csv(out / "tables" / "03_tci_by_member.csv")
    assert {"CHN", "JPN", "KOR", "AUS"} <= set(tci["exporter"])  # the benchmarks at the same product level


@pytest.mark.workbook
def test_the_briefing_figures_equal_the_hand_computed_ones(refreshed_run):
    out, rows = refreshed_run
    page = (out / "briefing.html").read_text()
    latest = rows[rows["t"] == 2022]
    # 1. Viet Nam's largest import from China, its value and China's share of Viet Nam's imports of it
    from_china = latest[(latest["iso_i"] == "CHN") & (latest["iso_j"] == "VNM")].groupby("k")["v"].sum()
    top = from_china.idxmax()
    world = latest[(latest["iso_j"] == "VNM") & (latest["k"] == top)]["v"].sum()  # every exporter, unknown codes too
    row = f"<td>Vietnam</td><td>2022</td><td>{top:06d} "
    assert row in page
    cell = page[page.index(row) :].split("</tr>")[0]
    assert f"USD {from_china[top] * 1000 / 1e6:,.1f} m" in cell and f"{100 * from_china[top] / world:.1f}%" in cell
    # 2. the most products in which China supplies more than half of a member's imports
    imports = latest[latest["iso_j"].isin(MEMBERS)]
    china = imports[imports["iso_i"] == "CHN"].groupby(["iso_j", "k"])["v"].sum()
    share = china / imports.groupby(["iso_j", "k"])["v"].sum().reindex(china.index)
    over_half = (share > 0.5).groupby(level="iso_j").sum()
    assert f"supplies more than half of a member's imports in up to {over_half.max()} of " in page
    # 3. C08: the AI basket (exact HS6 codes) against all trade with Viet Nam, 2020–2022, both directions
    goods = basket.load()
    wanted4, wanted6 = {c for c in goods["code"] if len(c) == 4}, {c for c in goods["code"] if len(c) == 6}
    pair = rows[
        ((rows["iso_i"] == "CHN") & (rows["iso_j"] == "VNM")) | ((rows["iso_i"] == "VNM") & (rows["iso_j"] == "CHN"))
    ]
    code = pair["k"].map("{:06d}".format)
    in_basket = pair[code.str[:4].isin(wanted4) | code.isin(wanted6)].groupby("t")["v"].sum()
    total = pair.groupby("t")["v"].sum()
    expected = f"Vietnam 2020–2022 (HS6): {cagr(in_basket[2020], in_basket[2022], 2):+.1f}% vs {cagr(total[2020], total[2022], 2):+.1f}% a year"
    assert expected in claims.results().set_index("claim_id").at["C08", "evidence"]


@pytest.mark.workbook
def test_vintage_sources_and_caveats_name_the_release_and_its_years(refreshed_run):
    out, _ = refreshed_run
    page = (out / "briefing.html").read_text()
    assert page.count("CEPII BACI HS92 V202501") >= 3  # vintage table, sources, caveats
    vintage = pd.read_csv(out / "tables" / "01_data_vintage.csv").set_index("source")
    assert vintage.at["baci", "label"].startswith("CEPII BACI HS92 V202501") and (
        vintage.at["baci", "first_year"],
        vintage.at["baci", "last_year"],
    ) == (
        2020,
        2022,
    )
    assert "other pairs need a UN Comtrade or BACI refresh" not in page
    assert "every member's product detail here comes from the refreshed data" in page
    evidence = claims.results().set_index("claim_id")["evidence"]
    assert "By product (CEPII BACI HS92 V202501" in evidence["C02"]
    assert "CEPII BACI HS92 V202501" in evidence["C05"] and "CEPII BACI HS92 V202501" in evidence["C08"]
    assert claims.results().set_index("claim_id").at["C08", "verdict"] != "inconclusive"  # HS6 decides
