"""config.yaml is validated once at start-up; mistakes exit 2 naming the file and the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from serieswatch.config import load_config, parse_config
from serieswatch.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_config_is_valid_and_points_at_peoples_daily():
    config = load_config(REPO / "config.yaml", env={})
    assert config.timezone == "Asia/Shanghai"
    assert config.storage_url == "sqlite:///" + str((REPO / "data" / "serieswatch.db").resolve())
    assert any("people.com.cn" in u for s in config.sources for u in s.start_urls)
    assert config.crawl.obey_robots and config.crawl.download_delay >= 1
    assert config.indicators, "the default catalog is used when config has no indicators"


def test_defaults_fill_everything_an_empty_file_leaves_out(tmp_path):
    config = load_config(write(tmp_path, ""), env={})
    assert config.schedule.cron == "0 8 * * *"
    assert config.crawl.recheck_days == 7
    assert config.data_dir == (tmp_path / "data").resolve()


def test_environment_database_url_wins(tmp_path):
    config = load_config(write(tmp_path, "storage: {url: 'sqlite:///x.db'}\n"),
                         env={"SERIESWATCH_DB_URL": "postgresql+psycopg://u@h/db"})
    assert config.storage_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("text, key, expected", [
    ("crawl:\n  download_delay: -1\n", "crawl.download_delay", ">= 0"),
    ("crawl:\n  download_delay: soon\n", "crawl.download_delay", "seconds"),
    ("crawl:\n  obey_robot: true\n", "crawl.obey_robot", "unknown key"),
    ("timezone: Mars/Olympus\n", "timezone", "unknown time zone"),
    ("schedule:\n  cron: '61 8 * * *'\n", "schedule.cron", "cron"),
    ("email:\n  security: tls\n", "email.security", "none, starttls, ssl"),
    ("sources:\n  - name: a\n    start_urls: [ftp://x]\n", "sources[0].start_urls[0]", "http"),
    ("sources:\n  - name: a\n", "sources[0].start_urls", "at least one"),
    ("colour: blue\n", "colour", "unknown key"),
])
def test_mistakes_name_the_file_and_the_key(tmp_path, text, key, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path, env={})
    message = str(err.value)
    assert str(path) in message and key in message and expected in message


def test_broken_yaml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(write(tmp_path, "crawl: [\n"), env={})


def test_a_source_matches_when_one_series_phrase_occurs():
    source = parse_config({"sources": [{"name": "s", "start_urls": ["http://a.example/"],
                                        "series": ["京津冀", "Jing-Jin-Ji"]}]}, env={}).sources[0]
    assert source.matches_series("标题", None, "推动京津冀协同发展")
    assert source.matches_series("The jing-jin-ji region")
    assert not source.matches_series("上海楼市", "长三角")


def test_cli_exits_2_and_names_the_key(tmp_path):
    path = write(tmp_path, "crawl:\n  download_delay: -3\n")
    proc = subprocess.run([sys.executable, "-m", "scheduler", "--config", str(path), "status"],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2
    assert "crawl.download_delay" in proc.stderr and str(path) in proc.stderr


def test_a_missing_smtp_password_stops_run_at_start_up(tmp_path):
    import os
    path = write(tmp_path, "email:\n  username_env: SW_TEST_USER\n  password_env: SW_TEST_PASSWORD\n")
    env = {k: v for k, v in os.environ.items() if k != "SW_TEST_PASSWORD"} | {"SW_TEST_USER": "mailer"}
    proc = subprocess.run([sys.executable, "-m", "scheduler", "--config", str(path), "run"],
                          capture_output=True, text=True, cwd=REPO, env=env)
    assert proc.returncode == 2
    assert "email.password_env" in proc.stderr and str(path) in proc.stderr and "SW_TEST_PASSWORD" in proc.stderr
