"""Plain-row INSERTs for the bulk demo load, when even `bulk_create` is too slow.

At 100k portfolios the bulk load writes millions of rows (skills, revisions);
building a model instance per row and Django's UNNEST arrays cost minutes there.
`insert_rows` takes tuples in column order and streams them with PostgreSQL's
COPY, or with one `executemany` INSERT on other databases (SQLite for `make run`).
"""

import json
from collections.abc import Iterable, Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Field, Model

# Values of these field types go to the database as they are, on every backend.
_PLAIN_TYPES = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, cls=DjangoJSONEncoder)


def _converter(field: Field):
    kind = field.get_internal_type()
    if kind == "JSONField":  # also StreamField, which stores its raw blocks as JSON
        return _json
    # COPY takes dates, UUIDs and floats as Python gives them; other databases
    # want Django's conversion (SQLite stores a UUID as 32 hex digits).
    if kind in _PLAIN_TYPES or connection.vendor == "postgresql":
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """INSERT `rows` (tuples of Python values, in `columns` order) into `model`'s own table.

    `columns` are attribute names (`page_id`, not `page`). No signals, no
    defaults filled in, no ids returned: the caller gives every column it needs.
    """
    fields = [model._meta.get_field(name) for name in columns]
    converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]

    def prepared() -> Iterable[tuple]:
        for row in rows:
            if converters:
                row = list(row)
                for i, convert in converters:
                    row[i] = convert(row[i])
            yield row

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})", list(prepared())
            )
