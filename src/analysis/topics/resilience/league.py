"""How lopsided among all partnerships? Asymmetry and closeness of the most co-authoring pairs.

For the country pairs that co-author the most (OpenAlex, the last complete year), each pair's
asymmetry on a measure is the larger country's value ÷ the smaller's (always >= 1), and its
closeness is the pair's co-authored works as a share of the smaller country's internationally
co-authored works (the one with fewer). The focus-partner pair is then placed among them by
percentile. Functions take the loaded tables and never load.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.topics import bilateral, compare
from analysis.topics.text import count, join, name, percent, times

MEASURES: dict[str, str] = {
    "rd_ppp": "R&D spending at PPP",
    "patents": "patent applications by origin",
    "articles": "scientific and technical journal articles",
}
"""Asymmetry measures: column stem -> words."""


def latest_values(rows: pd.DataFrame, year: int, lookback: int = 5) -> pd.DataFrame:
    """Return each country's latest value in ``year - lookback + 1 .. year``.

    Args:
        rows: Tidy rows of one measure (``iso3``, ``year``, ``value``).
        year: The last year considered.
        lookback: How many years back a value may come from.

    Returns:
        Indexed by ``iso3``: ``value`` and ``year`` (the year it comes from).
    """
    kept = rows[rows["year"].between(year - lookback + 1, year) & rows["value"].notna()]
    kept = kept.sort_values("year").groupby("iso3").tail(1)
    out = kept.set_index("iso3")[["value", "year"]]
    out.index = out.index.astype(str)
    return out


def pair_league(
    pairs: pd.DataFrame,
    totals: pd.DataFrame,
    measures: Mapping[str, pd.DataFrame],
    year: int,
    top: int = 100,
    lookback: int = 5,
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """Return the ``top`` pairs by co-authored works in ``year`` with closeness and asymmetries.

    Args:
        pairs: Rows of ``coauthored_works`` as stored (each unordered pair once), any years.
        totals: Rows of ``internationally_coauthored_works`` of every country.
        measures: ``{stem: tidy rows}`` of each measure (e.g. :data:`MEASURES`).
        year: The year of the ranking (the last complete one).
        top: How many pairs.
        lookback: Years a measure's value may lag ``year`` (:func:`latest_values`).
        keep: A pair (two ISO3 codes) added even when it is not in the top.

    Returns:
        One row per pair: ``iso3``, ``partner_iso3``, ``works``, ``pair_rank`` (1 = most works),
        ``closeness_pct`` and, per measure stem, ``<stem>`` (larger ÷ smaller) and
        ``<stem>_year`` (the older of the two values' years); ``in_top`` says whether the pair
        is among the ``top``.
    """
    rows = pairs[(pairs["indicator"] == bilateral.COPUB_PAIR) & (pairs["year"] == year)]
    rows = rows[rows["iso3"] != rows["partner_iso3"]]
    rows = rows.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    rows = rows.assign(pair_rank=np.arange(1, len(rows) + 1), in_top=rows.index < top)
    chosen = rows["in_top"]
    if len(keep) >= 2:
        chosen |= rows["iso3"].isin(keep[:2]) & rows["partner_iso3"].isin(keep[:2])
    rows = rows[chosen]
    intl = totals[(totals["indicator"] == bilateral.COPUB_TOTAL) & (totals["year"] == year)]
    intl = intl.set_index("iso3")["value"]
    a, b = rows["iso3"].astype(str), rows["partner_iso3"].astype(str)
    smaller = np.minimum(a.map(intl).to_numpy(dtype=float), b.map(intl).to_numpy(dtype=float))
    out = pd.DataFrame(
        {
            "iso3": a.to_numpy(),
            "partner_iso3": b.to_numpy(),
            "works": rows["value"].to_numpy(dtype=float),
            "pair_rank": rows["pair_rank"].to_numpy(),
            "in_top": rows["in_top"].to_numpy(),
            "closeness_pct": rows["value"].to_numpy(dtype=float) / smaller * 100,
        }
    )
    for stem, table in measures.items():
        latest = latest_values(table, year, lookback)
        va, vb = a.map(latest["value"]).to_numpy(dtype=float), b.map(latest["value"])
        vb = vb.to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.maximum(va, vb) / np.minimum(va, vb)
        out[stem] = np.where(np.minimum(va, vb) > 0, ratio, np.nan)
        ya, yb = a.map(latest["year"]).to_numpy(dtype=float), b.map(latest["year"])
        out[f"{stem}_year"] = np.minimum(ya, yb.to_numpy(dtype=float))
    return out


def find_pair(league: pd.DataFrame, pair: Sequence[str]) -> pd.Series | None:
    """Return the league row of the (unordered) pair, or None when it is not there."""
    hit = league[league["iso3"].isin(pair[:2]) & league["partner_iso3"].isin(pair[:2])]
    hit = hit[hit["iso3"] != hit["partner_iso3"]]
    return None if hit.empty else hit.iloc[0]


def percentile(league: pd.DataFrame, column: str, value: float) -> tuple[float, int]:
    """Return (% of the top pairs with a value strictly below ``value``, pairs with a value)."""
    values = league.loc[league["in_top"].astype(bool), column].dropna()
    if values.empty or np.isnan(value):
        return float("nan"), len(values)
    return float((values < value).mean() * 100), len(values)


def league_sentence(league: pd.DataFrame, countries: Sequence[str], year: int) -> str:
    """Say where the focus-partner pair stands among the top pairs, on closeness and asymmetry.

    Args:
        league: Output of :func:`pair_league` (with ``keep`` = the pair).
        countries: ISO3 codes, focus first, partner second.
        year: The ranking year.
    """
    focus, partner = compare.focus_partner(countries)
    n_top = int(league["in_top"].sum())
    row = find_pair(league, countries)
    if row is None:
        return (
            f"OpenAlex records no works co-authored by {name(focus)} and {name(partner)} in "
            f"{year}, so the pair cannot be placed among the top {n_top} pairs."
        )
    where = (
        f"#{int(row['pair_rank'])} by co-authored works"
        if bool(row["in_top"])
        else f"#{int(row['pair_rank'])} by co-authored works, outside the top {n_top}"
    )
    lines = [
        f"- {year}: {name(focus)}-{name(partner)} co-authored {count(row['works'])} works "
        f"({where}); that is {percent(row['closeness_pct'])} of the smaller side's "
        f"internationally co-authored works."
    ]
    p, n = percentile(league, "closeness_pct", float(row["closeness_pct"]))
    lines.append(f"- Closeness: closer than {p:.0f}% of the {n} top pairs.")
    parts = []
    missing = []
    for stem, words in MEASURES.items():
        if stem not in league.columns:
            continue
        value = float(row[stem])
        if np.isnan(value):
            missing.append(words)
            continue
        p, n = percentile(league, stem, value)
        parts.append(
            f"{words} {times(value)} ({int(row[f'{stem}_year'])}; percentile {p:.0f} of {n} "
            "pairs with data)"
        )
    if parts:
        lines.append(
            f"- Asymmetry (larger ÷ smaller): {join(parts)}. A percentile of 90 means the pair is "
            "more lopsided than 90% of the top pairs with data."
        )
    if missing:
        lines.append(f"- No value for the pair: {join(missing)}.")
    lines.append(
        "- Whole counts: a multi-country work counts for every pair, so closeness is inflated "
        "for countries in large consortia."
    )
    return "\n".join(lines)


def league_headline(league: pd.DataFrame, countries: Sequence[str], year: int) -> str:
    """Return a figure title: the pair's R&D asymmetry percentile among the top pairs."""
    row = find_pair(league, countries)
    pair = f"{name(countries[0])}-{name(countries[1])}"
    n_top = int(league["in_top"].sum())
    if row is None or "rd_ppp" not in league.columns or np.isnan(float(row["rd_ppp"])):
        return f"Closeness and asymmetry of the top {n_top} co-authoring pairs, {year}"
    p, n = percentile(league, "rd_ppp", float(row["rd_ppp"]))
    rd_year = row.get("rd_ppp_year")
    when = f" ({int(rd_year)})" if rd_year is not None and not pd.isna(rd_year) else ""
    return (
        f"{pair}: R&D at PPP {times(float(row['rd_ppp']))}{when}, more lopsided than {p:.0f}% "
        f"of the top {n_top} co-authoring pairs of {year} ({n} with R&D data)"
    )


def missing_pairs(league: pd.DataFrame, column: str) -> list[str]:
    """The top pairs a measure has no value for ("China-Hong Kong"), to say so on the figure."""
    top = league[league["in_top"].astype(bool)]
    gone = top[top[column].isna() | (top[column] <= 0)]
    return [f"{name(str(r.iso3))}-{name(str(r.partner_iso3))}" for r in gone.itertuples()]


def panel_titles(league: pd.DataFrame, measures: dict[str, str]) -> dict[str, str]:
    """Panel titles that name each measure's year span and the top pairs it has no value for."""
    n_top = int(league["in_top"].sum())
    out = {}
    for column, words in measures.items():
        gone = missing_pairs(league, column)
        years = league.loc[league["in_top"].astype(bool), f"{column}_year"].dropna()
        low, high = (int(years.min()), int(years.max())) if not years.empty else (0, 0)
        span = "" if years.empty else str(low) if low == high else f"{low}-{str(high)[2:]}"
        note = f"{n_top - len(gone)}/{n_top} pairs" + (f", {span}" if span else "")
        if gone:
            shown = ", ".join(gone[:2]) + (f" +{len(gone) - 2}" if len(gone) > 2 else "")
            note += f"; none: {shown}"
        out[column] = f"{words}\n({note})"
    return out
