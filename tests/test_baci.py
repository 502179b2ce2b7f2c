"""CEPII BACI bulk reader on a tiny release built here in the official layout (synthetic values)."""

import zipfile

import pandas as pd
import pytest

from tradebook.errors import SchemaError
from tradebook.sources.live import baci

VERSION = "V202401b"
COUNTRIES = (
    "country_code,country_name,country_iso2,country_iso3\n156,China,CN,CHN\n704,Viet Nam,VN,VNM\n764,Thailand,TH,THA\n"
)
# t,i,j,k,v,q — k is an integer in BACI files (010121 is written 10121); v in thousand USD
YEAR_2021 = """t,i,j,k,v,q
2021,156,704,10121,1.5,2.0
2021,156,704,10190,2.5,NA
2021,156,764,851712,100.0,3.0
2021,704,156,851712,40.0,1.0
2021,704,156,854231,60.0,0.5
"""
YEAR_2022 = """t,i,j,k,v,q
2022,156,704,851712,120.0,3.0
2022,764,156,10121,7.0,1.0
"""


@pytest.fixture
def release(tmp_path):
    path = tmp_path / f"BACI_HS92_{VERSION}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"BACI_HS92_Y2021_{VERSION}.csv", YEAR_2021)
        archive.writestr(f"BACI_HS92_Y2022_{VERSION}.csv", YEAR_2022)
        archive.writestr(f"country_codes_{VERSION}.csv", COUNTRIES)
        archive.writestr(f"product_codes_HS92_{VERSION}.csv", "code,description\n010121,Horses\n851712,Phones\n")
    return baci.extract(path, tmp_path / "extracted")


def pandas_baseline(folder, level):
    frames = [pd.read_csv(p) for p in baci.year_files(folder).values()]
    raw = pd.concat(frames)
    raw["product"] = raw["k"].astype(str).str.zfill(6).str[:level]
    return raw.groupby(["t", "i", "j", "product"])["v"].sum().mul(1000)


def test_hs2_sums_by_hand(release):
    flows = baci.aggregate(release, level="HS2").set_index(["year", "reporter", "partner", "product"])["value_usd"]
    assert flows[(2021, "CHN", "VNM", "01")] == pytest.approx((1.5 + 2.5) * 1000)  # leading zero restored
    assert flows[(2021, "VNM", "CHN", "85")] == pytest.approx(100.0 * 1000)
    assert flows[(2022, "THA", "CHN", "01")] == pytest.approx(7.0 * 1000)


@pytest.mark.parametrize("level, digits", [("HS2", 2), ("HS4", 4), ("HS6", 6)])
def test_equals_the_pandas_baseline(release, level, digits):
    ours = baci.aggregate(release, level=level)
    codes = baci.country_codes(release).set_index("iso3")["code"]
    ours_index = pd.MultiIndex.from_arrays(
        [ours["year"].astype(int), ours["reporter"].map(codes), ours["partner"].map(codes), ours["product"]]
    )
    ours_series = pd.Series(ours["value_usd"].to_numpy(), index=ours_index).sort_index()
    baseline = pandas_baseline(release, digits).sort_index()
    assert len(ours_series) == len(baseline)
    assert ours_series.to_numpy() == pytest.approx(baseline.to_numpy())


def test_filters_by_exporter_importer_and_year(release):
    flows = baci.aggregate(release, level="HS6", years=[2021], exporters=["CHN"], importers=["VNM"])
    assert set(flows["product"]) == {"010121", "010190"} and set(flows["year"]) == {2021}


def test_not_a_release(tmp_path):
    from tradebook.errors import SchemaError

    with pytest.raises(SchemaError, match="is this a BACI release"):
        baci.year_files(tmp_path)


def test_bad_zip_is_named(tmp_path):
    from tradebook.errors import FetchError

    broken = tmp_path / "BACI_HS92_V202401b.zip"
    broken.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(FetchError, match="not a valid zip"):
        baci.extract(broken, tmp_path / "out")


