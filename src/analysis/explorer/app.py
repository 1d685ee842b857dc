"""The explorer's widgets: controls wired to :func:`analysis.explorer.core.view`, nothing else.

Every control sets one field of a :class:`~analysis.explorer.core.State`; any change redraws
the view (figure, finding, table, sources and download links). Choosing a topic lists its
indicators, an indicator its definitions and the years it has data for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis import params
from analysis.data import countries as names
from analysis.explorer import catalogue, core
from analysis.topics import text
from analysis.viz import figures

DEFAULT_INDICATOR = catalogue.RD_ANCHOR
DEFAULT_DEFINITION = "usd_ppp"
_CODE = re.compile(r"\(([A-Z]{3})\)\s*$")


def country_label(iso3: str) -> str:
    """Return the option label of a country: ``"India (IND)"``."""
    return f"{names.name(iso3)} ({iso3})"


def country_options(extra: Sequence[str] = ()) -> list[str]:
    """Return the labels of every country in WDI (and ``extra``), sorted by name."""
    codes = set(core.table("wdi")["iso3"].unique()) | set(extra)
    return sorted((country_label(c) for c in codes), key=str.casefold)


def resolve_country(value: str, options: Sequence[str]) -> str | None:
    """Return the ISO3 code a search box's text names: a label, a code or a name (None: none)."""
    found = _CODE.search(value.strip())
    if found:
        return found.group(1)
    typed = value.strip().casefold()
    for label in options:
        code = _CODE.search(label)
        if code and typed in (code.group(1).casefold(), label[: code.start()].strip().casefold()):
            return code.group(1)
    return None


def _format(table: pd.DataFrame) -> str:
    """Return the plotted values as an HTML table (large numbers shortened, multiples as ×)."""
    ratio = table.columns[-1]
    formatters = {c: (lambda v: "" if pd.isna(v) else text.number(v)) for c in table.columns}
    formatters[ratio] = lambda v: "" if pd.isna(v) else text.times(v)
    shown = table.rename_axis(columns=None)
    style = (
        "<style>.explorer-table td, .explorer-table th {padding: 1px 10px; text-align: right}"
        "</style>"
    )
    return style + shown.to_html(formatters=formatters, border=0, classes="explorer-table")


def _sources(view: core.View) -> str:
    items = "".join(
        f"<li>{html.escape(i['publisher'])}: <code>{html.escape(i['file'])}</code>, vintage "
        f"{html.escape(str(i['vintage']))}, sha256 <code>{i['sha256']}</code></li>"
        for i in view.inputs
    )
    return f"<p>{html.escape(view.footer)}</p><ul style='font-size:90%'>{items}</ul>"


def downloads(view: core.View, png: bytes = b"") -> str:
    """Return the "Download CSV" and "Download PNG" links of a view (data URIs).

    ``png`` is the figure as shown (:meth:`~analysis.explorer.core.View.png`), rendered once.
    """
    if view.table.empty:
        return ""
    stem = re.sub(r"[^a-z0-9]+", "-", f"{view.state.indicator} {view.state.definition}".lower())
    stem = f"{stem.strip('-')}-{view.state.focus}-{view.state.partner}".lower()
    csv = core.data_uri(view.csv(), "text/csv")
    links = [f'<a download="{stem}.csv" href="{csv}" class="explorer-csv">Download CSV</a>']
    if png:
        uri = core.data_uri(png, "image/png")
        links.append(f'<a download="{stem}.png" href="{uri}" class="explorer-png">Download PNG</a>')
    return " · ".join(links)


