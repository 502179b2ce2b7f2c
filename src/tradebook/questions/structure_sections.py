"""Notebook 02's steps as the briefing shows them: one ``Section`` per figure, built from ``structure.answer``.

Each function takes the run's ``Workbook`` and notebook 02's ``Structure`` and returns what the step saves (its
declared tables), draws (its figure, caption and briefing section) and says; the notebook shows it with
``wb.show(section)``. A step without data says why instead of drawing an empty figure.
"""

from __future__ import annotations

import pandas as pd

from tradebook import language, shared_tables
from tradebook.context import Workbook
from tradebook.publish import figures
from tradebook.publish.section import Section
from tradebook.questions.structure import PROJECTION_SHOWN, SECTION_FLOOR_PCT, Structure


def headline(wb: Workbook, answer: Structure) -> Section:
    """Total trade from every source held, each its own series (USD billion)."""
    return Section(
        "02_headline",
        tables={shared_tables.HEADLINE: answer.headline},
        figure=figures.headline(answer.headline),
        caption=language.text(
            "Total trade, {reporter_name} with {partner_label}, every source held, each its own series (USD billion).",
            reporter_name=wb.reporter_name,
            partner_label=wb.partner_label,
        ),
        briefing="headline",
    )


def momentum(answer: Structure) -> Section:
    """Year-on-year growth of monthly trade and the 12-month rolling total."""
    return Section(
        "02_momentum",
        tables={shared_tables.MONTHLY: answer.momentum.reset_index().astype({"period": str})},
        figure=figures.momentum(answer.momentum),
        caption=language.text("Year-on-year growth of monthly trade and the 12-month rolling total."),
        briefing="structure",
    )


def balance(wb: Workbook, answer: Structure) -> Section:
    """The normalised balance with each member, (X − M)/(X + M), and the balance with the group (exports − imports)."""
    figure = figures.balance(
        answer.balance,
        answer.group_balance,
        names=wb.names,
        reporter_name=wb.reporter_name,
        partner_label=wb.partner_label,
    )
    return Section(
        "02_balance",
        tables={shared_tables.BALANCE: answer.balance, shared_tables.BALANCE_GROUP: answer.group_balance.reset_index()},
        figure=figure,
        caption=language.text(
            "{reporter_name}'s normalised balance with {each}, (X − M)/(X + M), and its balance with {partner_label} (exports − imports: above zero a surplus).",
            reporter_name=wb.reporter_name,
            each=wb.roles.each,
            partner_label=wb.partner_label,
        ),
        briefing="structure",
    )


def member_shares(wb: Workbook, answer: Structure) -> Section:
    """Each member's share of the reporter's trade with the group; one partner: why there is nothing to share out."""
    tables = {shared_tables.MEMBER_SHARES: answer.shares}
    if answer.shares_note:
        return Section("02_member_shares", tables=tables, said=(answer.shares_note,))
    figure = figures.member_shares(
        answer.shares, answer.own, names=wb.names, reporter_name=wb.reporter_name, partner_label=wb.partner_label
    )
    return Section(
        "02_member_shares",
        tables=tables,
        figure=figure,
        caption=language.text(
            "Each member's share of {reporter_name}'s trade with {partner_label}.",
            reporter_name=wb.reporter_name,
            partner_label=wb.partner_label,
        ),
        briefing="structure",
    )


def rival_shares(wb: Workbook, answer: Structure) -> Section:
    """The reporter's and the rival's shares in each member's own trade (member-recorded)."""
    return Section(
        "02_partner_vs_usa",
        tables={shared_tables.PARTNER_VS_USA_SHARE: answer.eastward},
        figure=figures.rival_shares(answer.eastward, members=wb.members, names=wb.names, years=wb.years),
        caption=language.text(
            "{reporter_name}'s and {rival_name}'s shares in {each_s} own trade ({recorded}).",
            reporter_name=wb.reporter_name,
            rival_name=wb.rival_name,
            each_s=wb.roles.each_s,
            recorded=wb.roles.recorded,
        ),
        briefing="structure",
    )


def export_sections(answer: Structure) -> Section:
    """Export shares by HS section in the latest BACI year, the sections reaching the floor somewhere."""
    tables = {shared_tables.EXPORT_SECTIONS_BACI: answer.sections}
    if answer.sections_note or answer.sections_grid is None or answer.latest_baci is None:
        return Section("02_export_sections", tables=tables, said=(answer.sections_note or "",))
    return Section(
        "02_export_sections",
        tables=tables,
        figure=figures.export_sections(answer.sections_grid, year=answer.latest_baci, floor_pct=SECTION_FLOOR_PCT),
        caption=language.text("Export structure by HS section, latest year held."),
        briefing="structure",
    )


