"""Notebook 07's sentences (``questions.evidence``) on tables built here by hand."""

import pandas as pd

from tradebook.questions import evidence


def test_the_vintage_sentence_says_where_the_statistics_end_and_what_published_figures_add():
    statistical = pd.DataFrame({"last_year_used": [2022, 2024], "last_year": [2022, 2025]})
    none = pd.DataFrame(columns=["label", "last_year"])
    assert evidence.vintage_sentence(statistical, none, year_end=2024, article_year=2025, projected=True) == (
        "Statistics by member in this briefing run to **2024**. 2024 is the end of this run's years; the sources hold data to 2025. "
        "The statistics end a year short of 2025, the year the article is about. "
        "For 2025 the briefing has figures published by authorities and a projection from them."
    )
    assert evidence.vintage_sentence(statistical.iloc[:1], none, year_end=2024, article_year=2025, projected=False) == (
        "Statistics by member in this briefing run to **2022**. The statistics end 3 years short of 2025, the year the article is about. "
        "The years asked for run to 2024, which no statistical source holds."
    )
    published = pd.DataFrame(
        {
            "label": ["China's published totals with ASEAN to 2025", "GACC's release for Jan–Mar 2026"],
            "last_year": [2025, 2026],
        }
    )
    said = evidence.vintage_sentence(statistical, published, year_end=2024, article_year=2025, projected=True)
    assert said == (
        "Statistics by member in this briefing run to **2024**. 2024 is the end of this run's years; the sources hold data to 2025. "
        "After 2024 come figures China published: China's published totals with ASEAN to 2025; GACC's release for Jan–Mar 2026."
    )
    assert "short of" not in said  # no sentence says the data stop short of a year a published figure is shown for


def test_growth_periods_keep_the_years_covered_and_their_note():
    cagr = pd.DataFrame({"period": ["ACFTA", "RCEP"], "series": ["China-recorded", "China-recorded"], "cagr_pct": [6.5, None],
                         "fitted_pct": [7.1, None], "source": ["IMF DOTS", "GACC"], "price_pct": [-6.1, None],
                         "from_year": [2011, 2022], "to_year": [2015, 2022], "note": ["covers part of the period", None]})  # fmt: skip
    assert evidence.cagr_lines(cagr) == [
        "- ACFTA, China-recorded, IMF DOTS: +6.5% a year between the endpoints (2011–2015), fitted trend +7.1% a year; "
        "world export prices -6.1% a year over the same years (nominal values include them); covers part of the period"
    ]


def test_effects_by_specification_put_each_check_on_one_row():
    effects = pd.DataFrame({"specification": ["main", "main", "without 2020–2021"], "term": ["RCEP", "AANZFTA", "RCEP"],
                            "pct": [-11.4, 3.0, -16.5], "pct_low": [-18.5, 1.0, -24.5], "pct_high": [-3.6, 5.0, -7.6]})  # fmt: skip
    wide = evidence.effects_by_specification(effects)
    assert wide.to_dict("index") == {
        "main": {"RCEP": "-11.4% (-18.5 to -3.6)"},
        "without 2020–2021": {"RCEP": "-16.5% (-24.5 to -7.6)"},
    }  # controls left out
