"""Helpers for the briefing notebook: read what earlier notebooks wrote, show it, never recompute it."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display
from PIL import Image

from tradebook import config, language, reference, shared_tables
from tradebook.errors import TradebookError
from tradebook.publish import labels, plots
from tradebook.shared_tables import Table
from tradebook.sources import curated, manifest
from tradebook.sources.live import external
from tradebook.themes import claim_lines, claims, gravity, sensitivity

VERDICT_COLOURS = {
    "supported": "#1b7837",
    "partly supported": "#b8860b",
    "not supported": "#b2182b",
    "not testable with the shipped data": "#555555",
    "inconclusive": "#6a51a3",
    "not evaluated for this run": "#999999",
}


def table(shared: Table, *, required: bool = True) -> pd.DataFrame | None:
    """A table an earlier notebook wrote (``tables/<name>.csv`` of this run), named by its declaration in ``shared_tables``."""
    path = config.paths().tables / f"{shared_tables.declared(shared.name).name}.csv"
    if not path.exists():
        if required:
            raise TradebookError(
                f"{path} is missing: run notebook {shared.notebook} of this parameter set before the briefing"
            )
        return None
    return pd.read_csv(path, dtype={"product": str})  # product codes keep their leading zeros (010121)


def figure(name: str, caption: str | None = None) -> None:
    """Embed ``figures/<name>.svg`` for the screen (inline: sharp at any zoom, its text searchable) and
    ``figures/<name>.png`` for paper (base64), so the HTML stands alone, with the caption; nothing if absent.

    The caption is the one the producing notebook published (``figures/<name>.json``) unless given, followed by the
    annex sheets of the tables the figure is drawn from; under the figure, those tables (``figure_data``).
    A figure is absent when it does not apply (a member-share chart for a single partner).
    """
    path = config.paths().figures / f"{name}.png"
    if not path.exists():
        return
    meta = config.paths().figures / f"{name}.json"
    entry = json.loads(meta.read_text()) if meta.exists() else {}
    caption = entry.get("caption", "") if caption is None else caption
    data = base64.b64encode(path.read_bytes()).decode()
    with Image.open(path) as image:  # the figure's width in inches as saved sets its share of the page (one type scale)
        width_pct = min(100.0, 100 * image.width / plots.SAVE_DPI / plots.FULL_WIDTH_IN)
    drawn_from = [table for table in entry.get("data", []) if _has_rows(config.paths().tables / f"{table}.csv")]
    sheets = [f"“{shared_tables.declared(table).sheet}”" for table in drawn_from]
    note = language.text(
        language.marked("Data: the annex, sheets {sheets}.")
        if len(sheets) > 1
        else language.marked("Data: the annex, sheet {sheets}."),
        sheets=language.text(", ").join(sheets),
    )
    where = f' <span class="data-note">{html.escape(note)}</span>' if sheets else ""
    vector = path.with_suffix(".svg")
    screen = inline_svg(vector.read_text(), width_pct=width_pct, label=caption) if vector.exists() else ""
    paper = (
        ' class="on-paper"' if screen else ""
    )  # without an SVG (a figure saved before SVGs were), the PNG serves both
    display(
        HTML(
            f'<figure class="briefing-figure">{screen}<img{paper} style="width: {width_pct:.0f}%" alt="{html.escape(caption)}" '
            f'src="data:image/png;base64,{data}"/><figcaption>{html.escape(caption)}{where}</figcaption></figure>'
            + figure_data(drawn_from)
        )
    )


def _has_rows(path: Path) -> bool:
    """Whether a saved table exists with at least one row below its header (an empty panel's table is not its data)."""
    if not path.exists():
        return False
    with path.open() as lines:
        return sum(1 for _ in zip(range(2), lines)) == 2


def inline_svg(svg: str, *, width_pct: float, label: str) -> str:
    """A saved matplotlib SVG as an element of the page, at ``width_pct`` of the page width (its natural size when zoomed).

    The XML prologue goes (an element inside HTML has none) and so does matplotlib's global ``*`` style rule, which
    inside a page would reach every element (the page's CSS sets it for figures only); ``label`` is its accessible name.
    """
    element = re.sub(r"<style.*?</style>", "", svg[svg.index("<svg") :], count=1, flags=re.S)
    return element.replace(
        "<svg ",
        f'<svg class="on-screen" role="img" aria-label="{html.escape(label)}" style="width: {width_pct:.0f}%; height: auto" ',
        1,
    )


FIGURE_ROWS_SHOWN = 25  # a figure's data table shows its first rows; the CSV beside it holds them all


def shown_values(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's keys as the edition names them where the table has such a column (a gravity specification: "main" →
    主要设定); the CSV beside it keeps the keys."""
    if "specification" in frame:
        frame = frame.assign(specification=frame["specification"].map(gravity.specification_name))
    return frame


def figure_data(tables: list[str]) -> str:
    """Under a figure (on screen; not printed): each table it is drawn from as an HTML table and as a CSV download embedded in
    the page (a data: link), so the HTML briefing carries its figures' data when it travels alone; "" for none."""
    parts = []
    for name in tables:
        raw = (config.paths().tables / f"{name}.csv").read_bytes()
        frame = pd.read_csv(io.BytesIO(raw), dtype={"product": str})
        if frame.empty:
            continue  # a panel this run has no data for (the figure says so); nothing to download
        about = language.text(shared_tables.declared(name).about)
        shown = (
            language.text(
                "first {shown} of {rows} rows; {about}", shown=FIGURE_ROWS_SHOWN, rows=len(frame), about=about
            )
            if len(frame) > FIGURE_ROWS_SHOWN
            else language.text("{rows} rows; {about}", rows=len(frame), about=about)
        )
        link = f'<a download="{html.escape(name)}.csv" href="data:text/csv;base64,{base64.b64encode(raw).decode()}">{html.escape(name)}.csv</a>'
        parts.append(
            f"<p>{link} ({html.escape(shown)})</p>"
            + labels.columns(shown_values(frame.head(FIGURE_ROWS_SHOWN))).to_html(
                index=False, escape=True, classes="figure-table", na_rep=""
            )
        )
    summary = html.escape(language.text("This figure's data (table and CSV)"))
    return f'<details class="figure-data"><summary>{summary}</summary>{"".join(parts)}</details>' if parts else ""


def published(section: str) -> list[str]:
    """Names of the figures the notebooks published for a briefing ``section``, in notebook and publication order."""
    found = []
    for meta in config.paths().figures.glob("*.json"):
        entry = json.loads(meta.read_text())
        if entry.get("section") == section and (meta.with_suffix(".png")).exists():
            found.append((meta.stem[:2], entry.get("order", 0), meta.stem))
    return [name for _, _, name in sorted(found)]


def figures(section: str) -> None:
    """Show every figure published for ``section`` (``published``) with its caption."""
    for name in published(section):
        figure(name)


def usd_bn(value: float) -> str:
    """'USD 979.3 bn' (9,793亿美元) from a value in USD (``language.amount``)."""
    return language.amount(value, language.DOLLAR)


def verdict_label(verdict: str, text: str | None = None) -> str:
    """The verdict as a coloured HTML label in the edition's words (``reference.verdict_word``); with ``text`` (a claim's
    short name), that text on the verdict's colour, the verdict as its title."""
    colour = VERDICT_COLOURS.get(verdict, "#555555")
    word = reference.verdict_word(verdict) if verdict else language.text("not computed")
    if text is not None:
        return f'<span class="verdict" style="background:{colour}" title="{html.escape(word, quote=True)}">{html.escape(text)}</span>'
    return f'<span class="verdict" style="background:{colour}">{html.escape(word)}</span>'


def in_edition(results: pd.DataFrame) -> pd.DataFrame:
    """``results`` with the claims and speakers in the edition's language: the Chinese edition takes them from
    data/reference/claims_zh_hans.csv (whose words each is, in its ``wording`` column)."""
    if not language.chinese():
        return results
    chinese = reference.chinese_claims().set_index("claim_id")
    return results.assign(
        claim=results["claim_id"].map(chinese["claim"]).fillna(results["claim"]),
        speaker=results["claim_id"].map(chinese["speaker"]).fillna(results["speaker"]),
        rule=results["claim_id"].map(chinese["rule"]).fillna(results["rule"]),
    )


def claims_table(results: pd.DataFrame) -> None:
    """Show the claims ledger with verdicts, evidence and rules as an HTML table.

    Each verdict is judged again with its threshold halved and doubled and on recent years
    (``sensitivity.table``); a claim whose verdict changes under a variant is marked "sensitive"
    under its verdict, with what changes it.
    """
    robustness = sensitivity.table(results)

    def marked(claim_id: str) -> str:
        said = sensitivity.note(robustness, claim_id)
        css = "sensitive" if robustness.loc[robustness["claim_id"] == claim_id, "changed"].any() else "robust"
        return f'<br><small class="{css}">{html.escape(said)}</small>' if said else ""

    rule = language.text("Rule: {rule}", rule="{rule}")
    rows = "".join(
        f"<tr><td>{html.escape(r.claim_id)}</td><td><b>{html.escape(r.claim)}</b><br><small>{html.escape(r.speaker)}</small></td>"
        f"<td>{verdict_label(r.verdict)}{marked(r.claim_id)}</td><td>{html.escape(r.evidence)}<br><small>{html.escape(rule.format(rule=r.rule))}</small></td></tr>"
        for r in in_edition(results).itertuples()
    )
    head = "".join(
        f"<th>{html.escape(name)}</th>"
        for name in ("#", language.text("claim"), language.text("verdict"), language.text("evidence"))
    )
    display(HTML(f'<table class="claims"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'))


def claims_overview(results: pd.DataFrame) -> None:
    """The briefing's first table: each claim, who made it, its verdict and one plain line of why (``themes.claim_lines``);
    the evidence in full, the rule and the sensitivity are in the appendix (``claims_table``)."""
    reasons = set(results.loc[results["verdict"] == "not evaluated for this run", "evidence"])
    if len(results) and (results["verdict"] == "not evaluated for this run").all() and len(reasons) == 1:
        reason = claims.not_evaluated_reason(reasons.pop())
        say(
            language.text(
                "None of the article's {count} claims is weighed in this run: {reason}. Each is listed in Appendix A.",
                count=len(results),
                reason=reason,
            )
        )
        return
    rows = "".join(
        f"<tr><td><b>{html.escape(row['claim'])}</b><br><small>{html.escape(row['speaker'])}</small></td>"
        f"<td>{verdict_label(row['verdict'])}</td><td>{html.escape(claim_lines.line(original))}</td></tr>"
        for (_, row), (_, original) in zip(in_edition(results).iterrows(), results.iterrows(), strict=True)
    )
    head = "".join(
        f"<th>{html.escape(name)}</th>"
        for name in (language.text("the article claims"), language.text("verdict"), language.text("what the data say"))
    )
    display(HTML(f'<table class="claims overview"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'))


def takeaways(results: pd.DataFrame, *claim_ids: str) -> list[str]:
    """A chapter's takeaway: the plain line of each of its claims that was evaluated for this run (``themes.claim_lines``)."""
    own = results[results["claim_id"].isin(claim_ids)]
    chosen = own[(own["verdict"] != "not evaluated for this run") & (own["evidence"] != "")]
    if chosen.empty and len(own):  # the chapter's figures stand, and one line says why no claim is weighed beside them
        reason = claims.not_evaluated_reason(own["evidence"].iat[0])
        return [
            language.text("The article's claims on this theme are not weighed in this run: {reason}.", reason=reason)
            if reason
            else language.text("No claim on this theme was evaluated.")
        ]
    order = {claim_id: position for position, claim_id in enumerate(claim_ids)}
    return [
        claim_lines.line(row) for _, row in chosen.sort_values("claim_id", key=lambda ids: ids.map(order)).iterrows()
    ]


def projection_appendix(note: str | None, rows: pd.DataFrame | None) -> None:
    """Appendix B, the full-year projection made before publication: its figure, backtest note and every projection;
    one line saying why when the run has none."""
    title = language.marked("Appendix B. The full-year projection and its backtest")
    if not note:
        section(
            title,
            language.text(
                "No projection applies to this run: the published year-to-date figures are totals of China's trade with ASEAN as a whole."
            ),
        )
        return
    section(
        title,
        language.text(
            "Before the full year was published, the workbook projected it from the published year-to-date figures:"
        ),
    )
    figures("projection")
    show([note], rows)


def effects_appendix(sentences: list[str], effects: pd.DataFrame | None) -> None:
    """Appendix C, the agreements' estimates: each agreement's sentence, every specification's percent effect
    (labelled terms) and the specification figure; one line saying why when nothing was estimated."""
    title = language.marked("Appendix C. Agreement effects by specification")
    if effects is None:
        section(title, language.text("No agreement effects were estimated for this run."))
        return
    section(
        title, language.text("Each agreement's effect on trade between members, in the Advanced Guide's specification:")
    )
    say("\n".join(f"- {sentence}" for sentence in sentences))
    say(language.text("Every specification, percent effect with its 95% confidence interval (clustered by pair):"))
    display(HTML(labels.columns(effects).to_html(classes="effects", escape=True)))
    figures("specifications")


def top_imports_table(top: pd.DataFrame | None, reporter_name: str) -> None:
    """Each member's largest import from the reporter (``02_top_import_by_member``) as an HTML table; nothing if absent."""
    if top is None or top.empty:
        return
    body = "".join(
        f"<tr><td>{html.escape(reference.name_of(r.member))}</td><td>{int(r.year)}</td>"
        f"<td>{html.escape(str(r.product))} {html.escape(str(r.name) if pd.notna(r.name) else '')}</td>"
        f"<td>{usd_m(r.value_usd)}</td><td>{r.share_pct:.1f}%</td></tr>"
        for r in top.itertuples()
    )
    say(
        language.text(
            "Each member's largest import from {reporter} and {reporter}'s share of the member's imports of that "
            "product:",
            reporter=reporter_name,
        )
    )
    headers = (
        language.text("member"),
        language.text("year"),
        language.text("product"),
        language.text("imports from {reporter}", reporter=reporter_name),
        language.text("{reporter}'s share", reporter=reporter_name),
    )
    head = "".join(f"<th>{html.escape(header)}</th>" for header in headers)
    display(HTML(f'<table class="top-imports"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'))


def usd_m(value: float) -> str:
    """'USD 1,234.5 m' (12.3亿美元) from a value in USD (for product lines, too small for billions)."""
    return language.amount(value, language.DOLLAR, "m")


def refreshed_sources_table(vintage: pd.DataFrame) -> None:
    """The refreshed data this run used (``make refresh``): name with release, years held, retrieval date; nothing if none."""
    dates = external.retrieved()
    rows = []
    for source, label in external.describe().items():
        held = vintage[vintage["source"] == source]
        years = (
            language.years(int(held["first_year"].min()), int(held["last_year"].max()))
            if len(held)
            else language.text("none for this run's economies")
        )
        rows.append(
            {
                language.text("refreshed source"): label,
                language.text("years held"): years,
                language.text("retrieved"): dates[source],
            }
        )
    if rows:
        say(
            language.text(
                "Refreshed data (fetched by the workbook's refresh from the publishers' services, each file listed "
                "with its checksum in the refreshed data's manifest):"
            )
        )
        display(HTML(pd.DataFrame(rows).to_html(index=False, classes="sources", escape=True)))


def released_or_retrieved(released: str) -> str:
    """The raw manifest's ``released`` for the sources table, in the edition's words."""
    if not released:
        return language.text("not recorded")
    return language.text("per row") if released == "per row" else manifest.release_words(released)


def sources_section(results: pd.DataFrame, vintage: pd.DataFrame, official: pd.DataFrame) -> None:
    """The briefing's sources: the shipped files by publisher and origin (``data/raw/MANIFEST.csv``), the refreshed data,
    the curated official figures behind the headline (one URL per figure) and the article the claims come from."""
    shipped = manifest.provenance()
    table = pd.DataFrame(
        {
            language.text("publisher"): shipped["publisher"],
            language.text("publication"): shipped["publication"] + " — " + shipped["publication_url"],
            language.text("released or retrieved"): shipped["released"].map(released_or_retrieved),
            language.text("terms of use (as published)"): shipped["terms"] + " — " + shipped["terms_url"],
            language.text("copy obtained from"): shipped["copy_obtained_from"],
        }
    )
    display(HTML(table.to_html(index=False, classes="sources", escape=True)))
    refreshed_sources_table(vintage)
    marked = [
        language.text("{url} ({kind})", url=url, kind=curated.kind_name(kind)) if "secondary" in kind else url
        for url, kind in zip(official["source"], official["source_kind"])
    ]
    links(
        sorted(set(marked)),
        intro=language.text(
            "Published figures used in the headline, one page per figure (an aggregator's page marked secondary source):"
        ),
    )
    cited = results[["claim_id", "source_url"]].drop_duplicates("source_url")
    links(list(cited["source_url"].iloc[:1]), intro=language.text("The article the claims come from:"))


def say(text: str) -> None:
    """Show Markdown built from computed values, with every HTML character and link bracket escaped.

    Text from data (curated notes, source names, URLs) can therefore never add markup or a
    link to the page; links are made by ``links`` only.
    """
    escaped = html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")
    display(Markdown(escaped))


def reading_guide() -> None:
    """Appendix A's opening: how to read the briefing's kinds of figure, intervals and verdicts, then what the table holds."""
    say(
        "> **"
        + language.text("How to read this briefing.")
        + "** "
        + language.text(
            "*Statistical* figures are computed from the shipped data files (IMF DOTS monthly, China Customs' table by country, "
            "UN Comtrade records, and the others in the vintage table below), each named in its table and legend; *published* "
            "figures are what authorities stated, transcribed with their source URL; *projected* figures are computed from "
            "published year-to-date totals, with a prediction interval of stated coverage checked on past years (a backtest). "
            "Every other interval is a confidence interval, labelled with its level. *Mirror* statistics are the partner's own "
            "record of the same trade: exports are valued free on board and imports with cost, insurance and freight, so the "
            'two sides differ. A verdict applies the rule printed under it to the data of this run\'s years; "not testable" '
            'means no shipped data can decide it, "not evaluated" that the claim is not about this run\'s economies.'
        )
    )
    say(
        language.text(
            "Each claim from the article is paraphrased with the indicator and the rule that decides it; the verdict and the "
            "evidence below were computed by the workbook's notebooks from the data."
        )
    )


def coverage_appendix(coverage: list[str], reporter_name: str, partner_name: str) -> None:
    """Appendix D: what the run's data hold and miss (``questions.evidence.coverage_notes``), then the coverage figure."""
    section(
        language.marked("Appendix D. Data coverage and caveats"),
        language.text(
            "What the data of this run hold and miss, for {reporter} with {partner}:",
            reporter=reporter_name,
            partner=partner_name,
        ),
    )
    say("\n".join(coverage))
    figures("coverage")


def heading(title: str) -> None:
    """A section heading of the briefing, in the edition's language (``title`` is its English message in the catalogue)."""
    say(f"## {language.text(title)}")


def section(title: str, *sentences: str | None) -> None:
    """A section heading (``title``, translated as ``heading``) with its lead sentences (those not None) in one block, so the
    heading never ends a page alone."""
    say(f"## {language.text(title)}\n\n" + ("" if language.chinese() else " ").join(s for s in sentences if s))


def show(sentences: list[str], table: pd.DataFrame | None) -> None:
    """Sentences, then one table under them (escaped, no index); the table is left out when it is empty."""
    say(" ".join(sentences))
    if table is not None and len(table):
        display(HTML(labels.columns(table).to_html(index=False, escape=True)))


def section_with_table(title: str, sentences: list[str], table: pd.DataFrame | None) -> None:
    """A section with its sentences and one table under them (escaped); nothing at all when there is nothing to say."""
    if not sentences:
        return
    section(title, *sentences)
    if table is not None and len(table):
        display(HTML(labels.columns(table).to_html(index=False, escape=True)))


def links(urls: list[str], *, intro: str) -> None:
    """A list of sources: http(s) URLs as links, anything else as plain text; all escaped."""
    items = []
    for url in urls:
        text = html.escape(url)
        is_web = url.startswith(("http://", "https://")) and not any(c in url for c in ' "<>')
        items.append(f'<li><a href="{html.escape(url, quote=True)}">{text}</a></li>' if is_web else f"<li>{text}</li>")
    display(HTML(f"<p>{html.escape(intro)}</p><ul>{''.join(items)}</ul>"))


RUN_KEYS = ("reporter", "partner", "year_start", "year_end")


def check_same_run(parameters: dict) -> None:
    """Stop if the tables or notebooks this briefing reads were made with other run parameters.

    Reads the parameters papermill recorded in each executed notebook of this outputs folder
    and those stored with each claim verdict; one line names the first that differs.
    """
    import nbformat

    wanted = {k: str(parameters[k]) for k in RUN_KEYS if k in parameters}
    executed_folder = config.paths().executed
    read = [
        p
        for p in sorted(executed_folder.glob("[0-9][0-9]_*.ipynb"))
        if p.name != config.BRIEFING_NOTEBOOK and ".failed." not in p.name
    ]
    for executed in read:  # every notebook whose tables and figures the briefing shows
        ran = nbformat.read(executed, as_version=4).metadata.get("papermill", {}).get("parameters", {})
        differs = {k: ran[k] for k in wanted if k in ran and str(ran[k]) != wanted[k]}
        if differs:
            raise TradebookError(
                f"{executed.name} in this outputs folder ran with {differs}, this briefing with "
                f"{ {k: wanted[k] for k in differs} }: rerun it with these parameters (make run) before the briefing"
            )
    path = config.paths().tables / "claims_results.csv"
    if path.exists():
        results = pd.read_csv(path, dtype=str, keep_default_na=False)
        for row in results.itertuples():
            differs = {k: getattr(row, k) for k in wanted if hasattr(row, k) and getattr(row, k) != wanted[k]}
            if differs:
                raise TradebookError(
                    f"claim {row.claim_id} was judged in a run with {differs}: rerun notebook {ledger_notebook(row.claim_id)} with this briefing's parameters"
                )


def ledger_notebook(claim_id: str) -> str:
    return claims.ledger().set_index("claim_id").at[claim_id, "notebook"]
