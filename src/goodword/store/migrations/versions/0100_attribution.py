"""Attribution: tracking codes and links, orders, redemptions, costs, pilots, outside buzz.

Revision ID: 0100
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0001"
branch_labels = ("attribution",)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "tracking_codes",
        sa.Column("id", _ID, nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("contributor", sa.String(length=200), nullable=True),
        sa.Column("thread_id", _ID, nullable=True),
        sa.Column("sku", sa.String(length=100), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_tracking_codes_code")),
    )
    op.create_table(
        "orders",
        sa.Column("order_id", sa.String(length=100), nullable=False),
        sa.Column("ordered_at", sa.DateTime(), nullable=False),
        sa.Column("sku", sa.String(length=100), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=True),
        sa.Column("code_text", sa.String(length=300), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_orders")),
    )
    op.create_index("ix_orders_customer", "orders", ["customer"], unique=False)
    op.create_index("ix_orders_sku_time", "orders", ["sku", "ordered_at"], unique=False)
    op.create_table(
        "redemptions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("code_id", _ID, nullable=False),
        sa.Column("order_id", sa.String(length=100), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["tracking_codes.id"],
            name=op.f("fk_redemptions_code_id_tracking_codes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.order_id"],
            name=op.f("fk_redemptions_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemptions")),
        sa.UniqueConstraint("order_id", name="uq_redemptions_order_id"),
    )
    op.create_index("ix_redemptions_code", "redemptions", ["code_id"], unique=False)
    op.create_table(
        "acquisition_costs",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sku", sa.String(length=100), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "sku", name=op.f("pk_acquisition_costs")),
    )
    op.create_table(
        "roi_pilots",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("pilot_skus", sa.Text(), nullable=False),
        sa.Column("control_skus", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_roi_pilots")),
    )
    op.create_table(
        "external_buzz",
        sa.Column("sku", sa.String(length=100), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("volume", sa.Float(), nullable=False),
        sa.Column("positive", sa.Float(), nullable=False),
        sa.Column("negative", sa.Float(), nullable=False),
        sa.Column("reach", sa.Float(), nullable=False),
        sa.Column("gratitude", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("sku", "day", name=op.f("pk_external_buzz")),
    )


def downgrade() -> None:
    op.drop_table("external_buzz")
    op.drop_table("roi_pilots")
    op.drop_table("acquisition_costs")
    op.drop_index("ix_redemptions_code", table_name="redemptions")
    op.drop_table("redemptions")
    op.drop_index("ix_orders_sku_time", table_name="orders")
    op.drop_index("ix_orders_customer", table_name="orders")
    op.drop_table("orders")
    op.drop_table("tracking_codes")
