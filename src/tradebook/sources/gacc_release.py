"""China Customs' (GACC) monthly release "(4) China's Total Export & Import Values by Country/Region", read from the page.

GACC's English statistics site (english.customs.gov.cn, "Statics") publishes the table each month
as an HTML page, in yuan ("(in CNY)", unit CNY 100 million, 亿元) and in dollars. A page holds one
row per economy or group (Total, the EU and four members, the US, ASEAN and, "of which", six of
its members, Japan, Hong Kong …, RCEP, Belt and Road) and, in two layouts:

- a month after January–February: the month and the year to date for exports + imports,
  exports and imports (six value columns), then the year to date's year-on-year change, %;
- January–February: the two months together (three value columns), then the y/y change.

The page's note defines each group (ASEAN: "Brunei, Myanmar, Cambodia, Indonesia, Laos,
Malaysia, Philippines, Singapore, Thailand, Vietnam", the ten members before Timor-Leste joined
on 26 October 2025). Brunei, Cambodia, Laos and Myanmar have no row of their own. Some older
pages (January 2018) carry the table only as an image, which no loader can read.

``read_page`` returns the table long (one row per partner × flow × period, yuan), with the
page's own checks done: the unit is CNY 100 million (a dollar page or another unit is refused
by name), exports + imports equal the total (to the rounding of the page), and the six ASEAN
members listed sum to no more than the ASEAN row. Source: GACC, "China Customs Statistics"
monthly releases, http://english.customs.gov.cn/statics/report/monthly.html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from tradebook import language
from tradebook.errors import RawDataError

SOURCE = "gacc_release"
RELEASES_URL = "http://english.customs.gov.cn/statics/report/monthly.html"
TITLE = "(4) China's Total Export & Import Values by Country/Region"
UNIT = "Unit: CNY 100 Million"
CNY_PER_UNIT = 1e8  # 亿元
ROUNDING = 0.15  # units of the page: each figure is rounded to 0.1 on its own, so a sum may differ by 0.1
MONTHS = {
    name: number
    for number, name in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1
    )
}
# the page's partner labels → ISO3 or the group id the workbook uses; rows not named here are kept under their label
PARTNERS = {
    "Total": "WLD", "ASEAN": "ASEAN-10", "Vietnam": "VNM", "Malaysia": "MYS", "Thailand": "THA", "Singapore": "SGP",
    "Indonesia": "IDN", "Philippines": "PHL", "United States (US)": "USA", "Japan": "JPN", "R. O. Korea": "KOR",
    "Australia": "AUS", "Hong Kong, China": "HKG", "India": "IND", "European Union": "EU",
    "Regional Comprehensive Economic Partnership": "RCEP-15",
}  # fmt: skip
FLOWS = ("total", "export", "import")


class ImageOnlyPage(RawDataError):
    """A release page whose table GACC published as a picture."""


class _Cells(HTMLParser):
    """The text of every table row (a list of cell texts per ``<tr>``), the release date and the images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.images: list[str] = []
        self.title = ""
        self.release_date = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "img":
            self.images.append(attributes.get("src") or "")
        elif tag == "title":
            self._in = "title"
        elif tag == "div" and attributes.get("class") == "atcl-date":
            self._in = "date"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag in ("title", "div"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._in == "title":
            self.title += data
        elif self._in == "date":
            self.release_date += data.strip()


@dataclass(frozen=True)
class Period:
    """The months a page covers: ``year``, the first and last month of its year-to-date columns, and whether it has a month column."""

    year: int
    first_month: int
    last_month: int
    has_month_column: bool

    @property
    def label(self) -> str:
        """The period for a reader: "Jan–Mar 2026" (2026年1—3月 in the Chinese edition, ``language.period``)."""
        if language.chinese():
            return language.period(self.year, self.first_month, self.last_month)
        names = list(MONTHS)
        if self.first_month == self.last_month:
            return f"{names[self.last_month - 1]} {self.year}"
        return f"{names[self.first_month - 1]}–{names[self.last_month - 1]} {self.year}"


def _period(title: str, name: str) -> Period:
    """The period a page's title names: 'Mar 2026' (month and year to date) or 'January-February 2025' (two months together)."""
    two = re.search(r"January-February (\d{4})", title)
    if two:
        return Period(int(two.group(1)), 1, 2, has_month_column=False)
    one = re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})", title)
    if one:
        return Period(int(one.group(2)), 1, MONTHS[one.group(1)], has_month_column=True)
    raise RawDataError(
        f"{name}: the title {title[:90]!r} names no month and year GACC's releases use (e.g. 'Mar 2026', 'January-February 2025')"
    )