class Explorer(w.VBox):
    """The explorer: controls on top, then the finding, the figure, the table and the sources.

    ``state`` is the current :class:`~analysis.explorer.core.State` and ``view`` the last
    :class:`~analysis.explorer.core.View` drawn; setting a control's ``value`` redraws.
    """

    def __init__(
        self,
        countries: Sequence[str],
        start_year: int,
        end_year: int,
        *,
        indicator: str = "",
        definition: str = "",
    ) -> None:
        figures.set_style()
        codes = params.check_countries(countries)
        params.check_years(start_year, end_year)
        indicator = indicator or DEFAULT_INDICATOR
        if indicator not in catalogue.indicators():
            raise params.ParameterError(
                "indicator", indicator, "a 'dataset/indicator' the metadata declares"
            )
        self.state = core.State(
            focus=codes[0], partner=codes[1], comparators=tuple(codes[2:]), indicator=indicator,
            definition=definition or (DEFAULT_DEFINITION if indicator == DEFAULT_INDICATOR else
                                      catalogue.default_definition(indicator, core.editions(indicator))),
            years=(start_year, end_year),
        )  # fmt: skip
        self._busy = False
        self._wanted = (start_year, end_year)  # the years asked for, kept across indicators
        self._build_controls(codes)
        self._build_outputs()
        super().__init__([self.controls, self.outputs])
        self._sync_choices()
        self.refresh()

    def _build_controls(self, codes: list[str]) -> None:
        options = country_options(codes)
        self._options = options
        box = {
            "ensure_option": False,
            "continuous_update": False,
            "layout": w.Layout(width="260px"),
        }
        self.focus = w.Combobox(
            value=country_label(codes[0]), options=options, description="Focus", **box
        )
        self.partner = w.Combobox(
            value=country_label(codes[1]), options=options, description="Partner", **box
        )
        by_code = {_CODE.search(o).group(1): o for o in options}  # type: ignore[union-attr]
        self.comparators = w.SelectMultiple(
            options=[(o, _CODE.search(o).group(1)) for o in options],  # type: ignore[union-attr]
            value=[c for c in codes[2:] if c in by_code], rows=5, description="Comparators",
            layout=w.Layout(width="360px"), style={"description_width": "initial"},
        )  # fmt: skip
        topic = catalogue.indicators()[self.state.indicator].topic
        self.topic = w.Dropdown(options=catalogue.topic_options(), value=topic, description="Topic",
                                layout=w.Layout(width="420px"))  # fmt: skip
        self.indicator = w.Dropdown(description="Indicator", layout=w.Layout(width="620px"))
        self.definition = w.Dropdown(description="Definition", layout=w.Layout(width="420px"))
        self.years = w.IntRangeSlider(description="Years", continuous_update=False,
                                      layout=w.Layout(width="420px"))  # fmt: skip
        self.scale = w.ToggleButtons(options=[("log scale", True), ("linear", False)], value=True,
                                     style={"button_width": "80px"})  # fmt: skip
        self.per_person = w.Checkbox(value=False, description="per million people")
        for control in (self.focus, self.partner, self.comparators, self.indicator,
                        self.definition, self.years, self.scale, self.per_person):  # fmt: skip
            control.observe(self._changed, names="value")
        self.topic.observe(self._topic_changed, names="value")
        countries = w.HBox([w.VBox([self.focus, self.partner]), self.comparators])
        series = w.VBox([self.topic, self.indicator, self.definition])
        self.controls = w.VBox(
            [countries, series, w.HBox([self.years, self.scale, self.per_person])]
        )

    def _build_outputs(self) -> None:
        self.message = w.HTML(layout=w.Layout(width="100%"))
        self.sentence = w.HTML(layout=w.Layout(width="100%"))
        self.image = w.Image(format="png", layout=w.Layout(max_width="900px", width="100%"))
        self.table = w.HTML()
        self.sources = w.HTML()
        self.links = w.HTML()
        self.outputs = w.VBox(
            [self.message, self.sentence, self.image, self.links, self.table, self.sources]
        )

    # --- wiring ---------------------------------------------------------------------------------

    def _topic_changed(self, change: dict) -> None:
        if self._busy:
            return
        options = catalogue.indicator_options(change["new"])
        self._busy = True
        try:
            self.indicator.options = options
            self.indicator.value = options[0][1]
        finally:
            self._busy = False
        self._changed({"owner": self.indicator})

    def _sync_choices(self) -> None:
        """Fill indicator, definition and years for the state's indicator (no redraw)."""
        self._busy = True
        try:
            state = self.state
            self.indicator.options = catalogue.indicator_options(self.topic.value)
            self.indicator.value = state.indicator
            defs = catalogue.definition_options(state.indicator, core.editions(state.indicator))
            self.definition.options = defs
            self.definition.value = state.definition if defs else None
            self.definition.layout.display = "" if defs else "none"
            self.per_person.disabled = not catalogue.per_person_applies(core.series(
                state.indicator, state.definition, (state.focus,), False).unit)  # fmt: skip
            span = core.available_years(state)
            if span is not None:
                self.years.min, self.years.max = min(span[0], self.years.max), span[1]
                self.years.min = span[0]
                first = min(max(self._wanted[0], span[0]), span[1])
                last = max(min(self._wanted[1], span[1]), first)
                self.years.value = (first, last)
                self.state = replace(state, years=(first, last))
        finally:
            self._busy = False

    def _changed(self, change: dict) -> None:
        if self._busy:
            return
        owner = change.get("owner")
        state = self.state
        focus = resolve_country(self.focus.value, self._options) or state.focus
        partner = resolve_country(self.partner.value, self._options) or state.partner
        indicator = self.indicator.value or state.indicator
        definition = self.definition.value or ""
        first, last = (int(y) for y in self.years.value)
        if owner is self.years:
            self._wanted = (first, last)
        if owner is self.indicator:
            definition = catalogue.default_definition(indicator, core.editions(indicator))
        self.state = core.State(
            focus=focus, partner=partner, comparators=tuple(self.comparators.value),
            indicator=indicator, definition=definition, years=(first, last),
            log=bool(self.scale.value), per_person=bool(self.per_person.value and not self.per_person.disabled),
        )  # fmt: skip
        if owner in (self.indicator, self.definition, self.focus, self.partner, self.comparators):
            self._sync_choices()
        self._busy = True
        try:  # show what the search boxes resolved to ("brazil" -> "Brazil (BRA)")
            self.focus.value, self.partner.value = country_label(focus), country_label(partner)
        finally:
            self._busy = False
        self.refresh()

    def refresh(self) -> None:
        """Redraw the view for the current state."""
        view = core.view(self.state)
        self.view = view
        png = view.png()
        if view.figure is not None:
            # Out of pyplot (no second copy shown by the inline backend, no figure kept per
            # redraw), but still drawable: saved, checked and displayed by the notebook.
            plt.close(view.figure)
            FigureCanvasAgg(view.figure)
        self.message.value = (
            f"<p style='color:#a33'><b>{html.escape(view.message, quote=False)}</b></p>"
            if view.message
            else ""
        )
        self.sentence.value = (
            f"<p class='explorer-sentence'><b>{html.escape(view.sentence, quote=False)}</b></p>"
        )
        self.image.value = png
        self.image.layout.display = "" if png else "none"
        self.table.value = "" if view.table.empty else _format(view.table)
        self.sources.value = _sources(view)
        self.links.value = downloads(view, png)
