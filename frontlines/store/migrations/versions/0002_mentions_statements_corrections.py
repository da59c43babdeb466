"""Merged events: event_mentions (one article's coding of an event), events.sources/status,
event_reports.mention_id; articles unique per (content, URL); statements (relation and control
statements); corrections (analyst corrections with who/when/why).

Existing events get one mention per reporting article, with the event's own fields.

Revision ID: 0002_mentions
Revises: 0001_initial
Create Date: 2026-11-25

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import context, op

revision: str = "0002_mentions"
down_revision: Union[str, Sequence[str], None] = "0001_initial"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TZ = sa.DateTime(timezone=True)

EVENT_VALUE_COLUMNS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities",
    "notes", "confidence",
)


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("url_key", sa.Text(), nullable=False, server_default=""))
        batch.drop_constraint("uq_articles_content_hash", type_="unique")
    op.execute("UPDATE articles SET url_key = COALESCE(url, '')")
    with op.batch_alter_table("articles") as batch:
        batch.create_unique_constraint("uq_articles_content_hash_url_key", ["content_hash", "url_key"])

    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("sources", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("status", sa.Text(), nullable=False, server_default="active"))
    with op.batch_alter_table("event_reports") as batch:
        batch.add_column(sa.Column("mention_id", sa.Text(), nullable=True))

    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("self_claimed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_mentions_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_event_mentions_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_mentions"),
    )
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"])
    op.create_index("ix_event_mentions_article_id", "event_mentions", ["article_id"])

    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("actor_a", sa.Text(), nullable=False),
        sa.Column("actor_b", sa.Text(), nullable=True),
        sa.Column("relation", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("past", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("section", sa.Text(), nullable=False, server_default="body"),
        sa.Column("sentence_index", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_statements_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_statements"),
    )
    op.create_index("ix_statements_article_id", "statements", ["article_id"])
    op.create_index("ix_statements_kind", "statements", ["kind"])

    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("target_id", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("field", sa.Text(), nullable=True),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
    )
    op.create_index("ix_corrections_target_id", "corrections", ["target_id"])
    op.create_index("ix_corrections_at", "corrections", ["at"])

    if not context.is_offline_mode():  # an offline (--sql) script has no rows to carry over
        _backfill_mentions()


def _backfill_mentions() -> None:
    """One mention per (event, reporting article), carrying the event's fields as coded."""
    conn = op.get_bind()
    cols = ", ".join(f"e.{c}" for c in EVENT_VALUE_COLUMNS)
    rows = conn.execute(sa.text(
        f"SELECT DISTINCT r.event_id, r.article_id, {cols} FROM event_reports r "
        "JOIN events e ON e.id = r.event_id ORDER BY r.event_id, r.article_id"
    )).fetchall()
    mentions = sa.table(
        "event_mentions", sa.column("id", sa.Text()), sa.column("event_id", sa.Text()),
        sa.column("article_id", sa.Integer()), sa.column("position", sa.Integer()),
        sa.column("values", sa.JSON()), sa.column("self_claimed", sa.Boolean()),
        sa.column("pinned", sa.Boolean()),
    )
    seen: set[str] = set()
    batch = []
    for n, row in enumerate(rows):
        event_id, article_id, *values = row
        mention_id = event_id if event_id not in seen else f"{event_id}@{article_id}"
        seen.add(event_id)
        fields = dict(zip(EVENT_VALUE_COLUMNS, values))
        if fields["event_date"] is not None:
            fields["event_date"] = str(fields["event_date"])[:10]
        batch.append({"id": mention_id, "event_id": event_id, "article_id": article_id,
                      "position": n, "values": fields, "self_claimed": False, "pinned": False})
    if batch:
        op.bulk_insert(mentions, batch)
    conn.execute(sa.text(
        "UPDATE event_reports SET mention_id = event_id"
    ))


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_table("statements")
    op.drop_table("event_mentions")
    with op.batch_alter_table("event_reports") as batch:
        batch.drop_column("mention_id")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("status")
        batch.drop_column("sources")
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("uq_articles_content_hash_url_key", type_="unique")
    # Copies of one text under several URLs cannot all survive the old unique key.
    op.execute(
        "DELETE FROM articles WHERE id NOT IN (SELECT MIN(id) FROM articles GROUP BY content_hash)"
    )
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("url_key")
        batch.create_unique_constraint("uq_articles_content_hash", ["content_hash"])
