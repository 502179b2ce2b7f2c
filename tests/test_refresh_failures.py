"""A BACI refresh that cannot be trusted stops with one line, or says what it did (releases built here, SYNTHETIC values)."""

import zipfile

import pandas as pd
import pytest
from baci_release import UNKNOWN_CODE
from baci_release import write as write_release

from tradebook import __main__ as cli
from tradebook.errors import FetchError, SchemaError
from tradebook.flows import dataset
from tradebook.sources.live import baci, external, refresh

RUN = {"reporter": "CHN", "partner": "VNM", "year_end": 2022}


def reduced(target) -> pd.Series:
    flows = pd.read_parquet(target)
    return flows[flows["flow"] == "export"].set_index(["year", "reporter", "partner", "product"])["value_usd"]


@pytest.mark.parametrize(
    "header, shown",
    [("t,j,i,k,v,q", "'t,j,i,k,v,q'"), ("t,i,j,k,value,q", "'t,i,j,k,value,q'"), ("i,j,k,v,q", "'i,j,k,v,q'")],
    ids=["exporter-importer-swapped", "value-renamed", "year-missing"],
)
def test_columns_are_checked_by_name_not_position(project_copy, tmp_path, header, shown):
    zip_path = tmp_path / "BACI_HS92_V202501.zip"
    write_release(zip_path, years=(2022,), header=header)
    with pytest.raises(SchemaError, match=f"BACI_HS92_Y2022_V202501.csv has {shown}.*header t,i,j,k,v,q") as error:
        refresh.reduce_baci(zip_path, RUN)
    assert "\n" not in str(error.value) and external.rows().empty


def test_a_member_missing_from_the_country_table_is_named_and_its_rows_counted(project_copy, tmp_path):
    zip_path = tmp_path / "BACI_HS92_V202501.zip"
    rows = write_release(zip_path, years=(2022,), omit_countries=("VNM",))
    unknown = rows[rows["i"].isin([704, UNKNOWN_CODE]) | rows["j"].isin([704, UNKNOWN_CODE])]
    with pytest.warns(baci.UnknownCodeWarning) as caught:
        target = refresh.reduce_baci(zip_path, RUN)
    message = str(caught[0].message)
    assert f"{len(unknown):,} BACI row(s)" in message and "[704, 899]" in message
    assert "economies ['VNM'] are not in the release's country table" in message
    assert "VNM" not in set(pd.read_parquet(target)["reporter"])


def test_rows_with_unknown_codes_count_in_world_totals_only(project_copy, tmp_path):
    zip_path = tmp_path / "BACI_HS92_V202501.zip"
    rows = write_release(zip_path, years=(2022,))
    with pytest.warns(baci.UnknownCodeWarning):
        flows = pd.read_parquet(refresh.reduce_baci(zip_path, RUN)).set_index(
            ["reporter", "partner", "flow", "product"]
        )["value_usd"]
    vnm = rows[(rows["j"] == 704) & (rows["k"] == 851712)]
    assert flows[("VNM", "WLD", "import", "851712")] == pytest.approx(vnm["v"].sum() * 1000)  # the unknown exporter too
    assert flows[("VNM", "CHN", "import", "851712")] == pytest.approx(vnm[vnm["i"] == 156]["v"].sum() * 1000)


def test_a_new_zip_under_the_same_name_replaces_the_old_values(project_copy, tmp_path):
    zip_path = tmp_path / "BACI_HS92_V202501.zip"
    write_release(zip_path, years=(2022,), seed=1)
    with pytest.warns(baci.UnknownCodeWarning):
        first = reduced(refresh.reduce_baci(zip_path, RUN))
    new_rows = write_release(zip_path, years=(2022,), seed=2)  # CEPII re-issued the file under its name
    with pytest.warns(baci.UnknownCodeWarning):
        second = reduced(refresh.reduce_baci(zip_path, RUN))
    expected = new_rows[(new_rows["i"] == 156) & (new_rows["j"] == 704)].groupby("k")["v"].sum() * 1000
    assert not first.equals(second)
    assert second.xs(("CHN", "VNM"), level=["reporter", "partner"]).droplevel(
        "year"
    ).sort_index().tolist() == pytest.approx(expected.sort_index().tolist())
    assert len(external.rows()) == 2  # the new parquet and its names; the old reduction is gone
    loaded = dataset.load_flows(["baci"])
    exports = loaded[(loaded["reporter"] == "CHN") & (loaded["partner"] == "VNM") & (loaded["flow"] == "export")]
    assert exports["value_usd"].sum() == pytest.approx(expected.sum())


