"""The trade stage: the [trade] section, who took over in numbers, d = "faostat", the stage's tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from footprint.config import load_config
from footprint.config.trade import TradeConfig
from footprint.defaults import DEFAULTS_DIR
from footprint.errors import ConfigError
from footprint.trade.gainers import GAINER_COLUMNS, gainers_table
from footprint.trade.read import read_vendored
from footprint.trade.scenario_d import fold_interval, items_behind, resolve_scenarios
from footprint.trade.source import TradeSource
from footprint.trade.stage import trade_tables
from footprint.trade.waterbed import trade_waterbed
from footprint.waterbed.scenario_file import parse_scenarios
from footprint.waterbed.scenarios import Scenario
from tests.unit.test_trade_read import write_bulk


def _trade(section: dict[str, object] | None, base: Path) -> TradeConfig:
    """The [trade] section of a run configuration holding ``section`` (relative paths: ``base``)."""
    return load_config({} if section is None else {"trade": section}, base=base).trade


def test_trade_section_defaults_windows_and_errors(tmp_path: Path) -> None:
    assert _trade(None, tmp_path) == TradeConfig()
    got = _trade({"enabled": True, "periods": [[2016, 2022], [[2014, 2016], 2023]], "window": 3,
                  "path": "tm.zip", "side": "max", "items": "palm oil", "exporters": [21, "Brazil"]},
                 tmp_path)
    assert got.periods == (((2014, 2016), (2020, 2022)), ((2014, 2016), (2021, 2023)))
    assert got.path == tmp_path / "tm.zip" and got.side == "max" and got.items == ("palm oil",)
    assert got.exporters == ("21", "Brazil")  # an area by its FAO code
    assert got.years == (2014, 2015, 2016, 2020, 2021, 2022, 2023)
    for bad, match in (({"enable": True}, "unknown key 'enable'.*enabled"),
                       ({"periods": [2016, 2022]}, "pairs"), ({"periods": [[2022, [2023, 2020]]]}, "window"),
                       ({"side": "both"}, "side"), ({"level": 95}, "level"), ({"window": 0}, "window"),
                       ({"items": []}, "at least one item"), ({"enabled": "yes"}, "true or false")):
        with pytest.raises(ConfigError, match=match):
            _trade(bad, tmp_path)


PAIRS = ("write pairs (from, to), e.g. periods = [[2016, 2022], [2020, 2023]]; a period may be a window "
         "[first, last] or a year averaged over [trade] window years.")


@pytest.mark.parametrize(("line", "message"), [
    ('side = "both"', "[trade] side must be one of ['exporter', 'importer', 'max'] (whose report to read "
     "from the bulk file), got 'both'."),
    ("window = 0", "[trade] window must be an integer >= 1, got 0."),
    ("top_exporters = true", "[trade] top_exporters must be an integer >= 1, got True."),
    ("draws = 99", "[trade] draws must be an integer >= 100, got 99."),
    ("seed = -1", "[trade] seed must be an integer >= 0, got -1."),
    ("level = 95", "[trade] level must be a number in (0, 1), e.g. 0.95, got 95."),
    ('enabled = "yes"', "[trade] enabled must be true or false, got 'yes'."),
    ("path = 5", "[trade] path must be a path string, got 5."),
    ("items = []", "[trade] items must name at least one item of footprint/defaults/trade/items.csv."),
    ("exporters = [1.5]", '[trade] exporters must be a list of names, e.g. exporters = ["Brazil", "USA"], '
     "got 1.5."),
    ("periods = [2016, 2022]", f"[trade] periods must be a non-empty list of pairs; {PAIRS}"),
    ("periods = [[2022, [2023, 2020]]]", "[trade] periods: [2023, 2020] is neither a year nor a window "
     "[first, last] with first <= last; write e.g. periods = [[2016, 2022], [[2014, 2016], [2021, 2023]]]."),
])
def test_trade_messages_name_the_file_key_value_and_fix(tmp_path: Path, line: str, message: str) -> None:
    """Every [trade] error is one line: the run file, the section and key, what a valid value is, the value
    given (the messages of the schema's other sections)."""
    run_file = tmp_path / "demo.toml"
    run_file.write_text(f"[trade]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(run_file)
    assert str(err.value) == f"demo.toml: {message}"


def test_trade_unknown_key_and_non_table_section(tmp_path: Path) -> None:
    """An unknown key names the close matches; a [trade] that is not a table says so."""
    run_file = tmp_path / "demo.toml"
    run_file.write_text("[trade]\nenable = true\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(run_file)
    assert str(err.value) == "demo.toml: unknown key 'enable' in [trade]; close matches: 'enabled'."
    run_file.write_text("trade = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(run_file)
    assert str(err.value) == "demo.toml: [trade] must be a table of keys, got 5."


def test_gainers_add_up_to_the_exporters_change() -> None:
    """Per item, main exporter and pair: consumer + named gainers + the rest = the exporter's change, and
    the consumer's row is the waterbed table's change (vendored data, NL)."""
    trade = read_vendored(["soybeans", "palm oil"])
    periods = [(2016, 2022), ((2014, 2016), (2021, 2023))]
    gain = gainers_table(trade, consumer="NL", periods=periods, top_exporters=4)
    wb = trade_waterbed(trade, consumer="NL", periods=periods, top_exporters=4)
    assert list(gain.columns) == GAINER_COLUMNS
    keys = ["item", "exporter", "period_from", "period_to"]
    sums = gain.groupby(keys)["change_t"].sum()
    done = wb.dropna(subset=["exporter_change_t"]).set_index(keys)
    assert len(done) >= 12
    np.testing.assert_allclose(sums.reindex(done.index), done["exporter_change_t"], rtol=1e-9, atol=1e-6)
    mine = gain[gain["role"] == "consumer"].set_index(keys)["change_t"]
    np.testing.assert_allclose(mine.reindex(done.index), done["consumer_t_to"] - done["consumer_t_from"],
                               rtol=1e-12, atol=1e-6)
    brazil = gain[(gain["item"] == "soya_beans") & (gain["exporter"] == "Brazil")
                  & (gain["period_from"] == "2016")]
    assert brazil.iloc[1]["buyer"] == "China, mainland" and brazil.iloc[1]["change_t"] == pytest.approx(
        15.18e6, rel=1e-3)


def test_real_palm_oil_shares_pinned() -> None:
    """NL's share of Indonesian and Malaysian palm-oil exports, 2016 and 2022, and who took over.

    ``trade_waterbed(read_vendored("palm oil"), consumer="NL", periods=[(2016, 2022)],
    exporters=["IDN", "MYS"])`` on 2026-12-01: Indonesia 913,080 t (4.01 %) -> 429,871 t
    (1.72 %), absorption 5.66, gainers China, USA, Pakistan; Malaysia 6.34 % -> 4.27 %, absorption 1.95,
    gainers Kenya, UAE, Saudi Arabia."""
    got = trade_waterbed(read_vendored("palm oil"), consumer="NL", periods=[(2016, 2022)],
                         exporters=["IDN", "MYS"]).set_index("exporter")
    idn, mys = got.loc["Indonesia"], got.loc["Malaysia"]
    assert idn["consumer_t_from"] == pytest.approx(913_080.17, abs=0.01)
    assert idn["consumer_t_to"] == pytest.approx(429_870.76, abs=0.01)
    assert (round(idn["consumer_share_from"], 4), round(idn["consumer_share_to"], 4)) == (0.0401, 0.0172)
    assert idn["absorption_ratio"] == pytest.approx(5.6555, abs=1e-4)
    assert idn["top_gainers"].startswith(
        "China, mainland +818.1 kt; United States of America +783.0 kt; Pakistan")
    assert (round(mys["consumer_share_from"], 4), round(mys["consumer_share_to"], 4)) == (0.0634, 0.0427)
    assert mys["absorption_ratio"] == pytest.approx(1.9538, abs=1e-4)
    assert mys["top_gainers"].startswith("Kenya +603.4 kt; United Arab Emirates +341.8 kt; Saudi Arabia")


def test_faostat_d_parses_and_rejects_other_words() -> None:
    (s,) = parse_scenarios({"scenario": [{"name": "a", "group": "protein", "q": 0.3, "d": "faostat"}]})
    assert s.d_faostat and s.d == () and "faostat" in s.d_source
    with pytest.raises(ConfigError, match="faostat"):
        parse_scenarios({"scenario": [{"name": "a", "group": "protein", "q": 0.3, "d": "fao"}]})


def _groups() -> pd.DataFrame:
    return pd.read_csv(DEFAULTS_DIR / "product_groups.csv", dtype=str, keep_default_na=False)


def test_items_behind_a_group_and_a_cut() -> None:
    protein = items_behind(Scenario("p", "protein", (0.3,)), _groups())
    assert "meat_of_cattle_boneless_fresh_or_chilled" in protein and "whole_milk_powder" in protein
    assert "soya_beans" not in protein and "cotton_lint_ginned" not in protein
    cut = items_behind(Scenario("c", "", (0.5,), kind="input_cut", products=("Oil seeds",)), _groups())
    assert {"soya_beans", "palm_oil", "cake_of_soya_beans"} <= set(cut) and "maize_corn" not in cut


def test_resolve_faostat_scenarios_on_real_data() -> None:
    """A cut of Brazilian oil seeds by NL industries gets the estimate pooled over the oil-seed items'
    events of Brazilian exporters; a given d is left alone."""
    cut = Scenario("c", "", (0.5,), kind="input_cut", products=("Oil seeds",), origins=("BR",),
                   d_faostat=True)
    given = Scenario("g", "protein", (0.3,), d=(0.5,))
    settings = TradeConfig(enabled=True)
    (out_cut, out_given), table = resolve_scenarios([cut, given], TradeSource(settings), _groups(), settings)
    assert out_given == given
    d, low, high = out_cut.d
    row = table.iloc[0]
    assert row["scenario"] == "c" and row["origins"] == "BR" and row["n_exporters"] == 1
    assert row["n_events"] >= 5 and row["displacement_low"] <= row["displacement"] <= row["displacement_high"]
    assert d == pytest.approx(min(max(row["displacement"], 0.0), 1.0)) and 0 <= low <= d <= high <= 1
    assert out_cut.d_source.startswith("FAOSTAT, real data: estimated d = ")
    with pytest.raises(ConfigError, match="min_events"):
        strict = TradeConfig(enabled=True, min_events=10_000)
        resolve_scenarios([cut], TradeSource(strict), _groups(), strict)


def test_fold_interval_keeps_the_central_rows() -> None:
    """Three variants (central 0.4, low 0.2, high 0.7) become one row with the NGE range."""
    f = Scenario("f", "protein", (0.5,), d=(0.4, 0.2, 0.7), d_faostat=True)
    scen = pd.DataFrame({"scenario": ["f"] * 3 + ["g"], "q": [0.5] * 4, "d": [0.4, 0.2, 0.7, 0.5],
                         "indicator": ["land_total"] * 4, "nge": [0.6, 0.8, 0.3, 0.5]})
    takers = pd.DataFrame({"scenario": ["f", "f", "f", "g"], "d": [0.4, 0.2, 0.7, 0.5],
                           "delta": [1, 2, 3, 4]})
    got = fold_interval({"scenarios": scen, "waterbed_takers": takers}, [f])
    row = got["scenarios"].set_index("scenario").loc["f"]
    assert (row["d"], row["d_low"], row["d_high"], row["nge"], row["nge_low"], row["nge_high"]) == (
        0.4, 0.2, 0.7, 0.6, 0.3, 0.8)
    assert np.isnan(got["scenarios"].set_index("scenario").loc["g", "nge_low"])
    assert list(got["waterbed_takers"]["delta"]) == [1, 4]


def test_stage_on_a_bulk_file_in_faostat_layout(tmp_path: Path) -> None:
    """[trade] path: the stage reads FAOSTAT's bulk layout (self-written fixture of test_trade_read), the
    chosen side, and labels every table with the bulk file."""
    settings = _trade({"enabled": True, "path": str(write_bulk(tmp_path / "tm.zip")), "side": "importer",
                       "items": ["soybeans"], "periods": [[2020, 2021]], "min_events": 1}, tmp_path)
    tables, notes = trade_tables(settings, "NL")
    wb = tables["trade_waterbed"]
    assert set(wb["exporter"]) == {"Brazil", "Paraguay"}
    assert wb["top_gainers"].str.startswith("not reported").all()  # neither reported both years
    for name in ("trade_waterbed", "trade_consumer_shares"):
        assert tables[name]["data"].str.startswith("FAOSTAT, real data").all()
        assert tables[name]["data"].str.contains("import quantity reported by the importer").all()
    shares = tables["trade_consumer_shares"].set_index(["exporter", "year"])["consumer_share"]
    assert shares[("Brazil", 2020)] == pytest.approx(2300 / (2300 + 52000))
    assert "FAOSTAT bulk file" in notes[0]
