"""Notebook 06's question: did the agreements (RCEP, the ACFTA upgrade) deliver measurable benefits?

Structural gravity by the Advanced Guide (Yotov et al. 2016, ch. 1, C.3): PPML with exporter-year,
importer-year and symmetric pair effects on the panel of the shipped IMF DOTS reporters, with the
US–China tariffs as a control and the checks of ``themes.gravity.specifications``; then the
rerouting question around the US tariffs (China's exports to each member beside the member's
share of US imports), which is about China with ASEAN and is left out of other runs, saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from tradebook import language, reference, shared_tables
from tradebook.context import Workbook
from tradebook.publish import figures
from tradebook.publish.section import Section
from tradebook.themes import claims, gravity

EFFECTS_SHOWN = [
    "specification",
    "term",
    "coef",
    "se",
    "pct",
    "pct_low",
    "pct_high",
    "years_in_force",
    "n_obs",
    "n_pairs",
    "n_dropped",
]
REROUTING_SHOWN = [
    "china_exports_change_pct",
    "exports_to_us_change_pct",
    "us_import_share_before_pct",
    "us_import_share_after_pct",
    "us_import_share_change_pp",
]


@dataclass(frozen=True)
class Agreements:
    """What notebook 06 shows and saves."""

    years: range  # the estimation years: every shipped reporter complete
    held: str  # the same as text, "2011–2022" or "none"
    window_note: str  # which years are complete, of the run's, and what lies beyond
    panel: pd.DataFrame  # 06_panel: observations, reporters, share recorded by the exporter, IMF-estimated share
    agreements: pd.DataFrame  # 06_agreements
    identification: pd.DataFrame  # 06_identification
    effects: pd.DataFrame  # 06_effects: every specification
    labels: dict[str, str]  # the drawn terms (policy terms and their leads) → their label in the figure
    sentences: dict[str, str]  # 06_effect_sentences: term → sentence, and the panel note
    before: list[int]  # the tariff windows of the rerouting comparison
    after: list[int]
    rerouting: pd.DataFrame  # 06_rerouting (empty where the comparison does not apply)
    rerouting_note: str
    no_effect_note: str  # said when no agreement enters into force inside the estimation years
    verdict: str
    evidence: str
    values: dict
    rcep_years: int  # years RCEP is in force in the main specification's sample
    event_study: (
        pd.DataFrame
    )  # 06_event_study: each policy agreement's pairs year by year against the year before entry
    effects_caption: str
    event_caption: str
    rerouting_caption: (
        str | None
    )  # None: no figure (no tariff windows, or too few members for a scatter to show a relation)


def panel_summary(trade: pd.DataFrame, held: str) -> pd.DataFrame:
    """One row describing the gravity panel: observations, exporters, importers, years, % exporter-recorded, % IMF-estimated."""
    share = (lambda mask: 100 * mask.mean()) if len(trade) else (lambda mask: 0.0)
    return pd.DataFrame(
        {
            "observations": [len(trade)],
            "exporters": [trade["exporter"].nunique()],
            "importers": [trade["importer"].nunique()],
            "years": [held],
            "exporter-recorded %": [share(trade["recorded_by"] == "exporter")],
            "IMF estimates or allocations %": [share(trade["flag"].str.contains("imf_"))],
        }
    )


def agreement_summary(coded: pd.DataFrame) -> pd.DataFrame:
    """Each coded agreement: members, first and last entry into force, pair-years and years in force in the panel."""
    summary = (
        gravity.agreements()
        .groupby(["agreement", "agreement_name"], sort=False)
        .agg(
            members=("member", "size"), first_entry=("entry_into_force", "min"), last_entry=("entry_into_force", "max")
        )
        .reset_index()
    )
    summary["pair_years_in_force"] = summary["agreement"].map(lambda a: int(coded[a].sum()) if a in coded else 0)
    summary["years_in_force"] = summary["agreement"].map(
        lambda a: gravity.years_in_force(coded, a) if a in coded else 0
    )
    return summary


def drawn_labels(effects: pd.DataFrame) -> dict[str, str]:
    """The policy terms and their leads, each with the label the effects figure gives it ("RCEP, 1 year before entry")."""
    shown = effects[effects["term"].str.split("_lead").str[0].isin(gravity.POLICY_TERMS)] if len(effects) else effects
    return {
        term: language.text(
            "{agreement}, {lead}",
            agreement=language.text(gravity.LABELS[term.split("_lead")[0]]),
            lead=gravity.lead_label(term),
        )
        if "_lead" in term
        else language.text(gravity.LABELS[term])
        for term in shown["term"].unique()
    }


SCATTER_POINTS = 3  # fewer members than this make a scatter that shows no relation: the table says it instead


def effects_section(answer: Agreements) -> Section:
    """The policy agreements' effects by specification (percent, 95% confidence intervals), drawn and shown; without an
    agreement entering into force inside the years, the sentence saying there is no effect to estimate."""
    drawn = answer.effects[answer.effects["term"].isin(answer.labels)]
    tables = {shared_tables.EFFECTS: answer.effects}
    if not len(drawn):
        return Section("06_effects", tables=tables, said=(answer.no_effect_note,))
    return Section(
        "06_effects",
        tables=tables,
        figure=figures.agreement_effects(
            drawn.assign(specification=drawn["specification"].map(gravity.specification_name)),
            labels=answer.labels,
            held=answer.held,
        ),
        caption=answer.effects_caption,
        briefing="specifications",
        shown=drawn[EFFECTS_SHOWN].round(3),
    )


def event_section(answer: Agreements) -> Section:
    """Each agreement's pairs year by year against the year before entry (the event study), drawn where estimated."""
    tables = {shared_tables.EVENT_STUDY: answer.event_study}
    if not len(answer.event_study):
        return Section("06_event_study", tables=tables)
    figure = figures.event_study(answer.event_study, labels=answer.labels, held=answer.held)
    return Section("06_event_study", tables=tables, figure=figure, caption=answer.event_caption, briefing="agreements")


