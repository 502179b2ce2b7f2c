"""What a reader needs before the briefing's first section: a cover block, a contents list, numbered figures and tables.

Everything here works on the HTML that nbconvert made of the executed briefing notebook, so a
figure or table a notebook adds is numbered and listed without an edit here. ``cover`` names
the run in words (its parameters are listed at the end, ``parameters_section``), the workbook's version and commit, how to cite the briefing (from
``CITATION.cff``) and where the annex and the CSV tables are; ``contents`` lists every section
(each ``<h2>``) with the figures inside it; ``number`` labels "Figure N" and "Table N" in the
order a reader meets them, and ``refer`` names them by number under each section's heading.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from tradebook import language
from tradebook.publish import labels
from tradebook.roles import Roles

FIGCAPTION = re.compile(r'<figure class="briefing-figure">(.*?)<figcaption>(.*?)</figcaption>', re.S)
TABLE = re.compile(r"<table(?P<attributes>[^>]*)>")
SECTION = re.compile(r'<h2 id="(?P<id>[^"]+)">(?P<title>.*?)</h2>', re.S)


@dataclass(frozen=True)
class Citation:
    """The workbook as ``CITATION.cff`` describes it."""

    title: str
    version: str
    authors: str
    released: str
    url: str

    @classmethod
    def from_cff(cls, cff: dict) -> Citation:
        authors = "; ".join(
            a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
            for a in cff.get("authors", [])
        )
        return cls(
            cff["title"],
            str(cff["version"]),
            authors,
            str(cff.get("date-released", "")),
            cff.get("repository-code") or cff.get("url") or "",
        )

    def sentence(self, briefing_title: str, commit: str, made_on: str) -> str:
        """'Authors (year). Briefing title. In: Workbook title, version V (commit C), made DATE. URL'."""
        year = self.released[:4] or made_on[:4] if language.chinese() else self.released[:4] or made_on[-4:]
        cited = language.text(
            "{authors} ({year}). {title}. In: {workbook}, version {version} (commit {commit}), made {made_on}.",
            authors=self.authors,
            year=year,
            title=briefing_title,
            workbook=self.title,
            version=self.version,
            commit=commit,
            made_on=made_on,
        )
        return f"{cited} {self.url}" if self.url else cited


def number(body: str) -> tuple[str, list[tuple[int, str, str]]]:
    """``body`` with "Figure N." before each figure caption and "Table N" as each table's caption; and the figures (number, anchor, caption)."""
    figures: list[tuple[int, str, str]] = []

    def label_figure(match: re.Match) -> str:
        n = len(figures) + 1
        figures.append((n, f"figure-{n}", match.group(2)))
        label = html.escape(language.text("Figure {n}.", n=n))
        return f'<figure class="briefing-figure" id="figure-{n}">{match.group(1)}<figcaption><span class="label">{label}</span> {match.group(2)}</figcaption>'

    body = FIGCAPTION.sub(label_figure, body)
    count = 0

    def label_table(match: re.Match) -> str:
        nonlocal count
        if "figure-table" in match.group("attributes"):
            return match.group(0)  # a figure's data, under the figure: part of the figure, not a numbered table
        count += 1
        label = html.escape(language.text("Table {n}", n=count))
        return f'<table{match.group("attributes")} id="table-{count}"><caption class="label">{label}</caption>'

    return TABLE.sub(label_table, body), figures


def contents(body: str, figures: list[tuple[int, str, str]]) -> str:
    """A contents list: each section (``<h2>``) linked, with the numbers and first words of the figures inside it."""
    sections = list(SECTION.finditer(body))
    items = []
    for position, section in enumerate(sections):
        end = sections[position + 1].start() if position + 1 < len(sections) else len(body)
        inside = [
            (n, anchor, caption)
            for n, anchor, caption in figures
            if section.start() < body.find(f'id="{anchor}"') < end
        ]
        colon = language.text(": ")
        listed = "".join(
            f'<li><a href="#{anchor}">{html.escape(_span("Figure", [str(n)]))}</a>{colon}{_first_words(caption)}</li>'
            for n, anchor, caption in inside
        )
        items.append(
            f'<li><a href="#{section.group("id")}">{section.group("title")}</a>'
            + (f'<ul class="figures">{listed}</ul>' if listed else "")
            + "</li>"
        )
    title = html.escape(language.text("Contents"))
    return f'<nav class="contents" aria-label="{title}"><h2 class="contents-title">{title}</h2><ol>{"".join(items)}</ol></nav>'


