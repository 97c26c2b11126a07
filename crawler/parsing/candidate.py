"""What one template extractor found on a page, before it is checked and turned into an article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.parsing.body import Body


@dataclass
class Candidate:
    """Raw findings of one template: texts as the page shows them, parsed later in one place."""

    template: str
    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    published_at: datetime | None = None
    outlet: str | None = None
    author_text: str | None = None          # the byline as written ("人民网记者 许维娜")
    authors: list[str] = field(default_factory=list)   # when the template already split them
    editor_text: str | None = None          # the editor line as written ("(责编：沈佳萍、高雷)")
    body: Body = field(default_factory=Body)
    body_element: object = None             # lxml element holding the body, for link searches