def _number(text: str, name: str, label: str) -> float:
    cleaned = text.replace(",", "").replace("\xa0", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        raise RawDataError(
            f"{name}: the row {label!r} holds {text!r} where a number belongs: is this an unchanged GACC release page?"
        ) from None


def asean_definition(rows: list[list[str]]) -> list[str]:
    """The members the page's note lists for ASEAN (empty if the note is absent)."""
    note = " ".join(cell for row in rows for cell in row if cell.startswith("Note"))
    found = re.search(r"ASEAN\)\s*includes:\s*([^;]+);", note)
    return [member.strip() for member in found.group(1).split(",")] if found else []


def read_page(path: Path) -> pd.DataFrame:
    """One release page as a long table: partner, label, flow, period (``month`` or ``year_to_date``), year,
    first_month, last_month, value_cny (whole yuan), yoy_pct (the year to date's change, % ), release_date, page.

    Stops with one line, naming the file, if the page is not this table, holds it only as an
    image, is in another currency or unit, or fails its own sums.
    """
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RawDataError(
            f"{name} is not a UTF-8 web page: save the release from GACC's site as HTML (Save Page As…, web page, HTML only)"
        ) from None
    cells = _Cells()
    cells.feed(text)
    title = " ".join(cells.title.split())
    table_images = [src for src in cells.images if "excel" in src.lower()]  # the site's own icons live under /Images/
    if not cells.rows and (table_images or TITLE in title):
        raise ImageOnlyPage(
            f"{name} holds the table only as an image ({table_images[0] if table_images else 'no HTML table'}): GACC published this month "
            "as a picture, which cannot be read as figures; use the release's Excel file, or another month's page"
        )
    if TITLE not in title:
        raise RawDataError(
            f"{name} is not GACC's release {TITLE!r} (its title is {title[:80]!r}): save that table's page"
        )
    if "(in CNY)" not in title:
        raise RawDataError(
            f"{name} is the release in another currency ({title[-20:]!r}): save the page marked '(in CNY)'; the workbook reads GACC's yuan table"
        )
    unit = next((row[0] for row in cells.rows if row and row[0].startswith("Unit:")), "")
    if unit != UNIT:
        raise RawDataError(
            f"{name}: the table's unit is {unit or 'not stated'!r}, not {UNIT!r}: save the page marked '(in CNY)' with GACC's usual unit"
        )
    period = _period(title, name)
    width = 9 if period.has_month_column else 6
    members = asean_definition(cells.rows)
    released = cells.release_date.replace("/", "-")
    records = []
    for row in cells.rows:
        if len(row) != width + 1 or not re.match(r"^-?[\d,]+\.\d", row[1].replace("\xa0", "")):
            continue  # titles, headers and the note
        label = re.sub(r"^of which:\s*", "", row[0]).strip()
        values = [_number(cell, name, label) for cell in row[1:]]
        year_on_year = dict(zip(FLOWS, values[-3:]))
        columns = values[:-3]
        for position, flow in enumerate(FLOWS):
            pairs: list[tuple[str, float]] = (
                [("month", columns[2 * position]), ("year_to_date", columns[2 * position + 1])]
                if period.has_month_column
                else [("year_to_date", columns[position])]
            )
            for kind, value in pairs:
                records.append(
                    {
                        "partner": PARTNERS.get(label, label),
                        "label": label,
                        "flow": flow,
                        "period": kind,
                        "year": period.year,
                        "first_month": period.last_month if kind == "month" else period.first_month,
                        "last_month": period.last_month,
                        "value_cny": value * CNY_PER_UNIT,
                        "yoy_pct": year_on_year[flow] if kind == "year_to_date" else float("nan"),
                        "release_date": released,
                        "asean_members_listed": len(members),
                        "page": name,
                    }
                )
    table = pd.DataFrame(records)
    if table.empty or "WLD" not in set(table["partner"]):
        raise RawDataError(f"{name}: no row 'Total' with figures was found: is this an unchanged GACC release page?")
    check(table, name)
    return table


def check(table: pd.DataFrame, name: str) -> None:
    """The page's own identities: exports + imports = total for every row and period (to the rounding),
    and the ASEAN members listed sum to no more than the ASEAN row."""
    wide = (
        table.pivot_table(index=["label", "period"], columns="flow", values="value_cny", aggfunc="first") / CNY_PER_UNIT
    )
    gap = (wide["export"] + wide["import"] - wide["total"]).abs()
    if (gap > ROUNDING).any():
        label, period = gap.idxmax()
        raise RawDataError(
            f"{name}: exports + imports differ from the total by {gap.max():.1f} (CNY 100 million) in the row {label!r} ({period}): the page is damaged"
        )
    members = table[table["partner"].isin(["VNM", "MYS", "THA", "SGP", "IDN", "PHL"]) & (table["flow"] == "total")]
    asean = table[(table["partner"] == "ASEAN-10") & (table["flow"] == "total")].set_index("period")["value_cny"]
    summed = members.groupby("period")["value_cny"].sum()
    for period, value in summed.items():
        if period in asean.index and value > asean[period] + ROUNDING * CNY_PER_UNIT:
            raise RawDataError(
                f"{name}: the ASEAN members listed sum to more than the ASEAN row ({period}): the page is damaged"
            )


def latest(table: pd.DataFrame) -> pd.DataFrame:
    """From several pages' rows, those of the latest period of the latest year (by last month, then release date)."""
    if table.empty:
        return table
    last = table.sort_values(["year", "last_month", "release_date"]).iloc[-1]
    return table[
        (table["year"] == last["year"]) & (table["last_month"] == last["last_month"]) & (table["page"] == last["page"])
    ]


def read_pages(paths: list[Path]) -> tuple[pd.DataFrame, list[str]]:
    """Every page's rows (``read_page``) and one line for each page that holds its table only as an image.

    Any other failure of a page stops with its one line: a damaged page is never skipped.
    """
    tables, unread = [], []
    for path in paths:
        try:
            tables.append(read_page(path))
        except ImageOnlyPage as error:
            unread.append(str(error))
    columns = [
        "partner",
        "label",
        "flow",
        "period",
        "year",
        "first_month",
        "last_month",
        "value_cny",
        "yoy_pct",
        "release_date",
        "asean_members_listed",
        "page",
    ]
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=columns)
    return table, unread