def run_in_words(roles: Roles, *, years: range, sources: list[str]) -> str:
    """The run as a reader says it: "China's trade with ASEAN-10 (10 members), 2011–2024, from IMF DOTS, GACC and UN Comtrade"."""
    said = {
        "reporter": roles.reporter_name,
        "partner": roles.partner_name,
        "members": len(roles.members),
        "period": language.years(years[0], years[-1]) if len(years) > 1 else language.period(years[0]),
        "sources": ", ".join(sources[:-1]) + f" and {sources[-1]}"
        if len(sources) > 1 and not language.chinese()
        else language.listed(sources),
    }
    grouped = roles.members != (roles.partner,)
    return language.text(RUN_IN_WORDS[grouped, bool(sources)], **said)


RUN_IN_WORDS = {  # (a group of partners, sources named) → the run in words
    (True, True): language.marked("{reporter}'s trade with {partner} ({members} members), {period}, from {sources}"),
    (True, False): language.marked("{reporter}'s trade with {partner} ({members} members), {period}"),
    (False, True): language.marked("{reporter}'s trade with {partner}, {period}, from {sources}"),
    (False, False): language.marked("{reporter}'s trade with {partner}, {period}"),
}


def cover(
    *,
    run: str,
    version: str,
    commit: str,
    made_on: str,
    citation: str,
    tables: list[str],
    dates: dict[str, str],
    annex_href: str = "annex.xlsx",
    titles: tuple[str, ...] = (),
) -> str:
    """The cover block: the run in words (``run_in_words``; its parameters are listed in the appendix), the workbook's version and
    commit, each source's release or retrieval date (one line for the sources that have none), the citation, and where the data are.

    A source's name (``titles`` and the keys of ``dates``) is marked ``<cite>``, as is the citation: titles, not prose.
    """
    named = sorted({*titles, *dates}, key=len, reverse=True)

    # one pass, longest name first: "Singapore HS2 (UN Comtrade, WITS)" is marked whole, never with "UN Comtrade" marked
    # again inside it
    names = (
        re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(html.escape(title)) for title in named)})(?!\w)") if named else None
    )

    def cited(escaped: str) -> str:
        return names.sub(lambda found: f"<cite>{found.group(0)}</cite>", escaped) if names else escaped

    dated = [
        html.escape(language.text("{source} ({when})", source=label, when=when))
        for label, when in dates.items()
        if when and when != "per row"
    ]
    per_row = [html.escape(label) for label, when in dates.items() if when == "per row"]
    undated = [html.escape(label) for label, when in dates.items() if not when]
    listed = [language.text("; ").join(dated)]
    if per_row:
        listed.append(language.text("{sources}: a date and page per figure", sources=language.listed(per_row)))
    obtained = language.text("; ").join(listed)
    if undated:
        obtained = language.text(
            "{obtained}. No release or retrieval date is recorded for {sources}",
            obtained=obtained,
            sources=language.listed(undated),
        )
    annex_file = language.suffixed("annex.xlsx")
    annex = (
        f'<a download="{html.escape(annex_file, quote=True)}" href="{html.escape(annex_href, quote=True)}">'
        + html.escape(language.text("Excel annex"))
        + "</a>"
    )

    def said(label: str, sentence: str) -> str:
        return f"<p><b>{html.escape(label)}</b> {sentence}</p>"

    return (
        '<section class="cover">'
        + said(
            language.text("This briefing:"),
            cited(html.escape(language.text("{run}. The run's parameters are listed at the end.", run=run))),
        )
        + said(
            language.text("Made"),
            html.escape(
                language.text(
                    "{made_on} by the workbook, version {version}, commit {commit}.",
                    made_on=made_on,
                    version=version,
                    commit=commit,
                )
            ),
        )
        + said(
            language.text("Sources"),
            cited(
                language.text(
                    "(publisher and publication first, each with its terms in the Sources section): {obtained}.",
                    obtained=obtained,
                )
            ),
        )
        + said(
            language.text("Data:"),
            language.text(
                "the {annex} (every table with its units and sources; in the HTML briefing it is inside the page, on "
                "paper it is sent with the briefing as {file}), and the {tables} CSV tables in the {folder} folder "
                "beside it; on screen each figure's data is under it.",
                annex=annex,
                file=f"<code>{html.escape(annex_file)}</code>",
                tables=len(tables),
                folder="<code>tables</code>",
            ),
        )
        + said(language.text("Cite this briefing:"), f"<cite>{html.escape(citation)}</cite>")
        + "</section>"
    )


