"""The language a run writes its reader's product in, and the words and numbers of that language.

One parameter, ``language`` (``en``, the default, or ``zh-Hans``), chooses the edition. Every
sentence the workbook composes for the reader goes through ``text``: a gettext lookup in the
project's one message catalogue (``src/tradebook/locale/<locale>/LC_MESSAGES/tradebook.po``,
compiled to ``.mo`` by ``make catalogue``; new messages collected by ``make messages``), then
named placeholders (``{rate}``) filled from the data. A whole sentence is one message, so a
translation can put the placeholders in the order its grammar needs.

Numbers follow the reader's conventions (``amount``, ``growth``, ``period``): in Chinese, yuan
and dollars in 亿 (10^8) and 万亿 (10^12) as China's customs (GACC) prints them, growth as
"同比增长 8.0%", periods as "2025年1—11月"; grouping digits come from Babel's CLDR data.
"""

from __future__ import annotations

import gettext
import html as html_module
import io
import re
import string
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from tradebook.errors import ParameterError, TradebookError

DEFAULT = "en"
LANGUAGES = {"en": "en", "zh-Hans": "zh_Hans"}  # the run parameter's value → the catalogue's (CLDR) locale
CATALOGUE_DOMAIN = "tradebook"
CATALOGUE_FOLDER = Path(__file__).resolve().parent / "locale"
YUAN, DOLLAR = "CNY", "USD"

_current = DEFAULT


def checked(code: object) -> str:
    """``code`` if it names a language the workbook writes, else one line naming the choices."""
    if code not in LANGUAGES:
        raise ParameterError(f"language {code!r} is not one the workbook writes: use one of {', '.join(LANGUAGES)}")
    return str(code)


def use(code: str) -> str:
    """Write in ``code`` from now on in this process (a notebook's kernel calls it through ``context.workbook``)."""
    global _current
    _current = checked(code)
    return _current


def current() -> str:
    """The language this process writes in."""
    return _current


@contextmanager
def speaking(code: str) -> Iterator[str]:
    """Write in ``code`` for a while (the runner's export of one edition), then in the language before."""
    before = current()
    use(code)
    try:
        yield code
    finally:
        use(before)


def chinese() -> bool:
    """True when this process writes the Chinese edition."""
    return current() == "zh-Hans"


def suffixed(file_name: str, code: str | None = None) -> str:
    """``briefing.html`` for English, ``briefing.zh-Hans.html`` for another language: both editions sit side by side."""
    code = code or current()
    if code == DEFAULT:
        return file_name
    stem, dot, extension = file_name.rpartition(".")
    return f"{stem}.{code}.{extension}" if dot else f"{file_name}.{code}"


@cache
def _translations(code: str) -> gettext.NullTranslations:
    if code == DEFAULT:
        return gettext.NullTranslations()
    compiled, source = catalogue_path(code, "mo"), catalogue_path(code)
    if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
        raise TradebookError(
            f"{compiled} is missing or older than its .po: compile the catalogue with `make catalogue`"
        )
    return Translations.load(CATALOGUE_FOLDER, [LANGUAGES[code]], CATALOGUE_DOMAIN)


