"""Kickers name a numbered series; the part number is read in Chinese, roman or arabic numerals."""

import pytest
from hypothesis import given, strategies as st

from crawler.parsing import Series
from crawler.parsing.series import chinese_number, parse_series, roman_number, to_chinese_numeral

NAME = "新时代京津冀协同发展十年新篇章"


@pytest.mark.parametrize("kicker, part", [
    (f"{NAME}系列报道之二", 2),
    (f"{NAME}系列报道之十", 10),
    (f"{NAME}系列报道之十一", 11),
    (f"{NAME}系列报道之二十三", 23),
    (f"{NAME}系列评论之三", 3),
    (f"{NAME}之四", 4),
    (f"“{NAME}”系列报道（五）", 5),
    (f"{NAME}系列报道⑥", 6),
    (f"{NAME}系列报道之7", 7),
    (f"{NAME}系列报道之８", 8),
    (f"{NAME}系列报道 第九篇", 9),
])
def test_chinese_kicker_gives_series_name_and_part(kicker, part):
    assert parse_series(kicker) == Series(NAME, part)


@pytest.mark.parametrize("kicker, name, part", [
    ('Report Series II of "New Chapter of Ten Year Coordinated Development of Beijing, Tianjin and Hebei"',
     "New Chapter of Ten Year Coordinated Development of Beijing, Tianjin and Hebei", 2),
    ('Part 2 of "Jing-Jin-Ji at Ten"', "Jing-Jin-Ji at Ten", 2),
    ("Part two of the series Jing-Jin-Ji at Ten", "Jing-Jin-Ji at Ten", 2),
    ("Series XIV of Jing-Jin-Ji at Ten", "Jing-Jin-Ji at Ten", 14),
    ("Jing-Jin-Ji at Ten (Part 3)", "Jing-Jin-Ji at Ten", 3),
    ("Jing-Jin-Ji at Ten, Part IV", "Jing-Jin-Ji at Ten", 4),
])
def test_english_kicker_gives_series_name_and_part(kicker, name, part):
    assert parse_series(kicker) == Series(name, part)


@pytest.mark.parametrize("kicker", [None, "", "经济观察", "京津冀协同发展", "Beijing-Tianjin-Hebei",
                                    "Opinion", "京津冀协同发展（2014-2024）"])
def test_kicker_without_numbered_series_gives_none(kicker):
    assert parse_series(kicker) is None


@given(st.integers(min_value=1, max_value=99))
def test_every_chinese_numeral_from_one_to_ninety_nine_round_trips(number):
    numeral = to_chinese_numeral(number)
    assert chinese_number(numeral) == number
    assert parse_series(f"{NAME}系列报道之{numeral}") == Series(NAME, number)


@given(st.integers(min_value=1, max_value=39))
def test_roman_numerals_in_english_series_kickers(number):
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    roman, rest = "", number
    for value, letters in numerals:
        while rest >= value:
            roman, rest = roman + letters, rest - value
    assert roman_number(roman) == number
    assert parse_series(f'Report Series {roman} of "Jing-Jin-Ji at Ten"') == Series("Jing-Jin-Ji at Ten", number)


@pytest.mark.parametrize("numeral, value", [("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105),
                                            ("两", 2), ("二〇二四", 2024), ("１２", 12)])
def test_chinese_numerals(numeral, value):
    assert chinese_number(numeral) == value
