"""Chinese or English: decided by how much of the text is Han script."""

from __future__ import annotations

__all__ = ["detect_language"]

_SAMPLE = 4000


def detect_language(*texts: str | None) -> str:
    """"zh" when Han characters make up a fair share of the letters, else "en".

    A Chinese article still writes "GDP" or "PM2.5"; an English one may quote a name in Han
    characters. One Han character carries about as much as a five-letter word, hence the
    low threshold.
    """
    han = latin = 0
    for text in texts:
        if not text:
            continue
        for char in text[:_SAMPLE]:
            code = ord(char)
            if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FA1F:
                han += 1
            elif char.isascii() and char.isalpha():
                latin += 1
    if han + latin == 0:
        return "zh"
    return "zh" if han / (han + latin) >= 0.2 else "en"