def wits_structure(answer: Structure) -> Section:
    """The machinery and electrical share of exports over three decades and the stages of processing (WITS): the
    notebook's figure."""
    figure = figures.wits_structure(
        answer.machinery, answer.stage_grid, stage_year=answer.latest_stage, missing=answer.wits_missing
    )
    return Section(
        "02_wits_structure",
        tables={shared_tables.WITS_GROUPS: answer.wits_groups, shared_tables.WITS_STAGES: answer.wits_stages},
        figure=figure,
    )


def products(wb: Workbook, answer: Structure) -> Section:
    """The reporter's products with every member from refreshed data (``make refresh``): its largest products each way,
    saved, its share of each member's imports by product, drawn, and each member's largest import from it, shown; or
    the sentence saying no refreshed data are held."""
    said = (answer.refreshed_sentence,)
    if not answer.product_source:
        return Section("02_import_share_by_product", said=said)
    tables = {
        shared_tables.TOP_PRODUCTS_BY_MEMBER: answer.top_by_member,
        shared_tables.IMPORT_SHARE_BY_PRODUCT: answer.import_share,
        shared_tables.TOP_IMPORT_BY_MEMBER: answer.top_import,
    }
    shown = answer.top_import.assign(member=answer.top_import["member"].map(wb.names))
    if answer.import_grid is None or answer.product_level is None:
        return Section("02_import_share_by_product", tables=tables, said=said, shown=shown)
    figure = figures.import_share(
        answer.import_grid, reporter_name=wb.reporter_name, level=answer.product_level, label=answer.product_label
    )
    return Section(
        "02_import_share_by_product",
        tables=tables,
        figure=figure,
        caption=language.text(
            "{reporter_name}'s share of {each_s} imports by product, latest year held.",
            reporter_name=wb.reporter_name,
            each_s=wb.roles.each_s,
        ),
        briefing="structure",
        said=said,
        shown=shown,
        drawn_from=(shared_tables.IMPORT_SHARE_BY_PRODUCT,),
    )


def intensity(wb: Workbook, answer: Structure) -> Section:
    """The trade intensity index both directions, by member; 1 = trade in line with the partner's weight."""
    tables = {shared_tables.INTENSITY: answer.intensity}
    if answer.intensity_note or answer.world_countries is None:
        return Section("02_intensity", tables=tables, said=(answer.intensity_note or "",))
    figure = figures.intensity(answer.intensity_panels, names=wb.names, world_countries=answer.world_countries)
    return Section(
        "02_intensity",
        tables=tables,
        figure=figure,
        caption=language.text(
            "Trade intensity index, both directions{panels}; 1 = trade in line with the partner's weight in world trade.",
            panels=wb.roles.panels,
        ),
        briefing="structure",
    )


def projection(answer: Structure) -> Section:
    """The full year projected from each published year-to-date figure, with its backtest: saved and shown, said, and
    drawn from the latest figure in dollars (a yuan figure is converted, not drawn against dollar totals)."""
    projected = answer.projection
    said = (projected.sentence,)
    if not len(projected.projections):
        return Section("02_nowcast", said=said)
    tables = {
        shared_tables.NOWCAST: projected.projections,
        shared_tables.NOWCAST_BACKTEST: projected.backtest,
        shared_tables.NOWCAST_NOTE: pd.DataFrame({"sentence": [projected.sentence]}),
    }
    shown = projected.projections[PROJECTION_SHOWN]
    primary = projected.primary
    year, months = projected.target_year, projected.months
    if primary is None or primary["currency"] != "USD" or year is None or months is None:
        return Section("02_nowcast", tables=tables, said=said, shown=shown)
    figure = figures.projection(answer.headline, primary, projected.backtest, year=year, months=months)
    return Section(
        "02_nowcast",
        tables=tables,
        figure=figure,
        caption=language.text(
            "{year} projected from the published {months} total, with the interval from past years' seasonal patterns, beside each past year projected the same way (backtest) and the USD 1 trillion line.",
            year=int(primary["year"]),
            months=months,
        ),
        briefing="projection",
        said=said,
        shown=shown,
    )
