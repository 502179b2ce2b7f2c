"""One reduction, two engines: a BACI release in CEPII's layout (SYNTHETIC values) reduced by DuckDB and by Apache Spark.

The statements of ``baci.reduce`` are written once; both engines must return the same rows with
the same sums, and count the same rows with codes the country table lacks.
"""

import os
import shutil
import warnings

import pandas as pd
import pytest
from baci_release import UNKNOWN_CODE
from baci_release import write as write_release

from tradebook.errors import ParameterError, SchemaError
from tradebook.sources.live import baci, engines

ECONOMIES = ["CHN", "VNM", "THA", "JPN"]
KEY = ["year", "reporter", "partner", "flow", "product"]


def reduced(folder, engine):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", baci.UnknownCodeWarning)
        flows = baci.reduce(folder, ECONOMIES, engine=engine)
    said = [str(w.message) for w in caught if issubclass(w.category, baci.UnknownCodeWarning)]
    return flows.sort_values(KEY).reset_index(drop=True), said


@pytest.mark.skipif(
    shutil.which("java") is None, reason="Spark needs Java 17 (make setup installs openjdk-17-jre-headless)"
)
def test_duckdb_and_spark_reduce_a_release_to_the_same_rows_and_sums(tmp_path, monkeypatch):
    monkeypatch.delenv("SPARK_MASTER", raising=False)  # local[2]
    written = write_release(tmp_path / "BACI_HS92_V202501.zip", years=(2021, 2022))
    folder = baci.extract(tmp_path / "BACI_HS92_V202501.zip", tmp_path / "release")
    duck, duck_said = reduced(folder, "duckdb")
    spark, spark_said = reduced(folder, "spark")
    assert len(duck) > 100 and duck[KEY].equals(spark[KEY])  # the same rows
    assert (duck["value_usd"] - spark["value_usd"]).abs().max() <= 1e-6 * duck["value_usd"].abs().max()  # the same sums
    assert duck_said == spark_said and str(UNKNOWN_CODE) in duck_said[0]  # the same unknown-code rows counted
    # and both equal the hand computation from the rows written: China's exports to Viet Nam at HS6
    codes = written[(written["iso_i"] == "CHN") & (written["iso_j"] == "VNM")]
    by_hand = codes.groupby(["t", codes["k"].astype(str).str.zfill(6)])["v"].sum().mul(1000)
    mine = spark[(spark["reporter"] == "CHN") & (spark["partner"] == "VNM") & (spark["flow"] == "export")].set_index(
        ["year", "product"]
    )["value_usd"]
    pd.testing.assert_series_equal(
        mine.sort_index(),
        by_hand.rename_axis(["year", "product"]).rename("value_usd").sort_index(),
        check_dtype=False,
        check_index_type=False,
    )


def test_an_engine_the_workbook_does_not_run_stops_with_the_choices():
    with pytest.raises(
        ParameterError, match=r"ENGINE='polars' is not an engine the workbook runs: choose one of \['duckdb', 'spark'\]"
    ):
        engines.check("polars")


@pytest.mark.parametrize(
    "master, cores", [("local", 1), ("local[2]", 2), ("local[4, 3]", 4), ("local[*]", os.cpu_count() or 1)]
)
def test_a_local_master_is_read_for_its_cores(master, cores):
    assert engines.local_cores(master) == cores


@pytest.mark.skipif(
    shutil.which("java") is None, reason="Spark needs Java 17 (make setup installs openjdk-17-jre-headless)"
)
@pytest.mark.parametrize("bad_line", ["2022,156,704,999999,abc,1.0", "2022,xyz,704,999999,1.0,1.0"])
def test_both_engines_refuse_the_same_bad_rows_with_the_same_line(tmp_path, monkeypatch, bad_line):
    """A value or code that does not fit the schema stops both engines (Spark no longer reads it as NULL and drops it)."""
    monkeypatch.delenv("SPARK_MASTER", raising=False)
    write_release(tmp_path / "BACI_HS92_V202501.zip", years=(2021, 2022), extra_lines={2022: [bad_line]})
    folder = baci.extract(tmp_path / "BACI_HS92_V202501.zip", tmp_path / "release")
    said = []
    for engine in ("duckdb", "spark"):
        with pytest.raises(SchemaError) as error:
            reduced(folder, engine)
        said.append(str(error.value).split(" (")[0])
        assert "\n" not in str(error.value)
    assert said[0] == said[1] == "BACI files could not be read"
