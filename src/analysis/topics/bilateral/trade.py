"""Bilateral trade of one country pair (dataset ``trade``): BACI products, a Comtrade cross-check.

BACI (CEPII) reconciles both sides' declarations into one FOB value per exporter, importer,
year and HS 6-digit product; the extract holds both directions of one pair only. UN Comtrade's
declared imports of one side (CIF) are shown beside it as a cross-check, never added.

The functions here take the loaded rows of the ``trade`` dataset (``table``) as an argument and
never load; :mod:`analysis.topics.bilateral.load` loads and delegates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.topics.bilateral.copub import PROVENANCE
from analysis.topics.text import for_title, join, name, percent, times

BACI_VALUE = "exports_value_usd_thousand"
COMTRADE_IMPORTS = "reported_imports_usd"
HIGH_TECH_CHAPTERS: tuple[str, ...] = ("84", "85", "88", "90")
"""HS chapters counted as high-tech here: machinery (84), electrical and electronic equipment
(85), aircraft and spacecraft (88), optical, measuring and medical instruments (90)."""

# fmt: off
HS_CHAPTERS: dict[str, str] = {
    "01": "live animals", "02": "meat", "03": "fish", "04": "dairy, eggs, honey",
    "05": "other animal products", "06": "plants, flowers", "07": "vegetables", "08": "fruit, nuts",
    "09": "coffee, tea, spices", "10": "cereals", "11": "milling products", "12": "oil seeds",
    "13": "lacs, gums", "14": "vegetable plaiting materials", "15": "fats and oils",
    "16": "meat and fish preparations", "17": "sugar", "18": "cocoa", "19": "cereal preparations",
    "20": "vegetable and fruit preparations", "21": "misc. food preparations",
    "22": "beverages", "23": "food residues, fodder", "24": "tobacco", "25": "salt, stone, cement",
    "26": "ores, slag, ash", "27": "mineral fuels, oil", "28": "inorganic chemicals",
    "29": "organic chemicals", "30": "pharmaceuticals", "31": "fertilisers",
    "32": "dyes, paints", "33": "essential oils, cosmetics", "34": "soaps, waxes",
    "35": "albumins, glues", "36": "explosives", "37": "photographic goods",
    "38": "misc. chemical products", "39": "plastics", "40": "rubber", "41": "hides, skins",
    "42": "leather articles", "43": "furskins", "44": "wood", "45": "cork", "46": "basketware",
    "47": "wood pulp", "48": "paper", "49": "printed matter", "50": "silk", "51": "wool",
    "52": "cotton", "53": "other vegetable fibres", "54": "man-made filaments",
    "55": "man-made staple fibres", "56": "wadding, felt", "57": "carpets",
    "58": "special fabrics", "59": "coated textiles", "60": "knitted fabrics",
    "61": "knitted apparel", "62": "woven apparel", "63": "other textile articles",
    "64": "footwear", "65": "headgear", "66": "umbrellas", "67": "feathers",
    "68": "stone articles", "69": "ceramics", "70": "glass", "71": "pearls, precious metals",
    "72": "iron and steel", "73": "iron or steel articles", "74": "copper", "75": "nickel",
    "76": "aluminium", "78": "lead", "79": "zinc", "80": "tin", "81": "other base metals",
    "82": "tools, cutlery", "83": "misc. base-metal articles",
    "84": "machinery, computers", "85": "electrical, electronic equipment",
    "86": "railway equipment", "87": "vehicles", "88": "aircraft, spacecraft", "89": "ships",
    "90": "optical, medical instruments", "91": "clocks, watches", "92": "musical instruments",
    "93": "arms, ammunition", "94": "furniture, lighting", "95": "toys, sports goods",
    "96": "misc. manufactured articles", "97": "works of art", "98": "special provisions",
    "99": "special provisions",
}
# fmt: on
"""Short English titles of the Harmonized System chapters (2-digit), for labels."""


def chapter_label(chapter: str) -> str:
    """Return ``"HS 84 machinery, computers"`` for a 2-digit chapter code."""
    return f"HS {chapter} {HS_CHAPTERS.get(chapter, '')}".strip()


def _rows(
    table: pd.DataFrame,
    indicator: str,
    countries: Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Rows of one indicator, exporters (or reporters) among ``countries``, inside ``years``."""
    keep = table["indicator"] == indicator
    if countries is not None:
        keep &= table["iso3"].isin(list(countries))
    if years is not None:
        keep &= table["year"].between(*years)
    return table[keep].reset_index(drop=True)


