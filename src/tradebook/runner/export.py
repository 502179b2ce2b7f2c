"""Export the executed briefing notebook: self-contained HTML (no code) and an A4 PDF via Chromium.

The PDF is printed by Debian's Chromium in headless mode (installed by ``make setup`` where
apt-get can); page numbers come from CSS ``@page`` margin boxes. If Chromium is missing, the
HTML is still written and one line says why the PDF is not. Both files are written to a
temporary path and renamed, so a failure never replaces a good briefing.
"""

from __future__ import annotations

import base64
import html
import os
import shutil
import subprocess
import tempfile
from datetime import date
from importlib.metadata import metadata, version
from pathlib import Path

import nbformat
import yaml

from tradebook import atomic, config, language
from tradebook.errors import TradebookError
from tradebook.flows import series
from tradebook.publish import front_matter
from tradebook.roles import Roles
from tradebook.runner import annex, outputs
from tradebook.sources import manifest
from tradebook.sources.live import external

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: PAGE_OF_PAGES; font: 8.5pt FONTS; color: #555; }
        @bottom-left { content: "WORKBOOK_NAME"; font: 8.5pt FONTS; color: #888; } }
.anchor-link { display: none; }
body { font-family: FONTS; font-size: 10.5pt; line-height: 1.45;
       color: #1a1a1a; max-width: 980px; margin: 0 auto; padding: 0 12px; }
h1 { font-size: 20pt; margin-bottom: 2pt; } h2 { font-size: 14pt; border-bottom: 1px solid #ccc; padding-bottom: 2pt;
       margin-top: 18pt; break-after: avoid; }
/* a section heading stays with what follows it: nbconvert puts heading and content in sibling cells */
.text_cell:has(h2), .text_cell:has(h3), .jp-MarkdownCell:has(h2) { break-after: avoid; page-break-after: avoid; }
figure.briefing-figure { margin: 10pt 0; break-inside: avoid; page-break-inside: avoid; }
figure.briefing-figure img, figure.briefing-figure svg { max-width: 100%; max-height: 225mm; height: auto; display: block; margin: 0 auto; }
figure.briefing-figure svg * { stroke-linejoin: round; stroke-linecap: butt; }
/* the SVG on screen, the PNG on paper (the PDF's figures are the PNGs whose printed type size the tests measure) */
@media screen { figure.briefing-figure img.on-paper { display: none; } }
@media print { figure.briefing-figure svg.on-screen { display: none; } }
figcaption { font-size: 8.5pt; color: #444; margin-top: 3pt; }
.label { font-weight: bold; color: #1a1a1a; }
p.refs { font-size: 8.5pt; color: #555; margin-top: -4pt; }
caption.label { caption-side: top; text-align: left; font-size: 8.5pt; padding-bottom: 2pt; }
section.cover { border-top: 3px solid #1f4e79; border-bottom: 1px solid #ccc; margin: 8pt 0 10pt; padding: 4pt 0; font-size: 9pt; }
section.cover p { margin: 3pt 0; }
nav.contents { font-size: 9pt; }
nav.contents ol { padding-left: 18pt; } nav.contents ul.figures { font-size: 8.5pt; color: #444; padding-left: 14pt; }
h2.contents-title { margin-top: 10pt; }
/* a table starts with its lead sentence; long tables split between rows */
.jp-RenderedHTMLCommon > p:last-child, .jp-RenderedMarkdown > p:last-child { break-after: avoid; }
/* the appendix starts on a page of its own: the main body ends where the reader can stop */
h2[id^="Appendix-A"] { break-before: page; page-break-before: always; }
/* under each figure on screen: its data as a table and a CSV download; on paper the caption names the annex sheet */
details.figure-data { font-size: 8.5pt; margin: -4pt 0 10pt; } details.figure-data summary { cursor: pointer; color: #1f4e79; }
details.figure-data table { display: block; overflow-x: auto; max-height: 60vh; }
@media print { details.figure-data { display: none; } }
/* on paper the contents list the sections only: the figures are numbered where they stand */
@media print { nav.contents ul.figures { display: none; } }
@media screen {
  figure.briefing-figure { cursor: zoom-in; }
  figure.briefing-figure.zoomed { position: fixed; inset: 0; margin: 0; z-index: 10; background: white; overflow: auto; cursor: zoom-out; padding: 8px; }
  /* the image at its own size (the inline share of the page width must give way): the reader pans it with a finger */
  figure.briefing-figure.zoomed img, figure.briefing-figure.zoomed svg { max-width: none; max-height: none; width: auto !important; }
}
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6pt 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3pt 5pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
.verdict { color: white; padding: 1pt 5pt; border-radius: 3pt; font-size: 8pt; white-space: nowrap; }
.sensitive { color: #b2182b; } .robust { color: #555; }
table.claims td:nth-child(2) { width: 30%; } table.claims td:nth-child(4) { width: 50%; }
table.claims.overview td:nth-child(1) { width: 34%; } table.claims.overview td:nth-child(2) { width: 12%; } table.claims.overview td:nth-child(3) { width: 54%; }
.jp-InputPrompt, .jp-OutputPrompt, .prompt { display: none !important; }
.dataframe { font-size: 8.5pt; } .dataframe th { background: #f3f3f3; }
a { color: #1f4e79; word-break: break-all; }
/* a phone: the page is as wide as the screen; wide tables scroll inside their own box, the claims table reflows */
@media screen and (max-width: 640px) {
  body { font-size: 15px; padding: 0 8px; max-width: 100%; }
  .jp-RenderedHTMLCommon, .jp-OutputArea-output, .output_html, .jp-RenderedMarkdown { overflow-x: auto; max-width: 100%; }
  table { display: block; overflow-x: auto; max-width: 100%; }
  table.claims, table.claims tbody, table.claims tr, table.claims td { display: block; width: 100% !important; }
  table.claims thead { display: none; }
  table.claims tr { border-bottom: 2px solid #ccc; padding: 4px 0; }
  table.claims td { border: none; padding: 2px 0; }
  pre { white-space: pre-wrap; }
}
"""


# a tap (or click) on a figure shows it at full size over the page; another tap closes it
ZOOM_SCRIPT = """
document.addEventListener("click", function (event) {
  var figure = event.target.closest("figure.briefing-figure");
  if (figure) { figure.classList.toggle("zoomed"); }
});
"""


def print_css() -> str:
    """The page's style in the edition's language: the footer's page count and workbook name, and the fonts (Noto Sans
    CJK SC first in the Chinese edition, so its Latin and digits match its characters)."""
    counted = (
        html.escape(language.text("page {page} of {pages}"), quote=False)
        .replace("{page}", '" counter(page) "')
        .replace("{pages}", '" counter(pages) "')
    )
    fonts = '"DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", sans-serif'
    if language.chinese():
        fonts = '"Noto Sans CJK SC", "DejaVu Sans", sans-serif'
    return (
        PRINT_CSS.replace("PAGE_OF_PAGES", f'"{counted}"')
        .replace("WORKBOOK_NAME", language.text("China–ASEAN trade research workbook"))
        .replace("FONTS", fonts)
    )


def commit() -> str:
    """The checkout's commit (short hash, "+ changes" when the tree differs from it), or "not a git checkout"."""
    root = config.code_root()
    if not (root / ".git").exists():
        return "not a git checkout"

    def git(*command: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *command], capture_output=True, text=True, check=False, timeout=20
        ).stdout.strip()

    try:
        head, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):  # no git, or git hangs: the briefing is still written
        return "unknown"
    return f"{head}{' + changes' if dirty else ''}" if head else "unknown"


def citation(briefing_title: str, made_on: str, revision: str) -> str:
    """The "cite this briefing" sentence, from the workbook's ``CITATION.cff`` (the package's metadata where the checkout has none)."""
    path = config.code_root() / "CITATION.cff"
    if path.exists():
        cff = yaml.safe_load(path.read_text())
    else:
        described = metadata("tradebook")
        cff = {
            "title": described["Summary"].split(":")[0],
            "version": described["Version"],
            "authors": [{"name": (described.get_all("Author") or ["its authors"])[0]}],
        }
    return front_matter.Citation.from_cff(cff).sentence(briefing_title, revision, made_on)


def shipped_labels() -> dict[str, str]:
    """Each shipped source's id (the raw manifest's ``source``) → the name a reader sees: its label, else its publisher."""
    return {
        row.source: series.SOURCE_LABELS.get(row.source, row.publisher) for row in manifest.provenance().itertuples()
    }


def source_dates() -> dict[str, str]:
    """Source name → its publisher's release or its retrieval date ('' where none is recorded): the shipped sources from
    the raw manifest (``released``), the refreshed ones with their download date."""
    labels = shipped_labels()
    shipped = {labels[row.source]: manifest.release_words(row.released) for row in manifest.provenance().itertuples()}
    refreshed = {
        series.SOURCE_LABELS.get(source, source): language.text("retrieved {day}", day=day)
        for source, day in external.retrieved().items()
    }
    return shipped | refreshed


RUN_KEYS = ("reporter", "partner", "year_start", "year_end")


def run_in_words(parameters: dict) -> str:
    """The cover's description of the run (``front_matter.run_in_words``) from its parameters: names, members, years, sources."""
    labelled = shipped_labels() | series.SOURCE_LABELS | external.describe()
    sources = list(dict.fromkeys(labelled.get(source, source) for source in parameters.get("sources", [])))
    year_end = int(parameters["year_end"])
    roles = Roles.of(parameters["reporter"], parameters["partner"], year_end)
    return front_matter.run_in_words(roles, years=range(int(parameters["year_start"]), year_end + 1), sources=sources)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_html(executed: Path, target: Path, *, title: str, parameters: dict, annex_file: Path | None = None) -> Path:
    """The executed notebook as a standalone HTML page without code (images embedded), with its cover, contents and numbered figures and tables;
    ``annex_file`` is embedded in the page (a data: link), so the HTML carries its annex when it is sent alone."""
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    # the "basic" template gives the body only: no script or font pulled from a CDN
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        anchor_link_text="",
    )
    body, _ = exporter.from_notebook_node(notebook)
    body, figures = front_matter.number(body)
    made_on, revision = language.day(date.today()), commit()
    # the run as the briefing notebook was executed (papermill records its parameters), completed by the batch's own
    ran_with = notebook.metadata.get("papermill", {}).get("parameters", {}) | parameters
    cover = front_matter.cover(
        run=run_in_words(ran_with) if all(key in ran_with for key in RUN_KEYS) else title,
        version=version("tradebook"),
        commit=revision,
        made_on=made_on,
        citation=citation(title, made_on, revision),
        tables=sorted(path.stem for path in config.paths().tables.glob("*.csv")),
        dates=source_dates(),
        titles=tuple(shipped_labels().values())
        + tuple(series.SOURCE_LABELS.values())
        + tuple(external.describe().values()),
        annex_href=f"data:{XLSX_TYPE};base64,{base64.b64encode(annex_file.read_bytes()).decode()}"
        if annex_file
        else "annex.xlsx",
    )
    first_section = body.find("<h2 ")
    first_section = first_section if first_section >= 0 else len(body)
    body += front_matter.parameters_section(parameters)
    body = (
        body[:first_section] + cover + front_matter.contents(body, figures) + front_matter.refer(body[first_section:])
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="{language.current()}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{print_css()}</style></head>'
        f"<body>{body}<script>{ZOOM_SCRIPT}</script></body></html>\n"
    )
    return atomic.write_text(page, target)


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(html_path: Path, target: Path, *, timeout_s: int = 180) -> Path | None:
    """Print ``html_path`` to an A4 PDF with headless Chromium; None (and one line) if it cannot."""
    chromium = find_chromium()
    if chromium is None:
        print(
            "PDF skipped: Chromium is not installed (run `make setup` as root, or `apt-get install chromium`); the HTML briefing is complete."
        )
        return None
    with tempfile.TemporaryDirectory(prefix="tradebook-chromium-") as profile, atomic.atomic_path(target) as tmp:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={tmp}",
            Path(html_path).resolve().as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            print(
                f"PDF skipped: Chromium did not finish printing within {timeout_s} s; the HTML briefing and the annex are complete "
                "(run `make briefing` to try the PDF again)."
            )
            return None
        if done.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
            print(
                f"PDF skipped: Chromium could not print the briefing (exit {done.returncode}: {last}); the HTML briefing and the annex are complete."
            )
            raise _NoPdf  # leaves atomic_path without renaming the empty file
    return Path(target)


class _NoPdf(Exception):
    pass


def publish(parameters: dict, *, title: str) -> dict[str, Path | None]:
    """Write the briefing's HTML, PDF and annex, in the run's ``language``, for the executed briefing of this outputs folder:
    briefing.html, briefing.pdf and annex.xlsx, or briefing.zh-Hans.html … for the Chinese edition (``outputs.products``).

    The three are made in a temporary folder and moved into place together (the annex first, embedded in the HTML); when the PDF
    cannot be printed, an older PDF is removed rather than left beside a newer HTML.
    """
    executed = config.paths().executed / config.BRIEFING_NOTEBOOK
    if not executed.exists():
        raise TradebookError(f"{executed} does not exist: run the notebooks first (make run)")
    config.paths().outputs.mkdir(parents=True, exist_ok=True)
    edition = parameters.get("language", language.DEFAULT)
    names = outputs.products(edition)
    with (
        language.speaking(edition),
        tempfile.TemporaryDirectory(prefix=".publish-", dir=config.paths().outputs) as folder,
    ):
        # the annex first: the HTML carries it inside, so a briefing sent alone still has its data
        made: dict[str, Path | None] = {"annex": annex.write(parameters, Path(folder) / names["annex"])}
        made["html"] = to_html(
            executed, Path(folder) / names["html"], title=title, parameters=parameters, annex_file=made["annex"]
        )
        try:
            made["pdf"] = to_pdf(Path(folder) / names["html"], Path(folder) / names["pdf"])
        except _NoPdf:
            made["pdf"] = None
        written: dict[str, Path | None] = {}
        for kind, name in names.items():
            target = config.paths().outputs / name
            made_file = made[kind]
            if made_file is None:
                target.unlink(missing_ok=True)
                written[kind] = None
            else:
                os.replace(made_file, target)
                written[kind] = target
    for other in set(language.LANGUAGES) - {edition}:  # a folder holds one run: another edition's files there are stale
        for name in outputs.products(other).values():
            (config.paths().outputs / name).unlink(missing_ok=True)
    return written
