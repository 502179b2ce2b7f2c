"""Hand-kept reference tables in data/reference/: countries, source spellings, groups, HS sections."""

from __future__ import annotations

from datetime import date
from functools import cache, wraps

import pandas as pd
from babel import Locale
from babel.core import get_global

from tradebook import config, language
from tradebook.errors import ParameterError, SchemaError
from tradebook.schema import WORLD


def per_folder(function):
    """Cache ``function`` once per project root (``config.paths().root``), so a test's project copy never sees the checkout's tables."""
    cached = cache(lambda root, *args: function(*args))

    @wraps(function)
    def wrapper(*args):
        return cached(config.paths().root, *args)

    return wrapper


def read_table(name: str, columns: list[str], *, key: list[str] | None = None, **options) -> pd.DataFrame:
    """Read data/reference/``name``, stopping with one line if it is missing, unreadable, malformed or has a key twice.

    ``key``: the columns that identify a row; a value given twice (a country listed twice, a
    period row copied) would otherwise be used twice or silently overridden.
    """
    path = config.paths().reference / name
    shown = f"data/reference/{name}"
    restore = f"restore it with `git checkout -- {shown}`"
    try:
        table = pd.read_csv(path, encoding="utf-8", **options)
    except FileNotFoundError:
        raise SchemaError(f"{shown} is missing: {restore}") from None
    except IsADirectoryError:
        raise SchemaError(f"{shown} is a folder, not a table: {restore}") from None
    except UnicodeDecodeError as error:
        raise SchemaError(
            f"{shown} is not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start}): save it as UTF-8"
        ) from None
    except pd.errors.EmptyDataError:
        raise SchemaError(f"{shown} is empty: {restore}") from None
    except pd.errors.ParserError as error:
        raise SchemaError(
            f"{shown} is malformed ({str(error).splitlines()[-1]}): quote fields that contain commas"
        ) from None
    except ValueError as error:  # a column declared numeric holds text
        raise SchemaError(
            f"{shown} has a value of the wrong type ({' '.join(str(error).split())[:120]}): fix that row"
        ) from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SchemaError(f"{shown} lacks columns {missing}")
    if key:
        twice = table[table.duplicated(key, keep=False)]
        if len(twice):
            first = ", ".join(f"{k}={twice.iloc[0][k]}" for k in key)
            raise SchemaError(
                f"{shown} lists {first} more than once ({len(twice)} rows): keep one row per {'/'.join(key)}"
            )
    return table


def read_dates(table: pd.DataFrame, column: str, name: str, *, optional: bool = False) -> pd.Series:
    """``table[column]`` as dates (YYYY-MM-DD), or one line naming the first value that is not one."""
    values = table[column].replace("", None) if optional else table[column]
    parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    bad = table.loc[parsed.isna() & (values.notna() if optional else True), column]
    if len(bad):
        raise SchemaError(f"data/reference/{name}: {column}={bad.iloc[0]!r} is not a date (YYYY-MM-DD): fix that row")
    return parsed


@per_folder
def countries() -> pd.DataFrame:
    """ISO3 code and short English name (Harvard Growth Lab country list, plus a few territories)."""
    return read_table("countries.csv", ["iso3", "name"], key=["iso3"], dtype=str)


@per_folder
def groups() -> pd.DataFrame:
    """Country groups with membership dates: group, iso3, joined, left, note, source_url."""
    name = "country_groups.csv"
    table = read_table(
        name, ["group", "iso3", "joined", "left", "source_url"], key=["group", "iso3"], dtype=str, keep_default_na=False
    )
    table["joined"] = read_dates(table, "joined", name)
    table["left"] = read_dates(table, "left", name, optional=True)
    return table


@per_folder
def hs_sections() -> pd.DataFrame:
    """The 21 HS sections with their chapter ranges (WCO nomenclature)."""
    return read_table(
        "hs_sections.csv",
        ["section", "name", "first_chapter", "last_chapter"],
        key=["section"],
        dtype={"first_chapter": str, "last_chapter": str},
    )


def group_ids() -> list[str]:
    """Known group ids (e.g. ASEAN-10, ASEAN, RCEP-15)."""
    return list(_group_ids())