def trade_pair_from(*, table: pd.DataFrame) -> set[str]:
    """Return the two countries whose flows the BACI extract holds."""
    rows = _rows(table, BACI_VALUE)
    return set(rows["iso3"].unique()) | set(rows["partner_iso3"].unique())  # not row by row


def trade_applies(countries: Sequence[str], *, table: pd.DataFrame) -> bool:
    """Return True if the focus and partner are the pair the BACI extract covers."""
    return set(countries[:2]) == trade_pair_from(table=table)


def trade_flows_from(
    countries: Sequence[str], years: tuple[int, int], *, table: pd.DataFrame
) -> pd.DataFrame:
    """Return BACI product rows between focus and partner, both directions, with ``chapter``.

    Empty when the pair is not the one the extract holds. ``iso3`` is the exporter and
    ``partner_iso3`` the importer; values in US$ thousand (FOB).
    """
    if not trade_applies(countries, table=table):
        return pd.DataFrame(
            columns=["iso3", "partner_iso3", "year", "category", "chapter", "value", *PROVENANCE]
        )
    flows = _rows(table, BACI_VALUE, countries[:2], years)
    return flows.assign(chapter=flows["category"].str[:2])


def hightech_trade_from(
    exporter: str, importer: str, years: tuple[int, int], *, table: pd.DataFrame
) -> pd.DataFrame:
    """Return exports from ``exporter`` to ``importer`` in the high-tech HS chapters, by year.

    Args:
        exporter: ISO3 code of the exporter.
        importer: ISO3 code of the importer.
        years: ``(first, last)`` inclusive.
        table: Rows of the ``trade`` dataset.

    Returns:
        Columns year, source, vintage, value (US$ thousand, summed over HS chapters 84, 85, 88
        and 90, :data:`HIGH_TECH_CHAPTERS`); empty when the extract holds no such flow.
    """
    rows = _rows(table, BACI_VALUE, [exporter], years)
    rows = rows[
        (rows["partner_iso3"] == importer) & rows["category"].str[:2].isin(HIGH_TECH_CHAPTERS)
    ]
    return rows.groupby(["year", "source", "vintage"], as_index=False)["value"].sum()


def trade_summary(flows: pd.DataFrame) -> pd.DataFrame:
    """Return per exporter and year: total and high-tech exports (US$ bn) and the high-tech share.

    Columns: measure (``total``, ``hightech``, ``hightech_share``), iso3 (exporter), country,
    year, value, source, vintage.
    """
    cols = ["measure", "iso3", "country", "year", "value", *PROVENANCE]
    if flows.empty:
        return pd.DataFrame(columns=cols)
    keys = ["iso3", "country", "year", *PROVENANCE]
    total = flows.groupby(keys, as_index=False)["value"].sum()
    high = flows[flows["chapter"].isin(HIGH_TECH_CHAPTERS)]
    high = high.groupby(keys, as_index=False)["value"].sum()
    high = total[keys].merge(high, on=keys, how="left").fillna({"value": 0.0})
    share = total[keys].assign(value=high["value"].to_numpy() / total["value"].to_numpy() * 100)
    return pd.concat(
        [
            total.assign(value=total["value"] / 1e6, measure="total"),
            high.assign(value=high["value"] / 1e6, measure="hightech"),
            share.assign(measure="hightech_share"),
        ],
        ignore_index=True,
    )[cols]


