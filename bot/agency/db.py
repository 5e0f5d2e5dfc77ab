"""The agency tables run on the main store's own database port.

The agency stores (:mod:`bot.agency.store`, :mod:`bot.agency.licence_store`,
:mod:`bot.agency.followup_store`) are written once, in SQL both SQLite and PostgreSQL accept,
with ``?`` placeholders, over :class:`bot.store.database.Database`: the same port, connection
and pool as the conversation store, so an agency write and a store write never race for
SQLite's one connection from two places.
"""

from __future__ import annotations

from bot.store.base import Store
from bot.store.database import Database, Row

__all__ = ["Database", "Row", "database_of"]


def database_of(store: Store) -> Database:
    """The port of the store ``open_store`` returned."""
    return store.database