def test_parquet_route_gives_the_same_aggregates(release, tmp_path):
    dataset = baci.to_parquet(release, tmp_path / "parquet")
    assert sorted(p.name for p in dataset.iterdir() if p.is_dir()) == ["t=2021", "t=2022"]
    key = ["year", "reporter", "partner", "product"]
    for level in ("HS2", "HS6"):
        direct = baci.aggregate(release, level=level).sort_values(key).reset_index(drop=True)
        via_parquet = baci.read_parquet(dataset, level=level).sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(direct, via_parquet)
    sliced = baci.read_parquet(dataset, level="HS6", years=[2022], exporters=["CHN"])
    assert list(sliced["product"]) == ["851712"] and sliced["value_usd"].iloc[0] == pytest.approx(120_000.0)


def write_release(folder, year_text, countries=COUNTRIES):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"BACI_HS92_Y2021_{VERSION}.csv").write_text(year_text)
    (folder / f"country_codes_{VERSION}.csv").write_text(countries)
    return folder


@pytest.mark.parametrize(
    "year_text",
    [
        "t,i,j,k,v,q\n2021,156,704,10121,1.5,2.0\n2021,156,oops,10190\n",  # a malformed row
        "t,i,j,k,q\n2021,156,704,10121,2.0\n",  # the value column is missing
        "",  # an empty file
    ],
    ids=["malformed-row", "missing-column", "empty-file"],
)
def test_unreadable_files_stop_with_one_line(tmp_path, year_text):
    folder = write_release(tmp_path / "release", year_text)
    with pytest.raises(SchemaError, match="BACI files could not be read .*header t,i,j,k,v,q") as error:
        baci.aggregate(folder, level="HS2")
    assert "\n" not in str(error.value)


def test_a_quote_in_the_folder_name_is_not_sql(tmp_path):
    folder = write_release(tmp_path / "Dad's downloads", YEAR_2021)
    flows = baci.aggregate(folder, level="HS2").set_index(["reporter", "partner", "product"])["value_usd"]
    assert flows[("CHN", "VNM", "01")] == pytest.approx(4000.0)
    parquet = baci.to_parquet(folder, tmp_path / "it's parquet")
    assert baci.read_parquet(parquet, level="HS2")["value_usd"].sum() == pytest.approx(flows.sum())


def test_rows_with_unknown_country_codes_are_counted_and_reported(tmp_path):
    folder = write_release(tmp_path / "release", YEAR_2021 + "2021,999,156,851712,25.0,1.0\n")
    with pytest.warns(baci.UnknownCodeWarning, match="1 BACI row\\(s\\) worth USD 25,000 .*\\[999\\]"):
        flows = baci.aggregate(folder, level="HS2")
    assert flows["value_usd"].sum() == pytest.approx((1.5 + 2.5 + 100 + 40 + 60) * 1000)


def test_two_codes_with_one_iso3_are_summed_as_one_economy(tmp_path):
    """A country table may give one ISO3 to two numeric codes (a code retired and reused): the sums are merged, on both routes."""
    countries = COUNTRIES + "705,Viet Nam (former code),VN,VNM\n"
    folder = write_release(tmp_path / "release", YEAR_2021 + "2021,156,705,10121,3.0,1.0\n", countries)
    assert baci.codes_shared(baci.country_codes(folder)) and not baci.codes_shared(
        baci.country_codes(tmp_path / "release").iloc[:-1]
    )
    for flows in (
        baci.aggregate(folder, level="HS2"),
        baci.read_parquet(baci.to_parquet(folder, tmp_path / "parquet"), level="HS2"),
    ):
        china_vietnam = flows[(flows["reporter"] == "CHN") & (flows["partner"] == "VNM") & (flows["product"] == "01")]
        assert len(china_vietnam) == 1 and china_vietnam["value_usd"].iloc[0] == pytest.approx((1.5 + 2.5 + 3.0) * 1000)
