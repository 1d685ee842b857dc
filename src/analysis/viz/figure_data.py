"""The data behind a figure: a tidy CSV of exactly what it plots, written beside its PNG.

Nothing has to be passed by hand: :func:`rows` walks the figure's artists (each panel's lines,
bars and dots; a panel is one axes, named by its title) and reads back the plotted numbers,
one row per plotted point. Series labels, tick labels and point annotations that name a
country give its ISO3 code. Unit, indicator, source and vintage come from the tidy rows the
figure's source line was built from (:func:`analysis.viz.figures.footer_from_data` remembers
them under the footer text): a point is matched to its row by country, year and value; a point
that is computed (a ratio, an index) gets the figure's sources and, when the figure uses one
unit only, that unit (else the panel's axis label).

Columns of every CSV (:data:`COLUMNS`)::

    figure, panel, series, iso3, country, year, category, x, value, unit, indicator, source, vintage
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.atomic import write_bytes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLUMNS = (
    "figure",
    "panel",
    "series",
    "iso3",
    "country",
    "year",
    "category",
    "x",
    "value",
    "unit",
    "indicator",
    "source",
    "vintage",
)
"""The columns of every figure CSV, in order."""

DESCRIPTIONS = {
    "figure": "The figure's file name (stem) in this run.",
    "panel": "The panel (axes) the point is drawn on: its title, or 'panel N' when untitled.",
    "series": "The line, bar group or dot series the point belongs to (its legend label).",
    "iso3": "ISO 3166 alpha-3 code of the country the point is about, when it is one.",
    "country": "The country's short English name.",
    "year": "The year on the horizontal axis, when the axis is years.",
    "category": "The category axis label the point sits at (a bar's or a dot row's label).",
    "x": "The horizontal position when it is neither a year nor a category (a scatter's x).",
    "value": "The plotted value, in the unit of the 'unit' column.",
    "unit": "The unit of 'value'.",
    "indicator": "The tidy dataset's indicator id of the value, when it is a published number.",
    "source": "The source(s) of the value: registry id(s), see the package's sources.",
    "vintage": "The release (vintage) of each source used.",
}
"""One sentence per column, for ``datapackage.json``."""

_MEMORY = 256
"""How many footers' provenance tables are remembered (the figures of one notebook)."""

_provenance: dict[str, pd.DataFrame] = {}


def remember(footer: str, frames: Sequence[pd.DataFrame]) -> None:
    """Remember the tidy rows a figure's source line was built from, under that line's text.

    Called by :func:`analysis.viz.figures.footer_from_data`; :func:`rows` finds them again by
    looking for the text among the figure's texts (a footer may have words appended).
    """
    import pandas as pd

    keep = ["iso3", "country", "year", "value", "unit", "indicator", "source", "vintage"]
    parts = [f[[c for c in keep if c in f.columns]] for f in frames if not f.empty]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=keep)
    _provenance.pop(footer, None)
    _provenance[footer] = table
    while len(_provenance) > _MEMORY:
        _provenance.pop(next(iter(_provenance)))


def provenance_of(fig: Figure) -> pd.DataFrame | None:
    """Return the tidy rows behind ``fig``'s source line(s), or None if none is known."""
    import pandas as pd

    texts = [t.get_text() for t in fig.texts]
    found = [table for key, table in _provenance.items() if any(key in t for t in texts)]
    if not found:
        return None
    return pd.concat(found, ignore_index=True).drop_duplicates()


@dataclass
class _Point:
    panel: str
    series: str
    x: float | None
    value: float
    category: str = ""


