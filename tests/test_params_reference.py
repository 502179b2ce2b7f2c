"""Run parameters and country groups."""

import pandas as pd
import pytest

from tradebook import params, reference
from tradebook.errors import ParameterError


def test_unknown_partner_is_one_clear_line():
    with pytest.raises(ParameterError) as error:
        params.partner_members("ASEAN10")
    message = str(error.value)
    assert "unknown partner code 'ASEAN10'" in message and "ASEAN-10" in message and "\n" not in message


def test_single_member_partner():
    assert params.partner_members("VNM") == ["VNM"]


def test_timor_leste_joins_asean_in_2025_but_never_asean10():
    assert "TLS" not in reference.members("ASEAN", 2024)
    assert "TLS" in reference.members("ASEAN", 2025)
    assert "TLS" not in reference.members("ASEAN-10", 2025)
    assert len(reference.members("ASEAN-10", 2022)) == 10


def test_historic_membership_follows_accession_dates():
    assert "KHM" not in reference.members("ASEAN-10", 1998)  # Cambodia joined April 1999
    assert len(reference.members("ASEAN-10", 1999)) == 10
    assert len(reference.members("RCEP-15", 2023)) == 15


@pytest.mark.parametrize(
    "start, end, fragment", [(2020, 2011, "after year_end"), (1950, 2000, "outside"), ("2011", 2020, "integers")]
)
def test_bad_years(start, end, fragment):
    with pytest.raises(ParameterError, match=fragment):
        params.check_years(start, end)


def test_malformed_reference_table_is_named(project_copy):
    path = project_copy / "data" / "reference" / "country_groups.csv"
    path.write_text(path.read_text() + "ASEAN-10,XXX,2000-01-01,,a note, with a comma,extra,fields\n")
    from tradebook.errors import SchemaError

    with pytest.raises(SchemaError, match="country_groups.csv is malformed"):
        reference.groups()


def test_the_lock_pins_every_direct_dependency_at_its_listed_version_with_hashes():
    """requirements.txt (runtime) and requirements-dev.txt (the dev extra) agree with the hashed lock and with environment.yml."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]

    def pins(name):
        found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", (root / name).read_text(), flags=re.M)
        return {k.lower().replace("_", "-"): v for k, v in found}

    runtime, dev, locked = pins("requirements.txt"), pins("requirements-dev.txt"), pins("requirements.lock")
    assert (
        not set(runtime) & set(dev) and "pytest" in dev and "ruff" in dev and "pytest" not in runtime
    )  # tools apart from the runtime
    assert {name: locked.get(name) for name in runtime | dev} == runtime | dev
    entries = re.split(r"\n(?=[A-Za-z0-9])", (root / "requirements.lock").read_text().split("\n\n")[-1])
    assert all("--hash=sha256:" in entry for entry in entries if "==" in entry)  # every package of the lock is hashed
    conda = dict(re.findall(r"^  - ([a-z0-9_.-]+)=([^=\s]+)$", (root / "environment.yml").read_text(), flags=re.M))
    assert {name: conda.get(name.lower()) for name in runtime | dev} == {
        name: version for name, version in (runtime | dev).items()
    }


@pytest.mark.parametrize(
    "reporter, members, expected",
    [
        (
            "CHN",
            ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"],
            ["pre-ACFTA", "ACFTA", "upgrade", "RCEP"],
        ),
        ("CHN", ["VNM"], ["pre-ACFTA", "ACFTA", "upgrade", "RCEP"]),
        ("THA", ["CHN"], ["pre-ACFTA", "ACFTA", "upgrade", "RCEP"]),  # the same pair, the member's record
        ("USA", ["VNM"], []),  # the China–ASEAN agreements do not belong to this pair
        ("CHN", ["JPN", "KOR"], []),
    ],
)
def test_policy_periods_belong_to_their_pair(reporter, members, expected):

    assert reference.periods_for(reporter, members)["period"].tolist() == expected


def test_a_pair_without_policy_periods_gets_the_whole_window():
    from tradebook.flows import series

    values = pd.Series([100.0, 110.0, 121.0], index=[2016, 2017, 2018])
    table = series.cagr_by_period(values, "USA-recorded", policy_periods=reference.periods_for("USA", ["VNM"]))
    assert table["period"].tolist() == ["whole window 2016–2018"]
    assert table["cagr_pct"].iloc[0] == pytest.approx(10.0) and (
        table["from_year"].iloc[0],
        table["to_year"].iloc[0],
    ) == (2016, 2018)
    one_year = series.cagr_by_period(
        values.iloc[:1], "USA-recorded", policy_periods=reference.periods_for("USA", ["VNM"])
    )
    assert one_year.empty and "cagr_pct" in one_year  # no growth to report, and a reader of the column still finds it
