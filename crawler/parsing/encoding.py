"""Turning page bytes into text without ever producing mojibake.

People's Daily pages declare ``GB2312`` but carry characters outside it, some are served as
UTF-8 under a GB2312 meta tag, and a server header and the meta tag can disagree. So a
declaration is a hint, not a fact: candidates are tried in order and the first one that decodes
the bytes *strictly* wins. GB2312 and GBK declarations are read as GB18030 (a superset).
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "normalize_charset", "declared_charsets"]

# Declarations that mean "some member of the GB family": decode as the superset.
_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "gb_2312", "gb2312-80", "x-gbk", "cp936", "ms936",
              "windows-936", "csgb2312", "euc-cn", "x-euc-cn", "chinese", "iso-ir-58", "gb18030"}
# Per the WHATWG encoding standard these labels mean windows-1252, which decodes any byte.
_LATIN1_LABELS = {"iso-8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "iso8859-1",
                  "windows-1252", "cp1252"}
# Single-byte codecs decode *every* byte string "strictly", so their success proves nothing.
_PERMISSIVE = {"cp1252", "latin-1", "iso8859-1", "ascii", "mac-cyrillic", "cp1251", "koi8-r"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_SNIFF_BYTES = 8192


def normalize_charset(label: str | None) -> str | None:
    """The Python codec name for a declared charset label, or None when it names no codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    match = _HEADER_CHARSET.search(label)          # tolerate a whole "text/html; charset=x"
    if match:
        label = match.group(1).lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in _LATIN1_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charsets(body: bytes) -> list[str]:
    """Charsets the document declares about itself (XML declaration, meta tags), in page order."""
    head = body[:_SNIFF_BYTES]
    found = []
    xml = _XML_DECL.match(head)
    if xml:
        found.append(xml.group(1).decode("ascii"))
    found.extend(m.group(1).decode("ascii") for m in _META_CHARSET.finditer(head))
    return found


def _candidates(body: bytes, header_charset: str | None) -> list[str]:
    labels = [header_charset, *declared_charsets(body), "utf-8", "gb18030"]
    ordered: list[str] = []
    for label in labels:
        name = normalize_charset(label)
        if name and name not in ordered:
            ordered.append(name)
    if not body.isascii() and _is_utf8(body):
        # Real text in another charset is practically never valid multi-byte UTF-8, while
        # UTF-8 Chinese can slip through GB18030 or a single-byte codec as mojibake: valid
        # UTF-8 outranks any declaration that says otherwise.
        ordered.remove("utf-8")
        ordered.insert(0, "utf-8")
    return ordered


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, charset used)``.

    Order: a byte-order mark, then the HTTP header charset, the page's own declarations,
    UTF-8 and GB18030; the first candidate that decodes strictly wins (valid multi-byte UTF-8
    wins outright, see ``_candidates``). When nothing decodes strictly the candidate with the
    fewest replacement characters is used with ``errors="replace"``.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            try:
                return body[len(bom):].decode(name), name.replace("-le", "").replace("-be", "")
            except UnicodeDecodeError:
                break
    candidates = _candidates(body, header_charset)
    permissive = []
    for name in candidates:
        if name in _PERMISSIVE:
            permissive.append(name)        # only if nothing more meaningful decodes cleanly
            continue
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    for name in permissive:
        return body.decode(name, errors="replace"), name
    best_text, best_name, best_bad = "", candidates[0], None
    for name in candidates:
        text = body.decode(name, errors="replace")
        bad = text.count("\ufffd")
        if best_bad is None or bad < best_bad:
            best_text, best_name, best_bad = text, name, bad
    return best_text, best_name