def sentences_section(answer: Agreements) -> Section:
    """Each agreement's effect with its checks, in words (the briefing quotes them)."""
    sentences = pd.Series(answer.sentences, name="sentence").rename_axis("term").reset_index()
    said = "\n".join(f"- {sentence}" for sentence in sentences["sentence"])
    return Section("06_effect_sentences", tables={shared_tables.EFFECT_SENTENCES: sentences}, said=(said,))


def rerouting_section(answer: Agreements) -> Section:
    """China's exports to each member against the member's share of US imports, before and after the US tariffs: said,
    shown and, with three members or more, drawn."""
    said = (answer.rerouting_note,)
    if not len(answer.rerouting):
        return Section("06_rerouting", said=said)
    tables = {shared_tables.REROUTING: answer.rerouting}
    shown = answer.rerouting.set_index("member")[REROUTING_SHOWN].round(2)
    if not answer.rerouting_caption:
        return Section("06_rerouting", tables=tables, said=said, shown=shown)
    figure = figures.rerouting(answer.rerouting, before=answer.before, after=answer.after)
    caption = answer.rerouting_caption
    return Section(
        "06_rerouting", tables=tables, figure=figure, caption=caption, briefing="specifications", said=said, shown=shown
    )


def rerouting_comparison(wb: Workbook, years: range) -> tuple[list[int], list[int], pd.DataFrame, str]:
    """The tariff windows, the rerouting table and its sentence; an empty table with the reason where it does not apply."""
    before, after = gravity.tariff_windows(
        wb.year_start, min(wb.year_end, years.stop - 1) if len(years) else wb.year_end
    )
    if claims.scope(wb.run):
        return (
            before,
            after,
            pd.DataFrame(),
            language.text(
                "Left out: the comparison is about China's exports to the ASEAN members, and this run is {reporter} "
                "with {partner}.",
                reporter=wb.reporter_name,
                partner=wb.partner_label,
            ),
        )
    if not (before and after):
        return (
            before,
            after,
            pd.DataFrame(),
            language.text(
                "The run's years {years} do not reach both sides of the US tariffs: no before/after comparison.",
                years=language.years(wb.year_start, wb.year_end),
            ),
        )
    asean = [m for m in reference.members("ASEAN-10") if m in wb.members] or reference.members("ASEAN-10")
    table = gravity.rerouting(wb.flows, asean, before, after).assign(
        before=f"{before[0]}–{before[-1]}", after=f"{after[0]}–{after[-1]}"
    )
    both = table[
        (table["china_exports_change_pct"] > 0) & (table["us_import_share_change_pp"] >= gravity.SHARE_THRESHOLD_PP)
    ]
    windows = dict(
        before=language.years(before[0], before[-1]),
        after=language.years(after[0], after[-1]),
        threshold=gravity.SHARE_THRESHOLD_PP,
    )
    if len(table) == 1:
        note = language.text(
            language.marked(
                "Between {before} and {after}, {member} saw China's exports to it rise and its share of US imports rise "
                "by at least {threshold:g} percentage point. Empty cells: a window with an incomplete year."
            )
            if len(both)
            else language.marked(
                "Between {before} and {after}, {member} did not see China's exports to it rise and its share of US "
                "imports rise by at least {threshold:g} percentage point. Empty cells: a window with an incomplete year."
            ),
            member=reference.name_of(table["member"].iat[0]),
            **windows,
        )
    else:
        note = language.text(
            "Between {before} and {after}, {both} of {members} members saw China's exports to them rise and their share "
            "of US imports rise by at least {threshold:g} percentage point: {named}. Empty cells: a window with an "
            "incomplete year.",
            both=len(both),
            members=len(table),
            named=language.listed([reference.name_of(m) for m in both["member"]]) or language.text("none"),
            **windows,
        )
    return before, after, table, note


