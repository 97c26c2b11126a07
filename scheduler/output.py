"""Printing results: a table for people, JSON or CSV for programs (nothing else on stdout).

`emit` prints what is already in memory; `stream` prints rows as an iterator yields them (csv and
json write each row as it comes, so an export of any size holds one row), and a table takes the
first `table_limit` rows and says on stderr how to see the rest.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import sys
import unicodedata
from typing import Iterable, Iterator

import click

FORMATS = ("table", "json", "csv")

TABLE_LIMIT = 50          # rows a table shows unless --limit says otherwise

format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="table for people; json and csv for programs")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text + " " * (width - _width(text))
    out, w = "", 0
    for ch in text:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > width - 1:
            break
        out += ch
        w += cw
    return out + "…" + " " * (width - w - 1)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value).replace("\n", " ")


def table(rows: list[dict], columns: list[str], *, max_width: int | None = None) -> str:
    if not rows:
        return "(none)"
    max_width = max_width or shutil.get_terminal_size((120, 20)).columns
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    # Shrink the widest columns until the table fits the terminal.
    while sum(widths) + 2 * (len(widths) - 1) > max_width and max(widths) > 12:
        widths[widths.index(max(widths))] -= 1
    lines = ["  ".join(_clip(c, w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_clip(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def emit(data, fmt: str, *, columns: list[str] | None = None, single: bool = False, text: str | None = None) -> None:
    """Print `data` (a list of dicts, or one dict when single) in the chosen format."""
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        rows = [data] if single else data
        cols = columns or (list(rows[0]) if rows else [])
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(cols)
        for r in rows:
            writer.writerow([_cell(r.get(c)) if not isinstance(r.get(c), (int, float)) or isinstance(r.get(c), bool)
                             else r.get(c) for c in cols])
        click.echo(buf.getvalue(), nl=False)
    elif text is not None:
        click.echo(text)
    else:
        rows = [data] if single else data
        click.echo(table(rows, columns or (list(rows[0]) if rows else [])))


def page_options(f):
    """--limit / --offset for listing commands: tables show TABLE_LIMIT rows by default, csv/json all."""
    f = click.option("--offset", type=click.IntRange(min=0), default=0, help="skip this many first")(f)
    return click.option("--limit", type=click.IntRange(min=0), default=None,
                        help=f"at most this many (default: {TABLE_LIMIT} in a table, all in csv/json)")(f)


def page_limits(fmt: str, limit: int | None) -> tuple[int | None, int | None]:
    """(rows to ask the database for, rows a table shows): a table looks one row further to say "more"."""
    if fmt == "table" and limit is None:
        return TABLE_LIMIT + 1, TABLE_LIMIT
    return limit, None


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _csv_value(value):
    """Numbers, text and booleans as they are (the csv module quotes what needs it); lists, dicts as cells."""
    return value if type(value) in _PLAIN else _cell(value)


def stream_csv(rows: Iterable[list], columns: list[str]) -> None:
    """Rows already laid out as lists of csv values, written as they come."""
    try:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _json_lines(item, indent: int) -> str:
    pad = " " * indent
    return "\n".join(pad + line for line in json.dumps(item, ensure_ascii=False, indent=2, default=str).splitlines())


def write_json_array(rows: Iterable[dict], out, *, indent: int = 0) -> None:
    """A JSON array written item by item, formatted as json.dumps(indent=2) would."""
    first = True
    for row in rows:
        out.write(("[\n" if first else ",\n") + _json_lines(row, indent + 2))
        first = False
    out.write("[]" if first else "\n" + " " * indent + "]")


def stream(rows: Iterator[dict], fmt: str, *, columns: list[str], table_columns: list[str] | None = None,
           table_limit: int | None = None, more_hint: str = "", head: dict | None = None,
           array_key: str | None = None) -> None:
    """Print rows as they come. For json, `head` and `array_key` wrap the array in an object."""
    out = sys.stdout
    try:
        if fmt == "json":
            if head is not None:
                out.write("{\n" + "".join(f"  {json.dumps(k, ensure_ascii=False)}: "
                                            f"{json.dumps(v, ensure_ascii=False, default=str)},\n"
                                            for k, v in head.items()) + f"  {json.dumps(array_key)}: ")
                write_json_array(rows, out, indent=2)
                out.write("\n}\n")
            else:
                write_json_array(rows, out)
                out.write("\n")
        elif fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for r in rows:
                writer.writerow([_csv_value(r.get(c)) for c in columns])
        else:
            shown = list(itertools.islice(rows, table_limit)) if table_limit is not None else list(rows)
            more = table_limit is not None and next(rows, None) is not None
            click.echo(table(shown, table_columns or columns))
            if more:
                click.echo(f"(first {len(shown)} shown{more_hint}; --limit N / --offset N for others, "
                           f"--format csv or json for all)", err=True)
        out.flush()
    except BrokenPipeError:                     # `| head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
