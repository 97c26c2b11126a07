"""Downloads written as they are read: CSV and JSON bodies as iterators of bytes for StreamingResponse."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Iterator

from scheduler.output import _csv_value

CHUNK_ROWS = 500


def csv_chunks(rows: Iterable[list], columns: list[str]) -> Iterator[bytes]:
    """A CSV file (header, then rows already laid out as lists) in chunks of CHUNK_ROWS rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow([_csv_value(v) for v in row])
        if n % CHUNK_ROWS == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def dict_rows(records: Iterable[dict], columns: list[str]) -> Iterator[list]:
    return ([r.get(c) for c in columns] for r in records)


def json_array_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    """A JSON array, one record at a time."""
    first = True
    for r in records:
        yield (("[" if first else ",\n") + json.dumps(r, ensure_ascii=False, default=str)).encode("utf-8")
        first = False
    yield b"[]" if first else b"]\n"