def event_studies(estimates: dict) -> pd.DataFrame:
    """The event study of each policy agreement estimable on the main sample (``gravity.event_study``), with the main specification's controls."""
    if gravity.MAIN not in estimates:
        return pd.DataFrame(columns=["agreement", "entry_year", "year", "coef", "se", "pct", "pct_low", "pct_high"])
    sample, estimate = estimates[gravity.MAIN]
    terms = list(estimate.coefficients["term"])
    tables = [gravity.event_study(sample, term, terms)[0] for term in gravity.POLICY_TERMS if term in terms]
    return pd.concat(tables, ignore_index=True) if tables else event_studies({})


def c09(
    effects: pd.DataFrame, sentences: dict[str, str], *, held: str, partner: str, last_year: int, drifted: bool = False
) -> tuple[str, str, dict, int]:
    """C09's verdict, evidence and values from the main specification's RCEP estimate, and RCEP's years in force."""
    main = effects[effects["specification"] == gravity.MAIN].set_index("term") if len(effects) else pd.DataFrame()
    about_year = int(claims.ledger().set_index("claim_id").at["C09", "about_year"])
    if "RCEP" not in main.index:
        verdict, clause = claims.c09_rcep(
            float("nan"), float("nan"), float("nan"), 0, min_years=gravity.min_years_in_force()
        )
        return (
            verdict,
            language.text("Not testable on these years ({held}): {clause}.", held=held, clause=clause)
            + claims.shortfall_note(last_year, about_year),
            {},
            0,
        )
    row = main.loc["RCEP"]
    pretrend = "RCEP" in set(gravity.pretrends(effects)["agreement"]) or drifted
    verdict, _ = claims.c09_rcep(
        row.pct,
        row.pct_low,
        row.pct_high,
        int(row.years_in_force),
        min_years=gravity.min_years_in_force(),
        pretrend=pretrend,
    )
    pending = gravity.not_in_force().iloc[0]
    sample = (
        language.text(
            "PPML structural gravity, IMF DOTS {held}, {observations:,} observations (the average over all member pairs, "
            "not {partner}'s alone).",
            held=held,
            observations=int(row.n_obs),
            partner=reference.name_of(partner),
        )
        if partner not in reference.group_ids()
        else language.text(
            "PPML structural gravity, IMF DOTS {held}, {observations:,} observations.",
            held=held,
            observations=int(row.n_obs),
        )
    )
    evidence = language.joined(
        sample,
        sentences["RCEP"],
        sentences.get("event RCEP", ""),
        language.text(
            "The {agreement} the claim names was {status} on {signed} and is not in force: it cannot be tested "
            "yet. The “benefits” the claim speaks of would be measured by preference utilisation (the share of "
            "eligible trade that enters under the agreements' preferences), which no public source shipped here "
            "holds.",
            agreement=reference.in_edition(pending, "agreement_name"),
            status=re.split("[;；]", reference.in_edition(pending, "status"))[0],
            signed=language.day(date.fromisoformat(pending.signed)),
        ),
    ) + claims.shortfall_note(last_year, about_year)
    values = {
        "pct": row.pct,
        "pct_low": row.pct_low,
        "pct_high": row.pct_high,
        "years_in_force": int(row.years_in_force),
        "pretrend": pretrend,
    }
    return verdict, evidence, values, int(row.years_in_force)


