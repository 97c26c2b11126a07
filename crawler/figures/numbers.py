"""Number parsing and normalisation for Chinese and English news text.

Handles Arabic numerals with grouping commas (``216,000``), full-width digits and
punctuation (``１０．４％``), Chinese numerals (``三千``, ``两万``, ``一万二千``, ``三点五``)
and magnitude words (万 亿 万亿 千 / thousand million billion trillion).

Everything here is a pure function on strings.  Values are exact: the arithmetic goes
through :class:`decimal.Decimal`, so ``10.4万亿`` is ``10400000000000`` and not
``10400000000000.002``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# Full-width forms map one code point to one code point, so translating a text keeps every
# character offset: spans found in the translated text are spans in the original.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
for _keep in "，；：（）！？":  # Chinese clause punctuation stays Chinese
    _FULLWIDTH.pop(ord(_keep), None)
_FULLWIDTH.update({
    ord("\u3000"): " ",      # ideographic space
    ord("\u00a0"): " ",      # no-break space
    ord("\u2009"): " ",      # thin space (used as a grouping separator by some pages)
    ord("\u2212"): "-",      # minus sign
    ord("\u00b5"): "μ",      # micro sign → Greek mu
    ord("\u2024"): ".",      # one dot leader
})
FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)


def to_halfwidth(text: str) -> str:
    """Return *text* with full-width ASCII forms replaced, offsets unchanged."""
    return text.translate(FULLWIDTH_TABLE)


CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

MAGNITUDES_ZH = {"万亿": 10 ** 12, "亿": 10 ** 8, "万": 10 ** 4, "千": 10 ** 3, "百万": 10 ** 6,
                 "千万": 10 ** 7, "十万": 10 ** 5}
MAGNITUDES_EN = {
    "thousand": 10 ** 3, "k": 10 ** 3,
    "million": 10 ** 6, "mln": 10 ** 6, "mn": 10 ** 6, "m": 10 ** 6,
    "billion": 10 ** 9, "bln": 10 ** 9, "bn": 10 ** 9, "b": 10 ** 9,
    "trillion": 10 ** 12, "tn": 10 ** 12, "trln": 10 ** 12,
}

EN_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a": 1,
    "half": 0.5,
}


def parse_arabic(s: str) -> Decimal | None:
    """Parse ``1,234.5`` / ``１２３４．５`` / ``10.4`` into a Decimal; None when it is not a number.

    Grouping commas must be well formed (groups of three); ``1,23`` is rejected rather
    than read as 123.
    """
    s = to_halfwidth(s).strip()
    if not s:
        return None
    if "," in s:
        head, _, tail = s.partition(".")
        groups = head.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        s = head.replace(",", "") + ("." + tail if tail else "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _parse_cn_section(s: str) -> int | None:
    """Parse a Chinese numeral below 10 000 (``三千零五``, ``十五``, ``二十``, ``百``)."""
    if not s:
        return 0
    total = 0
    number = None
    for ch in s:
        if ch in CN_DIGITS:
            if number is not None and number != 0 and CN_DIGITS[ch] != 0:
                return None            # two digits in a row without a unit ("十四五")
            number = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            if number is None and total:
                return None            # "十百" is not a numeral
            total += (1 if number is None else number) * CN_SMALL_UNITS[ch]
            number = None
        else:
            return None
    if number:
        total += number
    return total


def parse_chinese_integer(s: str) -> int | None:
    """Parse a Chinese integer numeral: ``三千`` 3000, ``两万`` 20000, ``一万亿`` 10**12.

    A bare digit string (``二〇二三``) reads digit by digit.  Returns None when *s* is not a
    well-formed numeral (``十四五`` is a name, not a number).
    """
    if not s:
        return None
    if all(ch in CN_DIGITS for ch in s):
        if len(s) == 1:
            return CN_DIGITS[s]
        if s[0] in "零〇○":
            return None
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    for big in ("亿", "万"):
        i = s.rfind(big)
        if i >= 0:
            left, right = s[:i], s[i + 1:]
            lv = parse_chinese_integer(left) if left else 1
            if lv is None:
                return None
            if right.startswith(("零", "〇")):
                right = right[1:]
            rv = parse_chinese_integer(right) if right else 0
            if rv is None or rv >= CN_BIG_UNITS[big]:
                return None
            return lv * CN_BIG_UNITS[big] + rv
    return _parse_cn_section(s)


def parse_chinese_numeral(s: str) -> Decimal | None:
    """Parse a Chinese numeral, with an optional decimal part after 点 (``三点五`` → 3.5)."""
    whole, sep, frac = s.partition("点")
    iv = parse_chinese_integer(whole)
    if iv is None:
        return None
    if not sep:
        return Decimal(iv)
    if not frac or any(ch not in CN_DIGITS for ch in frac):
        return None
    return Decimal(f"{iv}.{''.join(str(CN_DIGITS[c]) for c in frac)}")


def to_number(d: Decimal) -> int | float:
    """An exact Decimal as a plain JSON number: int when integral, else float."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def scale(d: Decimal, factor: int | Decimal) -> int | float:
    """``d × factor`` as a plain number (exact decimal arithmetic, then int/float)."""
    return to_number(d * factor)


def parse_number(s: str) -> int | float | None:
    """Parse one number as written, magnitude included, into its plain value.

    ``"10.4万亿"`` → 10400000000000, ``"２１６,０００"`` → 216000, ``"三千"`` → 3000,
    ``"7.12 billion"`` → 7120000000, ``"百分之五"`` → 5.  Returns None when *s* is not
    exactly one number (never 0 for a failed parse).
    """
    s = to_halfwidth(s).strip()
    if not s:
        return None
    if s.startswith("百分之"):
        d = parse_chinese_numeral(s[3:]) if not s[3:4].isdigit() else parse_arabic(s[3:])
        return to_number(d) if d is not None else None
    low = s.lower()
    for word, factor in sorted(MAGNITUDES_EN.items(), key=lambda kv: -len(kv[0])):
        if low.endswith(word) and len(word) > 2 or low.endswith(" " + word):
            head = s[: len(s) - len(word)].strip().rstrip("-").strip()
            d = parse_arabic(head)
            if d is None and head.lower() in EN_WORD_NUMBERS:
                d = Decimal(str(EN_WORD_NUMBERS[head.lower()]))
            return scale(d, factor) if d is not None else None
    factor = 1
    for mag in ("万亿", "亿", "万", "千"):
        if s.endswith(mag) and len(s) > len(mag) and s[-len(mag) - 1].isdigit():
            factor = MAGNITUDES_ZH[mag]
            s = s[: -len(mag)]
            break
    d = parse_arabic(s)
    if d is None:
        d = parse_chinese_numeral(s)
    return scale(d, factor) if d is not None else None
