"""The explorer without widgets: a :class:`State` (the controls' values) in, a :class:`View` out.

:func:`view` draws the chosen countries' levels and, beneath, partner ÷ focus, with the finding
sentence, the table of the values plotted and the inputs (source, file, vintage, sha256). Every
number comes from the topic modules (:mod:`analysis.topics.patents`, :mod:`analysis.topics.rd`,
:mod:`analysis.topics.compare`, :mod:`analysis.topics.text`) and every figure from
:func:`analysis.viz.charts.panels`; this module only chooses rows and wires them together.
The processed tables are read once per session (:func:`table`).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd
from matplotlib.figure import Figure

from analysis.data import countries as names
from analysis.data import metadata, processed
from analysis.data.marks import SeriesMark, series_marks
from analysis.explorer import catalogue
from analysis.topics import compare, patents, rd, text
from analysis.viz import charts, figures

DPI = 110
"""Resolution of the figure shown and downloaded (7.2 in wide: about 800 px)."""


@dataclass(frozen=True)
class State:
    """The values of the explorer's controls.

    Attributes:
        focus: ISO3 code of the focus country.
        partner: ISO3 code of its partner (the multiple is partner ÷ focus).
        comparators: Other countries drawn in the levels panel.
        indicator: ``"dataset/indicator"`` as the metadata declares it.
        definition: One of the indicator's definitions (:func:`catalogue.definition_options`),
            "" for an indicator with one definition.
        years: First and last year shown.
        log: Logarithmic value axes.
        per_person: Divide by population (per million people), where that applies.
    """

    focus: str = "RUS"
    partner: str = "CHN"
    comparators: tuple[str, ...] = ()
    indicator: str = catalogue.RD_ANCHOR
    definition: str = "usd_ppp"
    years: tuple[int, int] = (2000, 2023)
    log: bool = True
    per_person: bool = False

    @property
    def countries(self) -> list[str]:
        """Return focus, partner, then the comparators (without repeats)."""
        out = [self.focus, self.partner]
        return out + [c for c in self.comparators if c not in out]


@dataclass(frozen=True)
class Series:
    """The tidy rows of one state's series over all years, with what they are."""

    rows: pd.DataFrame
    label: str
    unit: str
    inputs: tuple[tuple[str, str], ...]  # (dataset, indicator) read
    note: str = ""  # why nothing can be drawn, if so
    per_person: bool = False  # whether population divides it


@dataclass(frozen=True)
class View:
    """What the explorer shows for one :class:`State`."""

    state: State
    title: str
    sentence: str
    table: pd.DataFrame
    footer: str
    inputs: list[dict] = field(default_factory=list)
    message: str = ""
    figure: Figure | None = None

    def csv(self) -> str:
        """Return the table of plotted values as CSV (a header row, one row per year)."""
        return self.table.to_csv(index=True)

    def png(self) -> bytes:
        """Return the figure as PNG bytes (empty when there is no figure)."""
        if self.figure is None:
            return b""
        # Laid out once (figures.freeze), not once more by a "tight" box.
        frozen = self.figure.get_layout_engine() is None
        box = "tight" if frozen else figures.freeze(self.figure)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, bbox_inches=box)
        return buffer.getvalue()


# --- data, read once per session ---------------------------------------------------------------


@cache
def table(dataset: str) -> pd.DataFrame:
    """Return a whole processed dataset, read once per session (:func:`analysis.load`)."""
    return processed.load(dataset)


@cache
def _provenance(dataset: str) -> tuple[dict, ...]:
    return tuple(processed.provenance(dataset))


def clear_cache() -> None:
    """Forget the tables read (after ``analysis build``, say)."""
    table.cache_clear()
    _provenance.cache_clear()
    series.cache_clear()
    editions.cache_clear()


def _rows(dataset: str, indicators: list[str], countries: list[str]) -> pd.DataFrame:
    data = table(dataset)
    return data[data["indicator"].isin(indicators) & data["iso3"].isin(countries)]


@cache
def editions(key: str) -> tuple[str, ...]:
    """Return the editions an indicator's rows carry, oldest first (empty without editions)."""
    dataset, name = key.split("/", 1)
    data = table(dataset)
    if "edition" not in data.columns:
        return ()
    found = data.loc[data["indicator"] == name, "edition"].dropna().astype(str).unique()
    return tuple(sorted(found))


# --- one series: the topic modules' computations on the cached rows ----------------------------


