"""The AI goods basket selects exact codes at HS6 and containing groups above."""

import pandas as pd

from tradebook import schema
from tradebook.flows import basket


def rows(classification, products):
    return schema.coerce(
        pd.DataFrame(
            [
                dict(
                    source="t",
                    reporter="MYS",
                    partner="CHN",
                    flow="export",
                    year=2020,
                    month=pd.NA,
                    classification=classification,
                    product=p,
                    value_usd=1.0,
                )
                for p in products
            ]
        )
    )


def test_hs6_selects_exact_lines():
    chosen, level = basket.select(
        rows("HS6", ["847130", "847150", "847330", "847950", "847989", "854231", "851762", "300490", "030211"]),
        basket.load(),
    )
    # the AI-compute lines and the semiconductor headings are in; laptops (847130), telephones (8517) and medicines (3004) are not
    assert level == "HS6" and set(chosen["product"]) == {"847150", "847330", "847950", "854231"}


def test_coarser_levels_select_containing_groups():
    table = basket.load()
    assert basket.codes_for(table, "HS2") == {
        "84",
        "85",
        "38",
    }  # chapter 30 (medicines) is an own line, outside the basket
    assert basket.codes_for(table, "SITC2") == {"75", "77", "72", "59"}
    chosen, level = basket.select(rows("SITC2", ["75", "76", "05"]), table)
    assert level == "SITC2" and set(chosen["product"]) == {"75"}


def test_finest_level_wins():
    mixed = pd.concat([rows("HS2", ["84"]), rows("HS6", ["847150"])])
    assert basket.select(mixed, basket.load())[1] == "HS6"
