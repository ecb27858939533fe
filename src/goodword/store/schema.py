"""The store's tables (SQLAlchemy Core). Migrations under ``migrations/`` create them.

Change a table here *and* add an Alembic revision; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = BigInteger().with_variant(Integer(), "sqlite")

venues = Table(
    "venues",
    metadata,
    Column("id", Id, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("name", String(200), nullable=False),
)

authors = Table(
    "authors",
    metadata,
    Column("id", Id, primary_key=True),
    Column("venue_id", ForeignKey("venues.id"), nullable=False),
    Column("handle", String(200), nullable=False),
    Column("display_name", String(200)),
    Column("followers", Integer),
    Column("role", String(20), nullable=False),
    Column("brand", String(200)),
    UniqueConstraint("venue_id", "handle", name="uq_authors_venue_handle"),
)

threads = Table(
    "threads",
    metadata,
    Column("id", Id, primary_key=True),
    Column("venue_id", ForeignKey("venues.id"), nullable=False),
    Column("root_external_id", String(100), nullable=False),
    Column("root_post_id", Id),
    Column("orphan", Boolean, nullable=False, default=False),
    Column("brand", String(200)),
    Column("title", Text),
    Column("started_at", DateTime),
    Column("last_post_at", DateTime),
    Column("post_count", Integer, nullable=False, default=0),
    UniqueConstraint("venue_id", "root_external_id", name="uq_threads_venue_root"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("venue_id", ForeignKey("venues.id"), nullable=False),
    Column("external_id", String(100), nullable=False),
    Column("parent_external_id", String(100)),
    Column("parent_id", Id),
    Column("thread_id", Id, index=True),
    Column("author_id", ForeignKey("authors.id"), nullable=False),
    Column("role", String(20), nullable=False),
    Column("brand", String(200)),
    Column("kind", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("score", Integer),
    Column("rating", Integer),
    Column("accepted", Boolean, nullable=False, default=False),
    Column("product_hint", String(200)),
    Column("raw", Text),
    Column("content_hash", String(32), nullable=False),
    Column("source", Text),
    UniqueConstraint("venue_id", "external_id", name="uq_posts_venue_external"),
)
Index("ix_posts_created", posts.c.created_at)
Index("ix_posts_parent_id", posts.c.parent_id)

products = Table(
    "products",
    metadata,
    Column("id", Id, primary_key=True),
    Column("sku", String(100), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("url", Text),
    Column("category", String(200)),
    Column("brand", String(200)),
)

post_products = Table(
    "post_products",
    metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column("matched", String(300), nullable=False),
)
Index("ix_post_products_product", post_products.c.product_id)

post_signals = Table(
    "post_signals",
    metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(50), primary_key=True),
    Column("score", Float),
    Column("label", String(300)),
    Column("analyzer", String(100), nullable=False),
    Column("version", String(50), nullable=False),
    Column("computed_at", DateTime, nullable=False),
)
Index("ix_post_signals_name", post_signals.c.name, post_signals.c.label)

thread_signals = Table(
    "thread_signals",
    metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(50), primary_key=True),
    Column("score", Float),
    Column("label", String(300)),
    Column("analyzer", String(100), nullable=False),
    Column("version", String(50), nullable=False),
    Column("computed_at", DateTime, nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Id, primary_key=True),
    Column("source", Text, nullable=False),
    Column("format", String(50), nullable=False),
    Column("record_no", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("source", "record_no", name="uq_quarantine_source_record"),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Id, primary_key=True),
    Column("source", Text, nullable=False),
    Column("format", String(50), nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("cursor", Integer, nullable=False, default=0),
    Column("status", String(20), nullable=False),
    Column("stored", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
)
Index("ix_ingest_runs_source", ingest_runs.c.source, ingest_runs.c.file_hash)

contributors = Table(
    "contributors",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("team", String(200)),
    Column("created_at", DateTime, nullable=False),
)

contributor_handles = Table(
    "contributor_handles",
    metadata,
    Column("contributor_id", ForeignKey("contributors.id", ondelete="CASCADE"), primary_key=True),
    Column("venue_id", ForeignKey("venues.id"), primary_key=True),
    Column("handle", String(200), nullable=False),
    UniqueConstraint("venue_id", "handle", name="uq_contributor_handles_venue_handle"),
)

contributor_periods = Table(
    "contributor_periods",
    metadata,
    Column("id", Id, primary_key=True),
    Column("contributor_id", ForeignKey("contributors.id", ondelete="CASCADE"), nullable=False),
    Column("starts_at", DateTime, nullable=False),
    Column("ends_at", DateTime),
)

labels = Table(
    "labels",
    metadata,
    Column("id", Id, primary_key=True),
    Column("task", String(50), nullable=False),
    Column("post_id", ForeignKey("posts.id", ondelete="SET NULL")),
    Column("text", Text, nullable=False),
    Column("label", String(300), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

daily_sales = Table(
    "daily_sales",
    metadata,
    Column("sku", String(100), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("units", Float, nullable=False, default=0.0),
    Column("revenue", Float, nullable=False, default=0.0),
    Column("ad_spend", Float, nullable=False, default=0.0),
)

settings_kv = Table(
    "settings_kv",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- program ---
# Thread outcomes, staff replies, signature aliases and discovered scenarios (goodword.metrics).

thread_outcomes = Table(
    "thread_outcomes",
    metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("venue_id", Id, nullable=False),
    Column("brand", String(200)),
    Column("product_id", Id),
    Column("started_at", DateTime, nullable=False),
    Column("last_post_at", DateTime, nullable=False),
    Column("posts", Integer, nullable=False),
    Column("participants", Integer, nullable=False),
    Column("customer_posts", Integer, nullable=False),
    Column("staff_posts", Integer, nullable=False),
    Column("staff_answers", Integer, nullable=False),
    Column("peer_answers", Integer, nullable=False),
    Column("self_answers", Integer, nullable=False),
    Column("customer_started", Boolean, nullable=False),
    Column("question", Boolean, nullable=False),
    Column("first_staff_response_s", Float),
    Column("first_peer_response_s", Float),
    Column("first_response_s", Float),
    Column("accepted_by", String(10)),
    Column("resolved", Boolean),
    Column("resolved_by", String(10)),
    Column("gratitude", Boolean),
    Column("enriched_posts", Integer, nullable=False),
    Column("negative_posts", Integer, nullable=False),
    Column("gratitude_posts", Integer, nullable=False),
    Column("referral_posts", Integer, nullable=False),
    Column("uninvited_posts", Integer, nullable=False),
    Column("sentiment_start", Float),
    Column("sentiment_end", Float),
    Column("reach", Integer),
    Column("shareability", Float),
    Column("delight", String(50)),
    Column("open", Boolean, nullable=False),
    Column("unanswered", Boolean, nullable=False),
    Column("waiting_since", DateTime),
    Column("computed_at", DateTime, nullable=False),
)
# the triage inbox reads open threads from this index alone (it covers the ranking columns)
Index(
    "ix_thread_outcomes_inbox",
    thread_outcomes.c.open,
    thread_outcomes.c.thread_id,
    thread_outcomes.c.reach,
    thread_outcomes.c.sentiment_end,
    thread_outcomes.c.shareability,
    thread_outcomes.c.waiting_since,
    thread_outcomes.c.unanswered,
    thread_outcomes.c.question,
)

staff_replies = Table(
    "staff_replies",
    metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("thread_id", Id, nullable=False, index=True),
    Column("venue_id", Id, nullable=False),
    Column("author_id", Id, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("response_s", Float),
    Column("first_in_thread", Boolean, nullable=False),
    Column("score", Integer),
    Column("accepted", Boolean, nullable=False),
    Column("signature", String(50)),
)

contributor_signatures = Table(
    "contributor_signatures",
    metadata,
    Column("account", String(200), primary_key=True),
    Column("signature", String(50), primary_key=True),
    Column("contributor_id", ForeignKey("contributors.id", ondelete="CASCADE"), nullable=False),
)

scenarios = Table(
    "scenarios",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("terms", Text, nullable=False),
    Column("examples", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

thread_scenarios = Table(
    "thread_scenarios",
    metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("scenario_id", ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False),
    Column("weight", Float, nullable=False),
)

# --- attribution ---
# Tracking codes (and tracked links, kind "link"), imported orders, code redemptions (one per
# order, enforced by a unique constraint), cost figures for retention economics, and pilots.

tracking_codes = Table(
    "tracking_codes",
    metadata,
    Column("id", Id, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("kind", String(10), nullable=False, default="code"),
    Column("venue", String(200)),
    Column("contributor", String(200)),
    Column("thread_id", Id),
    Column("sku", String(100)),
    Column("url", Text),
    Column("created_at", DateTime, nullable=False),
)

orders = Table(
    "orders",
    metadata,
    Column("order_id", String(100), primary_key=True),
    Column("ordered_at", DateTime, nullable=False),
    Column("sku", String(100), nullable=False),
    Column("amount", Float, nullable=False),
    Column("customer", String(200)),
    Column("code_text", String(300)),
    Column("imported_at", DateTime, nullable=False),
)
Index("ix_orders_customer", orders.c.customer)
Index("ix_orders_sku_time", orders.c.sku, orders.c.ordered_at)

redemptions = Table(
    "redemptions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("code_id", ForeignKey("tracking_codes.id", ondelete="CASCADE"), nullable=False),
    Column("order_id", ForeignKey("orders.order_id", ondelete="CASCADE"), nullable=False),
    Column("redeemed_at", DateTime, nullable=False),
    UniqueConstraint("order_id", name="uq_redemptions_order_id"),
)
Index("ix_redemptions_code", redemptions.c.code_id)

acquisition_costs = Table(
    "acquisition_costs",
    metadata,
    Column("kind", String(20), primary_key=True),  # "acquire" per new customer, "serve" per thread
    Column("sku", String(100), primary_key=True),  # "" for every product
    Column("amount", Float, nullable=False),
    Column("set_at", DateTime, nullable=False),
)

roi_pilots = Table(
    "roi_pilots",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("starts_on", Date, nullable=False),
    Column("pilot_skus", Text, nullable=False),  # JSON list
    Column("control_skus", Text, nullable=False),  # JSON list
    Column("created_at", DateTime, nullable=False),
)

external_buzz = Table(
    "external_buzz",
    metadata,
    Column("sku", String(100), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("volume", Float, nullable=False, default=0.0),
    Column("positive", Float, nullable=False, default=0.0),
    Column("negative", Float, nullable=False, default=0.0),
    Column("reach", Float, nullable=False, default=0.0),
    Column("gratitude", Float, nullable=False, default=0.0),
)
