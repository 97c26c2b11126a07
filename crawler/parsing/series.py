"""Numbered series from a kicker: 新时代京津冀协同发展十年新篇章系列报道之二 → (新时代…新篇章, 2).

Chinese kickers number parts with Chinese numerals (之二, 之二十三, （三）, ③, 第四篇); English
ones with roman or arabic numerals or words ("Report Series II of \"…\"", "Part 2 of …").
"""

from __future__ import annotations

import re

from crawler.parsing.model import Series

__all__ = ["parse_series", "chinese_number", "roman_number", "to_chinese_numeral"]

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
           "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100}
_CHINESE_NUMERAL = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰"
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}           # ① .. ⑳
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ENGLISH_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}

_NUM = rf"(?P<num>[{_CHINESE_NUMERAL}]+|[0-9０-９]+)"
_KIND = r"(?:系列(?:报道|评论|述评|访谈|调研|解读|文章|评述|专访|观察)?|报道|评论|述评|访谈|调研行)?"
_ZH_PATTERNS = (
    re.compile(rf"^(?P<name>.+?){_KIND}\s*之\s*{_NUM}\s*$"),
    re.compile(rf"^(?P<name>.+?){_KIND}\s*[（(]\s*{_NUM}\s*[)）]\s*$"),
    re.compile(rf"^(?P<name>.+?){_KIND}\s*第\s*{_NUM}\s*[篇期集讲站部章]\s*$"),
    re.compile(rf"^(?P<name>.+?){_KIND}\s*(?P<circled>[\u2460-\u2473])\s*$"),
    re.compile(rf"^(?P<name>.+?系列(?:报道|评论|述评|访谈)?)\s*[·:：|｜丨]?\s*{_NUM}\s*$"),
)
_EN_NUM = r"(?P<num>\d+|[IVXLCivxlc]+|[A-Za-z]+)"
_EN_PATTERNS = (
    re.compile(rf"^(?:(?:report|commentary|feature|interview)\s+)?(?:series|part|installment|no\.)\s+{_EN_NUM}\s+of\s+(?:the\s+)?(?:series\s+)?(?P<name>.+?)(?:\s+series)?$", re.I),
    re.compile(rf"^(?P<name>.+?)(?:\s+series)?\s*[(,:|]?\s*(?:part|no\.|episode)\s+{_EN_NUM}\)?$", re.I),
    re.compile(rf"^(?P<name>.+?)\s+series\s+{_EN_NUM}$", re.I),
)
_QUOTES = "\"'“”‘’「」『』《》〈〉【】 \u3000·:：|｜丨-—,，"


def chinese_number(text: str) -> int | None:
    """1..999 from Chinese numerals (二十三 → 23, 十二 → 12, 一百零五 → 105) or digits."""
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text):          # digit-by-digit: 二〇二四 → 2024
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total or None


def to_chinese_numeral(number: int) -> str:
    """1..99 as a Chinese numeral, the way kickers write it (十, 十二, 二十, 二十三)."""
    if not 1 <= number <= 99:
        raise ValueError(f"only 1..99 are supported, not {number}")
    names = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else names[tens] + "十")
    return head + (names[ones] if ones else "")


def roman_number(text: str) -> int | None:
    """The value of a roman numeral (II → 2, XIV → 14); None for anything else."""
    text = text.lower()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for index, ch in enumerate(text):
        value = _ROMAN[ch]
        if index + 1 < len(text) and _ROMAN[text[index + 1]] > value:
            total -= value
        else:
            total += value
    return total if total > 0 else None


def _english_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    word = _ENGLISH_WORDS.get(text.lower())
    if word:
        return word
    return roman_number(text)


def _clean_name(name: str) -> str | None:
    name = name.strip().strip(_QUOTES).strip()
    name = re.sub(r"(?:系列(?:报道|评论|述评|访谈)?|报道)$", "", name).strip(_QUOTES).strip()
    return name or None


def parse_series(kicker: str | None) -> Series | None:
    """The numbered series a kicker (or title line) names, or None when it names none."""
    if not kicker:
        return None
    text = " ".join(kicker.split())
    for pattern in _ZH_PATTERNS:
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            part = _CIRCLED[groups["circled"]] if groups.get("circled") else chinese_number(groups["num"])
            name = _clean_name(groups["name"])
            if part and name:
                return Series(name, part)
    for pattern in _EN_PATTERNS:
        match = pattern.match(text)
        if match:
            part = _english_number(match.group("num"))
            name = _clean_name(match.group("name"))
            if part and name:
                return Series(name, part)
    return None
