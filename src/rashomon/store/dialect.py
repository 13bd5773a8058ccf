"""What the backends share and what differs in their SQL: the connection they hand out, and a few named fragments.

The store's queries are written once, in the SQL SQLite and PostgreSQL share (``?`` placeholders, ``ON CONFLICT``
upserts); where the two spell something differently (a list parameter, JSON, case folding) a query takes the
fragment from its backend's ``Dialect``. Each backend module defines its one ``Dialect``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses. Rows read by position (``row[0]``), by column name
    (``row["id"]``) and as ``dict(row)``."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The part of a connection the store uses: SQL with ``?`` (or ``:name``) placeholders."""

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...


@dataclass(frozen=True)
class Dialect:
    """The fragments of SQL one backend spells its own way. Templates take ``{column}``/``{alias}``/``{key}``."""

    name: str
    in_list: str  # "<column> {in_list}" tests membership in one list parameter (see ``list_param``)
    list_param: Callable[[list[Any]], Any]  # the value passed for that parameter
    same_as: str  # NULL-safe equality: "a {same_as} ?" holds when both are NULL
    json_items: str  # a FROM item: the elements of a JSON array as text, in a column named ``value``
    json_field: str  # one key of a JSON object (SQL NULL when absent)
    contains_folded: str  # whether a text, case folded, contains the (already folded) parameter
    digest_columns: str  # over ``analyses``: facts, shared facts, conflicts, the brief's first sentence

    def items(self, column: str, alias: str) -> str:
        return self.json_items.format(column=column, alias=alias)

    def field(self, column: str, key: str) -> str:
        return self.json_field.format(column=column, key=key)

    def contains(self, column: str) -> str:
        return self.contains_folded.format(column=column)


def json_list(values: list[Any]) -> str:
    """A list as the JSON text SQLite's json_each reads."""
    return json.dumps(values)


def upsert(table: str, key: str, columns: tuple[str, ...], values: str | None = None) -> str:
    """``INSERT`` that replaces the row with the same ``key`` (what SQLite's ``INSERT OR REPLACE`` did, spelled the
    way both backends read). ``values``: the VALUES list, when not one ``?`` per column."""
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column not in key.split(", "))
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values or ', '.join('?' * len(columns))})"
            f" ON CONFLICT ({key}) DO UPDATE SET {updates}")


def search_words(text: str) -> list[str]:
    """A user's search words, case folded: every one must occur (the last as a prefix). Operators and punctuation
    in the input are plain text, never query syntax, on either backend."""
    return [w for w in re.findall(r"\w+", text.casefold()) if w]
