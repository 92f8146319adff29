"""The vendored FAOSTAT trade subset, its area and item tables, and the deterministic build.

Pinned real figures were read from the vendored file with ``footprint.trade.read_vendored`` on
2026-12-01 (the commands are in each test); the file itself is rebuilt byte-identically from the pinned
netviz-tools 0.2.0 wheel by ``make data-trade CHECK=1``.
"""

from __future__ import annotations

import csv
import doctest
import importlib
import io
import tomllib
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from footprint.defaults import DEFAULTS_DIR
from footprint.errors import CorruptDataError, UnknownCodeError
from footprint.trade import read_areas, read_items, read_vendored, resolve_areas
from footprint.trade._build import AREA_SUPPLEMENTS, ITEMS_FOLDER, build_areas, build_subset, write_subset
from footprint.trade.read import VENDORED, VENDORED_LABEL
from footprint.trade.waterbed import importer_shares
from tests.support import paths

ROOT = paths.ROOT


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return read_vendored()


def test_vendored_file_shape_and_label(trade: pd.DataFrame) -> None:
    assert VENDORED.stat().st_size < 3_000_000  # "about 2.4 MB"
    assert len(trade) == 778_524
    assert trade["year"].min() == 1995 and trade["year"].max() == 2023
    assert set(trade["item"].unique()) == set(read_items()["item"])
    assert (trade["tonnes"] > 0).all()
    assert (trade["exporter"] != trade["importer"]).all()
    assert not trade.duplicated(["item", "year", "exporter", "importer"]).any()
    assert list(trade["data"].unique()) == [VENDORED_LABEL]
    assert "real data" in VENDORED_LABEL


def test_pinned_real_figures(trade: pd.DataFrame) -> None:
    """Brazil (FAO 21) soybeans: to the Netherlands (150) in 2020 and in total in 2023.

    ``read_vendored("soybeans")`` summed over the rows; issue 17 quotes 3.25 Mt and 101.85 Mt (Brazil's
    trade ministry: a little over 100 Mt in 2023; Statistics Netherlands: 2.3 Mt imported from Brazil in
    2020, exporter reports being higher because cargo for Rotterdam travels on).
    """
    soy = trade[(trade["item"] == "soya_beans") & (trade["exporter"] == 21)]
    to_nl_2020 = soy[(soy["year"] == 2020) & (soy["importer"] == 150)]["tonnes"].sum()
    assert to_nl_2020 == pytest.approx(3_250_435.39, abs=0.005)
    assert soy[soy["year"] == 2023]["tonnes"].sum() == pytest.approx(101_848_928.43, abs=0.005)


def test_shares_sum_to_one_per_exporter_and_year(trade: pd.DataFrame) -> None:
    shares = importer_shares(trade)
    sums = shares.groupby(["item", "exporter", "year"], observed=True)["share"].sum()
    assert len(sums) > 50_000
    np.testing.assert_allclose(sums.to_numpy(), 1.0, rtol=0, atol=1e-12)
    assert ((shares["share"] > 0) & (shares["share"] <= 1)).all()


def test_every_area_of_the_subset_maps_to_an_exiobase_region(trade: pd.DataFrame) -> None:
    areas = read_areas()
    regions = set(pd.read_csv(DEFAULTS_DIR / "regions.csv")["exio_code"])
    used = set(trade["exporter"].unique()) | set(trade["importer"].unique())
    table = areas.set_index("fao_code")
    assert used <= set(table.index)
    assert set(table.loc[sorted(used), "exio_region"]) <= regions
    assert (table["exio_region"] != "").all()
    # the hand-made rules
    for code, region in {41: "CN", 276: "WF", 206: "WF", 186: "WE", 15: "BE"}.items():
        assert table.loc[code, "exio_region"] == region
    assert table.loc[21, "iso3"] == "BRA" and table.loc[101, "exio_region"] == "ID"
    assert table.loc[131, "exio_region"] == "WA"  # Malaysia
    assert set(AREA_SUPPLEMENTS) <= set(table.index)


def test_resolve_areas_by_code_iso3_region_and_name() -> None:
    areas = read_areas()
    assert resolve_areas("NL", areas) == resolve_areas("nld", areas) == resolve_areas(150, areas) == (150,)
    assert resolve_areas("brazil", areas) == (21,)
    assert 9 in resolve_areas("WL", areas) and 169 in resolve_areas("WL", areas)  # Argentina, Paraguay
    with pytest.raises(UnknownCodeError, match="Brazil"):
        resolve_areas("Brasil", areas)