def _number(v: Any) -> float | None:
    try:
        out = float(v)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _ticks(ax: Axes, axis: str) -> dict[float, str]:
    """Return the text tick labels of an axis by position (empty when the ticks are numbers)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    out = {}
    for pos, label in zip(target.get_ticklocs(), target.get_ticklabels(), strict=False):
        text = label.get_text().strip()
        if text and not re.fullmatch(r"[−\-+]?[\d.,]+\s*[a-zA-Z%]{0,3}", text):
            out[float(pos)] = text
    return out


def _category(position: float, ticks: dict[float, str]) -> str:
    for pos, text in ticks.items():
        if abs(pos - position) < 0.26:
            return text
    return ""


def _series_label(artist: Any) -> str:
    gid = str(artist.get_gid() or "") if hasattr(artist, "get_gid") else ""
    if ":" in gid:
        return gid.split(":", 1)[1]
    label = str(artist.get_label() or "")
    return "" if label.startswith("_") else label


def _line_points(ax: Axes, panel: str) -> Iterator[_Point]:
    for line in ax.get_lines():
        if line.get_transform() != ax.transData or not line.get_visible():
            continue  # axvline/axhline (reference lines in axes coordinates), hidden lines
        gid = str(line.get_gid() or "")
        if gid and ":" not in gid:
            continue  # hollow marks repeat points already read from their series
        label = _series_label(line)
        for x, y in zip(np.asarray(line.get_xdata()), np.asarray(line.get_ydata()), strict=False):
            xv, yv = _number(x), _number(y)
            if yv is not None and xv is not None:
                yield _Point(panel, label, xv, yv)


def _bar_points(ax: Axes, panel: str) -> Iterator[_Point]:
    from matplotlib.container import BarContainer

    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        label = _series_label(container)
        horizontal = getattr(container, "orientation", None) == "horizontal"
        ticks = _ticks(ax, "y" if horizontal else "x")
        for bar in container.patches:
            if horizontal:
                pos, value = bar.get_y() + bar.get_height() / 2, bar.get_width()
            else:
                pos, value = bar.get_x() + bar.get_width() / 2, bar.get_height()
            cat = _category(pos, ticks)
            yield _Point(panel, label, None if cat else pos, float(value), cat)


def _annotations(ax: Axes) -> list[tuple[float, float, str]]:
    from matplotlib.text import Annotation

    out = []
    for text in ax.texts:
        if isinstance(text, Annotation) and text.xycoords == "data":
            x, y = (_number(v) for v in text.xy)
            if x is not None and y is not None:
                out.append((x, y, text.get_text()))
    return out


def _scatter_points(ax: Axes, panel: str) -> Iterator[_Point]:
    from matplotlib.collections import PathCollection

    yticks = _ticks(ax, "y")
    notes = _annotations(ax)
    for coll in ax.collections:
        if not isinstance(coll, PathCollection) or not coll.get_visible():
            continue
        label = _series_label(coll)
        for x, y in np.asarray(coll.get_offsets()):
            xv, yv = _number(x), _number(y)
            if xv is None or yv is None:
                continue
            cat = _category(yv, yticks) if yticks else ""
            if cat:  # a dot chart: rows are categories, the value is along x
                yield _Point(panel, label, None, xv, cat)
                continue
            near = [n for nx, ny, n in notes if abs(nx - xv) < 1e-9 and abs(ny - yv) < 1e-9]
            yield _Point(panel, label or (near[0] if near else ""), xv, yv)


def _panel_name(ax: Axes, index: int) -> str:
    title = " ".join(
        t for t in (ax.get_title("left"), ax.get_title("center"), ax.get_title("right")) if t
    )
    alone = len([a for a in ax.figure.axes if a.get_visible()]) == 1 if ax.figure else False
    return " ".join(title.split()) or ("" if alone else f"panel {index}")


def points(fig: Figure) -> list[_Point]:
    """Return every plotted point of ``fig``: line vertices, bars and dots, panel by panel."""
    out: list[_Point] = []
    for i, ax in enumerate(fig.axes, start=1):
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        panel = _panel_name(ax, i)
        for found in (_line_points(ax, panel), _bar_points(ax, panel), _scatter_points(ax, panel)):
            out += list(found)
    seen: set[tuple] = set()
    unique = []
    for p in out:  # a provisional tail repeats the last solid point
        key = (p.panel, p.series, p.x, p.value, p.category)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _country_codes(table: pd.DataFrame | None) -> dict[str, str]:
    """Map display names (and codes) to ISO3, from the provenance rows and the house names."""
    from analysis.data import countries

    out: dict[str, str] = {}
    if table is not None and "iso3" in table.columns:
        for code in table["iso3"].dropna().unique():
            code = str(code)
            out[countries.name(code)] = code
            out[code] = code
        if "country" in table.columns:
            for code, name in table[["iso3", "country"]].drop_duplicates().itertuples(index=False):
                out[str(name)] = str(code)
    return out


def _iso3(label: str, known: dict[str, str]) -> str:
    """Return the ISO3 code a label names ("" when it is not a country)."""
    from analysis.data import countries

    clean = re.sub(r"\s*\((?:context|provisional)\)$", "", label.strip())
    if clean in known:
        return known[clean]
    if not clean or any(ch.isdigit() for ch in clean) or len(clean.split()) > 4:
        return ""
    try:
        code = countries.lookup(clean)
    except Exception:  # noqa: BLE001  coco may fail on odd text; a label is then not a country
        return ""
    return code if code and code != countries.NOT_A_COUNTRY else ""


def _year(x: float | None, ax_is_years: bool) -> int | None:
    if x is None or not ax_is_years:
        return None
    return int(round(x)) if abs(x - round(x)) < 1e-6 else None


def _fallback(table: pd.DataFrame | None) -> dict[str, str]:
    """Figure-level source and vintage for computed points (every source the figure used)."""
    if table is None or table.empty:
        return {"source": "", "vintage": ""}
    # unique values first: a table has thousands of rows and a handful of sources
    sources = table["source"].unique() if "source" in table.columns else []
    ids = {i for s in sources for i in re.split(r"\+|; ", str(s)) if i}
    dates = table["vintage"].unique() if "vintage" in table.columns else []
    vintages = {str(v) for v in dates if str(v)}
    return {"source": "; ".join(sorted(ids)), "vintage": "; ".join(sorted(vintages))}


def _axis_unit(ylabel: str, panel: str) -> str:
    """Return what a computed point is measured in: its axis label, else its panel's title."""
    label = re.sub(r"\s*\(?log scale\)?\s*", " ", ylabel).strip(" ,")
    return " ".join((label or panel).split())


