"""Program: thread outcomes, staff replies, signature aliases, scenarios.

Revision ID: 0200
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0200"
down_revision = "0001"
branch_labels = ("program",)
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    _thread_outcomes()
    _staff_replies()
    op.create_table(
        "contributor_signatures",
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.Column("signature", sa.String(length=50), nullable=False),
        sa.Column("contributor_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["contributor_id"],
            ["contributors.id"],
            name=op.f("fk_contributor_signatures_contributor_id_contributors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account", "signature", name=op.f("pk_contributor_signatures")),
    )
    _scenarios()


def _thread_outcomes() -> None:
    op.create_table(
        "thread_outcomes",
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("venue_id", ID, nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=True),
        sa.Column("product_id", ID, nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_post_at", sa.DateTime(), nullable=False),
        *[
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "posts",
                "participants",
                "customer_posts",
                "staff_posts",
                "staff_answers",
                "peer_answers",
                "self_answers",
            )
        ],
        sa.Column("customer_started", sa.Boolean(), nullable=False),
        sa.Column("question", sa.Boolean(), nullable=False),
        sa.Column("first_staff_response_s", sa.Float(), nullable=True),
        sa.Column("first_peer_response_s", sa.Float(), nullable=True),
        sa.Column("first_response_s", sa.Float(), nullable=True),
        sa.Column("accepted_by", sa.String(length=10), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=True),
        sa.Column("resolved_by", sa.String(length=10), nullable=True),
        sa.Column("gratitude", sa.Boolean(), nullable=True),
        *[
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "enriched_posts",
                "negative_posts",
                "gratitude_posts",
                "referral_posts",
                "uninvited_posts",
            )
        ],
        sa.Column("sentiment_start", sa.Float(), nullable=True),
        sa.Column("sentiment_end", sa.Float(), nullable=True),
        sa.Column("reach", sa.Integer(), nullable=True),
        sa.Column("shareability", sa.Float(), nullable=True),
        sa.Column("delight", sa.String(length=50), nullable=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("unanswered", sa.Boolean(), nullable=False),
        sa.Column("waiting_since", sa.DateTime(), nullable=True),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_outcomes_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_thread_outcomes")),
    )
    op.create_index(
        "ix_thread_outcomes_inbox",
        "thread_outcomes",
        [
            "open",
            "thread_id",
            "reach",
            "sentiment_end",
            "shareability",
            "waiting_since",
            "unanswered",
            "question",
        ],
        unique=False,
    )


def _staff_replies() -> None:
    op.create_table(
        "staff_replies",
        sa.Column("post_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("venue_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("response_s", sa.Float(), nullable=True),
        sa.Column("first_in_thread", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("signature", sa.String(length=50), nullable=True),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_staff_replies_post_id_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_staff_replies")),
    )
    op.create_index("ix_staff_replies_thread_id", "staff_replies", ["thread_id"], unique=False)


def _scenarios() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("examples", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenarios")),
    )
    op.create_table(
        "thread_scenarios",
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("scenario_id", ID, nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_thread_scenarios_scenario_id_scenarios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_scenarios_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_thread_scenarios")),
    )


def downgrade() -> None:
    op.drop_table("thread_scenarios")
    op.drop_table("scenarios")
    op.drop_table("contributor_signatures")
    op.drop_index("ix_staff_replies_thread_id", table_name="staff_replies")
    op.drop_table("staff_replies")
    op.drop_index("ix_thread_outcomes_inbox", table_name="thread_outcomes")
    op.drop_table("thread_outcomes")
