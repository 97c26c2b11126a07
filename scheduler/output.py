"""Printing results: a table for people, JSON or CSV for programs (nothing else on stdout)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import unicodedata

import click

FORMATS = ("table", "json", "csv")

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