def test_two_releases_one_after_the_other_use_the_newest_and_say_so(project_copy, tmp_path, capsys):
    params = project_copy / "vnm.yaml"
    params.write_text(
        "notebooks: [02_trade_structure.ipynb]\nparameters: {partner: VNM, year_start: 2020, year_end: 2022}\n"
    )
    older, newer = tmp_path / "BACI_HS92_V202401b.zip", tmp_path / "BACI_HS92_V202501.zip"
    write_release(older, years=(2021, 2022), seed=1)
    new_rows = write_release(newer, years=(2021, 2022), seed=2)
    assert cli.main(["refresh", "--params", str(params), "--baci", str(older)]) == 0
    assert cli.main(["refresh", "--params", str(params), "--baci", str(newer)]) == 0
    printed = capsys.readouterr()
    assert "uses the newest, V202501, and ignores the others" in printed.out and "warning: " in printed.err
    assert external.baci_releases() == ["V202501", "V202401b"]
    loaded = dataset.load_flows(["baci"])  # no duplicate key: one release is read
    pair = loaded[(loaded["reporter"] == "CHN") & (loaded["partner"] == "VNM") & (loaded["flow"] == "export")]
    assert pair["value_usd"].sum() == pytest.approx(
        new_rows[(new_rows["i"] == 156) & (new_rows["j"] == 704)]["v"].sum() * 1000
    )
    assert external.describe()["baci"].startswith("CEPII BACI HS92 V202501")


def test_a_corrupted_zip_stops_with_one_line(project_copy, tmp_path):
    zip_path = tmp_path / "BACI_HS92_V202501.zip"
    write_release(zip_path, years=(2022,))
    data = bytearray(zip_path.read_bytes())
    with zipfile.ZipFile(zip_path) as archive:
        start = archive.infolist()[0].header_offset + 60
    for offset in range(start, start + 200, 7):  # flip bytes inside the first member's compressed data
        data[offset] ^= 0xFF
    zip_path.write_bytes(bytes(data))
    with pytest.raises(FetchError, match="is not a valid zip .*download it again") as error:
        refresh.reduce_baci(zip_path, RUN)
    assert "\n" not in str(error.value)
    assert not list(
        (project_copy / "data" / "external" / "baci").glob("*/.extracted")
    )  # nothing half-extracted is kept


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--baci", "{tmp}"], "is a folder: give the BACI release zip itself"),
        (["--baci", "{tmp}/BACI_HS92_V209901.zip"], "not found: download it from"),
    ],
    ids=["a-folder", "no-such-file"],
)
def test_refresh_arguments_that_stop_with_one_line(project_copy, tmp_path, capsys, args, fragment):
    assert cli.main(["refresh", *(a.format(tmp=tmp_path) for a in args)]) == 1
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err and err.startswith("error: ")


def test_refresh_with_a_misspelt_parameter_plans_nothing(project_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(refresh, "run_comtrade", lambda *a, **k: pytest.fail("a refresh was planned"))
    params = project_copy / "typo.yaml"
    params.write_text("extends: notebooks/params/default.yaml\nparameters: {partnr: VNM}\n")
    assert cli.main(["refresh", "--params", str(params)]) == 1
    err = capsys.readouterr().err.strip()
    assert "unknown parameter 'partnr' (did you mean 'partner'?)" in err and "\n" not in err


def test_without_a_refresh_nothing_is_described_or_named(project_copy):
    assert external.describe() == {} and external.product_names() == {} and external.baci_releases() == []
    assert dataset.refreshed_sources() == []