def test_items_table_is_complete_and_cited() -> None:
    items = read_items()
    assert len(items) == 28 and items["item"].is_unique and items["fao_item_code"].is_unique
    assert (items["source"].str.len() > 0).all()
    assert set(items["exio_origin_code"]) == {"p01.c", "p01.e", "p01.g", "p01.i", "p01.j", "p01.k",
                                              "p01.l", "p01.n", "p01.o"}
    codes = dict(zip(items["item"], items["fao_item_code"], strict=True))
    assert codes["soya_beans"] == 236 and codes["palm_oil"] == 257 and codes["cotton_lint_ginned"] == 767


def test_vendored_file_is_package_data() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "trade/vendored/*.parquet" in data["footprint"]
    provenance = (VENDORED.parent / "PROVENANCE.md").read_text()
    for fact in ("196a7b6e8709c7ccc50189423ee968763266e547545d06bd145c5b5d8103f6d2", "CC BY 4.0", "MIT",
                 "exporter", "not reported"):
        assert fact in provenance


def test_read_vendored_filters_and_errors() -> None:
    few = read_vendored(["palm oil", "Soya beans"], years=[2016, 2022])
    assert set(few["item"]) == {"palm_oil", "soya_beans"} and set(few["year"]) == {2016, 2022}
    with pytest.raises(UnknownCodeError, match="soybeans"):
        read_vendored("soybean")


# ------------------------------------------------------------------------------------- the build


def _fake_wheel(path: Path, rows: dict[str, list[tuple[int, int, str, str, int, float]]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for item, flows in rows.items():
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(["o_code", "d_code", "o_name", "d_name", "year", "item", "weight"])
            for o, d, oname, dname, year, weight in flows:
                writer.writerow([o, d, oname, dname, year, item, weight])
            archive.writestr(f"{ITEMS_FOLDER}{item}.csv", text.getvalue())
    return path


FLOWS = {
    "soya_beans": [(21, 150, "Brazil", "Netherlands", 2020, 3250435.39), (21, 41, "Brazil", "China, mainland",
                    2020, 6.0e7), (21, 21, "Brazil", "Brazil", 2020, 5.0), (21, 150, "Brazil", "Netherlands",
                    1990, 1.0), (9, 150, "Argentina", "Netherlands", 2021, 12.5)],
    "palm_oil": [(101, 150, "Indonesia", "Netherlands", 2016, 913080.2)],
}


def test_build_is_deterministic_and_drops_self_flows(tmp_path: Path) -> None:
    wheel = _fake_wheel(tmp_path / "fake.whl", FLOWS)
    subset, names = build_subset(wheel, ["soya_beans", "palm_oil"], 1995, 2023)
    assert len(subset) == 4  # the 1990 row and the Brazil -> Brazil row are gone
    assert list(subset["item"]) == ["palm_oil", "soya_beans", "soya_beans", "soya_beans"]
    assert names[150] == "Netherlands" and names[41] == "China, mainland"
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_subset(subset, first)
    write_subset(build_subset(wheel, ["soya_beans", "palm_oil"], 1995, 2023)[0], second)
    assert first.read_bytes() == second.read_bytes()
    back = read_vendored(path=first)
    assert back["tonnes"].sum() == pytest.approx(3250435.39 + 6.0e7 + 12.5 + 913080.2)
    import pyarrow.parquet as pq

    assert pq.ParquetFile(first).schema_arrow.metadata is None  # no pandas/arrow metadata, no timestamps


def test_build_errors_name_the_item_and_the_area(tmp_path: Path) -> None:
    wheel = _fake_wheel(tmp_path / "fake.whl", FLOWS)
    with pytest.raises(UnknownCodeError, match="palm_oil"):
        build_subset(wheel, ["palm_oill"], 1995, 2023)
    cc = pd.DataFrame({"FAOcode": ["21", ""], "ISO3": ["BRA", "XXX"], "EXIO3": ["BR", "WA"],
                       "name_short": ["Brazil", "X"]})
    areas = build_areas(cc, {21: "Brazil", 41: "China, mainland"})
    assert areas.set_index("fao_code").loc[41, "exio_region"] == "CN"
    with pytest.raises(UnknownCodeError, match="999 Nowhere"):
        build_areas(cc, {999: "Nowhere"})
    broken = tmp_path / "broken.whl"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr(f"{ITEMS_FOLDER}palm_oil.csv", "a,b\n1,2\n")
    with pytest.raises(CorruptDataError, match="netviz-tools"):
        build_subset(broken, ["palm_oil"], 1995, 2023)


@pytest.mark.parametrize("module", ["footprint.trade.areas", "footprint.trade.read", "footprint.trade.split"])
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
