"""The Python API: `from serieswatch import Archive`, records in the CLI's JSON shapes, and .to_pandas()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from query_fixtures import A, B, C, cli, figures_archive  # noqa: F401

from serieswatch.errors import UsageError

REPO = Path(__file__).resolve().parents[1]


def test_importing_serieswatch_loads_nothing_else_of_the_project():
    code = ("import sys, serieswatch; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('storage', 'scheduler', 'crawler', 'notifications', 'sqlalchemy')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_records_match_the_command_line_and_become_data_frames(cli):
    from serieswatch import Archive
    with Archive.open(cli.config) as archive:
        hits = archive.search("技术合同")
        assert hits == cli.json("search", "技术合同")
        assert list(hits.to_pandas()["url"]) == [A]
        assert str(hits.to_pandas()["published_at"].dtype).startswith("datetime64")

        gdp = archive.figures(indicator="gdp_jjj", period_from="2024")
        assert sorted(f["quote"] for f in gdp) == ["11.3万亿元", "11.5万亿元"]
        assert archive.figures(tracking="conflict")[0]["url"] == C
        assert len(archive.articles()) == 3 and len(archive.articles(source="other")) == 2

        history = archive.history("gdp_jjj")
        assert history == cli.json("figures", "history", "gdp_jjj")["observations"]
        frame = history.to_pandas()
        assert list(frame["period"]) == ["2023", "2024", "2024"] and list(frame["url"])[1:] == [B, C]
        assert list(frame["conflict"]) == [False, True, True]

        assert archive.attention("京津冀", by="year") == [{"period": "2024", "articles": 1},
                                                          {"period": "2025", "articles": 2}]
        assert len(archive.search("京津冀", since="2025-01-01", sort="date")) == 2
        with pytest.raises(UsageError):
            archive.search("京津冀", sort="newest")


def _readme_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("<!-- notebook-example", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_notebook_example_runs_as_written(tmp_path):
    demo = subprocess.run([sys.executable, "-m", "scheduler", "demo", "--keep", str(tmp_path / "demo")],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    (tmp_path / "example.py").write_text(_readme_example(), encoding="utf-8")
    done = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "技术合同" in done.stdout and "gdp" not in done.stderr.lower()
    assert "10500000000000" in done.stdout and "revised" in done.stdout
