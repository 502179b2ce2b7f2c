"""The Chinese edition's words and numbers: the catalogue is complete, numbers follow GACC's conventions, names CLDR's and GACC's."""

from __future__ import annotations

import ast
import io
import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tradebook import language, reference
from tradebook.errors import ParameterError, TradebookError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def chinese():
    with language.speaking("zh-Hans"):
        yield


def test_every_message_the_workbook_composes_has_a_chinese_translation():
    messages = language.source_messages([ROOT / "src" / "tradebook", ROOT / "notebooks"])
    assert len(messages) > 30  # the extraction found the package's and the notebooks' messages
    assert language.untranslated("zh-Hans", messages) == []


def test_a_message_added_without_a_translation_is_reported(tmp_path):
    (tmp_path / "new.py").write_text(
        'from tradebook import language\nlanguage.text("A sentence nobody has translated yet, {name}.", name="x")\n'
    )
    (tmp_path / "07_new.md").write_text('```{code-cell}\npage.heading("A heading nobody has translated")\n```\n')
    messages = language.source_messages([tmp_path])
    assert messages == {"A sentence nobody has translated yet, {name}.", "A heading nobody has translated"}
    assert language.untranslated("zh-Hans", messages) == sorted(messages)


def test_an_untranslated_message_stops_the_chinese_edition_instead_of_falling_back_to_english(chinese):
    with pytest.raises(TradebookError, match="no zh-Hans translation of 'A sentence nobody"):
        language.text("A sentence nobody has translated yet.")


def test_a_translation_keeps_its_named_placeholders_in_its_own_order(chinese):
    assert language.text("Rule: {rule}", rule="规则") == "判定规则：规则"
    assert language.placeholders("{reporter} with {partner}:") == {"reporter", "partner"}
    assert language.text("Rule: {rule}", rule="x") != "Rule: x"


def test_english_is_the_message_itself():
    assert language.current() == "en"
    assert language.text("Rule: {rule}", rule="x") == "Rule: x"


@pytest.mark.parametrize(
    ("value", "currency", "written"),
    [
        (682_000_000_000, "CNY", "6,820亿元"),  # the examples
        (1.08e12, "USD", "1.08万亿美元"),
        (7.55e12, "CNY", "7.55万亿元"),  # China–ASEAN 2025 as GACC published it
        (2918.5e8, "USD", "2,918.5亿美元"),  # GACC: 2019 H1, "2918.5亿美元"
        (5.1e6, "USD", "510万美元"),
        (-3.2e11, "USD", "-3,200亿美元"),
    ],
)
def test_amounts_in_chinese_are_in_yi_and_wan_yi(chinese, value, currency, written):
    assert language.amount(value, currency) == written


def test_growth_percent_and_periods_as_gacc_writes_them(chinese):
    assert language.growth(8.04) == "同比增长 8.0%"
    assert language.growth(-3.25) == "同比下降 3.2%"
    assert language.period(2025, 1, 11) == "2025年1—11月"
    assert language.period(2026, 3, 3) == "2026年3月"
    assert language.period(2025) == "2025年"
    assert language.years(2011, 2024) == "2011—2024年"


def test_periods_in_english_are_unchanged_in_form():
    assert language.period(2025, 1, 11) == "Jan–Nov 2025"
    assert language.years(2011, 2024) == "2011–2024"


def test_country_names_come_from_cldr_and_from_gacc_where_it_differs(chinese):
    assert [reference.name_of(code) for code in ("VNM", "MYS", "IDN", "KHM", "USA")] == [
        "越南",
        "马来西亚",
        "印度尼西亚",
        "柬埔寨",
        "美国",
    ]
    assert reference.name_of("HKG") == "中国香港"  # GACC's table; CLDR says 中国香港特别行政区
    assert reference.name_of("ASEAN-10") == "东盟10国"
    assert reference.term("total trade") == "进出口"


def test_every_glossary_term_and_verdict_word_names_its_source():
    glossary = reference.glossary()
    assert {"进出口", "出口", "进口", "贸易顺差", "东盟"} <= set(glossary["zh_hans"])
    assert glossary["source"].str.len().gt(10).all() and glossary["source_url"].str.startswith("http").all()
    verdicts = reference.verdict_words()
    assert verdicts["zh_hans_source"].str.len().gt(10).all()
    chinese_claims = reference.chinese_claims()
    assert chinese_claims["wording"].str.contains("translation").all()  # no public Chinese report: marked as ours


def test_verdict_words_are_read_from_the_reference_table(chinese):
    assert reference.verdict_word("partly supported") == "部分得到支持"
    assert reference.verdict_word("not testable with the shipped data") == "现有数据无法检验"


def test_a_language_the_workbook_does_not_write_stops_with_one_line():
    with pytest.raises(ParameterError, match="language 'fr' is not one the workbook writes: use one of en, zh-Hans"):
        language.checked("fr")