def extract_notebook(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for the notebooks' MyST files (``locale/babel.cfg``): the messages of each code cell's
    Python, at their line in the file, so a heading a notebook passes to ``page.heading`` is in the catalogue too."""
    source = fileobj.read().decode("utf-8")
    for cell in re.finditer(r"```\{code-cell\}[^\n]*\n(.*?)```", source, flags=re.S):
        offset = source[: cell.start(1)].count("\n")
        code = io.BytesIO(cell.group(1).encode("utf-8"))
        for line, function, messages, comments in extract_python(code, keywords, comment_tags, options):
            yield line + offset, function, messages, comments


def catalogue_path(code: str, extension: str = "po") -> Path:
    """The catalogue file of language ``code``: ``locale/zh_Hans/LC_MESSAGES/tradebook.po`` (or ``.mo``)."""
    return CATALOGUE_FOLDER / LANGUAGES[code] / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.{extension}"


def placeholders(message: object) -> set[str]:
    """The named placeholders of a message: "{share} of {year}" → {"share", "year"} (a translation must have the same)."""
    return {name for _, name, _, _ in string.Formatter().parse(str(message)) if name is not None}


def compile_catalogues() -> list[str]:
    """Compile each language's .po into the .mo that ``text`` reads (Babel's ``read_po``/``write_mo``); one line per catalogue.

    Babel's own ``pybabel compile`` checks placeholders as %-formats and takes "95% c…" for one; the catalogue's
    placeholders are ``str.format`` names, checked here instead: a translation whose names differ stops the compile.
    """
    said = []
    for code in LANGUAGES:
        if code == DEFAULT:
            continue
        with catalogue_path(code).open("rb") as source:
            catalogue = read_po(source, locale=LANGUAGES[code])
        messages = [message for message in catalogue if message.id]
        for message in messages:
            if message.string and placeholders(message.id) != placeholders(message.string):
                raise TradebookError(
                    f"{catalogue_path(code)}: the translation of {message.id[:50]!r} has placeholders "
                    f"{sorted(placeholders(message.string))}, not {sorted(placeholders(message.id))}: fix it"
                )
        written = catalogue_path(code, "mo.tmp")
        with written.open("wb") as compiled:
            write_mo(compiled, catalogue)
        written.replace(catalogue_path(code, "mo"))  # a reader never meets half a catalogue
        done = sum(1 for message in messages if message.string and not message.fuzzy)
        said.append(f"{catalogue_path(code, 'mo')}: {done} of {len(messages)} messages translated")
    return said


EXTRACTION_CONFIG = CATALOGUE_FOLDER / "babel.cfg"
KEYWORDS = ("text", "marked", "heading", "section", "section_with_table")  # the calls whose first argument is a message


def source_messages(folders: list[Path]) -> set[str]:
    """Every message the code in ``folders`` passes to ``KEYWORDS`` (as ``make messages`` collects them, ``babel.cfg``)."""
    with EXTRACTION_CONFIG.open() as config_file:
        method_map, options_map = parse_mapping_cfg(config_file)
    found = set()
    for folder in folders:
        for _, _, message, _, _ in extract_from_dir(
            folder, method_map, options_map, keywords=dict.fromkeys(KEYWORDS, (1,)), strip_comment_tags=True
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def untranslated(code: str, messages: set[str]) -> list[str]:
    """The ``messages`` that language ``code``'s catalogue (.po) lacks, leaves empty or marks fuzzy, or whose translation's
    placeholders differ: what ``make messages`` and a translator must still do."""
    with catalogue_path(code).open("rb") as source:
        catalogue = read_po(source, locale=LANGUAGES[code])
    missing = []
    for message in sorted(messages):
        entry = catalogue.get(message)
        if entry is None or not entry.string or entry.fuzzy or placeholders(entry.string) != placeholders(message):
            missing.append(message)
    return missing


def marked(message: str) -> str:
    """``message`` unchanged: marks a module-level sentence for the catalogue; ``text`` translates it where it is shown."""
    return message


def text(message: str, /, **values: object) -> str:
    """``message`` in the current language with its named placeholders filled: ``text("{share} of imports", share="25%")``.

    English is the message itself. In another language a message without a translation stops
    with one line (the catalogue test catches it first): a Chinese edition never falls back to
    English sentence by sentence.
    """
    catalogue = _translations(current())
    translated = catalogue.gettext(message)
    held = getattr(catalogue, "_catalog", {})  # a translation may equal its message (a code such as "RCEP")
    if current() != DEFAULT and message not in held and re.search(r"[A-Za-z]{3}", message):
        raise TradebookError(
            f"no {current()} translation of {message[:60]!r}: run `make messages`, translate it in the catalogue, "
            "then `make catalogue`"
        )
    return translated.format(**values) if values else translated


def joined(*sentences: str) -> str:
    """Whole sentences one after another: a space between them in English, none in Chinese (。 ends each)."""
    return ("" if chinese() else " ").join(sentence for sentence in sentences if sentence)


def after(sentence: str) -> str:
    """A sentence that follows another inside one string: " Not drawn …" in English, "未绘制……" in Chinese."""
    return sentence if chinese() else f" {sentence}"


def listed(items: list[str]) -> str:
    """Names in a list as the edition writes one: "Brunei, Myanmar, Laos"; 文莱、缅甸和老挝. Clauses with commas of their
    own are set apart by the catalogue's semicolon instead: ``text("; ").join(clauses)`` (Chinese ；)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    if chinese():
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items)


