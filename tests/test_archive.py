"""The archive keeps one article per story, every revision, and URL aliases."""

from __future__ import annotations

from dataclasses import replace

from archive_fixtures import Page

from storage.articles import ArticleStore
from storage.urls import canonical_url, content_id

FINANCE = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"
POLITICS = "http://politics.people.com.cn/n1/2024/0423/c1001-40221900.html"


def save(database, page, **kw):
    with database.session() as s:
        return ArticleStore(s).save(page, source="peoples-daily-jjj", **kw)


def test_first_sighting_is_new_and_refetch_unchanged_adds_nothing(database):
    first = save(database, Page(FINANCE))
    again = save(database, Page(FINANCE))
    assert (first.outcome, again.outcome) == ("new", "unchanged")
    with database.session() as s:
        article = ArticleStore(s).get(first.article_id)
        assert article.revision_count == 1 and len(article.revisions) == 1


def test_same_story_under_another_channel_is_one_article_with_an_alias(database):
    first = save(database, Page(FINANCE))
    other = save(database, Page(POLITICS))
    assert other.outcome == "alias" and other.article_id == first.article_id
    with database.session() as s:
        article = ArticleStore(s).by_url(POLITICS)
        assert article.url == FINANCE
        assert {u.url for u in article.urls} == {FINANCE, POLITICS}


def test_the_primary_url_does_not_depend_on_which_copy_answered_first(tmp_path):
    from storage.db import open_database
    primaries = []
    for n, order in enumerate([(FINANCE, POLITICS), (POLITICS, FINANCE)]):
        db = open_database(f"sqlite:///{tmp_path / f'order{n}.db'}")
        try:
            for url in order:
                save(db, Page(url))
            with db.session() as s:
                article = ArticleStore(s).by_url(POLITICS)
                primaries.append((article.url, sorted(u.url for u in article.urls)))
        finally:
            db.dispose()
    assert primaries[0] == primaries[1]
    assert primaries[0][0] == FINANCE              # the lowest content id: 40221837 < 40221900


def test_mobile_host_and_tracking_parameters_are_the_same_url(database):
    first = save(database, Page(FINANCE))
    mobile = save(database, Page("https://finance.people.com.cn/n1/2024/0423/c1004-40221837.html?utm_source=wx#top"))
    assert mobile.outcome == "unchanged" and mobile.article_id == first.article_id


def test_edited_text_adds_a_revision_and_keeps_the_old_text(database):
    page = Page(FINANCE)
    first = save(database, page)
    edited = save(database, replace(page, text=page.text.replace("10.4万亿元", "10.5万亿元")))
    assert edited.outcome == "revised" and edited.previous_revision_id == first.revision_id
    with database.session() as s:
        article = ArticleStore(s).get(FINANCE)
        assert article.revision_count == 2
        assert "10.4万亿元" in article.revisions[0].text and "10.5万亿元" in article.text


def test_a_slightly_different_mirror_never_flip_flops_revisions(database):
    page = Page(FINANCE)
    save(database, page)
    mirror = replace(Page(POLITICS), text=page.text + "\n\n（来源：人民日报）")
    assert save(database, mirror).outcome == "alias"
    assert save(database, mirror).outcome == "unchanged"
    assert save(database, page).outcome == "unchanged"


def test_different_stories_on_the_same_day_stay_apart(database):
    a = save(database, Page(FINANCE))
    b = save(database, Page("http://finance.people.com.cn/n1/2024/0423/c1004-40221999.html", title="另一篇报道",
                            text="完全不同的正文。"))
    assert b.outcome == "new" and b.article_id != a.article_id


def test_canonical_url_rules():
    assert canonical_url("HTTPS://Finance.People.com.cn:443/n1/2024/0423/c1004-40221837.html?from=timeline#x") == FINANCE
    assert canonical_url("http://m.people.cn/n1/x.html") == "http://www.people.com.cn/n1/x.html"
    assert canonical_url("http://127.0.0.1:8080/a.html?id=3&utm_medium=x") == "http://127.0.0.1:8080/a.html?id=3"
    assert content_id(FINANCE) == "40221837"
    assert content_id("http://en.people.cn/n3/2024/0227/c90000-20137000-2.html") == "20137000"


def test_the_same_page_on_another_host_with_new_text_is_a_revision(database):
    page = Page(FINANCE)
    save(database, page)
    moved = replace(page, url="http://finance.people.cn/n1/2024/0423/c1004-40221837.html",
                    text=page.text.replace("748.7亿元", "748.8亿元"))
    result = save(database, moved)
    assert result.outcome == "revised"


def test_an_edited_headline_is_a_revision_too(database):
    page = Page(FINANCE)
    save(database, page)
    assert save(database, replace(page, title="协同创新赋能京津冀经济高质量发展（更新）")).outcome == "revised"
    assert save(database, replace(page, title="协同创新赋能京津冀经济高质量发展（更新）")).outcome == "unchanged"
