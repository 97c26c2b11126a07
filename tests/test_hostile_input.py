"""Bad input from an operator or a user: a usage or configuration error (exit 2) naming what to fix."""

from __future__ import annotations

import subprocess
import sys

import pytest

from test_config import REPO, write


def cli(config, *args):
    return subprocess.run([sys.executable, "-m", "scheduler", "-q", "--config", str(config), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def assert_usage_error(proc, *words):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


@pytest.mark.parametrize("data_dir", ["a-regular-file", "/proc/serieswatch-x", "a-regular-file/below"])
def test_an_impossible_data_dir_is_exit_2_naming_the_file_and_key(tmp_path, data_dir):
    (tmp_path / "a-regular-file").write_text("not a directory")
    config = write(tmp_path, f"data_dir: {data_dir}\n")
    assert_usage_error(cli(config, "status"), "data_dir", str(config))


def test_empty_sources_is_exit_2_like_an_empty_list(tmp_path):
    for text in ("sources:\n", "sources: []\n"):
        config = write(tmp_path, text)
        assert_usage_error(cli(config, "status"), "sources", str(config))


def test_run_with_no_sources_at_all_is_exit_2(tmp_path):
    config = write(tmp_path, "timezone: Asia/Shanghai\n")
    assert_usage_error(cli(config, "crawl"), "sources", str(config))


@pytest.mark.parametrize("url", ["notaurl", "oracle2://scott@db/x", "mysql://user@localhost/archive"])
def test_a_bad_or_unsupported_storage_url_is_exit_2_naming_storage_url(tmp_path, url):
    config = write(tmp_path, f"storage:\n  url: '{url}'\n")
    assert_usage_error(cli(config, "status"), "storage.url", str(config))


def test_an_article_id_too_large_for_any_database_is_a_usage_error(tmp_path):
    config = write(tmp_path, f"data_dir: {tmp_path / 'data'}\n")
    assert_usage_error(cli(config, "article", "9" * 26), "no article")


def test_a_40000_character_search_is_a_usage_error_not_a_failed_write(tmp_path):
    config = write(tmp_path, f"data_dir: {tmp_path / 'data'}\n")
    proc = cli(config, "search", "京津冀" * 13_334)
    assert_usage_error(proc, "search", "characters")
    assert "write" not in proc.stderr
