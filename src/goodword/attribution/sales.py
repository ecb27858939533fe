"""Importing orders and daily sales, redeeming the codes orders carry.

``import_orders`` is idempotent on the order id and on redemptions: importing the same file
twice, or a file with an order listed twice, counts every order and redemption once.
Unknown and mistyped codes are reported, with the nearest issued code when one is a typo
away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from goodword.attribution import queries as q
from goodword.attribution.codes import canonical, code_from_text, nearest
from goodword.errors import CodeError, SourceError
from goodword.store import Store

ORDER_ALIASES = {
    "order_id": ("order_id", "order", "id", "order id"),
    "ordered_at": ("time", "ordered_at", "timestamp", "date", "created_at"),
    "sku": ("sku", "product", "product_sku"),
    "amount": ("amount", "revenue", "total", "value"),
    "customer": ("customer", "customer_id", "email"),
    "code": ("code", "tracking_code", "coupon", "link"),
}
DAILY_ALIASES = {
    "sku": ("sku", "product", "product_sku"),
    "day": ("day", "date"),
    "units": ("units", "quantity", "sales"),
    "revenue": ("revenue", "amount"),
    "ad_spend": ("ad_spend", "adspend", "ad spend", "spend"),
}
_REQUIRED_ORDERS = ("order_id", "ordered_at", "sku", "amount")


@dataclass(frozen=True, slots=True)
class CodeProblem:
    """An order whose code could not be redeemed."""

    row: int  # 1-based data row in the file
    order_id: str
    typed: str
    reason: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class OrderImport:
    """What one ``sales import`` did."""

    rows: int
    new_orders: int
    duplicate_orders: int
    redeemed: int
    already_redeemed: int
    problems: tuple[CodeProblem, ...] = ()
    skipped: tuple[str, ...] = ()


def _rename(frame: pd.DataFrame, aliases: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    lower = {c.strip().lower(): c for c in frame.columns}
    mapping = {}
    for name, options in aliases.items():
        found = next((lower[o] for o in options if o in lower), None)
        if found is not None:
            mapping[found] = name
    return frame.rename(columns=mapping)[list(mapping.values())]


def read_orders(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """Orders from a CSV (order id, time, product, amount, optional customer and code)."""
    frame = _rename(_read_csv(path), ORDER_ALIASES)
    missing = [c for c in _REQUIRED_ORDERS if c not in frame.columns]
    if missing:
        raise SourceError(
            f"{path} lacks the column(s) {', '.join(missing)}; "
            "orders need order_id, time, sku (or product), amount and optionally code"
        )
    frame["row"] = range(1, len(frame) + 1)
    frame["ordered_at"] = pd.to_datetime(frame["ordered_at"], errors="coerce", utc=True)
    frame["amount"] = pd.to_numeric(frame["amount"], errors="coerce")
    bad = frame["ordered_at"].isna() | frame["amount"].isna() | frame["order_id"].isna()
    skipped = [f"row {r}: unreadable time, amount or order id" for r in frame.loc[bad, "row"]]
    frame = frame.loc[~bad].copy()
    frame["ordered_at"] = frame["ordered_at"].dt.tz_convert(None).astype("datetime64[us]")
    return frame, skipped


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceError(f"cannot read {path}: {exc}. Is it a CSV file with a header?") from exc


def import_orders(store: Store, path: Path, progress: Callable[[int], None] | None = None):  # type: ignore[no-untyped-def]
    """Import orders from ``path`` and redeem their codes; returns an :class:`OrderImport`."""
    frame, skipped = read_orders(Path(path))
    unique = frame.drop_duplicates("order_id")
    with store.begin() as conn:
        new = q.insert_orders(conn, [_order_row(r) for r in unique.to_dict("records")])
        issued = set(q.issued_codes(conn))
        counts, problems = _redeem_all(conn, unique, issued, progress)
    return OrderImport(
        rows=len(frame),
        new_orders=new,
        duplicate_orders=len(frame) - new,
        redeemed=counts[0],
        already_redeemed=counts[1],
        problems=tuple(problems),
        skipped=tuple(skipped),
    )


def _order_row(r: dict[str, object]) -> dict[str, object]:
    return {
        "order_id": str(r["order_id"]),
        "ordered_at": pd.Timestamp(r["ordered_at"]).to_pydatetime(),
        "sku": str(r["sku"]),
        "amount": float(r["amount"]),  # type: ignore[arg-type]
        "customer": _text(r.get("customer")),
        "code_text": _text(r.get("code")),
    }


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) or str(value).strip() == "" else str(value)


def _redeem_all(conn, frame: pd.DataFrame, issued: set[str], progress):  # type: ignore[no-untyped-def]
    redeemed = again = 0
    problems: list[CodeProblem] = []
    if "code" not in frame.columns:
        return (0, 0), problems
    for r in frame.loc[frame["code"].notna()].to_dict("records"):
        code, problem = resolve_code(str(r["code"]), issued, r["row"], str(r["order_id"]))
        if problem:
            problems.append(problem)
        elif q.redeem(conn, code, str(r["order_id"]), _order_row(r)["ordered_at"]):  # type: ignore[arg-type]
            redeemed += 1
        else:
            again += 1
        if progress:
            progress(1)
    return (redeemed, again), problems


def resolve_code(typed: str, issued: set[str], row: int = 0, order_id: str = ""):  # type: ignore[no-untyped-def]
    """(canonical code, None) for an issued code, else (None, the :class:`CodeProblem`)."""
    text = code_from_text(typed)
    try:
        code = canonical(text)
    except CodeError as exc:
        hint = nearest(text, issued)
        return None, CodeProblem(row, order_id, typed, str(exc), hint)
    if code not in issued:
        reason = f"{code} is well formed but was never issued"
        return None, CodeProblem(row, order_id, typed, reason, nearest(text, issued - {code}))
    return code, None


def import_daily(store: Store, path: Path, sku: str | None = None) -> int:
    """Import daily sales and ad spend (sku, day, units, revenue, ad_spend); returns rows."""
    frame = _rename(_read_csv(Path(path)), DAILY_ALIASES)
    if "sku" not in frame.columns:
        if not sku:
            raise SourceError(f"{path} has no sku column; pass --product SKU")
        frame["sku"] = sku
    if "day" not in frame.columns or not {"units", "revenue"} & set(frame.columns):
        raise SourceError(f"{path} needs a day (or date) column and units and/or revenue")
    return _store_daily(store, frame)


def _store_daily(store: Store, frame: pd.DataFrame) -> int:
    frame["day"] = pd.to_datetime(frame["day"], errors="coerce").dt.date
    for col in ("units", "revenue", "ad_spend"):
        values = frame[col] if col in frame.columns else 0.0
        frame[col] = pd.to_numeric(values, errors="coerce")
    frame = frame.dropna(subset=["day"]).fillna({"units": 0.0, "revenue": 0.0, "ad_spend": 0.0})
    rows = frame[["sku", "day", "units", "revenue", "ad_spend"]].to_dict("records")
    with store.begin() as conn:
        return q.upsert_daily(conn, rows)