def _patents(definition: str, countries: list[str]) -> Series:
    data = patents.panel_from(
        _rows("wdi", ["patent_applications_resident"], countries),
        _rows("wdi_extracts", ["patent_applications_nonresident"], countries),
        _rows("wipo", ["patent_applications_by_origin"], countries),
    )
    res = ("wdi", "patent_applications_resident")
    nonres = ("wdi_extracts", "patent_applications_nonresident")
    used = {
        "resident": (res,),
        "nonresident": (nonres,),
        "by_origin": (("wipo", "patent_applications_by_origin"),),
    }.get(definition, (res, nonres))
    rows = data[data["definition"] == definition]
    label = catalogue.PATENT_LABELS[definition]
    return Series(rows, label, "applications", used)


def _rd(definition: str, countries: list[str]) -> Series:
    spend = rd.spending_from(
        _rows("wdi", ["rd_expenditure_pct_gdp", "gdp_usd", "gdp_ppp_usd"], countries)
    )
    used = [("wdi", "rd_expenditure_pct_gdp")]
    if definition == "per_researcher":
        people = rd.researchers_from(
            _rows("wdi", ["researchers_per_million", "population"], countries)
        )
        rows = rd.per_researcher(spend, people)
        used += [("wdi", "gdp_ppp_usd"), ("wdi", "researchers_per_million"), ("wdi", "population")]
    else:
        rows = spend[spend["measure"] == definition]
        used += {"usd_market": [("wdi", "gdp_usd")], "usd_ppp": [("wdi", "gdp_ppp_usd")]}.get(
            definition, []
        )
    label, unit = catalogue.RD_DEFINITIONS[definition]
    return Series(rows, label, unit, tuple(used))


def _generic(key: str, definition: str, countries: list[str]) -> Series:
    ind = catalogue.indicators()[key]
    rows = _rows(ind.dataset, [ind.name], countries)
    if definition and definition != catalogue.EVERY_EDITION:
        rows = rows[rows["edition"].astype(str) == definition]
    elif "edition" in rows.columns and rows["edition"].notna().any():
        rows = rows.sort_values("edition").drop_duplicates(["iso3", "year"], keep="last")
    rows = rd.latest_vintage(rows)
    note = ""
    if rows.duplicated(["iso3", "year"]).any():
        extra = [
            c
            for c in rows.columns
            if c not in ("value", "unit", "country") and rows[c].nunique() > 1
        ]
        note = (
            f"{ind.title} is broken down by {', '.join(c for c in extra if c not in ('iso3', 'year'))}: "
            "the explorer draws one value per country and year, so it cannot show it "
            "(the topic notebooks do)."
        )
        rows = rows.iloc[0:0]
    return Series(rows, ind.title, ind.unit, ((ind.dataset, ind.name),), note)


@lru_cache(maxsize=64)
def series(key: str, definition: str, countries: tuple[str, ...], per_person: bool) -> Series:
    """Return the rows of an indicator under a definition for ``countries``, over all years.

    With ``per_person`` and a unit that allows it (:func:`catalogue.per_person_applies`), the
    values are divided by WDI population (:func:`analysis.topics.compare.per_million_people`).
    """
    wanted = list(countries)
    if key in catalogue.PATENT_ANCHORS and definition:
        found = _patents(definition, wanted)
    elif key == catalogue.RD_ANCHOR and definition:
        found = _rd(definition, wanted)
    else:
        found = _generic(key, definition, wanted)
    if not (per_person and catalogue.per_person_applies(found.unit)) or found.note:
        return found
    pop = _rows("wdi", ["population"], wanted)
    return Series(
        compare.per_million_people(found.rows, pop),
        f"{found.label} per million people",
        f"{found.unit} per million people",
        (*found.inputs, ("wdi", "population")),
        per_person=True,
    )


def _state_series(state: State) -> Series:
    return series(state.indicator, state.definition, tuple(state.countries), state.per_person)


def available_years(state: State) -> tuple[int, int] | None:
    """Return the first and last year with data for the state's countries (None: no data)."""
    rows = _state_series(state).rows
    if rows.empty:
        return None
    return int(rows["year"].min()), int(rows["year"].max())


# --- the view ----------------------------------------------------------------------------------


