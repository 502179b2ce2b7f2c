"""The briefing's cover block, contents and numbered figures and tables (``publish.front_matter``), on hand-written HTML."""

from tradebook.publish import front_matter

BODY = (
    '<h1>Title</h1><h2 id="Key-numbers">Key numbers</h2><p>lead</p>'
    '<figure class="briefing-figure"><img src="a.png"/><figcaption>Total trade, every source held. More words.</figcaption></figure>'
    '<table class="dataframe nowcast"><tr><td>1</td></tr></table>'
    '<h2 id="Structure">Structure</h2>'
    '<figure class="briefing-figure"><img src="b.png"/><figcaption>Balance with each member</figcaption></figure>'
    '<details class="figure-data"><table class="dataframe figure-table"><tr><td>data</td></tr></table></details>'
    '<table class="claims"><tr><td>2</td></tr></table>'
)


def test_figures_and_tables_are_numbered_in_reading_order_and_listed_under_their_sections():
    body, figures = front_matter.number(BODY)
    assert [(n, anchor) for n, anchor, _ in figures] == [(1, "figure-1"), (2, "figure-2")]
    assert (
        '<figure class="briefing-figure" id="figure-2"><img src="b.png"/><figcaption><span class="label">Figure 2.</span> Balance'
        in body
    )
    assert (
        '<table class="claims" id="table-2"><caption class="label">Table 2</caption>' in body
    )  # a figure's data table is not numbered
    assert '<table class="dataframe figure-table"><tr>' in body
    contents = front_matter.contents(body, figures)
    assert (
        contents.index('href="#Key-numbers"')
        < contents.index('href="#figure-1"')
        < contents.index('href="#Structure"')
        < contents.index('href="#figure-2"')
    )
    assert "Figure 1</a>: Total trade, every source held</li>" in contents  # the caption's first sentence
    referred = front_matter.refer(body)
    assert '<h2 id="Key-numbers">Key numbers</h2><p class="refs">Figure 1 and Table 1 below.</p>' in referred
    assert '<h2 id="Structure">Structure</h2><p class="refs">Figure 2 and Table 2 below.</p>' in referred


def test_the_cover_names_the_run_escaped_with_its_version_commit_citation_and_links():
    citation = front_matter.Citation.from_cff(
        {
            "title": "Workbook",
            "version": "0.1.0",
            "date-released": "2026-11-29",
            "authors": [{"name": "The authors"}],
            "repository-code": "https://example.org/wb",
        }
    )
    sentence = citation.sentence("China–Vietnam trade: evidence briefing", "abc1234", "02 December 2026")
    assert sentence == (
        "The authors (2026). China–Vietnam trade: evidence briefing. In: Workbook, version 0.1.0 (commit abc1234), made 02 December 2026. https://example.org/wb"
    )
    cover = front_matter.cover(
        run="Vietnam's trade with <China>, 2015–2024, from IMF DOTS",
        version="0.1.0",
        commit="abc1234",
        made_on="02 December 2026",
        citation=sentence,
        tables=["02_headline", "02_growth"],
        dates={
            "IMF DOTS": "retrieved 2024-07-16",
            "GACC releases": "released 2025-03-11, 2026-04-08",
            "OEC": "",
            "WITS": "",
        },
    )
    assert "from <cite>IMF DOTS</cite>" in cover and "<cite>The authors (2026)." in cover  # titles, not prose
    nested = front_matter.cover(
        run="Trade from UN Comtrade and Singapore HS2 (UN Comtrade, WITS)",
        version="0.1.0",
        commit="abc1234",
        made_on="02 December 2026",
        citation=sentence,
        tables=[],
        dates={},
        titles=["UN Comtrade", "Singapore HS2 (UN Comtrade, WITS)"],
    )
    assert "from <cite>UN Comtrade</cite> and <cite>Singapore HS2 (UN Comtrade, WITS)</cite>" in nested  # none nested
    cover = cover.replace("<cite>", "").replace("</cite>", "")
    assert (
        "IMF DOTS (retrieved 2024-07-16); GACC releases (released 2025-03-11, 2026-04-08). No release or retrieval date is recorded for OEC, WITS."
        in cover
    )
    assert cover.count("No release or retrieval date") == 1  # one line for every source without one
    assert "trade with &lt;China&gt;" in cover and "<China>" not in cover
    assert "year_start" not in cover and " = " not in cover  # the run in words; the parameters are listed at the end
    assert (
        '<a download="annex.xlsx" href="annex.xlsx">' in cover
        and "2 CSV tables" in cover
        and "version 0.1.0, commit abc1234" in cover
    )
    assert "Cite this briefing:</b> The authors (2026)." in cover


def test_period_labels_of_the_curated_tables_read_as_months():
    from tradebook.sources import curated

    assert curated.period_label("2024-01..11") == "Jan–Nov 2024"
    assert curated.period_label("2025-01..07 (preliminary)") == "Jan–Jul 2025 (preliminary)"
    assert curated.period_label("2024 full year") == "2024 full year"


def test_each_shipped_source_names_its_publisher_publication_and_copy_apart():
    from tradebook.sources import manifest

    shipped = manifest.provenance().set_index("source")
    assert shipped.at["imf_dots", "released"] == "retrieved 2024-07-16"
    assert shipped.at["imf_dots", "publisher"] == "International Monetary Fund (IMF)"
    assert shipped.at["gacc_2024", "copy_obtained_from"].startswith(
        "github.com/JaviReitano/China-Trade-2024 at commit 64470e1"
    )
    assert "github" not in shipped.at["gacc_2024", "publication_url"]  # the publisher's own page, not the copy
    assert (shipped["terms"] != "").all() and (shipped["publication_url"] != "").all()


def test_the_run_is_described_in_words_singular_for_one_partner_and_the_parameters_listed_with_labels():
    from tradebook.publish import front_matter
    from tradebook.roles import Roles

    group = front_matter.run_in_words(
        Roles("CHN", "ASEAN-10", ("BRN", "KHM")), years=range(2011, 2025), sources=["IMF DOTS", "GACC", "UN Comtrade"]
    )
    assert group == "China's trade with ASEAN-10 (2 members), 2011–2024, from IMF DOTS, GACC and UN Comtrade"
    one = front_matter.run_in_words(Roles.of("CHN", "IDN", 2015), years=range(2015, 2016), sources=["IMF DOTS"])
    assert one == "China's trade with Indonesia, 2015, from IMF DOTS"
    listed = front_matter.parameters_section(
        {"year_start": 2011, "sources": ["imf_dots", "gacc_2024"], "currency_note": "<b>USD</b>"}
    )
    assert "<td>first year</td><td><code>year_start</code></td><td><code>2011</code></td>" in listed
    assert (
        "<code>imf_dots, gacc_2024</code>" in listed
        and "&lt;b&gt;USD&lt;/b&gt;" in listed
        and "<b>USD</b>" not in listed
    )
