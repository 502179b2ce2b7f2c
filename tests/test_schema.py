"""The canonical flows table: validation names the bad rows and the reason."""

import pandas as pd
import pytest

from tradebook import reference, schema
from tradebook.errors import SchemaError


def rows(**changes):
    base = {
        "source": "test",
        "reporter": "CHN",
        "partner": "VNM",
        "flow": "export",
        "year": 2020,
        "month": pd.NA,
        "classification": "TOTAL",
        "product": "TOTAL",
        "value_usd": 5.0,
        "flag": "",
    }
    base.update(changes)
    return pd.DataFrame([base])


def test_valid_rows_pass_and_get_canonical_dtypes():
    table = schema.validate(rows(), reference.allowed_codes())
    assert list(table.columns) == schema.COLUMNS
    assert str(table["year"].dtype) == "int16" and str(table["month"].dtype) == "Int8"


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"value_usd": -1.0}, "negative"),
        ({"value_usd": float("nan")}, "empty"),
        ({"partner": "XYZ"}, "partner code"),
        ({"reporter": "ASEAN10"}, "reporter code"),
        ({"flow": "re-export"}, "flow is not one of"),
        ({"classification": "HS8"}, "classification"),
        ({"month": 13}, "month is outside"),
    ],
)
def test_invalid_rows_are_named_with_the_reason(change, reason):
    with pytest.raises(SchemaError, match=reason) as error:
        schema.validate(rows(**change), reference.allowed_codes())
    assert "1 row(s) invalid" in str(error.value)


def test_duplicate_keys_are_refused():
    with pytest.raises(SchemaError, match="duplicate key"):
        schema.validate(pd.concat([rows(), rows(value_usd=6.0)]), reference.allowed_codes())


def test_group_codes_are_allowed_partners():
    table = schema.validate(rows(partner="ASEAN-10"), reference.allowed_codes())
    assert table["partner"].tolist() == ["ASEAN-10"] and table["value_usd"].tolist() == [5.0]
