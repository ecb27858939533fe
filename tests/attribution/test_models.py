"""The estimators against the truth: planted effects recovered at the nominal rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from goodword.attribution import incremental as inc
from goodword.attribution.lagmodel import BuzzLagModel, newey_west_lags, verdict
from goodword.attribution.pilot import DiffInDiff, SyntheticControl, pilot_verdict, wide
from goodword.attribution.retention import retention
from goodword.attribution.simulate import daily_series, orders, pilot_panel

TRUTH = (1.5, 0.8, 0.3, 0.0)


def fit(seed: int, effects=TRUTH, **kw) -> BuzzLagModel:  # type: ignore[no-untyped-def]
    granger = kw.pop("granger", 0)
    days = daily_series(seed, lag_effects=effects, **kw).set_index("day")
    return BuzzLagModel(lags=3, granger_lags=granger).fit(days, days["units"])


def test_lag_coefficients_equal_a_direct_statsmodels_fit() -> None:
    days = daily_series(5, lag_effects=TRUTH).set_index("day")
    model = BuzzLagModel(lags=3).fit(days, days["units"])
    x = pd.DataFrame({f"buzz_lag{k}": days["buzz"].shift(k) for k in range(4)})
    x["ad_spend"] = days["ad_spend"]
    x = x.join(pd.get_dummies(days.index.day_of_week, prefix="dow", drop_first=True, dtype=float)
               .set_index(days.index))  # fmt: skip
    x["trend"] = np.arange(len(days), dtype=float)
    x = sm.add_constant(x).iloc[3:]
    direct = sm.OLS(days["units"].iloc[3:], x).fit(
        cov_type="HAC", cov_kwds={"maxlags": newey_west_lags(len(x)), "use_correction": True}
    )
    for k, c in enumerate(model.coefficients_):
        assert c.estimate == np.float64(direct.params[f"buzz_lag{k}"]).round(12) or np.isclose(
            c.estimate, direct.params[f"buzz_lag{k}"], rtol=1e-9
        )
        low, high = direct.conf_int().loc[f"buzz_lag{k}"]
        assert np.isclose(c.ci_low, low, rtol=1e-9) and np.isclose(c.ci_high, high, rtol=1e-9)


def test_hac_intervals_cover_the_planted_lag_effects_at_about_95_percent() -> None:
    runs = 120
    covered = np.zeros(len(TRUTH))
    for seed in range(runs):
        model = fit(seed)
        covered += [
            c.ci_low <= t <= c.ci_high for c, t in zip(model.coefficients_, TRUTH, strict=True)
        ]
    rate = covered / runs
    assert ((rate >= 0.88) & (rate <= 0.995)).all(), rate


def test_no_planted_effect_is_reported_as_no_evidence() -> None:
    statuses = [verdict(fit(1000 + s, effects=(0.0,)), "volume", "units")[0] for s in range(60)]
    assert statuses.count("no_effect") >= 54  # about 95%, allowing sampling noise


def test_a_planted_effect_is_found_and_its_total_is_recovered() -> None:
    model = fit(3)
    status, text = verdict(model, "volume", "units")
    assert status == "effect" and "more units" in text
    c = model.cumulative_
    assert c.ci_low <= sum(TRUTH) <= c.ci_high


def test_granger_test_sees_buzz_leading_sales_only_when_it_does() -> None:
    lead = [fit(s, effects=(0.0, 2.0), granger=3).granger_ for s in range(20)]
    null = [fit(500 + s, effects=(0.0,), granger=3).granger_ for s in range(30)]
    assert sum(g.buzz_leads_sales for g in lead) >= 18  # type: ignore[union-attr]
    assert sum(g.buzz_leads_sales for g in null) <= 6  # type: ignore[union-attr]


def test_too_little_data_is_said_plainly() -> None:
    model = fit(1, days=50)
    status, text = verdict(model, "volume", "units")
    assert status == "insufficient_data" and text.startswith("Not enough data")


def _pilot(seed: int, effect: float, **kw) -> tuple[DiffInDiff, SyntheticControl]:  # type: ignore[no-untyped-def]
    panel, start = pilot_panel(seed, effect=effect, **kw)
    table = wide(panel, "units")
    pilots = [c for c in table if c.startswith("P")]
    controls = [c for c in table if c.startswith("C")]
    return (DiffInDiff().fit(table, pilots, controls, start),
            SyntheticControl().fit(table, pilots, controls, start))  # fmt: skip


def test_difference_in_differences_covers_the_planted_pilot_effect() -> None:
    runs = 80
    hits = [_pilot(s, 5.0) for s in range(runs)]
    did = np.mean([d.effect_.ci_low <= 5.0 <= d.effect_.ci_high for d, _ in hits])  # type: ignore[union-attr]
    synth = np.mean([s.effect_.ci_low <= 5.0 <= s.effect_.ci_high for _, s in hits])  # type: ignore[union-attr]
    assert 0.86 <= did <= 1.0 and 0.82 <= synth <= 1.0, (did, synth)


def test_pilot_without_effect_reports_no_effect() -> None:
    statuses = [pilot_verdict(_pilot(2000 + s, 0.0)[0], "units").status for s in range(30)]
    assert statuses.count("effect") <= 4


def test_pre_trend_check_flags_groups_already_drifting_apart() -> None:
    panel, start = pilot_panel(11, effect=0.0)
    drift = panel["sku"].str.startswith("P") * (panel["day"] - panel["day"].min()).dt.days * 0.3
    table = wide(panel.assign(units=panel["units"] + drift), "units")
    pilots, controls = ["P0", "P1", "P2"], ["C0", "C1", "C2", "C3", "C4"]
    result = pilot_verdict(DiffInDiff().fit(table, pilots, controls, start), "units")
    assert result.status == "pre_trend_fails"


def test_retention_compares_served_and_not_served_customers() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for i in range(2000):
        served = i < 1000
        n = 1 + rng.binomial(1, 0.6 if served else 0.3)
        code = "x" if served else None
        day = pd.Timestamp("2024-01-01")
        rows += [
            {"customer": f"c{i}", "amount": 20.0, "code": code if k == 0 else None, "sku": "A",
             "ordered_at": day} for k in range(n)
        ]  # fmt: skip
    result = retention(pd.DataFrame(rows), set(), {"serve": 3.0, "acquire": 40.0})
    lift = result["repeat_rate_difference"]
    assert lift["ci_low"] <= 0.3 <= lift["ci_high"] and lift["ci_low"] > 0  # type: ignore[index]
    econ = result["economics"]
    assert 7 < econ["cost_to_keep"] < 15 and econ["keeping_is_cheaper"]  # type: ignore[index]
    assert "repeat more often" in result["verdict"]  # type: ignore[operator]


def _matched(seed: int, extra: float):  # type: ignore[no-untyped-def]
    frame = orders(seed, ["code-a", "code-b"], extra_orders=extra)
    frame = frame.rename(columns={"time": "ordered_at"}).replace({"code": {"": None}})
    diffs = inc.matched_differences(frame.assign(venue=None, contributor=None, thread_id=None))
    return inc.total_incremental(diffs), len(diffs)


def test_matched_code_lift_is_unbiased_and_covered() -> None:
    """Heavy buyers use codes more; the change-in-spend comparison must not call that lift."""
    null = [_matched(300 + s, 0.0)[0] for s in range(10)]
    assert sum(e.ci_low <= 0 <= e.ci_high for e in null) >= 8  # type: ignore[union-attr]
    for seed in range(3):
        est, n = _matched(400 + seed, 1.0)  # one extra order of 40 on average per redeemer
        assert est.ci_low <= 40.0 * n <= est.ci_high and est.ci_low > 0  # type: ignore[union-attr]


def _baseline_world(seed: int, share: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Anonymous orders with codes, and daily revenue where ``share`` of code sales is extra."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", periods=200, freq="D")
    coded = rng.poisson(3.0, len(days)) * rng.uniform(30, 50, len(days))
    revenue = 1000 + 30 * rng.standard_normal(len(days)) + share * coded
    daily = pd.DataFrame({"sku": "A", "day": days, "units": 0.0, "revenue": revenue,
                          "ad_spend": rng.gamma(2.0, 10.0, len(days))})  # fmt: skip
    orders_ = pd.DataFrame({"order_id": [f"o{i}" for i in range(len(days))], "ordered_at": days,
                            "sku": "A", "amount": coded, "customer": None, "code": "c",
                            "venue": "tw", "contributor": "ana", "thread_id": 1})  # fmt: skip
    return orders_[orders_["amount"] > 0], daily


def test_without_customer_names_the_product_baseline_is_used() -> None:
    from goodword.attribution.roi import codes_section

    for seed, share in ((1, 0.0), (2, 0.5), (3, 1.0)):
        orders_, daily = _baseline_world(seed, share)
        section = codes_section(orders_, daily, horizon=90)
        assert section["method"] == "baseline"
        est = section["incremental_share"]["A"]  # type: ignore[index]
        assert est["ci_low"] <= share <= est["ci_high"]
        total = section["incremental"]
        assert total["ci_low"] <= share * orders_["amount"].sum() <= total["ci_high"]  # type: ignore[index]
