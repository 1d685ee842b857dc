"""OpenAlex country co-authorship networks (V. Batagelj): a zip of yearly Pajek files.

Per year ``WrldCoYYYY.net`` holds the network (vertices = ISO 3166 alpha-2 codes, arcs =
works co-authored by two countries, loops = a country's internationally co-authored works),
``WrldCoYYYYT.vec`` the same per-country totals (cross-checked). The number of partner
countries is counted from the network (``WrldCoYYYYG.clu`` is capped at 200 by the OpenAlex
API). The files are parsed straight from the zip. Each unordered country pair is stored
once, with ``iso3 < partner_iso3``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import countries
from analysis.data.readers import reader
from analysis.data.readers._common import REFETCH, require_file
from analysis.data.schema import validate_tidy
from analysis.data.sources import SourceFile
from analysis.errors import DataFileError

UNIT = "works (whole count, OpenAlex)"
ASYMMETRY_TOLERANCE = 0.001
"""Largest relative gap (beyond one work) tolerated between the arcs a -> b and b -> a."""
_YEAR_MEMBER = re.compile(r"(?:.*/)?WrldCo(\d{4})(T\.vec|\.net)$")
_VERTEX = re.compile(r'^\s*(\d+)\s+(?:"([^"]*)"|(\S+))')


@dataclass
class PajekNetwork:
    """A parsed Pajek network: vertex labels and lines ``(from, to, weight, line, directed)``."""

    labels: dict[int, str] = field(default_factory=dict)
    label_lines: dict[int, int] = field(default_factory=dict)
    lines: list[tuple[int, int, float, int, bool]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, str]]:
    """Return ``(line number, text)`` of the lines that carry data (no blanks, no % comments)."""
    out = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("%"):
            out.append((number, stripped))
    return out


def parse_pajek_net(text: str, where: str) -> PajekNetwork:
    """Parse a Pajek ``.net``: ``*Vertices n``, then ``*Edges`` and/or ``*Arcs`` sections.

    Labels may be quoted (with spaces) or bare; a line without a weight has weight 1.

    Args:
        text: The file's text.
        where: ``zip/member`` named in errors.

    Raises:
        DataFileError: on a section this parser does not read (``*Matrix``, ``*Arcslist``), a
            malformed line, a vertex number outside ``1..n`` or a missing ``*Vertices`` header.
    """
    net = PajekNetwork()
    section = None
    n_vertices = 0
    for number, line in _lines(text):
        if line.startswith("*"):
            keyword = line.split()[0].lower()
            if keyword == "*vertices":
                parts = line.split()
                if len(parts) < 2 or not parts[1].isdigit():
                    raise DataFileError(where, f"malformed header {line!r}", REFETCH, row=number)
                n_vertices = int(parts[1])
                section = "vertices"
            elif keyword in ("*arcs", "*edges"):
                section = keyword[1:]
            elif keyword == "*network":
                continue
            else:
                raise DataFileError(
                    where,
                    f"Pajek section {keyword!r} is not supported (only *Vertices, *Arcs, *Edges)",
                    REFETCH,
                    row=number,
                )
            continue
        if section is None:
            raise DataFileError(where, "data before the *Vertices header", REFETCH, row=number)
        if section == "vertices":
            match = _VERTEX.match(line)
            if not match:
                raise DataFileError(where, f"malformed vertex line {line!r}", REFETCH, row=number)
            vertex = int(match.group(1))
            net.labels[vertex] = match.group(2) if match.group(2) is not None else match.group(3)
            net.label_lines[vertex] = number
            continue
        parts = line.split()
        try:
            a, b = int(parts[0]), int(parts[1])
            weight = float(parts[2]) if len(parts) > 2 else 1.0
        except (ValueError, IndexError):
            raise DataFileError(
                where,
                f"expected 'from to [weight]' with numbers, found {line!r}",
                "correct the line or re-fetch the published zip",
                row=number,
                column="weight",
            ) from None
        for vertex in (a, b):
            if not 1 <= vertex <= n_vertices:
                raise DataFileError(
                    where,
                    f"vertex {vertex} is outside 1..{n_vertices} (truncated *Vertices list?)",
                    REFETCH,
                    row=number,
                )
        net.lines.append((a, b, weight, number, section == "arcs"))
    if n_vertices == 0:
        raise DataFileError(where, "no *Vertices header (empty or truncated file)", REFETCH)
    missing = sorted(set(range(1, n_vertices + 1)) - set(net.labels))
    if missing:
        raise DataFileError(
            where, f"vertices {missing[:5]} have no label (truncated file?)", REFETCH
        )
    return net


def parse_pajek_vector(text: str, where: str) -> list[tuple[float, int]]:
    """Parse a Pajek ``.vec`` or ``.clu``: ``*Vertices n`` then one value per line.

    Returns:
        ``(value, line number)`` per vertex, in vertex order.

    Raises:
        DataFileError: on a non-numeric value or a count different from ``n``.
    """
    lines = _lines(text)
    if not lines or not lines[0][1].lower().startswith("*vertices"):
        raise DataFileError(where, "no *Vertices header (empty or truncated file)", REFETCH)
    n = int(lines[0][1].split()[1])
    values = []
    for number, line in lines[1:]:
        try:
            values.append((float(line.split()[0]), number))
        except ValueError:
            raise DataFileError(
                where, f"expected a number, found {line!r}", REFETCH, row=number
            ) from None
    if len(values) != n:
        raise DataFileError(
            where, f"expected {n} values after *Vertices {n}, found {len(values)}", REFETCH
        )
    return values


def _collect_arcs(
    net: PajekNetwork, where: str
) -> tuple[dict[tuple[int, int], tuple[float, int]], dict[int, tuple[float, int]]]:
    """Return the country pairs (weight, line) and the self-loops (a country's total) of a net."""
    pairs: dict[tuple[int, int], tuple[float, int]] = {}
    loops: dict[int, tuple[float, int]] = {}
    seen: set[tuple[int, int]] = set()
    for a, b, weight, number, directed in net.lines:
        if (a, b) in seen or (not directed and (b, a) in seen):
            raise DataFileError(
                where, f"duplicated row: the line {a} -> {b} appears twice", REFETCH, row=number
            )
        seen.add((a, b))
        if a == b:
            loops[a] = (weight, number)
            continue
        key = (min(a, b), max(a, b))
        if key in pairs:
            other = pairs[key][0]
            if abs(other - weight) > max(ASYMMETRY_TOLERANCE * max(other, weight), 1.0):
                raise DataFileError(
                    where,
                    f"arcs {a} -> {b} and {b} -> {a} have different weights ({other:g} vs "
                    f"{weight:g}); co-authorship should be symmetric",
                    REFETCH,
                    row=number,
                )
            # Each country's counts come from its own OpenAlex query, run minutes apart: a few
            # pairs differ by one work (2004, 2019). Keep the larger, later count.
            if weight <= other:
                continue
        pairs[key] = (weight, number)
    return pairs, loops


def _year_rows(path: Path, zf: zipfile.ZipFile, year: int, members: dict[str, str]) -> list[dict]:
    """Return the tidy rows of one year: pairs, node totals and partner counts."""
    where = f"{path}/{members['.net']}"
    net = parse_pajek_net(zf.read(members[".net"]).decode("utf-8-sig"), where)
    vertices = sorted(net.labels)
    codes = countries.to_iso3(
        [net.labels[v] for v in vertices],
        where,
        rows=[net.label_lines[v] for v in vertices],
        column="*Vertices label",
    )
    iso = dict(zip(vertices, codes, strict=True))
    pairs, loops = _collect_arcs(net, where)
    base = {"year": year, "unit": UNIT}
    rows = []
    for (a, b), (weight, number) in pairs.items():
        first, second = sorted((iso[a], iso[b]))
        rows.append(
            {
                **base,
                "iso3": first,
                "partner_iso3": second,
                "indicator": "coauthored_works",
                "value": weight,
                "_row": number,
            }
        )
    totals = {v: w for v, (w, _n) in loops.items()}
    if ".vec" in members:
        vec_where = f"{path}/{members['.vec']}"
        vector = parse_pajek_vector(zf.read(members[".vec"]).decode("utf-8-sig"), vec_where)
        if len(vector) != len(vertices):
            raise DataFileError(
                vec_where, f"has {len(vector)} values for {len(vertices)} vertices", REFETCH
            )
        for vertex, (value, number) in zip(vertices, vector, strict=True):
            if vertex in loops and loops[vertex][0] != value:
                raise DataFileError(
                    vec_where,
                    f"co-authored works of {net.labels[vertex]} = {value:g} differ from the "
                    f"loop {loops[vertex][0]:g} in {members['.net']}",
                    REFETCH,
                    row=number,
                )
            totals[vertex] = value
    for vertex, value in totals.items():
        rows.append(
            {
                **base,
                "iso3": iso[vertex],
                "indicator": "internationally_coauthored_works",
                "value": value,
                "_row": loops.get(vertex, (0, None))[1],
            }
        )
    # WrldCoYYYYG.clu is not used: it is the number of groups in the country's OpenAlex
    # group-by answer, i.e. partners + 1 (itself), capped at 200 by the API. Counting the
    # partners in the network (the union of all countries' answers) is not capped.
    partners: dict[int, int] = dict.fromkeys(vertices, 0)
    for (a, b), (weight, _number) in pairs.items():
        if weight > 0:
            partners[a] += 1
            partners[b] += 1
    for vertex, count in partners.items():
        rows.append(
            {
                "year": year,
                "iso3": iso[vertex],
                "indicator": "coauthor_partner_countries",
                "unit": "countries",
                "value": float(count),
                "_row": net.label_lines[vertex],
            }
        )
    return rows


@reader("openalex_pajek_zip")
def read_openalex_pajek_zip(path: Path, entry: SourceFile) -> pd.DataFrame:
    """Read the yearly country co-authorship networks from ``WrldCo_years.zip``.

    Indicators: ``coauthored_works`` (one row per unordered country pair and year, with
    ``iso3 < partner_iso3``; the weight of the arc between them),
    ``internationally_coauthored_works`` (per country, the loop / ``T.vec`` value) and
    ``coauthor_partner_countries`` (partners with at least one co-authored work, counted in the
    network).
    All-years files in the zip (``WrldCoComp*``, ``WrldCoComplete*``) are not read.

    Args:
        path: The zip as published (it is read in place, not extracted).
        entry: Its registry entry (source id and vintage).

    Returns:
        The tidy table; ``partner_iso3`` is empty for the per-country indicators.

    Raises:
        DataFileError: on a truncated zip, a malformed Pajek line, asymmetric or repeated arcs,
            a ``T.vec`` that disagrees with the loops, or an unknown country code.
    """
    require_file(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataFileError(
            path, f"not a readable zip ({exc}); truncated download?", REFETCH
        ) from exc
    with zf:
        by_year: dict[int, dict[str, str]] = {}
        for member in zf.namelist():
            match = _YEAR_MEMBER.fullmatch(member)
            if match:
                kind = {"T.vec": ".vec", ".net": ".net"}[match.group(2)]
                by_year.setdefault(int(match.group(1)), {})[kind] = member
        rows: list[dict] = []
        for year in sorted(by_year):
            members = by_year[year]
            if ".net" not in members:
                raise DataFileError(
                    path, f"has {sorted(members.values())} but no WrldCo{year}.net", REFETCH
                )
            try:
                rows += _year_rows(path, zf, year, members)
            except (zipfile.BadZipFile, EOFError, UnicodeDecodeError) as exc:
                raise DataFileError(
                    path, f"member of year {year} cannot be read ({exc})", REFETCH
                ) from exc
    if not rows:
        raise DataFileError(path, "no WrldCoYYYY.net network in the zip", REFETCH)
    long = pd.DataFrame(rows)
    long = long[long["iso3"] != countries.NOT_A_COUNTRY]
    if "partner_iso3" in long.columns:
        long = long[long["partner_iso3"] != countries.NOT_A_COUNTRY]
    countries.add_names(long)
    long["partner"] = long["partner_iso3"].map(countries.name, na_action="ignore")
    long["source"] = entry.source_id
    long["vintage"] = entry.vintage
    return validate_tidy(long, path)
