"""Ex-post waterbed on trade: hand-computed small case, identities and "not reported" on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from footprint.errors import ConfigError, UnknownCodeError
from footprint.trade import consumer_share_series, read_vendored, trade_waterbed
from footprint.trade.waterbed import NOT_REPORTED, WATERBED_COLUMNS

LABEL = "FAOSTAT detailed trade matrix (real data): test rows"
BR, NL, CN, ES, TR, AR = 21, 150, 41, 203, 223, 9


def _trade(rows: list[tuple[int, int, int, float]], item: str = "soya_beans") -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["year", "exporter", "importer", "tonnes"])
    frame.insert(0, "item", item)
    frame["data"] = LABEL
    return frame


SMALL = _trade([
    (2016, BR, NL, 100.0), (2016, BR, CN, 300.0), (2016, BR, ES, 100.0),
    (2021, BR, NL, 60.0), (2021, BR, CN, 340.0),
    (2022, BR, NL, 40.0), (2022, BR, CN, 420.0), (2022, BR, ES, 90.0), (2022, BR, TR, 50.0),
    (2016, AR, NL, 10.0), (2016, AR, CN, 10.0), (2022, AR, CN, 30.0),
])


def test_hand_computed_pair_of_years() -> None:
    got = trade_waterbed(SMALL, consumer="NL", periods=[(2016, 2022)], exporters=["Brazil"])
    assert list(got.columns) == WATERBED_COLUMNS
    row = got.iloc[0]
    assert (row["item"], row["exporter"], row["exporter_region"]) == ("soya_beans", "Brazil", "BR")
    assert (row["period_from"], row["period_to"]) == ("2016", "2022")
    assert row["consumer"] == "Netherlands (Kingdom of the)"
    # NL 100 of 500 t, then 40 of 600 t; others 400 -> 560 t
    assert (row["consumer_t_from"], row["consumer_t_to"]) == (100.0, 40.0)
    assert row["consumer_share_from"] == pytest.approx(0.2)
    assert row["consumer_share_to"] == pytest.approx(40 / 600)
    assert row["others_change_t"] == pytest.approx(160.0)
    assert row["exporter_change_t"] == pytest.approx(100.0)
    assert row["absorption_ratio"] == pytest.approx(160 / 60)
    assert row["top_gainers"] == "China, mainland +120 t; Türkiye +50 t"
    assert row["data"] == LABEL


def test_windows_are_means_and_missing_years_are_not_reported() -> None:
    got = trade_waterbed(SMALL, consumer=150, periods=[(2016, (2021, 2022)), ((2015, 2016), 2022)],
                         exporters=[BR])
    window = got.iloc[0]
    assert window["period_to"] == "2021-2022 mean"
    assert window["consumer_t_to"] == pytest.approx(50.0)  # (60 + 40) / 2
    assert window["exporter_change_t"] == pytest.approx((400 + 600) / 2 - 500)
    missing = got.iloc[1]
    assert missing["top_gainers"].startswith(NOT_REPORTED) and "2015" in missing["top_gainers"]
    assert np.isnan(missing[["consumer_t_from", "others_change_t", "absorption_ratio"]].astype(float)).all()


def test_no_drop_gives_no_absorption_ratio_and_main_exporters_are_ranked() -> None:
    got = trade_waterbed(SMALL, consumer="NLD", periods=[(2016, 2022)], top_exporters=5)
    assert list(got["exporter"]) == ["Brazil", "Argentina"]  # 100 + 40 t vs 10 t to NL
    argentina = got.iloc[1]
    assert argentina["consumer_t_to"] == 0.0 and argentina["absorption_ratio"] == pytest.approx(2.0)
    chosen = trade_waterbed(SMALL, consumer="NL", periods=[(2016, 2022)], exporters=["Argentina", "BRA"])
    assert list(chosen["exporter"]) == ["Argentina", "Brazil"]  # the caller's order
    grew = trade_waterbed(SMALL, consumer="China, mainland", periods=[(2016, 2022)], exporters=[BR])
    assert np.isnan(grew["absorption_ratio"].iloc[0])  # China bought more: no drop to absorb


def test_bad_input_names_the_item_and_the_fix() -> None:
    with pytest.raises(UnknownCodeError, match="palm_oil"):
        trade_waterbed(SMALL, consumer="NL", periods=[(2016, 2022)], items=["palm oil"])
    with pytest.raises(ConfigError, match="2014, 2016"):
        trade_waterbed(SMALL, consumer="NL", periods=[(2016, (2022, 2020))])
    with pytest.raises(ConfigError, match="tonnes"):
        trade_waterbed(SMALL.drop(columns=["tonnes"]), consumer="NL", periods=[(2016, 2022)])


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return read_vendored(["soybeans", "palm oil", "soy cake"])


def test_identity_on_real_data(real: pd.DataFrame) -> None:
    periods = [(2016, 2022), (2020, 2023), ((2014, 2016), (2021, 2023))]
    got = trade_waterbed(real, consumer="NL", periods=periods, top_exporters=6)
    done = got[~got["top_gainers"].str.startswith(NOT_REPORTED)]
    assert len(done) >= 40
    consumer_change = done["consumer_t_to"] - done["consumer_t_from"]
    np.testing.assert_allclose(consumer_change + done["others_change_t"], done["exporter_change_t"],
                               rtol=1e-12, atol=1e-6)
    dropped = done[consumer_change < 0]
    np.testing.assert_allclose(dropped["absorption_ratio"], dropped["others_change_t"] / -consumer_change[
        consumer_change < 0], rtol=1e-12)
    assert done.loc[consumer_change >= 0, "absorption_ratio"].isna().all()
    assert (got["data"].str.contains("real data")).all()


def test_not_reported_on_real_data(real: pd.DataFrame) -> None:
    """Honduras reported no palm-oil exports after 2021 (issue 17; no rows in the vendored file)."""
    got = trade_waterbed(real, consumer="NL", periods=[(2016, 2022), (2016, 2021)], items=["palm oil"],
                         exporters=["Honduras"])
    assert got["top_gainers"].iloc[0] == f"{NOT_REPORTED} (no rows for the exporter in [2022])"
    assert not got["top_gainers"].iloc[1].startswith(NOT_REPORTED)
    assert got["consumer_t_from"].iloc[1] > 0


def test_real_brazil_soy_shares(real: pd.DataFrame) -> None:
    """Dutch share of Brazil's soybean exports, 2016 and 2022, from the vendored rows (2026-12-01):
    1,490,261 of 51,581,875 t and 1,962,514 of 78,929,581 t (2.89 % and 2.49 %)."""
    got = trade_waterbed(real, consumer="NL", periods=[(2016, 2022)], items=["soybeans"], exporters=["BRA"])
    row = got.iloc[0]
    assert row["consumer_share_from"] == pytest.approx(1_490_261.0 / 51_581_875.0, rel=1e-6)
    assert row["consumer_share_to"] == pytest.approx(1_962_514.0 / 78_929_581.0, rel=1e-6)
    assert row["top_gainers"].startswith("China, mainland +15.18 Mt")
    series = consumer_share_series(real, consumer="NL", items=["soybeans"], exporters=["BRA"])
    share_2020 = series.set_index("year").loc[2020, "consumer_share"]
    assert share_2020 == pytest.approx(3_250_435.39 / 82_947_674.0, rel=1e-6)
    assert (series["consumer_share"] <= 1).all() and series["year"].is_unique
