"""Alembic environment: migrations run on the connection serieswatch hands over (see storage/db.py)."""

from alembic import context

from storage.models import Base
import storage.models_mail  # noqa: F401  (subscribers, digests: part of the metadata)
import storage.models_alerts  # noqa: F401  (admin alerts: part of the metadata)
import storage.models_search  # noqa: F401  (search windows: part of the metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # run from the alembic command line
    from sqlalchemy import create_engine
    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
