"""The PNG written from one Agg raster: a plain PNG with matplotlib's own pixels, and its preview."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from analysis.viz import figures, raster


def _chart(width: float = 5.3):
    fig, ax = plt.subplots(figsize=(width, 2.7), layout="constrained")
    ax.plot([2000, 2010, 2020], [3.0, 1.0, 2.5], label="Russia")
    ax.set_ylabel("% of GDP")
    fig.suptitle("A title that says what the chart finds", x=0.01, ha="left")
    figures.add_footer(fig, "Source: a test.")
    return fig


@pytest.mark.parametrize("channels", [3, 4])
def test_png_bytes_decode_to_the_same_pixels_and_resolution(channels) -> None:
    pixels = np.random.default_rng(7).integers(0, 256, (37, 53, channels), dtype=np.uint8)
    with Image.open(io.BytesIO(raster.png_bytes(pixels, 240.0))) as image:
        assert image.mode == ("RGB" if channels == 3 else "RGBA")
        assert np.array_equal(np.asarray(image), pixels)
        assert image.info["dpi"] == pytest.approx((240.0, 240.0), abs=0.01)
    strided = np.random.default_rng(8).integers(0, 256, (9, 11, 4), dtype=np.uint8)[..., :3]
    with Image.open(io.BytesIO(raster.png_bytes(strided, 100.0))) as image:  # a view, not a copy
        assert np.array_equal(np.asarray(image), strided)


def test_png_bytes_refuse_what_is_not_8_bit_rgb_or_rgba() -> None:
    with pytest.raises(ValueError, match="uint8 RGB or RGBA"):
        raster.png_bytes(np.zeros((2, 2, 3), dtype=float), 100.0)
    with pytest.raises(ValueError, match="uint8 RGB or RGBA"):
        raster.png_bytes(np.zeros((2, 2, 2), dtype=np.uint8), 100.0)


@pytest.mark.parametrize("width", [5.3, 7.2, 3.333])
def test_write_png_has_the_pixels_matplotlib_would_save(tmp_path, width) -> None:
    fig = _chart(width)
    box = figures.freeze(fig)
    dpi = float(mpl.rcParams["savefig.dpi"])
    fig.savefig(tmp_path / "matplotlib.png", format="png", bbox_inches=box)
    returned = raster.write_png(fig, tmp_path / "ours.png", box, dpi)
    with (
        Image.open(tmp_path / "matplotlib.png") as theirs,
        Image.open(tmp_path / "ours.png") as ours,
    ):
        assert ours.mode == "RGB"  # an opaque figure needs no alpha channel
        assert np.array_equal(np.asarray(theirs.convert("RGB")), np.asarray(ours))
        assert returned.size == ours.size
        assert np.array_equal(np.asarray(returned.convert("RGB")), np.asarray(ours))


def test_a_figure_with_transparent_pixels_keeps_its_alpha_channel(tmp_path) -> None:
    fig = _chart()
    fig.patch.set_alpha(0.0)
    box = figures.freeze(fig)
    fig.savefig(tmp_path / "matplotlib.png", format="png", bbox_inches=box)
    raster.write_png(fig, tmp_path / "ours.png", box, float(mpl.rcParams["savefig.dpi"]))
    with (
        Image.open(tmp_path / "matplotlib.png") as theirs,
        Image.open(tmp_path / "ours.png") as ours,
    ):
        assert ours.mode == "RGBA"
        assert np.array_equal(np.asarray(theirs), np.asarray(ours))


def test_a_raster_of_another_size_than_agg_gives_is_refused_and_nothing_written(
    tmp_path, monkeypatch
) -> None:
    fig = _chart()
    box = figures.freeze(fig)
    monkeypatch.setattr(raster, "pixel_size", lambda box, dpi: (7, 7))
    with pytest.raises(RuntimeError, match="sizes its Agg buffer differently"):
        raster.write_png(fig, tmp_path / "x.png", box, 240.0)
    assert not (tmp_path / "x.png").exists()


def test_preview_is_scaled_small_and_flat_on_white() -> None:
    opaque = Image.new("RGB", (480, 240), "white")
    with Image.open(io.BytesIO(raster.preview(opaque, 85 / 240))) as small:
        assert small.size == (170, 85) and small.mode == "P"  # 256 colours at most
    clear = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    with Image.open(io.BytesIO(raster.preview(clear, 0.5))) as small:
        assert small.size == (50, 25)
        assert np.asarray(small.convert("RGB")).min() == 255  # white, not black


def test_save_writes_each_format_once_from_one_layout(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("ANALYSIS_FIGURE_CHECK", raising=False)
    written = figures.save(_chart(), "fig", tmp_path)
    assert [p.name for p in written[:2]] == ["fig.png", "fig.svg"]
    with Image.open(tmp_path / "fig.png") as image:
        assert image.mode == "RGB" and image.width > 1000
    assert Path(tmp_path / "fig.svg").read_text().lstrip().startswith("<?xml")
