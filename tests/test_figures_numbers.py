"""Number parsing and normalisation: Arabic with grouping commas, full-width forms, Chinese
numerals and magnitudes; property-based round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.figures import extract_figures
from crawler.figures.numbers import (parse_arabic, parse_chinese_integer, parse_chinese_numeral,
                                     parse_number, to_halfwidth)


@pytest.mark.parametrize("written,value", [
    ("10.4万亿", 10_400_000_000_000), ("748.7亿", 74_870_000_000), ("216,000", 216_000),
    ("２１６,０００", 216_000), ("１０．４", 10.4), ("三千", 3000), ("两万", 20_000),
    ("一万二千", 12_000), ("一万亿", 10 ** 12), ("两亿三千万", 230_000_000), ("十五", 15),
    ("二十", 20), ("一百零五", 105), ("三点五", 3.5), ("百分之五", 5), ("百分之12.5", 12.5),
    ("7.12 billion", 7_120_000_000), ("10.4 trillion", 10_400_000_000_000), ("1.2万", 12_000),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("written", ["", "十四五", "1,23", "12,3456", "abc", "百十", "--"])
def test_unparseable_numbers_are_none_never_zero(written):
    assert parse_number(written) is None


def test_halfwidth_keeps_offsets():
    text = "占比达到４０．５％，同比提高１．２个百分点。"
    assert len(to_halfwidth(text)) == len(text)
    assert to_halfwidth(text) == "占比达到40.5%，同比提高1.2个百分点。"


def _group(n: int) -> str:
    return f"{n:,}"


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c in ".%" else c for c in s)


_CN = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """A plain Chinese numeral for 1 <= n < 10**12 (the writing a reporter would use)."""
    def section(x: int) -> str:
        out, zero = "", False
        for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, x = divmod(x, unit_value)
            if d:
                if zero and out:
                    out += "零"
                out += _CN[d] + unit
                zero = False
            else:
                zero = True
        return out
    parts = []
    for big, name in ((10 ** 8, "亿"), (10 ** 4, "万"), (1, "")):
        d, n = divmod(n, big)
        if d:
            if parts and d < 1000:
                parts.append("零")
            parts.append(section(d) + name)
        elif parts and n:
            pass
    return "".join(parts)


@given(st.integers(min_value=0, max_value=10 ** 15))
def test_grouped_integers_round_trip(n):
    assert parse_number(_group(n)) == n
    assert parse_number(_fullwidth(_group(n))) == n


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2))
def test_decimals_with_magnitudes_round_trip(d):
    text = format(d, "f")
    expect_wan = d * 10 ** 4
    expect_yi = d * 10 ** 8
    assert Decimal(str(parse_number(text + "万"))) == expect_wan
    assert Decimal(str(parse_number(text + "亿"))) == expect_yi
    assert Decimal(str(parse_number(_fullwidth(text) + "亿"))) == expect_yi
    assert Decimal(str(parse_number(text + " billion"))) == d * 10 ** 9


@given(st.integers(min_value=1, max_value=10 ** 12 - 1))
def test_chinese_numerals_round_trip(n):
    assert parse_chinese_integer(_to_chinese(n)) == n


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["项", "家", "个", "辆", "人"]))
@settings(max_examples=60)
def test_counts_in_a_sentence_round_trip(n, word):
    text = f"2023年，京津冀三地新增企业{_group(n)}{word}。"
    figures = extract_figures(text, language="zh")
    assert [(f.value, f.unit, f.measure_word) for f in figures] == [(n, "count", word)]


@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("9999.9"), places=1),
       st.sampled_from([("亿元", 10 ** 8), ("万亿元", 10 ** 12), ("万元", 10 ** 4)]))
@settings(max_examples=60)
def test_money_in_a_sentence_round_trip(d, unit):
    written, factor = unit
    text = f"去年，京津冀地区进出口总值达{_fullwidth(format(d, 'f'))}{written}，同比增长3.5%。"
    figures = extract_figures(text, language="zh", published_at=None)
    assert Decimal(str(figures[0].value)) == d * factor and figures[0].unit == "CNY"
    assert figures[1].value == 3.5 and figures[1].unit == "percent"


@given(st.integers(min_value=1, max_value=10 ** 6))
@settings(max_examples=40)
def test_english_grouped_counts_round_trip(n):
    text = f"The three regions have set up more than {_group(n)} enterprises."
    figures = extract_figures(text, language="en")
    assert [(f.value, f.unit, f.approx) for f in figures] == [(n, "count", "more_than")]


@given(st.text(alphabet="0123456789,.%年月日万亿元一二三四五六七八九十百千两第之个项家—至 ，。", max_size=40))
@settings(max_examples=300)
def test_no_text_yields_zero_or_a_year(text):
    for f in extract_figures(text, language="zh"):
        assert f.value != 0
        assert text[f.span[0]:f.span[1]] == f.quote
        assert not (f.quote.endswith("年") and f.unit == "count")


def test_chinese_numeral_with_decimal():
    assert parse_chinese_numeral("三点五") == Decimal("3.5")
    assert parse_arabic("1,234.5") == Decimal("1234.5")