def test_file_names_carry_the_language_so_both_editions_sit_side_by_side():
    assert language.suffixed("briefing.html", "en") == "briefing.html"
    assert language.suffixed("briefing.html", "zh-Hans") == "briefing.zh-Hans.html"
    assert language.suffixed("annex.xlsx", "zh-Hans") == "annex.zh-Hans.xlsx"


def test_the_catalogue_compiles_with_every_message_translated():
    said = language.compile_catalogues()
    assert len(said) == 1 and "zh_Hans" in said[0]
    done, total = said[0].split(": ")[1].split(" messages")[0].split(" of ")
    assert done == total


def test_no_message_is_composed_inside_an_f_string():
    """Babel cannot see a call inside an f-string (one token before Python 3.12): its message would never reach the
    catalogue, and the Chinese edition would stop on it. Compose the message first, then place it."""
    inside = re.compile(r"""f(["']).*\{[^}]*language\.text\(\s*["']""")  # a literal message inside an f-string
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "src" / "tradebook").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if inside.search(line)
    ]
    assert found == []


def literal_messages(path: Path) -> set[str]:
    """Every literal first argument of a text/marked call in a Python file, read from its syntax tree."""
    calls = (node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call) and node.args)
    return {
        call.args[0].value
        for call in calls
        if getattr(call.func, "attr", getattr(call.func, "id", None)) in ("text", "marked")
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    }


def test_the_extraction_finds_every_literal_message_even_nested_two_calls_deep(tmp_path):
    """Babel's extractor misses a message nested inside a call inside another text() call's arguments; the syntax tree
    does not. Every literal message in the package must be one the catalogue's extraction finds."""
    package = ROOT / "src" / "tradebook"
    extracted = set(language.source_messages([package]))
    missing = sorted(
        f"{path.relative_to(ROOT)}: {message[:60]!r}"
        for path in package.rglob("*.py")
        for message in literal_messages(path) - extracted
    )
    assert missing == []
    nested = tmp_path / "nested.py"
    nested.write_text('language.text("{a}", a=f(language.text("Nested two deep.")))\n')
    assert "Nested two deep." in literal_messages(nested)  # the check sees what extraction may not


def test_the_latin_sentence_check_finds_english_prose_and_spares_names_codes_and_titles():
    english = "<p>China was the largest import source of 8 of 10 members in 2022.</p>"
    assert language.latin_sentences(english) == ["China was the largest import source of"]
    chinese = (
        "<p>2022年，中国是10个成员中8个成员的最大进口来源地（成员方记录，IMF DOTS）。"
        "来源：CEPII BACI HS2；<code>make run LANG=zh-Hans</code>；"
        "https://ysht.saaas.com/article/5689180497229248；annex.zh-Hans.xlsx；"
        "<cite>China's Total Export &amp; Import Values by Country/Region</cite></p>"
        '<table class="sources"><tr><td>IMF Direction of Trade Statistics</td></tr></table>'
    )
    assert language.latin_sentences(chinese) == []


def test_bold_around_a_signed_number_opens_where_markdown_can_see_it():
    """CommonMark opens ``**`` only if it is left-flanking: before a sign (punctuation) it must follow a space or
    punctuation. "年均**+12.6%**" prints its asterisks; "**年均+12.6%**" prints bold. English puts a space before it."""
    catalogue = language.catalogue_path("zh-Hans").read_bytes()
    hidden = [
        message.string
        for message in read_po(io.BytesIO(catalogue))
        if message.string
        for found in re.finditer(r"(.)\*\*\{\w+:[^}]*\+[^}]*\}", message.string)
        if not unicodedata.category(found.group(1)).startswith(("P", "Z"))
    ]
    assert hidden == []


def test_a_chinese_source_note_breaks_into_lines_instead_of_widening_the_figure():
    """textwrap breaks only at spaces, so a Chinese note stayed one line and squeezed the axes to a strip: Chinese
    breaks between characters, a CJK character counting as 1.7 Latin ones, never inside a Latin word nor before 、."""
    from tradebook.publish import plots

    note = "来源：DOSM（马来西亚方记录，SITC2）。未绘制（随附数据无双边产品数据）：" + "、".join(
        ["文莱", "印度尼西亚"] * 12
    )
    lines = plots.wrap_note(note, 40).split("\n")
    assert len(lines) > 3 and "".join(lines) == note
    assert all(
        sum(1.7 if "\u4e00" <= c <= "\u9fff" or c in "（）：。、，" else 1 for c in line) <= 42 for line in lines
    )
    assert not any(line.startswith("、") for line in lines) and "SITC2" in "\n".join(lines).replace("\n", "|")
    assert plots.wrap_note("Sources: IMF DOTS and WITS", 12) == "Sources: IMF\nDOTS and\nWITS"  # English as before