@per_folder
def _group_ids() -> tuple[str, ...]:
    return tuple(sorted(groups()["group"].unique()))


@per_folder
def _names() -> dict[str, str]:
    """ISO3 → short name, read once (``name_of`` is called for every label of every figure and sentence)."""
    table = countries()
    return dict(zip(table["iso3"], table["name"]))


def allowed_codes() -> set[str]:
    """Every code a reporter or partner may take: ISO3 countries, WLD, and group ids."""
    return set(countries()["iso3"]) | {WORLD} | set(group_ids())


def members(group: str, year: int | None = None) -> list[str]:
    """ISO3 members of ``group``; with ``year``, only those members by the end of that year.

    ASEAN-10 is the fixed historic membership; ASEAN adds Timor-Leste from October 2025.
    """
    table = groups()
    rows = table[table["group"] == group]
    if rows.empty:
        raise ParameterError(f"unknown group {group!r}: use one of {group_ids()} (data/reference/country_groups.csv)")
    if year is not None:
        end = pd.Timestamp(date(year, 12, 31))
        rows = rows[(rows["joined"] <= end) & (rows["left"].isna() | (rows["left"] > end))]
    return sorted(rows["iso3"])


def name_of(code: str) -> str:
    """Display name of an ISO3 code or group id, in the edition's language (``chinese_name`` in the Chinese edition)."""
    if language.chinese():
        return chinese_name(code)
    if code in _group_ids():
        return code
    if code == WORLD:
        return "World"
    return _names().get(code, code)


def label(code: str) -> str:
    """How a run names an economy or a group: a group id as it is ("ASEAN-10"), a country by its short name."""
    return name_of(code) if language.chinese() or code not in _group_ids() else code


def chinese_name(code: str) -> str:
    """The Chinese name of an ISO3 code or group id: GACC's own where the glossary gives one (中国香港, 东盟10国),
    else CLDR's through Babel (VNM → 越南); the code itself if neither knows it."""
    own = _glossary_names()
    if code in own:
        return own[code]
    alpha2 = get_global("territory_aliases").get(code)
    territories = Locale.parse("zh_Hans").territories
    return territories.get(alpha2[0], code) if alpha2 else code


@per_folder
def glossary() -> pd.DataFrame:
    """The Chinese edition's terms (data/reference/glossary.csv): term, en, zh_hans, kind, source, source_url."""
    return read_table("glossary.csv", ["term", "en", "zh_hans", "kind", "source", "source_url"], key=["term"])


@per_folder
def _glossary_names() -> dict[str, str]:
    table = glossary()
    rows = table[table["kind"] == "economy"]
    return dict(zip(rows["term"], rows["zh_hans"]))


def term(name: str) -> str:
    """A statistical term in the edition's language, from the glossary (``term("exports")`` → 出口 in Chinese)."""
    table = glossary().set_index("term")
    if name not in table.index:
        raise SchemaError(f"data/reference/glossary.csv has no term {name!r}: add a row with its source")
    return str(table.at[name, "zh_hans" if language.chinese() else "en"])


def in_edition(row: pd.Series, column: str) -> str:
    """A hand-kept table's text in the edition's language: ``<column>_zh_hans`` in Chinese where the table gives it, else
    ``<column>`` (e.g. published_figures.csv's ``partner_definition``)."""
    translated = row.get(f"{column}_zh_hans", "") if language.chinese() else ""
    return str(translated) if isinstance(translated, str) and translated else str(row[column])


def publisher_name(publisher: str) -> str:
    """A publisher as the edition names it: "GACC" in English, the glossary's 海关总署 in Chinese (the code where the
    glossary has no row)."""
    return term(publisher) if language.chinese() and publisher in set(glossary()["term"]) else publisher


def period_name(period: str) -> str:
    """A policy period as the edition names it: the id of data/reference/periods.csv in English ("ACFTA"), the glossary's
    Chinese name in Chinese (the glossary keys a period that shares its id with an agreement as "<id>-period")."""
    if not language.chinese():
        return period
    table = glossary().set_index("term")
    for key in (f"{period}-period", period):
        if key in table.index and table.at[key, "kind"] == "period":
            return str(table.at[key, "zh_hans"])
    raise SchemaError(
        f"data/reference/glossary.csv has no Chinese name for the period {period!r}: add a row with its source"
    )