def answer(wb: Workbook) -> Agreements:
    """Notebook 06's tables, figures' data and C09."""
    flows = wb.flows
    years = gravity.estimation_years(flows, wb.year_start, wb.year_end)
    held = language.years(years.start, years.stop - 1) if len(years) else language.text("none")
    later = [reference.name_of(r) for r in gravity.complete_after(flows, years.stop - 1)] if len(years) else []
    beyond = (
        language.after(
            language.text(
                "Later, IMF DOTS holds complete years for {reporters} only; a year joins the panel when every reporter "
                "is complete.",
                reporters=language.listed(later),
            )
        )
        if later
        else ""
    )
    trade = gravity.panel(flows, years)
    terms = gravity.POLICY_TERMS + gravity.CONTROL_TERMS
    coded = gravity.with_agreements(trade, terms)
    estimable = (
        gravity.varying_terms(coded, terms) if len(years) > 1 else []
    )  # an agreement in force all years or none is absorbed
    estimates = gravity.specifications(flows, years, estimable) if estimable else {}
    effects = gravity.effects_table(estimates)
    identified = (
        gravity.identification(estimates[gravity.MAIN][0], gravity.POLICY_TERMS)
        if gravity.MAIN in estimates
        else gravity.identification(coded, [])
    )
    sentences = gravity.effect_sentences(effects, identified, held=held)
    events = event_studies(estimates)
    for agreement, table in events.groupby("agreement", sort=False) if len(events) else []:
        sentences[f"event {agreement}"] = gravity.event_sentence(table, gravity.LABELS[agreement])
    drifted = bool(len(events)) and "RCEP" in set(events["agreement"])
    drifted = drifted and gravity.drifted_before_entry(events[events["agreement"] == "RCEP"])
    before, after, rerouting, note = rerouting_comparison(wb, years)
    verdict, evidence, values, rcep_years = c09(
        effects,
        sentences,
        held=held,
        partner=wb.partner,
        last_year=years.stop - 1 if len(years) else wb.year_end,
        drifted=drifted,
    )
    return Agreements(
        years=years,
        held=held,
        window_note=language.text(
            "Years in which every shipped IMF DOTS reporter has twelve months of trade: **{held}** (of the run's "
            "{window}).",
            held=held,
            window=language.years(wb.year_start, wb.year_end),
        )
        + beyond,
        panel=panel_summary(trade, held),
        agreements=agreement_summary(coded),
        identification=identified,
        effects=effects,
        labels=drawn_labels(effects),
        sentences={**sentences, "panel": gravity.panel_note(flows, held)},
        before=before,
        after=after,
        rerouting=rerouting,
        rerouting_note=note,
        no_effect_note=language.text(
            "No agreement enters into force inside {held}: the pair effects absorb every agreement, and there is no "
            "effect to estimate.",
            held=held,
        ),
        verdict=verdict,
        evidence=evidence,
        values=values,
        rcep_years=rcep_years,
        event_study=events,
        effects_caption=language.text(
            "Agreement effects on trade between members, percent with 95% confidence intervals, by specification "
            "(PPML structural gravity)."
        ),
        event_caption=language.text(
            "Each agreement's pairs, year by year, against the year before entry (PPML event study, 95% confidence "
            "intervals)."
        ),
        rerouting_caption=(
            language.text(
                language.marked(
                    "Change in China's exports to each member and in the member's share of US imports, {first}–{last} "
                    "to {after_first}–{after_last}; consistent with, but not proof of, rerouting."
                )
                if wb.roles.grouped
                else language.marked(
                    "Change in China's exports to {partner} and in {partner}'s share of US imports, {first}–{last} to "
                    "{after_first}–{after_last}; consistent with, but not proof of, rerouting."
                ),
                partner=wb.roles.partners,
                first=before[0],
                last=before[-1],
                after_first=after[0],
                after_last=after[-1],
            )
            if before and after and len(rerouting) >= SCATTER_POINTS
            else None
        ),
    )
