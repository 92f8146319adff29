"""Figures: the tile map of origins, the shared style, and the figure writers on small frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from footprint.config import CONFIG_DIR
from footprint.errors import UnknownCodeError
from footprint.outputs import maps, plots, style

ROW = {"WA", "WL", "WE", "WF", "WM"}


@pytest.fixture(scope="module")
def tiles() -> pd.DataFrame:
    return maps.region_tiles(CONFIG_DIR / "regions.csv")


def _tiles_drawn(ax: Axes) -> dict[str, Rectangle]:
    """The drawn tile of each region, by the gid the map gives it (``tile-XX`` or ``tile-XX-nodata``)."""
    out = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if isinstance(patch, Rectangle) and gid.startswith("tile-"):
            code = gid.split("-")[1]
            assert code not in out, f"{code} drawn twice"
            out[code] = patch
    return out


def test_every_region_has_a_unique_tile(tiles: pd.DataFrame) -> None:
    regions = pd.read_csv(CONFIG_DIR / "regions.csv", keep_default_na=False)
    assert list(tiles.index) == list(regions["exio_code"]) and len(tiles) == 49
    positions = list(zip(tiles["col"], tiles["row"], strict=True))
    assert len(set(positions)) == 49
    assert (tiles[["col", "row"]] >= 0).all().all()
    assert set(tiles.index[tiles["type"] == "RoW"]) == ROW


def test_region_names_still_read() -> None:
    """The added tile columns leave the code -> name reader as it was."""
    from footprint.tables import region_names

    names = region_names(CONFIG_DIR / "regions.csv")
    assert names["NL"] == "Netherlands" and names["WL"] == "RoW America" and len(names) == 49


def test_map_draws_one_tile_per_region_and_marks_row(tiles: pd.DataFrame) -> None:
    frame = pd.DataFrame({"origin_region": ["NL", "BR", "WL", "WA", "CN", "NL"],
                          "value": [1.0, 30.0, 50.0, 5.0, 10.0, 2.0]})
    fig = Figure()
    ax = maps.plot_origin_map(frame, "value", names={"NL": "Netherlands"}, title="t", unit="ha",
                               note="Data: test", ax=fig.subplots(), tiles=tiles)
    drawn = _tiles_drawn(ax)
    assert set(drawn) == set(tiles.index)
    for code, patch in drawn.items():  # each tile sits at its grid position
        x, y = patch.get_xy()
        assert (int(x), int(y)) == (tiles.at[code, "col"], tiles.at[code, "row"])
    outlined = {str(p.get_gid()).split("-")[1] for p in ax.patches
                if str(p.get_gid()).startswith("row-")}
    assert outlined == {"WL", "WA"}  # RoW tiles with data are outlined and hatched
    hatched = {p.get_xy() for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()
               and not str(p.get_gid()).endswith("-nodata")}
    assert hatched == {drawn[c].get_xy() for c in outlined}
    # NL's two rows are summed; larger values are darker (cividis reversed)
    luminance = {c: np.dot(drawn[c].get_facecolor()[:3], [0.299, 0.587, 0.114]) for c in ("NL", "BR", "WL")}
    assert luminance["WL"] < luminance["BR"] < luminance["NL"]
    texts = [t.get_text() for t in fig.texts]
    assert "Data: test" in texts
    colourbar = fig.axes[-1]
    assert colourbar.get_xlabel().startswith("value [ha]")


def test_missing_and_nan_regions_are_grey_no_data(tiles: pd.DataFrame) -> None:
    frame = pd.DataFrame({"origin_region": ["NL", "DE", "WF"], "value": [1.0, np.nan, 3.0]})
    ax = maps.plot_origin_map(frame, "value", unit="ha", ax=Figure().subplots(), tiles=tiles)
    drawn = _tiles_drawn(ax)
    grey = {code for code, patch in drawn.items() if str(patch.get_gid()).endswith("-nodata")}
    assert grey == set(tiles.index) - {"NL", "WF"}  # DE (NaN) and every region without a row
    assert {to_hex(drawn[c].get_facecolor()) for c in grey} == {style.NO_DATA.lower()}
    assert to_hex(drawn["NL"].get_facecolor()) != style.NO_DATA.lower()
    assert all(drawn[c].get_hatch() == maps.NO_DATA_HATCH for c in grey)
    assert "no data (not in this system)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_zero_is_not_no_data(tiles: pd.DataFrame) -> None:
    """Issue 13: a region of the system without flow is a real zero (white, "0"); a region outside the
    system, or NaN, is "no data" (grey, cross-hatched)."""
    frame = pd.DataFrame({"origin_region": ["NL", "DE", "BR", "FR"], "value": [5.0, 0.0, 2.0, np.nan]})
    ax = maps.plot_origin_map(frame, "value", unit="ha", ax=Figure().subplots(), tiles=tiles,
                                   regions=["NL", "DE", "BR", "FR", "US"])
    drawn = _tiles_drawn(ax)
    kind = {c: str(p.get_gid()).removeprefix(f"tile-{c}").lstrip("-") or "value" for c, p in drawn.items()}
    assert {c for c, k in kind.items() if k == "zero"} == {"DE", "US"}  # a 0 row, and no row at all
    assert {c for c, k in kind.items() if k == "value"} == {"NL", "BR"}
    assert {c for c, k in kind.items() if k == "nodata"} == set(tiles.index) - {"NL", "DE", "BR", "US"}
    assert to_hex(drawn["US"].get_facecolor()) == "#ffffff" and not drawn["US"].get_hatch()
    assert drawn["FR"].get_hatch() == maps.NO_DATA_HATCH
    assert to_hex(drawn["FR"].get_facecolor()) == style.NO_DATA.lower()
    assert sum(t.get_text() == "0" for t in ax.texts) == 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("0 ") for t in legend) and any(t.startswith("no data") for t in legend)


def test_map_rejects_unknown_codes(tiles: pd.DataFrame) -> None:
    frame = pd.DataFrame({"origin_region": ["NL", "NLD", "XX"], "value": [1.0, 2.0, 3.0]})
    with pytest.raises(UnknownCodeError, match=r"'NLD' has no tile.*NL.*regions\.csv"):
        maps.plot_origin_map(frame, "value", ax=Figure().subplots(), tiles=tiles)


def test_map_colour_scale(tiles: pd.DataFrame) -> None:
    skewed = pd.DataFrame({"origin_region": ["NL", "BR"], "value": [1.0, 1e6]})
    ax = maps.plot_origin_map(skewed, "value", unit="ha", ax=Figure().subplots(), tiles=tiles)
    assert "log scale" in ax.get_figure(root=True).axes[-1].get_xlabel()  # type: ignore[union-attr]
    even = pd.DataFrame({"origin_region": ["NL", "BR"], "value": [0.0, 5.0]})
    ax = maps.plot_origin_map(even, "value", unit="ha", ax=Figure().subplots(), tiles=tiles)
    assert "log" not in ax.get_figure(root=True).axes[-1].get_xlabel()  # type: ignore[union-attr]


def _impacts() -> pd.DataFrame:
    rows = []
    for method in ("msa_ibif2", "pdf_glam1"):
        for bound, f in (("low", 0.5), ("central", 1.0), ("high", 1.5)):
            for origin, land in (("NL", 10.0), ("WL", 300.0), ("BR", 120.0)):
                for land_type, part in (("crops_annual", 0.7), ("pasture", 0.3)):
                    rows.append(dict(year=2022, consumer="NL", group="protein", method=method,
                                     land_type=land_type, origin_region=origin, bound=bound,
                                     unit="MSA-loss*ha*yr", pressure=land * part, pressure_unit="ha*yr",
                                     value=f * land * part * (2 if method == "pdf_glam1" else 1)))
            rows.append(dict(year=2022, consumer="NL", group="protein", method=method, land_type="climate",
                             origin_region="US", bound=bound, unit="MSA-loss*ha*yr", pressure=1.0,
                             pressure_unit="t CO2-eq", value=1.0))
    return pd.DataFrame(rows)


def test_impact_map_figures(tmp_path: Path) -> None:
    assert maps.impact_map_figures({}, tmp_path) == []
    written = maps.impact_map_figures({"impacts": _impacts()}, tmp_path, "Data: test",
                                           {"WL": "RoW America"})
    assert written == ["impact_map_protein.png"]
    png = (tmp_path / written[0]).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(UnknownCodeError, match="msa_ibif"):
        maps.impact_map_figures({"impacts": _impacts()}, tmp_path, method="msa_ibif")


def test_impact_map_uses_central_land_of_the_main_method(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    seen: list[pd.Series] = []

    def spy(frame: pd.DataFrame, value_col: str, **kwargs: object) -> None:
        seen.append(frame.groupby("origin_region")[value_col].sum())

    monkeypatch.setattr(maps, "plot_origin_map", spy)
    maps.impact_map_figures({"impacts": _impacts()}, tmp_path, "Data: test")
    impact, land = seen
    # central msa_ibif2 (the first method), land types summed, climate (US) left out
    assert impact.to_dict() == pytest.approx({"BR": 120.0, "NL": 10.0, "WL": 300.0})
    assert land.to_dict() == pytest.approx({"BR": 120.0, "NL": 10.0, "WL": 300.0})


def test_style_is_a_context_not_global_state() -> None:
    import matplotlib as mpl

    before = mpl.rcParams["font.size"], mpl.rcParams["axes.prop_cycle"]
    frame = pd.DataFrame({"origin_region": ["NL"], "value": [1.0]})
    maps.plot_origin_map(frame, "value", ax=Figure().subplots())
    assert (mpl.rcParams["font.size"], mpl.rcParams["axes.prop_cycle"]) == before
    with style.style():
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == style.PALETTE


def test_attribution_figures_label_units_names_and_note(tmp_path: Path) -> None:
    regional = pd.DataFrame({
        "year": 2022, "consumer": "NL", "scenario": "baseline", "group": "protein",
        "indicator": ["land_total"] * 3 + ["ghg"] * 3, "unit": ["ha"] * 3 + ["t CO2-eq"] * 3,
        "origin_region": ["NL", "BR", "WL"] * 2, "value": [1.0, 5.0, 3.0, 4.0, 1.0, 1.0]})
    names = {"NL": "Netherlands", "BR": "Brazil", "WL": "RoW America"}
    fig = Figure()
    ax = plots.plot_top_origins(regional, "protein", "land_total", names=names, note="Data: x",
                                ax=fig.subplots())
    assert ax.get_xlabel() == "land_total [ha]"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Netherlands (NL), domestic", "RoW America (WL)", "Brazil (BR)"]
    assert [t.get_text() for t in fig.texts] == ["Data: x"]
    written = plots.attribution_figures(regional, tmp_path, note="Data: x", names=names)
    assert written == ["top_origins_protein.png", "pressures_by_origin_protein.png"]
    assert all((tmp_path / w).stat().st_size > 10_000 for w in written)
