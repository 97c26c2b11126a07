"""Precision / recall of the figure extractor on labelled sentences, and the seed article."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pytest

from crawler.figures import extract_figures
from test_figures_cases import EN_CASES, SEED_LABELS, SEED_PUBLISHED, ZH_CASES

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_4186ed937eb562d1.txt"

# The seed's body, as the parser hands it over (paragraphs joined by blank lines), kept here so
# the test runs without ../shared.  Only the paragraphs with numbers, and their neighbours.
SEED_BODY_EXCERPT = """\
Li Xiaolin introduced that last year, the gross domestic product of Beijing Tianjin Hebei region was 10.4 trillion yuan, significantly improving its comprehensive strength. In 2023, the proportion of high-tech industries above designated size in the added value of industries above designated size will be 21.4%, 9.6 percentage points higher than in 2013.

Li Xiaolin analyzed that during the ten years of coordinated development of Beijing, Tianjin and Hebei, efforts were mainly made in three aspects. First, space sharing was realized; Second, we will continue to strengthen collaborative innovation; Third, the degree of "urbanization" of the three cities has been continuously improved.

Among them, the achievements in collaborative innovation and industrial collaboration are particularly outstanding. The reporter learned from the Beijing Municipal Science and Technology Commission and the Zhongguancun Science and Technology Park Management Committee that by the end of last year, the number of branches set up by Zhongguancun enterprises in Tianjin and Hebei had exceeded 10000.

Science and technology departments in Beijing, Tianjin and Hebei have further promoted the coordinated development of scientific and technological innovation. The data shows that the number of technology contracts exported from Beijing to Tianjin and Hebei increased from 3176 in 2013 to 6758 in 2023, with an average annual growth rate of 7.8%; The turnover increased from 7.12 billion yuan in 2013 to 74.87 billion yuan in 2023, with an average annual growth rate of 26.5%.

It is understood that Hengshui Innovation Port in Hebei Province has been "going out" and "bringing in" since its establishment in November 2017. "Settled enterprises are growing rapidly." Zhang Qingliu, Deputy Commander of Hengshui Innovation Port, said that at present, the number of patents obtained by enterprises in the park has reached 93, and more than 130 innovative and entrepreneurial talents have gathered, We will continue to promote Beijing Tianjin Hebei collaborative innovation in depth.

Over the past decade, the three regions of Beijing, Tianjin and Hebei have complemented each other. In the past ten years, Beijing Tianjin Hebei coordinated development has strengthened the foundation."""


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def score(cases, language):
    """(precision, recall, f1, period accuracy, approx accuracy) over value+unit matches."""
    tp = fp = fn = period_ok = approx_ok = 0
    for sentence, published, gold in cases:
        left = list(gold)
        for fig in extract_figures(sentence, language=language, published_at=published):
            for i, (value, unit, approx, period) in enumerate(left):
                if unit == fig.unit and _close(fig.value, value):
                    tp += 1
                    period_ok += fig.period == period
                    approx_ok += fig.approx == approx
                    del left[i]
                    break
            else:
                fp += 1
        fn += len(left)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, period_ok / max(tp, 1), approx_ok / max(tp, 1)


@pytest.mark.parametrize("language,cases", [("zh", ZH_CASES), ("en", EN_CASES)])
def test_labelled_sentences_reach_f1_095_and_right_periods(language, cases):
    p, r, f1, period_acc, approx_acc = score(cases, language)
    assert f1 >= 0.95, (p, r, f1)
    assert period_acc >= 0.90
    assert approx_acc >= 0.90


def test_labelled_sets_are_large_enough():
    assert len(ZH_CASES) >= 40 and len(EN_CASES) >= 25
    assert sum(len(g) for _, _, g in ZH_CASES) >= 80


def _assert_seed_figures(figures, text):
    got = [(f.quote, f.value, f.unit, f.approx, f.period) for f in figures]
    assert len(got) == len(SEED_LABELS), got
    for (quote, value, unit, approx, period), fig in zip(SEED_LABELS, figures):
        assert fig.quote == quote
        assert _close(fig.value, value) and fig.unit == unit
        assert fig.approx == approx and fig.period == period, (quote, fig.approx, fig.period)
        assert text[fig.span[0]:fig.span[1]] == fig.quote
        assert fig.quote in fig.sentence


def test_seed_excerpt_gives_the_twelve_labelled_figures():
    figures = extract_figures(SEED_BODY_EXCERPT, language="en",
                              published_at=datetime.fromisoformat(SEED_PUBLISHED))
    _assert_seed_figures(figures, SEED_BODY_EXCERPT)


def test_seed_excerpt_kinds_and_indicators():
    figures = extract_figures(SEED_BODY_EXCERPT, language="en",
                              published_at=datetime.fromisoformat(SEED_PUBLISHED))
    by_quote = {f.quote: f for f in figures}
    assert by_quote["7.8%"].kind == "growth_rate" and by_quote["26.5%"].kind == "growth_rate"
    assert by_quote["9.6 percentage points"].kind == "change"
    assert by_quote["10.4 trillion yuan"].indicator == "gdp_jjj"
    assert by_quote["exceeded 10000"].indicator == "zgc_branches_tjhb"
    assert by_quote["3176"].indicator == "tech_contracts_bj_to_tjhb"
    assert by_quote["74.87 billion yuan"].indicator == "tech_contract_turnover_bj_to_tjhb"
    assert by_quote["7.8%"].indicator is None


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_seed_article_body_gives_exactly_the_twelve_labelled_figures():
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index('The "dead end road"')
    end = raw.index("[Related Reading]")
    body = "\n\n".join(p.strip() for p in raw[start:end].split("\n\n") if p.strip())
    figures = extract_figures(body, language="en", published_at=datetime.fromisoformat(SEED_PUBLISHED))
    _assert_seed_figures(figures, body)
