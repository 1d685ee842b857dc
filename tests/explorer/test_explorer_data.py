"""Every indicator the explorer offers gives a view on the real data: a figure or a reason."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.explorer import catalogue, core


@pytest.mark.mirror
def test_every_indicator_and_definition_gives_a_figure_or_says_why(mirror) -> None:
    core.clear_cache()
    base = core.State(focus="RUS", partner="CHN", comparators=("USA",), years=(1990, 2025))
    drawn = 0
    for key in catalogue.indicators():
        definitions = [d for _, d in catalogue.definition_options(key, core.editions(key))] or [""]
        for definition in definitions:
            view = core.view(replace(base, indicator=key, definition=definition), draw=False)
            assert view.sentence, (key, definition)
            if view.table.empty:
                assert view.message, f"{key} {definition}: nothing drawn and nothing said"
            else:
                drawn += 1
                assert view.inputs and all(len(i["sha256"]) == 64 for i in view.inputs), key
    assert drawn >= 40


@pytest.mark.mirror
def test_india_and_brazil_rd_at_ppp_2005_2020(mirror) -> None:
    core.clear_cache()
    state = core.State(focus="IND", partner="BRA", indicator=catalogue.RD_ANCHOR,
                       definition="usd_ppp", years=(2005, 2020))  # fmt: skip
    view = core.view(state)
    assert view.figure is not None and view.table.index.min() >= 2005
    assert view.sentence.startswith("Brazil:") or "no common year" in view.sentence
    assert {i["file"].split("_DS2")[0] for i in view.inputs} == {
        "API_GB.XPD.RSDV.GD.ZS",
        "API_NY.GDP.MKTP.PP.CD",
    }
