"""Thread outcomes, vectorised: the same definitions as :mod:`goodword.metrics.outcomes`
over a pandas frame of posts, for batches of a million posts.

``outcomes_frame(posts, thread_signals)`` is a pure function of two frames (posts with
their signals; thread signals) returning (outcomes, staff replies) frames whose columns are
the fields of :class:`ThreadOutcome` and :class:`StaffReply`. A test holds it equal to the
per-thread reference on the same posts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from goodword.metrics.outcomes import signature_of
from goodword.metrics.records import STAFF_ROLES

POST_COLUMNS = (
    "id", "thread_id", "venue_id", "author_id", "role", "kind", "created_at", "brand", "score",
    "accepted", "followers", "text", "sentiment", "polarity", "gratitude", "question", "solved",
    "complaint", "referral", "uninvited_mention", "shareability", "delight",
)  # fmt: skip
THREAD_SIGNAL_COLUMNS = (
    "thread_id", "resolved_by", "gratitude", "sentiment_start", "sentiment_end",
)  # fmt: skip


def outcomes_frame(
    posts: pd.DataFrame, thread_signals: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(outcomes, staff replies) of every thread in ``posts``."""
    df = _prepared(posts)
    g = df.groupby("thread_id", sort=True)
    out = pd.DataFrame(index=pd.Index(g.size().index, name="thread_id"))
    out["posts"] = g.size()
    out["venue_id"] = g["venue_id"].first()
    out["started_at"] = g["created_at"].first()
    out["last_post_at"] = g["created_at"].last()
    out["participants"] = g["author_id"].nunique()
    _first_responses(df, out)
    _counts(df, out)
    _resolution(df, out, _thread_signals(thread_signals, out.index))
    _sentiment(df, out)
    _waiting(df, out)
    return out.reset_index(), _replies(df)


