"""The AI goods basket selects exact codes at HS6 and containing groups above."""

import pandas as pd

from tradebook import basket, schema


def rows(classification, products):
    return schema.coerce(
        pd.DataFrame(
            [
                dict(source="t", reporter="MYS", partner="CHN", flow="export", year=2020, month=pd.NA, classification=classification, product=p, value_usd=1.0)
                for p in products
            ]
        )
    )


def test_hs6_selects_exact_lines():
    chosen, level = basket.select(rows("HS6", ["847130", "847950", "847989", "854231", "300490", "030211"]), basket.load())
    assert level == "HS6" and set(chosen["product"]) == {"847130", "847950", "854231", "300490"}


def test_coarser_levels_select_containing_groups():
    table = basket.load()
    assert basket.codes_for(table, "HS2") == {"84", "85", "30"}
    assert basket.codes_for(table, "SITC2") == {"75", "76", "77", "72", "54"}
    chosen, level = basket.select(rows("SITC2", ["75", "76", "05"]), table)
    assert level == "SITC2" and set(chosen["product"]) == {"75", "76"}


def test_finest_level_wins():
    mixed = pd.concat([rows("HS2", ["84"]), rows("HS6", ["847130"])])
    assert basket.select(mixed, basket.load())[1] == "HS6"
