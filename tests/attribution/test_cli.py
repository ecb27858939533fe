"""End to end as a user would: simulated files through the import commands, then roi --json."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from typer.testing import CliRunner

from goodword.attribution.simulate import daily_series, orders, pilot_panel
from goodword.cli import app

LAGS = (2.0, 1.0, 0.0, 0.0)
PILOT_EFFECT = 6.0
runner = CliRunner()


def gw(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def write_inputs(folder: Path) -> tuple[pd.DataFrame, pd.Timestamp]:
    """daily.csv (products A, B and a pilot panel) and buzz.csv."""
    a = daily_series(21, lag_effects=LAGS).assign(sku="A")
    b = daily_series(22, lag_effects=(0.0,)).assign(sku="B")
    panel, start = pilot_panel(23, effect=PILOT_EFFECT)
    daily = pd.concat([a, b]).assign(revenue=lambda d: d["units"] * 10)
    cols = ["sku", "day", "units", "revenue", "ad_spend"]
    pd.concat([daily[cols], panel[cols]]).to_csv(folder / "daily.csv", index=False)
    daily[["sku", "day", "buzz"]].rename(columns={"buzz": "volume"}).to_csv(
        folder / "buzz.csv", index=False
    )
    return daily, start


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("money")
    db = folder / "g.db"
    daily, start = write_inputs(folder)
    gw(db, "sales", "import-daily", str(folder / "daily.csv"))
    gw(db, "sales", "import-buzz", str(folder / "buzz.csv"))
    codes = gw(db, "codes", "new", "--venue", "twitter", "--contributor", "ana", "--thread", "4",
               "--product", "A", "-n", "3").split()  # fmt: skip
    orders(5, codes, extra_orders=1.0).to_csv(folder / "orders.csv", index=False)
    gw(db, "sales", "import", str(folder / "orders.csv"))
    gw(db, "sales", "import", str(folder / "orders.csv"))  # twice, as users do
    gw(db, "sales", "pilot", "launch", "--start", str(start.date()), "--pilot", "P0,P1,P2",
       "--control", "C0,C1,C2,C3,C4")  # fmt: skip
    gw(db, "sales", "cost", "acquire", "45")
    gw(db, "sales", "cost", "serve", "4")
    result = json.loads(gw(db, "roi", "--json", "--lags", "3"))
    return db, result, daily


def test_roi_recovers_the_planted_lag_effects(world) -> None:  # type: ignore[no-untyped-def]
    _, result, _ = world
    a = next(b for b in result["buzz"] if b["sku"] == "A")
    assert a["status"] == "effect"
    for coef, truth in zip(a["coefficients"], LAGS, strict=True):
        assert coef["ci_low"] <= truth <= coef["ci_high"]
    b = next(b for b in result["buzz"] if b["sku"] == "B")
    assert b["status"] == "no_effect" and "No evidence" in b["verdict"]


def test_roi_json_matches_a_direct_statsmodels_fit(world) -> None:  # type: ignore[no-untyped-def]
    _, result, daily = world
    a = daily[daily["sku"] == "A"].set_index("day")
    x = pd.DataFrame({f"buzz_lag{k}": a["buzz"].shift(k) for k in range(4)}, index=a.index)
    x["ad_spend"] = a["ad_spend"]
    for d in range(1, 7):
        x[f"dow_{d}"] = (a.index.day_of_week == d).astype(float)
    x["trend"] = np.arange(len(a), dtype=float)
    x = sm.add_constant(x).iloc[3:]
    hac = {"maxlags": int(4 * (len(x) / 100) ** (2 / 9)), "use_correction": True}
    direct = sm.OLS(a["units"].iloc[3:], x).fit(cov_type="HAC", cov_kwds=hac)
    got = next(b for b in result["buzz"] if b["sku"] == "A")
    for coef in got["coefficients"]:
        name = f"buzz_lag{coef['lag']}"
        assert coef["estimate"] == pytest.approx(direct.params[name], rel=1e-6)
        assert coef["ci_low"] == pytest.approx(direct.conf_int().loc[name, 0], rel=1e-6)


def test_roi_recovers_the_pilot_effect_with_a_pre_trend_check(world) -> None:  # type: ignore[no-untyped-def]
    pilot = world[1]["pilots"][0]
    assert pilot["status"] == "effect"
    assert pilot["did"]["ci_low"] <= PILOT_EFFECT <= pilot["did"]["ci_high"]
    assert pilot["pre_trend"]["ci_low"] <= 0 <= pilot["pre_trend"]["ci_high"]
    synth = pilot["synthetic_control"]
    assert synth["ci_low"] <= PILOT_EFFECT <= synth["ci_high"]
    assert sum(synth["weights"].values()) > 0


def test_codes_attribute_sales_and_their_incremental_part(world) -> None:  # type: ignore[no-untyped-def]
    codes = world[1]["codes"]
    assert codes["method"] == "matched" and "matched" in codes["method_note"]
    assert codes["attributed_orders"] == 150  # imported twice, counted once
    assert codes["incremental"]["ci_low"] > 0
    assert [r["contributor"] for r in codes["by_contributor"]] == ["ana"]
    assert {r["venue"] for r in codes["by_venue"]} == {"twitter"}
    assert len(codes["by_code"]) == 3 and codes["by_thread_id"][0]["thread_id"] == 4


def test_retention_and_costs_are_reported(world) -> None:  # type: ignore[no-untyped-def]
    ret = world[1]["retention"]
    assert ret["served"]["customers"] == 150
    assert ret["economics"]["cost_to_acquire"] == 45.0
    assert isinstance(ret["verdict"], str)


def test_plain_roi_prints_one_sentence_per_finding(world) -> None:  # type: ignore[no-untyped-def]
    out = gw(world[0], "roi", "--product", "B", "--lags", "3")
    assert out.startswith("- B: No evidence of an effect")


def test_a_typo_is_answered_with_the_meant_code(world) -> None:  # type: ignore[no-untyped-def]
    db = world[0]
    code = json.loads(gw(db, "codes", "list", "--json"))[0]["code"]
    i = max(
        i for i in range(len(code) - 1) if "-" not in code[i : i + 2] and code[i] != code[i + 1]
    )
    typo = code[:i] + code[i + 1] + code[i] + code[i + 2 :]  # swap two different neighbours
    result = runner.invoke(app, ["--db", str(db), "codes", "check", typo.upper()])
    assert result.exit_code == 1 and f"did you mean {code}" in result.output
    assert "valid, redeemed by" in gw(db, "codes", "check", code.replace("-", " "))


def test_export_mmm_writes_organic_media_columns(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mmm.csv"
    gw(world[0], "export", "mmm", str(out), "--product", "A")
    frame = pd.read_csv(out)
    assert list(frame.columns[:3]) == ["date", "sales", "ad_spend"]
    assert {"buzz_volume", "buzz_positive", "buzz_reach", "trend"} <= set(frame.columns)
    assert len(frame) == 365 and (frame.filter(like="buzz_") >= 0).all().all()


def test_pymc_marketing_accepts_the_export(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pymc_marketing")
    from pymc_marketing.mmm import MMM, GeometricAdstock, LogisticSaturation

    out = tmp_path / "mmm.csv"
    gw(world[0], "export", "mmm", str(out), "--product", "A")
    frame = pd.read_csv(out, parse_dates=["date"])
    mmm = MMM(date_column="date", channel_columns=["ad_spend", "buzz_volume", "buzz_positive"],
              control_columns=["trend"], adstock=GeometricAdstock(l_max=7),
              saturation=LogisticSaturation())  # fmt: skip
    mmm.build_model(frame.drop(columns="sales"), frame["sales"])
    assert "channel_data" in mmm.model.named_vars or mmm.model is not None


def test_report_section_has_the_charts(world) -> None:  # type: ignore[no-untyped-def]
    from goodword.attribution.report import roi_report_html
    from goodword.attribution.roi import RoiOptions
    from goodword.store import Store

    store = Store.open(f"sqlite:///{world[0]}")
    html = roi_report_html(store, RoiOptions(lags=3))
    store.close()
    assert html.startswith('<section class="goodword-roi">')
    assert html.count("plotly-graph-div") >= 5 and "<script src" not in html