def _lookup_table(table: pd.DataFrame | None) -> dict[tuple[str, int], list[tuple]]:
    out: dict[tuple[str, int], list[tuple]] = {}
    if table is None or not {"iso3", "year", "value"} <= set(table.columns):
        return out
    cols = ("value", "unit", "indicator", "source", "vintage")
    full = table.assign(**{c: "" for c in cols if c not in table.columns})
    # plain object columns: iterating rows of Arrow-backed text columns costs 4× as much
    columns = [full[c].to_numpy(dtype=object) for c in ("iso3", "year", *cols)]
    for iso3, year, *rest in zip(*columns, strict=True):
        number = _number(year)
        if number is not None:
            out.setdefault((str(iso3), int(number)), []).append(tuple(rest))
    return out


def _match(candidates: list[tuple], value: float) -> dict[str, str] | None:
    hits = [
        c
        for c in candidates
        if _number(c[0]) is not None
        and math.isclose(float(c[0]), value, rel_tol=1e-6, abs_tol=1e-12)
    ]
    if not hits:
        return None
    keys = ("unit", "indicator", "source", "vintage")
    return {k: "; ".join(sorted({str(h[i + 1]) for h in hits})) for i, k in enumerate(keys)}


def rows(fig: Figure, stem: str) -> list[dict[str, Any]]:
    """Return one tidy row per plotted point of ``fig`` (see :data:`COLUMNS`)."""
    from analysis.data import countries

    table = provenance_of(fig)
    known = _country_codes(table)
    lookup = _lookup_table(table)
    default = _fallback(table)
    years_axis = {}
    for ax in fig.axes:
        xs = [x for line in ax.get_lines() for x in np.asarray(line.get_xdata()).ravel()]
        nums = [n for n in (_number(x) for x in xs) if n is not None]
        years_axis[_panel_name(ax, fig.axes.index(ax) + 1)] = bool(nums) and all(
            1800 <= n <= 2100 for n in nums
        )
    ylabels = {_panel_name(ax, i): ax.get_ylabel() for i, ax in enumerate(fig.axes, start=1)}
    out = []
    for p in points(fig):
        iso3 = _iso3(p.series, known) or (_iso3(p.category, known) if p.category else "")
        year = _year(p.x, years_axis.get(p.panel, False))
        found = _match(lookup.get((iso3, year), []), p.value) if iso3 and year else None
        extra = found or {
            **default,
            "indicator": "",
            "unit": _axis_unit(ylabels.get(p.panel, ""), p.panel),
        }
        out.append(
            {
                "figure": stem,
                "panel": p.panel,
                "series": p.series,
                "iso3": iso3,
                "country": countries.name(iso3) if iso3 else "",
                "year": year if year is not None else "",
                "category": p.category,
                "x": "" if year is not None or p.x is None else _format(p.x),
                "value": _format(p.value),
                **{k: extra[k] for k in ("unit", "indicator", "source", "vintage")},
            }
        )
    return out


def _format(v: float) -> str:
    """Write a number exactly enough to round-trip (no float noise like 0.30000000000000004)."""
    return repr(float(f"{v:.12g}")) if v != int(v) or abs(v) >= 1e15 else str(int(v))


def to_csv(records: Sequence[dict[str, Any]]) -> bytes:
    """Return the rows as CSV bytes with the :data:`COLUMNS` header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode("utf-8")


def describe(fig: Figure, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return what the report says about a figure: title, panels with their series, source line."""
    title = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    footers = [t.get_text() for t in fig.texts if t.get_text().startswith("Source")]
    panels = []
    for i, ax in enumerate(fig.axes, start=1):
        name = _panel_name(ax, i)
        series = list(
            dict.fromkeys(r["series"] or r["category"] for r in records if r["panel"] == name)
        )
        if any(r["panel"] == name for r in records):
            panels.append(
                {
                    "title": name,
                    "series": [s for s in series if s],
                    "ylabel": ax.get_ylabel(),
                    "xlabel": ax.get_xlabel(),
                }
            )
    years = sorted({int(r["year"]) for r in records if r["year"] != ""})
    return {
        "title": " ".join(title.split()),
        "footer": " ".join(" ".join(footers).split()),
        "panels": panels,
        "years": [years[0], years[-1]] if years else [],
        "points": len(records),
    }


def write(fig: Figure, stem: str, out_dir: str | Path) -> list[Path]:
    """Write ``out_dir/stem.csv`` (everything ``fig`` plots) and ``stem.json`` (its description).

    Both atomically; returns their paths.
    """
    import json

    records = rows(fig, stem)
    target = Path(out_dir) / f"{stem}.csv"
    write_bytes(target, to_csv(records))
    meta = Path(out_dir) / f"{stem}.json"
    text = json.dumps(describe(fig, records), indent=1, ensure_ascii=False, sort_keys=True)
    write_bytes(meta, text.encode("utf-8") + b"\n")
    return [target, meta]