def _prepared(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts sorted in thread order, with position, class and the opener's position."""
    df = posts.sort_values(["thread_id", "created_at", "id"], kind="stable").reset_index(drop=True)
    df["pos"] = df.groupby("thread_id").cumcount()
    df["staff"] = df["role"].isin(STAFF_ROLES)
    fc = df.loc[~df["staff"]].groupby("thread_id")["pos"].min()
    df["fc"] = df["thread_id"].map(fc)
    opener = df.loc[~df["staff"]].groupby("thread_id")["author_id"].first()
    df["opener"] = df["thread_id"].map(opener)
    df["cls"] = np.where(
        df["staff"], "staff", np.where(df["author_id"] == df["opener"], "self", "peer")
    )
    df["after_fc"] = df["pos"] > df["fc"]
    df["fc_at"] = df["thread_id"].map(
        df.loc[df["pos"] == df["fc"]].set_index("thread_id")["created_at"]
    )
    df["enriched"] = ~df["staff"] & (df["sentiment"].notna() | df["polarity"].notna())
    df["answer"] = df["after_fc"] & (
        (df["kind"] == "answer") | (df["kind"].isin(["post", "comment"]) & (df["cls"] != "self"))
    )
    return df


def _first_responses(df: pd.DataFrame, out: pd.DataFrame) -> None:
    for cls in ("staff", "peer"):
        rows = df[df["after_fc"] & (df["cls"] == cls)]
        first = rows.groupby("thread_id")[["created_at", "fc_at"]].first()
        wait = (first["created_at"] - first["fc_at"]).dt.total_seconds().clip(lower=0)
        out[f"first_{cls}_response_s"] = wait
    out["first_response_s"] = out[["first_staff_response_s", "first_peer_response_s"]].min(
        axis=1, skipna=True
    )
    staff_brand = df[df["staff"] & df["brand"].notna()].groupby("thread_id")["brand"].first()
    any_brand = df[df["brand"].notna()].groupby("thread_id")["brand"].first()
    out["brand"] = staff_brand.reindex(out.index).fillna(any_brand.reindex(out.index))


def _count(mask: pd.Series, df: pd.DataFrame, index: pd.Index) -> pd.Series:
    return mask.groupby(df["thread_id"]).sum().reindex(index, fill_value=0).astype(int)


def _counts(df: pd.DataFrame, out: pd.DataFrame) -> None:
    customer = ~df["staff"]
    later_customer = customer & (df["pos"] != df["fc"])
    out["customer_posts"] = _count(customer, df, out.index)
    out["staff_posts"] = _count(df["staff"], df, out.index)
    for cls in ("staff", "peer", "self"):
        out[f"{cls}_answers"] = _count(df["answer"] & (df["cls"] == cls), df, out.index)
    out["enriched_posts"] = _count(df["enriched"], df, out.index)
    out["negative_posts"] = _count(df["enriched"] & _negative_comment(df), df, out.index)
    out["gratitude_posts"] = _count(later_customer & df["gratitude"].eq(True), df, out.index)
    out["referral_posts"] = _count(customer & df["referral"].eq(True), df, out.index)
    out["uninvited_posts"] = _count(customer & df["uninvited_mention"].eq(True), df, out.index)
    opening = df[df["pos"] == df["fc"]].set_index("thread_id")
    out["customer_started"] = (opening["pos"] == 0).reindex(out.index, fill_value=False)
    question = (opening["kind"] == "question") | opening["question"].eq(True)
    out["question"] = question.reindex(out.index, fill_value=False)
    out["qa"] = (opening["kind"] == "question").reindex(out.index, fill_value=False)
    cust = df[customer]
    followers = cust[cust["followers"].notna()].drop_duplicates(
        ["thread_id", "author_id"], keep="last"
    )
    out["reach"] = followers.groupby("thread_id")["followers"].sum().reindex(out.index)
    out["shareability"] = cust.groupby("thread_id")["shareability"].max().reindex(out.index)
    delight = cust[cust["delight"].notna() & (cust["delight"] != "none")]
    out["delight"] = delight.groupby("thread_id")["delight"].first().reindex(out.index)


def _negative_comment(df: pd.DataFrame) -> pd.Series:
    """Read as negative and as a complaint, not a question: ``PostSignals.negative_comment``."""
    negative = (df["sentiment"] == "negative") & df["complaint"].eq(True)
    return negative & ~df["question"].eq(True)


def _thread_signals(signals: pd.DataFrame | None, index: pd.Index) -> pd.DataFrame:
    if signals is None or signals.empty:
        return pd.DataFrame(index=index, columns=list(THREAD_SIGNAL_COLUMNS[1:]), dtype=object)
    return signals.set_index("thread_id").reindex(index)


def _resolution(df: pd.DataFrame, out: pd.DataFrame, ts: pd.DataFrame) -> None:
    accepted = df[df["accepted"].eq(True)].groupby("thread_id")["cls"].first()
    out["accepted_by"] = accepted.reindex(out.index)
    helper = df["cls"].where(df["cls"] != "self").groupby(df["thread_id"]).ffill()
    solved = df[(df["cls"] == "self") & df["solved"].eq(True)]
    by_post = helper[solved.index].fillna("self").groupby(solved["thread_id"]).first()
    by_post = by_post.reindex(out.index)
    enriched = out["enriched_posts"] > 0
    resolved = pd.Series(np.where(enriched | out["qa"], False, None), index=out.index, dtype=object)
    resolved_by = pd.Series(None, index=out.index, dtype=object)
    resolved = resolved.mask(by_post.notna(), True)
    resolved_by = resolved_by.mask(by_post.notna(), by_post)
    given = ts["resolved_by"].notna()
    done = given & (ts["resolved_by"] != "none")
    resolved = resolved.mask(given, done)
    resolved_by = resolved_by.mask(given, ts["resolved_by"].where(done))
    accepted = out["accepted_by"]  # a fact: it wins over any reading
    resolved = resolved.mask(accepted.notna(), True)
    resolved_by = resolved_by.mask(accepted.notna(), accepted)
    out["resolved"], out["resolved_by"] = resolved, resolved_by
    grateful = out["gratitude_posts"] > 0
    gratitude = pd.Series(np.where(enriched, grateful, None), index=out.index, dtype=object)
    out["gratitude"] = gratitude.mask(ts["gratitude"].notna(), ts["gratitude"])
    out["ts_start"], out["ts_end"] = ts["sentiment_start"], ts["sentiment_end"]


def _sentiment(df: pd.DataFrame, out: pd.DataFrame) -> None:
    known = df[df["enriched"] & df["polarity"].notna()].groupby("thread_id")["polarity"]
    for column, given, found in (
        ("sentiment_start", "ts_start", known.first()),
        ("sentiment_end", "ts_end", known.last()),
    ):
        fallback = pd.to_numeric(found.reindex(out.index), errors="coerce")
        out[column] = pd.to_numeric(out[given], errors="coerce").combine_first(fallback)
    for column in ("ts_start", "ts_end", "qa"):
        del out[column]


def _waiting(df: pd.DataFrame, out: pd.DataFrame) -> None:
    last_other = df["pos"].where(df["cls"] != "self").groupby(df["thread_id"]).max()
    last_other = last_other.reindex(out.index).fillna(-1).astype(int)
    run = out["posts"] - 1 - last_other
    is_open = (run > 0) & out["resolved"].ne(True)
    start = df.set_index(["thread_id", "pos"])["created_at"]
    keys = list(zip(out.index, (last_other + 1).clip(upper=out["posts"] - 1), strict=True))
    since = pd.Series(start.reindex(keys).to_numpy(), index=out.index)
    out["open"] = is_open
    out["unanswered"] = (out["staff_answers"] + out["peer_answers"] + out["self_answers"]) == 0
    out["waiting_since"] = since.where(is_open)


def _replies(df: pd.DataFrame) -> pd.DataFrame:
    customer_at = df["created_at"].where(~df["staff"]).groupby(df["thread_id"]).ffill()
    staff = df[df["staff"]].copy()
    answered = customer_at[staff.index]
    staff["response_s"] = (staff["created_at"] - answered).dt.total_seconds().clip(lower=0)
    first = ~staff["thread_id"].duplicated()
    staff["first_in_thread"] = first & answered.notna()
    staff["signature"] = [signature_of(t) for t in staff["text"]]
    staff["accepted"] = staff["accepted"].eq(True)
    columns = [
        "id",
        "thread_id",
        "venue_id",
        "author_id",
        "created_at",
        "response_s",
        "first_in_thread",
        "score",
        "accepted",
        "signature",
    ]
    return staff[columns].rename(columns={"id": "post_id"}).reset_index(drop=True)
