"""Admin alerts about the site search: failing for FAILING_RUNS runs in a row, or answering in a new shape.

A single failed search window degrades its run (status lists it) and is retried by the next run, so
it is not worth a mail on its own: `search_problems` keeps such a run out of the "run degraded"
alert and opens "search_failing" once the search has failed in FAILING_RUNS consecutive runs that
searched. An answer that changed shape (fields missing) is the site's layout changing under the
search: the same "layout_change" alert as for unreadable pages, opened at once.
"""

from __future__ import annotations

from storage.runs import RunStore

FAILING_RUNS = 3


def search_only_degraded(stats: dict) -> bool:
    """The crawl is degraded only because search windows failed (crawler.report.crawl_status's other reasons absent)."""
    others = sum(v for k, v in stats.items() if k.startswith("failed_")
                 and k not in ("failed_parse", "failed_layout", "failed_robots", "failed_search"))
    return bool(stats.get("failed_search")) and not (others or stats.get("new_pages_unparsed")
                                                     or stats.get("robots_unavailable"))


def failing_runs(session) -> tuple[int, list[str]]:
    """How many of the latest runs that searched (this one first) had failed search windows, and their errors."""
    n, errors = 0, []
    for run in RunStore(session).recent(50):
        stats = run.stats or {}
        if not stats.get("search_windows"):
            continue
        if not stats.get("search_failed"):
            break
        n += 1
        if n <= FAILING_RUNS:
            errors.extend(f"run {run.id}: {f.reason}" for f in run.failures if f.kind == "search")
    return n, errors


def search_problems(session, outcome, found: dict, problem_cls) -> None:
    """Adjust `found` (key → Problem or None) for the search; `problem_cls` is alerts.Problem."""
    stats = outcome.stats or {}
    if not stats.get("search_windows"):
        return                           # this run did not search: nothing confirmed or cleared
    rid = outcome.run_id
    if stats.get("search_shape_changed"):
        found["layout_change"] = problem_cls(
            f"layout change: the site search answer changed shape (run {rid})", reason=outcome.reason, failures=True,
            summary=("The site search answered in a shape serieswatch does not read (fields missing), so articles "
                     "only the search finds are not archived. The windows are retried on every run."),
            details=["crawler/search_api.py reads the answer: compare it with what the search returns now."])
    if outcome.status == "failed":
        return
    if search_only_degraded(stats) and found.get("run_degraded") is not None:
        del found["run_degraded"]        # left as it is: a search failure alone waits for FAILING_RUNS
    runs, errors = failing_runs(session)
    if not stats.get("search_failed"):
        found["search_failing"] = None
    elif runs >= FAILING_RUNS:
        found["search_failing"] = problem_cls(
            f"site search failing for {runs} runs", reason=outcome.reason, details=errors[:20],
            summary=(f"The site search has failed in each of the last {runs} runs that used it. Articles only it "
                     f"finds are not archived meanwhile; the failed windows are retried by every run and "
                     f"backfill. `serieswatch status` lists the query and window of each failure."))
