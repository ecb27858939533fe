"""Orders, redemptions and daily sales in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select

from goodword.attribution import queries as q
from goodword.attribution import sales, service
from goodword.store import Store
from goodword.store.schema import daily_sales, orders, redemptions


def issue(store: Store, n: int = 3, **tied: object) -> list[str]:
    template = q.TrackingCode("", venue="twitter", contributor="ana", thread_id=7, sku="A")
    template = q.TrackingCode(**{**{k: getattr(template, k) for k in template.__slots__}, **tied})
    return [c.code for c in service.create_codes(store, template, n, random.Random(1))]


def write_orders(path: Path, codes: list[str | None]) -> Path:
    rows = [
        {"order_id": f"o{i}", "time": f"2024-03-{1 + i % 28:02d}T10:00:00Z", "sku": "A",
         "amount": 10.0 + i, "customer": f"c{i}", "code": code or ""}
        for i, code in enumerate(codes)
    ]  # fmt: skip
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_codes_are_tied_to_venue_contributor_thread_and_product(store: Store) -> None:
    code = issue(store, 1)[0]
    listed = service.find_codes(store, contributor="ana")
    assert [(x.code.code, x.code.venue, x.code.thread_id, x.code.sku) for x in listed] == [
        (code, "twitter", 7, "A")
    ]


def test_importing_orders_twice_counts_each_order_and_redemption_once(
    store: Store, tmp_path: Path
) -> None:
    codes = issue(store)
    path = write_orders(tmp_path / "orders.csv", [codes[0], None, codes[1], codes[0]])
    first = sales.import_orders(store, path)
    again = sales.import_orders(store, path)
    assert (first.new_orders, first.redeemed) == (4, 3)
    assert (again.new_orders, again.duplicate_orders, again.redeemed, again.already_redeemed) == (
        0,
        4,
        0,
        3,
    )
    with store.connect() as conn:
        assert q.redemption_count(conn) == 3
        assert q.redemption_count(conn, codes[0]) == 2


def test_an_order_listed_twice_in_one_file_counts_once(store: Store, tmp_path: Path) -> None:
    path = write_orders(tmp_path / "o.csv", [None, None])
    frame = pd.read_csv(path)
    pd.concat([frame, frame]).to_csv(path, index=False)
    report = sales.import_orders(store, path)
    assert (report.rows, report.new_orders, report.duplicate_orders) == (4, 2, 2)


def test_mistyped_and_unknown_codes_are_reported_with_the_nearest_code(
    store: Store, tmp_path: Path
) -> None:
    codes = issue(store)
    meant = codes[2]
    swapped = meant[:-3] + meant[-2] + meant[-3] + meant[-1]
    from goodword.attribution.codes import new_code

    unissued = new_code(random.Random(999))
    path = write_orders(tmp_path / "o.csv", [swapped.upper(), unissued, "SAVE20"])
    report = sales.import_orders(store, path)
    assert report.redeemed == 0
    reasons = {p.typed: p for p in report.problems}
    assert reasons[swapped.upper()].suggestion == meant
    assert "check symbol" in reasons[swapped.upper()].reason
    assert "never issued" in reasons[unissued].reason
    assert reasons["SAVE20"].suggestion is None


def test_a_tracked_link_in_the_code_column_redeems_its_code(store: Store, tmp_path: Path) -> None:
    template = q.TrackingCode("", venue="forum", sku="A", url="https://shop.example/a")
    link = service.create_codes(store, template)[0]
    assert link.kind == "link" and link.code in link.url  # type: ignore[operator]
    report = sales.import_orders(store, write_orders(tmp_path / "o.csv", [link.url]))
    assert report.redeemed == 1


def test_daily_import_replaces_a_day_imported_again(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    pd.DataFrame({"date": ["2024-01-01", "2024-01-02"], "units": [3, 4]}).to_csv(path, index=False)
    assert sales.import_daily(store, path, sku="A") == 2
    pd.DataFrame({"sku": ["A"], "day": ["2024-01-02"], "units": [9], "revenue": [90],
                  "ad_spend": [5]}).to_csv(path, index=False)  # fmt: skip
    sales.import_daily(store, path)
    with store.connect() as conn:
        rows = conn.execute(select(daily_sales.c.units).order_by(daily_sales.c.day)).scalars()
        assert list(rows) == [3.0, 9.0]


def test_a_thousand_concurrent_redemptions_of_one_order_count_once(db_url: str) -> None:
    store = Store.open(db_url)
    code = issue(store, 1)[0]
    with store.begin() as conn:
        q.insert_orders(conn, [{"order_id": "o1", "ordered_at": datetime(2024, 3, 1), "sku": "A",
                                "amount": 10.0, "customer": None, "code_text": code}])  # fmt: skip

    def attempt(_: int) -> bool:
        with store.begin() as conn:
            return q.redeem(conn, code, "o1")

    with ThreadPoolExecutor(max_workers=15) as pool:  # the engine pool holds 15 connections
        results = list(pool.map(attempt, range(1000)))
    with store.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(redemptions)).scalar_one()
        assert conn.execute(select(func.count()).select_from(orders)).scalar_one() == 1
    store.close()
    assert sum(results) == 1 and stored == 1


def test_roi_reads_everything_back_from_either_database(store: Store, tmp_path: Path) -> None:
    from goodword.attribution.roi import RoiOptions, roi
    from goodword.attribution.simulate import daily_series

    codes = issue(store)
    sales.import_orders(store, write_orders(tmp_path / "o.csv", [codes[0], None, codes[1]]))
    daily = daily_series(1, lag_effects=(1.0,), days=120).assign(sku="A", revenue=1.0)
    daily.to_csv(tmp_path / "d.csv", index=False)
    sales.import_daily(store, tmp_path / "d.csv")
    daily.rename(columns={"buzz": "volume"}).to_csv(tmp_path / "b.csv", index=False)
    service.import_buzz(store, tmp_path / "b.csv")
    service.set_cost(store, "acquire", 30.0)
    result = roi(store, RoiOptions(lags=1))
    assert result["codes"]["attributed_orders"] == 2  # type: ignore[index]
    assert result["buzz"][0]["n_days"] == 119  # type: ignore[index]
    assert result["retention"]["economics"]["cost_to_acquire"] == 30.0  # type: ignore[index]