def chapter_shares(flows: pd.DataFrame, year: int | None, top: int = 6) -> pd.DataFrame:
    """Return what each side sells the other: chapters' % of each direction's exports in ``year``.

    Rows are the union of each exporter's ``top`` chapters plus the high-tech chapters, labelled
    ``HS 84 machinery, computers``; columns the exporters.
    """
    if flows.empty or year is None:
        return pd.DataFrame()
    rows = flows[flows["year"] == year]
    if rows.empty:
        return pd.DataFrame()
    table = rows.groupby(["chapter", "iso3"])["value"].sum().unstack("iso3").fillna(0.0)
    shares = table.div(table.sum()) * 100
    keep: list[str] = []
    for exporter in shares.columns:
        keep += list(shares[exporter].sort_values(ascending=False).index[:top])
    keep += [c for c in HIGH_TECH_CHAPTERS if c in shares.index]
    out = shares.loc[list(dict.fromkeys(keep))]
    out = out.loc[out.max(axis=1).sort_values(ascending=False).index]
    out.index = [chapter_label(c) for c in out.index]
    out.columns = out.columns.astype(str)
    return out


def latest_trade_year(flows: pd.DataFrame) -> int | None:
    """Return the last year of the trade rows (None when there are none)."""
    return int(flows["year"].max()) if not flows.empty else None


def _trade_scope(table: pd.DataFrame) -> str:
    pair = sorted(trade_pair_from(table=table))
    return f"the BACI extract holds only {name(pair[0])}-{name(pair[1])} flows"


@for_title
def chapter_headline_from(
    shares: pd.DataFrame, countries: Sequence[str], year: int | None, *, table: pd.DataFrame
) -> str:
    """Return a figure title: each side's largest chapter in its sales to the other."""
    if shares.empty or year is None:
        return "What each side sells the other: does not apply (" + _trade_scope(table) + ")"
    parts = []
    for a, b in ((countries[0], countries[1]), (countries[1], countries[0])):
        if a in shares.columns:
            top = str(shares[a].idxmax())
            short = top.split(",")[0]
            parts.append(
                f"{short} = {percent(shares.loc[top, a])} of {name(a)}'s sales to {name(b)}"
            )
    return f"{year}: " + "; ".join(parts)


def trade_not_applicable_from(countries: Sequence[str], *, table: pd.DataFrame) -> str:
    """Say that the trade section does not apply to this pair."""
    pair = sorted(trade_pair_from(table=table))
    return (
        f"The BACI extract holds only {name(pair[0])}-{name(pair[1])} flows; the focus and "
        f"partner here are {name(countries[0])} and {name(countries[1])}, so this section "
        "does not apply."
    )


@for_title
def trade_headline_from(
    summary: pd.DataFrame, countries: Sequence[str], *, table: pd.DataFrame
) -> str:
    """Return a figure title: each side's high-tech sales to the other in the latest year."""
    if summary.empty:
        return "Bilateral trade: does not apply (" + _trade_scope(table) + ")"
    year = int(summary["year"].max())
    parts = []
    for a, b in ((countries[1], countries[0]), (countries[0], countries[1])):
        rows = summary[(summary["iso3"] == a) & (summary["year"] == year)].set_index("measure")
        if rows.empty:
            continue
        parts.append(
            f"{name(a)} sold {name(b)} US${rows.loc['hightech', 'value']:.1f} bn high-tech "
            f"({percent(rows.loc['hightech_share', 'value'])})"
        )
    return f"{year}: " + "; ".join(parts)