_NOT_PROSE = re.compile(
    r"<(style|script|svg|code|cite)\b.*?</\1>|<table[^>]*class=\"[^\"]*\bsources\b.*?</table>|<[^>]+>",
    flags=re.S | re.I,
)
_ADDRESS = re.compile(r"\S*(?:https?://|www\.)\S*|\S+\.(?:csv|xlsx|json|html|pdf|parquet|zip)\b")
LATIN_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’]+(?:[ ,;:()\-–]+[A-Za-z][A-Za-z'’]+){3,}")


def latin_sentences(page: str, titles: Iterable[str] = ()) -> list[str]:
    """The runs of four or more Latin-script words in an HTML page's prose: in a Chinese edition, English left
    untranslated. Not prose, so not counted: code, source titles (``<cite>``, the sources table, and ``titles``: the
    names of publications and datasets quoted inside a sentence), web addresses and file names; a name or code (IMF
    DOTS, CEPII BACI HS2, RCEP) is shorter than four words."""
    prose = html_module.unescape(_NOT_PROSE.sub("\n", page))
    for title in sorted(titles, key=len, reverse=True):
        prose = prose.replace(title, "\n")
    return [match.group(0) for match in LATIN_SENTENCE.finditer(_ADDRESS.sub(" ", prose))]


# ---- numbers -------------------------------------------------------------------------------------------------

_CLDR = {"en": "en", "zh-Hans": "zh_Hans_CN"}
_CHINESE_CURRENCY = {YUAN: "元", DOLLAR: "美元"}
YI, WAN_YI = 1e8, 1e12  # 亿 and 万亿, the units GACC prints values in


def number(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` decimals and the current language's digit grouping (CLDR): 6820 → "6,820"."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(value, decimals), format=pattern, locale=_CLDR[current()])


def amount(value: float, currency: str, english: str = "bn", *, precise: bool = False) -> str:
    """A value in yuan or US dollars (units, not billions) as the reader's edition prints it.

    Chinese, as GACC's releases print them: from 10^12 in 万亿 with two decimals (1.08e12 USD →
    "1.08万亿美元"), from 10^8 in 亿 with one decimal, a zero decimal left off (6.82e11 CNY → "6,820亿元",
    2.9185e11 USD → "2,918.5亿美元"), below that in 万 (10^4). English in the ``english`` unit the
    sentence uses: "bn" (USD 1,054.4 bn), "trn" (CNY 7.55 trn) or "m" (USD 12.3 m). ``precise``: in Chinese, in
    亿 even above 10^12 (10,543.8亿美元), where a range's two ends would read the same in 万亿.
    """
    if currency not in _CHINESE_CURRENCY:
        raise TradebookError(f"currency {currency!r} has no format: use {YUAN} or {DOLLAR}")
    if not chinese():
        scale, decimals = {"bn": (1e9, 1), "trn": (1e12, 2), "m": (1e6, 1)}[english]
        return f"{currency} {value / scale:,.{decimals}f} {english}"
    unit = _CHINESE_CURRENCY[currency]
    if abs(value) >= WAN_YI and not precise:
        return f"{number(value / WAN_YI, 2)}万亿{unit}"
    if abs(value) >= YI:
        in_yi = round(value / YI, 1)
        return f"{number(in_yi, 0 if in_yi == int(in_yi) else 1)}亿{unit}"
    return f"{number(value / 1e4, 0)}万{unit}"


def percent(value: float, decimals: int = 1) -> str:
    """A percentage (``value`` in percent, 8.04 → "8.0%"), the same sign and symbol in both editions."""
    return f"{number(value, decimals)}%"


def growth(value: float, decimals: int = 1) -> str:
    """Year-on-year growth in percent as GACC writes it: 8.04 → "同比增长 8.0%", -3.2 → "同比下降 3.2%" (English: "+8.0% year on year")."""
    if not chinese():
        return f"{value:+.{decimals}f}% year on year"
    word = "同比增长" if value >= 0 else "同比下降"
    return f"{word} {percent(abs(value), decimals)}"


def period(year: int, first_month: int | None = None, last_month: int | None = None) -> str:
    """A year or part of one: (2025) → "2025年"; (2025, 1, 11) → "2025年1—11月"; (2025, 3, 3) → "2025年3月".

    English: "2025", "Jan–Nov 2025", "Mar 2025".
    """
    if last_month is None:
        return f"{year}年" if chinese() else str(year)
    first_month = first_month or 1
    if chinese():
        months = f"{first_month}月" if first_month == last_month else f"{first_month}—{last_month}月"
        return f"{year}年{months}"
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    if first_month == last_month:
        return f"{names[last_month - 1]} {year}"
    return f"{names[first_month - 1]}–{names[last_month - 1]} {year}"


def day(when: date) -> str:
    """A date as the edition writes it: "07 December 2026"; in Chinese CLDR's long form, "2026年12月7日"."""
    if chinese():
        return format_date(when, format="long", locale=_CLDR[current()])
    return f"{when:%d %B %Y}"


def years(first: int, last: int) -> str:
    """A span of years: "2011—2024年" in Chinese, "2011–2024" in English; one year alone where they are equal."""
    if first == last:
        return f"{first}年" if chinese() else str(first)
    return f"{first}—{last}年" if chinese() else f"{first}–{last}"