@per_folder
def verdict_words() -> pd.DataFrame:
    """Each verdict's words in each edition (data/reference/verdicts.csv): verdict, en, zh_hans, zh_hans_source."""
    return read_table("verdicts.csv", ["verdict", "en", "zh_hans", "zh_hans_source"], key=["verdict"])


def verdict_word(verdict: str) -> str:
    """The verdict as the edition prints it ("partly supported" → 部分得到支持); an unknown one as it is."""
    words = verdict_words().set_index("verdict")
    if verdict not in words.index:
        return verdict
    return str(words.at[verdict, "zh_hans" if language.chinese() else "en"])


@per_folder
def chinese_claims() -> pd.DataFrame:
    """The claims in Chinese (data/reference/claims_zh_hans.csv): claim_id, speaker, claim, rule, wording (whose words
    they are: the translation is the workbook authors' where no Chinese report of the article is public)."""
    return read_table("claims_zh_hans.csv", ["claim_id", "speaker", "claim", "rule", "wording"], key=["claim_id"])


@per_folder
def source_spellings(source: str) -> pd.DataFrame:
    """Spellings of ``source`` ('imf' or 'dosm') mapped to ISO3; kind is country, world or aggregate."""
    table = read_table(
        "country_names.csv",
        ["source", "name", "iso3", "kind"],
        key=["source", "name"],
        dtype=str,
        keep_default_na=False,
    )
    return table[table["source"] == source].set_index("name")


def to_iso3(names: pd.Series, source: str) -> pd.Series:
    """Map a source's country spellings to ISO3 ('' for aggregates we do not keep).

    Raises SchemaError naming the unknown spellings, so a new partner name in a refreshed
    file is added to data/reference/country_names.csv rather than silently dropped.
    """
    spellings = source_spellings(source)
    unknown = sorted(set(names.dropna()) - set(spellings.index))
    if unknown:
        raise SchemaError(
            f"{len(unknown)} {source} country name(s) not in data/reference/country_names.csv: {unknown[:5]} — add a row (source,name,iso3,kind) for each"
        )
    return names.map(spellings["iso3"])


def hs2_to_section(hs2_rows: pd.DataFrame) -> pd.DataFrame:
    """Re-label HS2 rows with their HS section (1–21) via data/reference/hs_sections.csv."""
    sections = hs_sections()
    chapter_to_section = {
        f"{c:02d}": str(row.section)
        for row in sections.itertuples()
        for c in range(int(row.first_chapter), int(row.last_chapter) + 1)
    }
    out = hs2_rows.copy()
    out["product"] = out["product"].map(chapter_to_section).fillna("other")
    out["classification"] = "HS-section"
    return out


def section_names() -> pd.Series:
    """HS section number (as string) → its short name in the edition's language (OEC's English name; in Chinese the
    ``name_zh_hans`` column, the workbook authors' short form of the HS section titles)."""
    sections = hs_sections()
    column = "name_zh_hans" if language.chinese() and "name_zh_hans" in sections else "name"
    return pd.Series(sections[column].to_numpy(), index=sections["section"].astype(str))


def periods() -> pd.DataFrame:
    """Policy periods (data/reference/periods.csv), each for the pair it belongs to; open last_year = latest data."""
    return read_table(
        "periods.csv",
        ["period", "economy", "partner_group", "first_year", "last_year", "label", "source_url"],
        key=["period", "economy", "partner_group"],
        dtype={"first_year": "Int64", "last_year": "Int64"},
    )


def periods_for(reporter: str, partners: list[str]) -> pd.DataFrame:
    """The policy periods that belong to this run's pair: ``economy`` with members of ``partner_group``, either way round.

    China with ASEAN-10 (or one member), and a member with China, get the ACFTA periods; any
    other pair gets none (``series.cagr_by_period`` then gives one row for the whole window).
    """
    table = periods()
    keep = [
        (reporter == row.economy and set(partners) <= set(members(row.partner_group)))
        or (partners == [row.economy] and reporter in members(row.partner_group))
        for row in table.itertuples()
    ]
    return table[keep].reset_index(drop=True)