def _direction_line(
    flows: pd.DataFrame, summary: pd.DataFrame, a: str, b: str, first: int, last: int
) -> str:
    """What ``a`` sold ``b``: totals, the high-tech part and the top chapters."""
    s = summary[summary["iso3"] == a]
    if s.empty:
        return f"- {name(a)} -> {name(b)}: no rows."
    total = s[s["measure"] == "total"].set_index("year")["value"]
    high = s[s["measure"] == "hightech"].set_index("year")["value"]
    share = s[s["measure"] == "hightech_share"].set_index("year")["value"]
    shares = chapter_shares(flows[flows["iso3"] == a], last, top=3)
    top = join(f"{label} {percent(v)}" for label, v in shares[a].head(3).items())
    return (
        f"- {name(a)} -> {name(b)}: US${total.get(first, np.nan):.1f} bn in {first}, "
        f"US${total[last]:.1f} bn in {last} ({times(total[last] / total[first])}); "
        f"high-tech chapters (HS {', '.join(HIGH_TECH_CHAPTERS)}) US${high[last]:.1f} bn "
        f"= {percent(share[last])} of it ({percent(share[first])} in {first}). Top chapters in "
        f"{last}: {top}."
    )


def trade_sentence_from(
    flows: pd.DataFrame, countries: Sequence[str], years: tuple[int, int], *, table: pd.DataFrame
) -> str:
    """Say what each side sells the other, how much is high-tech, and how it changed.

    Args:
        flows: Output of :func:`trade_flows_from`.
        countries: ISO3 codes, focus first, partner second.
        years: ``(first, last)`` inclusive.
        table: Rows of the ``trade`` dataset (the BACI pair and the Comtrade cross-check).
    """
    if not trade_applies(countries, table=table):
        return trade_not_applicable_from(countries, table=table)
    if flows.empty:
        return f"The BACI extract has no rows in {years[0]}-{years[1]}."
    summary = trade_summary(flows)
    first, last = int(flows["year"].min()), int(flows["year"].max())
    lines = [
        _direction_line(flows, summary, a, b, first, last)
        for a, b in ((countries[0], countries[1]), (countries[1], countries[0]))
    ]
    ratio_rows = summary[(summary["measure"] == "hightech") & (summary["year"] == last)]
    ratio = ratio_rows.set_index("iso3")["value"]
    if set(countries[:2]) <= set(ratio.index) and min(ratio) > 0:
        big = str(ratio.idxmax())
        small = countries[0] if big == countries[1] else countries[1]
        lines.append(
            f"- In {last} {name(big)} sold {times(ratio[big] / ratio[small])} as much "
            f"high-tech to {name(small)} as it bought from it."
        )
    lines.append(_comtrade_line(flows, countries, years, table=table))
    return "\n".join(line for line in lines if line)


def _comtrade_line(
    flows: pd.DataFrame, countries: Sequence[str], years: tuple[int, int], *, table: pd.DataFrame
) -> str:
    """Compare the reporter's own declared imports (Comtrade) with BACI, without adding them."""
    ct = _rows(table, COMTRADE_IMPORTS, countries[:2], years)
    if ct.empty:
        return ""
    reporter, origin = str(ct["iso3"].iloc[0]), str(ct["partner_iso3"].iloc[0])
    ct = ct[(ct["iso3"] == reporter) & (ct["partner_iso3"] == origin)].set_index("year")["value"]
    baci = flows[(flows["iso3"] == origin) & (flows["partner_iso3"] == reporter)]
    baci = baci.groupby("year")["value"].sum() * 1e3
    common = sorted(set(ct.index) & set(baci.index))
    if not common:
        return ""
    y = common[-1]
    extra = [int(t) for t in ct.index if t > max(baci.index)]
    beyond = f"; Comtrade also has {extra[-1]}: US${ct[extra[-1]] / 1e9:.1f} bn" if extra else ""
    return (
        f"- Cross-check: {name(reporter)}'s own customs declaration (UN Comtrade, CIF) of "
        f"imports from {name(origin)} in {y} is US${ct[y] / 1e9:.2f} bn against BACI's "
        f"US${baci[y] / 1e9:.2f} bn (FOB, reconciled): two measures of one flow, never added"
        f"{beyond}."
    )