def inputs(found: Series) -> list[dict]:
    """Return the input files behind the rows (publisher, file, vintage, sha256), one per file.

    Files are those of the sources and vintages in the rows; where an indicator's metadata
    names its publisher code (a WDI code, say) and a file carries it, only that file is listed.
    """
    tokens = figures.used_vintages(found.rows)
    out: dict[str, dict] = {}
    for dataset, name in found.inputs:
        records = [
            r
            for r in _provenance(dataset)
            if r["source"] in tokens and str(r["vintage"]) in tokens[r["source"]]
        ]
        code = metadata.indicator_meta(dataset, name).code
        coded = [r for r in records if code and code in r["file"]]
        for r in coded or records:
            out[r["file"]] = {k: r[k] for k in ("publisher", "file", "vintage", "sha256")}
    return list(out.values())


def _uncovered(state: State, window: pd.DataFrame, found: Series) -> tuple[str, list[str]]:
    """Return the message for countries without data in the window, and those with data."""
    have = [c for c in state.countries if (window["iso3"] == c).any()]
    first, last = state.years
    missing = [c for c in state.countries if c not in have]
    if not missing:
        return "", have
    spans = []
    for code in missing:
        years = found.rows.loc[found.rows["iso3"] == code, "year"]
        spans.append(
            f"{names.name(code)} (data for {int(years.min())}–{int(years.max())})"
            if len(years)
            else f"{names.name(code)} (no year at all)"
        )
    what = found.note or f"No data: {found.label} has no value in {first}–{last} for"
    return (what if found.note else f"{what} {text.join(spans)}."), have


def _sentence(wide: pd.DataFrame, ratio: pd.Series, state: State, label: str) -> tuple[str, str]:
    """Return the headline (the figure's title) and the finding.

    The headline is :func:`analysis.topics.text.multiple_headline`; the finding adds the range
    of the multiple in the years shown.
    """
    what = label[:1].lower() + label[1:] if label[1:2].islower() else label
    headline = text.multiple_headline(wide, state.focus, state.partner, what)
    values = ratio.dropna()
    if len(values) < 2:
        return headline, headline + "."
    low, high = values.idxmin(), values.idxmax()
    if text.times(values[low]) == text.times(values[high]):
        span = f"{values.index[0]}–{values.index[-1]}"
        return headline, f"{headline}. In {span} the multiple stayed at {text.times(values[low])}."
    return headline, (
        f"{headline}. In {values.index[0]}–{values.index[-1]} the multiple ranged from "
        f"{text.times(values[low])} ({low}) to {text.times(values[high])} ({high})."
    )


def _marks(found: Series, countries: list[str], years: tuple[int, int]) -> list[SeriesMark]:
    if found.per_person:
        return []
    out: list[SeriesMark] = []
    for dataset, name in found.inputs:
        out += [m for m in series_marks(dataset, [name], countries, years) if m not in out]
    return out


def view(state: State, *, draw: bool = True) -> View:
    """Return what the explorer shows for ``state`` (``draw=False``: no figure, for speed)."""
    found = _state_series(state)
    first, last = state.years
    window = found.rows[found.rows["year"].between(first, last)]
    message, have = _uncovered(state, window, found)
    title = f"{found.label} ({found.unit})"
    footer = figures.footer_from_data(window)
    files = inputs(found)
    if state.focus not in have or state.partner not in have:
        return View(state, title, message, pd.DataFrame(), footer, files, message)
    wide = compare.wide(window, have)
    ratio = compare.multiples(wide, state.focus)[state.partner].rename(state.partner)
    headline, sentence = _sentence(wide, ratio, state, found.label)
    ratio_title = f"{names.name(state.partner)} ÷ {names.name(state.focus)}"
    shown = wide.rename(columns=names.name).assign(**{ratio_title: ratio})
    shown.index.name = "year"
    if ratio.dropna().empty:
        message = " ".join(filter(None, [message, f"{ratio_title}: no common year of data."]))
    fig = None
    if draw:
        panels = {title: wide}
        marks = {title: _marks(found, have, state.years)}
        if not ratio.dropna().empty:
            panels[ratio_title] = ratio.to_frame()
            pair = (None, state.focus, state.partner)
            marks[ratio_title] = [
                m.on(state.partner, ratio_title) for m in marks[title] if m.series in pair
            ]
        fig = charts.panels(
            panels,
            title=charts.wrap_title(headline, 1, fontsize=10.5),
            footer=footer,
            ylabel="(log scale)" if state.log else "",
            log=state.log,
            ncols=1,
            marks=marks,
        )
    return View(state, title, sentence, shown, footer, files, message, fig)


def data_uri(payload: bytes | str, mime: str) -> str:
    """Return a ``data:`` URI for a download link (works in JupyterLab and in Voilà)."""
    raw = payload.encode("utf-8") if isinstance(payload, str) else payload
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