def parameters_section(parameters: dict[str, str]) -> str:
    """The appendix's last section: the run's parameters, each by its reader's label (``labels``) with the name a batch file uses."""
    rows = "".join(
        f"<tr><td>{html.escape(labels.label(str(name)))}</td><td><code>{html.escape(str(name))}</code></td><td><code>{html.escape(_said(value))}</code></td></tr>"
        for name, value in parameters.items()
    )
    head = "".join(f"<th>{html.escape(language.text(name))}</th>" for name in PARAMETER_COLUMNS)
    explained = language.text(
        "The values this briefing was made with; a batch file or {papermill} sets them by the name in the middle "
        "column, to the value in the last.",
        papermill="<code>papermill -p</code>",
    )
    heading = html.escape(language.text("The run's parameters"))
    return (
        f'<h2 id="The-run-s-parameters">{heading}</h2>'
        f"<p>{explained}</p>"
        f'<table class="parameters"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


PARAMETER_COLUMNS = (language.marked("parameter"), language.marked("name"), language.marked("value"))


def _said(value: object) -> str:
    """A parameter's value as text: a list as its items joined by commas."""
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


def refer(body: str) -> str:
    """After each section's heading, a line naming the figures and tables of the section by number ("Figures 3–8 and Table 4 below")."""
    sections = list(SECTION.finditer(body))
    out, last = [], 0
    for position, section in enumerate(sections):
        end = sections[position + 1].start() if position + 1 < len(sections) else len(body)
        inside = body[section.end() : end]
        named = [
            _span("Figure", re.findall(r'id="figure-(\d+)"', inside)),
            _span("Table", re.findall(r'id="table-(\d+)"', inside)),
        ]
        named = [n for n in named if n]
        out.append(body[last : section.end()])
        if named:
            out.append(
                '<p class="refs">'
                + html.escape(language.text("{named} below.", named=language.text(" and ").join(named)))
                + "</p>"
            )
        last = section.end()
    return "".join(out) + body[last:]


def _span(kind: str, numbers: list[str]) -> str:
    """ "Figure 3", "Figures 3–8" (consecutive, as numbered in reading order), or "" for none."""
    if not numbers:
        return ""
    first, last = numbers[0], numbers[-1]
    if kind == "Figure":
        return (
            language.text("Figure {n}", n=first)
            if first == last
            else language.text("Figures {first}–{last}", first=first, last=last)
        )
    return (
        language.text("Table {n}", n=first)
        if first == last
        else language.text("Tables {first}–{last}", first=first, last=last)
    )


def _first_words(caption: str, words: int = 12) -> str:
    """A caption's first words for the contents list: twelve words, or in Chinese the first 28 characters."""
    if language.chinese():
        sentence = caption.split("。")[0]
        return sentence[: 2 * words + 4] + ("…" if len(sentence) > 2 * words + 4 else "")
    text = caption.split(". ")[0].split()
    return " ".join(text[:words]) + ("…" if len(text) > words else "")
