"""The Chinese edition end to end: `language: zh-Hans` writes briefing.zh-Hans.html, .pdf and annex.zh-Hans.xlsx, whose
first pages (cover, the claims with their verdicts, the executive summary and the key numbers) are Chinese, whose
figures are set in Noto Sans CJK, and whose PDF prints the verdict words as text, never as boxes."""

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tradebook import language, reference
from tradebook.flows import dataset, series
from tradebook.runner import pipeline
from tradebook.sources import curated

EDITIONS = [
    pytest.param("zh-default", "{language: zh-Hans}", id="China-ASEAN-10"),
    pytest.param("zh-vnm", "{language: zh-Hans, partner: VNM}", id="China-Viet-Nam"),
]


def first_pages(page: str) -> str:
    """The cover, contents, claims table, executive summary and key numbers: the page up to the first figure after the
    key numbers' heading (关键数字)."""
    key_numbers = page.index(">关键数字<")
    return page[: page.index("<figure", key_numbers)]


def source_titles() -> list[str]:
    """The names of publications and datasets a sentence may quote in their own language: the datasets' names, the
    publishers' page titles behind the published figures and who released each (e.g. "MOFCOM (SCIO briefing; via
    CMG)"), the AI basket's references and their publishers."""
    published = curated.published_figures()
    references = reference.read_table("ai_goods_references.csv", ["reference", "publisher"], dtype=str)
    return [
        *series.SOURCE_LABELS.values(),
        *published["source_title"],
        *dataset.load_official_totals()["source_agency"],
        *curated.year_to_date(max(published["year"]))["source_agency"],
        *references["reference"],
        *references["publisher"],
    ]


@pytest.mark.workbook
@pytest.mark.parametrize("name, parameters", EDITIONS)
def test_the_chinese_edition_is_chinese_from_its_cover_to_its_key_numbers(project_copy, name, parameters):
    params_file = project_copy / f"{name}.yaml"
    params_file.write_text(f"extends: notebooks/params/default.yaml\nparameters: {parameters}\n")
    root = project_copy / "runs" / name
    pipeline.run(params_file, output_root=root, progress=False)
    assert (root / "briefing.zh-Hans.html").exists() and (root / "annex.zh-Hans.xlsx").exists()
    assert not (root / "briefing.html").exists()  # one edition per run folder; file names say which
    page = (root / "briefing.zh-Hans.html").read_text()
    assert '<html lang="zh-Hans">' in page
    assert language.latin_sentences(first_pages(page)) == []
    assert language.latin_sentences(page, titles=source_titles()) == []  # the whole page, data previews included
    with language.speaking("zh-Hans"):
        words = set(reference.verdict_words()["zh_hans"])
        assert f"{reference.name_of('CHN')}—" in page  # the title: 中国—东盟10国 / 中国—越南
    assert any(word in page for word in words)
    svgs = list((root / "figures").glob("*.svg"))
    assert svgs and all("Noto Sans CJK SC" in svg.read_text() for svg in svgs)  # every figure set in the CJK font
    readme = load_workbook(root / "annex.zh-Hans.xlsx", read_only=True)["README"]
    assert [cell.value for cell in next(readme.iter_rows(max_row=1))][:2] == ["项目", "取值"]
    pdf = root / "briefing.zh-Hans.pdf"
    if shutil.which("pdftotext") and pdf.exists():
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert any(word in text for word in words)  # the verdict words print as text
        assert "\ufffd" not in text and "□" not in text  # no glyph the fonts lack
        # Chromium embeds its fonts as unnamed Type 3 fonts, so pdffonts cannot name them: the print style sheet is
        # checked for the CJK font instead.
        assert "Noto Sans CJK SC" in page


def test_the_first_pages_check_fails_on_the_english_edition():
    english = Path(__file__).with_name("golden") / "default_key_numbers.txt"
    lines = english.read_text()
    assert language.latin_sentences(f"<p>{lines}</p>")  # the check that passes on Chinese finds English prose
