"""Small charts for digests: a PNG bar chart (pure Python + zlib) and a one-line text sparkline.

No plotting library: a digest chart is a handful of bars, and a 40-line PNG writer keeps the
install light and the output byte-for-byte reproducible.
"""

from __future__ import annotations

import struct
import zlib

SPARKS = "▁▂▃▄▅▆▇█"
BACKGROUND = (255, 255, 255)
BAR = (154, 178, 206)
LAST_BAR = (178, 34, 34)        # the newest period, in the digest's accent colour
BASELINE = (120, 120, 120)


def sparkline(values) -> str:
    """One character per value, ▁ for the smallest to █ for the largest."""
    values = [float(v) for v in values]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in values)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(width: int, height: int, rows) -> bytes:
    """A truecolour PNG from `rows` (height lists of width (r, g, b) tuples)."""
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9))
            + _chunk(b"IEND", b""))


# A 3×5 pixel font for period labels on the axis ("2023", "2024-Q1", "2019-H1", "2013/2023").
_FONT = {
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111", "3": "111001111001111",
    "4": "101101111001001", "5": "111100111001111", "6": "111100111101111", "7": "111001010010010",
    "8": "111101111101111", "9": "111101111001111", "-": "000000111000000", "/": "001001010100100",
    "Q": "111101101111001", "H": "101101111101101", "M": "101111111101101",
}
LABEL = (90, 90, 90)
LABEL_ROWS = 9            # 5 pixel rows of text and the space around them


def _label_width(text: str) -> int:
    return 4 * len(text) - 1


def _draw_label(grid, text: str, x: int, y: int) -> None:
    for k, ch in enumerate(text):
        bits = _FONT.get(ch)
        if bits is None:
            continue
        for r in range(5):
            for c in range(3):
                if bits[r * 3 + c] == "1":
                    xx, yy = x + 4 * k + c, y + r
                    if 0 <= yy < len(grid) and 0 <= xx < len(grid[0]):
                        grid[yy][xx] = LABEL


def bar_chart_png(values, *, labels=None, width: int = 240, height: int = 64, pad: int = 4) -> bytes:
    """Bars for a series of values (oldest first), the newest highlighted; negative values hang below zero.
    With *labels* (one period per value) the periods are written under the axis: every one when they
    fit under their bars, else the first and the last."""
    values = [float(v) for v in values]
    if not values:
        raise ValueError("no values to chart")
    if labels:
        return _with_labels(_bars(values, width, height, pad), [str(x) for x in labels], width, pad)
    return encode_png(width, height, _bars(values, width, height, pad))


def _with_labels(grid, labels, width: int, pad: int) -> bytes:
    n = len(labels)
    slot = (width - 2 * pad) / n
    rows = [[BACKGROUND] * width for _ in range(LABEL_ROWS)]
    widest = max(_label_width(t) for t in labels)
    show = range(n) if widest + 2 <= slot else sorted({0, n - 1})
    for i in show:
        w = _label_width(labels[i])
        centre = pad + (i + 0.5) * slot
        x = int(min(max(0, centre - w / 2), width - w))
        _draw_label(rows, labels[i], x, 2)
    grid = grid + rows
    return encode_png(width, len(grid), grid)


def _bars(values, width: int, height: int, pad: int):
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0
    inner_h = height - 2 * pad
    zero_y = pad + round(hi / span * inner_h)
    n = len(values)
    slot = (width - 2 * pad) / n
    gap = max(1, round(slot * 0.2))
    grid = [[BACKGROUND] * width for _ in range(height)]
    for i, v in enumerate(values):
        x0 = pad + round(i * slot) + gap // 2
        x1 = max(x0 + 1, pad + round((i + 1) * slot) - (gap - gap // 2))
        y = pad + round((hi - v) / span * inner_h)
        top, bottom = (y, zero_y) if v >= 0 else (zero_y, y)
        if bottom == top:
            bottom = top + 1
        colour = LAST_BAR if i == n - 1 else BAR
        for yy in range(max(top, 0), min(bottom, height)):
            row = grid[yy]
            for xx in range(x0, min(x1, width)):
                row[xx] = colour
    for xx in range(pad, width - pad):
        grid[min(zero_y, height - 1)][xx] = BASELINE
    return grid
