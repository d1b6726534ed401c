"""The site search page's engine: cases, events, actors and instruments, ranked, with highlighted matches.

Matching and ranking are `atrocity.search.ranked_search`, the same as the API's `search` parameter. Excerpts come
from PostgreSQL's ts_headline (so "councils" highlights "Council") and, on SQLite, from a plain word match.
"""

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actors.models import Actor
from atrocity.search import SEARCH_CONFIG, is_postgresql, ranked_search
from atrocity.visibility import visible_to
from cases.filtersets import EVENT_SEARCH_VECTOR
from cases.models import CaseStudy, Event
from instruments.models import Instrument

RESULTS_PER_GROUP = 25
EXCERPT_CHARS = 260
# Markers ts_headline puts around matches; unusual characters so that the text can be escaped before they become
# <mark> tags.
_START, _STOP = "\u27e6", "\u27e7"


@dataclass
class Hit:
    title: SafeString
    url: str
    excerpt: SafeString
    meta: str = ""


@dataclass
class ResultGroup:
    key: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)


def query_words(query: str) -> list[str]:
    """The words of a query, without web-search operators ("or", leading minus, quotes)."""
    words = re.findall(r"-?[\w'’-]+", query)
    return [word for word in words if not word.startswith("-") and word.lower() != "or" and len(word) > 1]


def highlight(text: str, words: list[str], limit: int | None = None) -> SafeString:
    """Escape `text` and wrap each occurrence of the words in <mark>; with `limit`, excerpt around the first match."""
    text = " ".join((text or "").split())
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    if limit and len(text) > limit:
        first = pattern.search(text) if words else None
        start = max(0, (first.start() if first else 0) - limit // 3)
        end = min(len(text), start + limit)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if not words:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def _headline_html(headline: str) -> SafeString:
    return mark_safe(escape(" ".join(headline.split())).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _with_headline(queryset: QuerySet, query: str, field_name: str) -> QuerySet:
    if not is_postgresql():
        return queryset
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    return queryset.annotate(
        headline=SearchHeadline(
            field_name,
            SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG),
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=40,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def _excerpt(row, text: str, words: list[str]) -> SafeString:
    headline = getattr(row, "headline", None)
    if headline and _START in headline:
        return _headline_html(headline)
    return highlight(text, words, limit=EXCERPT_CHARS)


def search_everything(query: str, user=None) -> list[ResultGroup]:
    """Ranked matches in each kind of entry, at most RESULTS_PER_GROUP each; empty groups are left out."""
    words = query_words(query)
    specs = [
        ("cases", "Case studies", visible_to(CaseStudy.objects.all(), user), ("title", "summary"), "summary"),
        (
            "events",
            "Events",
            visible_to(Event.objects.all(), user).select_related("case"),
            ("title", "description"),
            "description",
        ),
        (
            "actors",
            "Actors",
            visible_to(Actor.objects.all(), user),
            ("name", "short_name", "description"),
            "description",
        ),
        (
            "instruments",
            "Instruments",
            visible_to(Instrument.objects.all(), user),
            ("name", "description"),
            "description",
        ),
    ]
    groups = []
    for key, label, queryset, fields, excerpt_field in specs:
        matches = ranked_search(queryset, query, fields, stored_vector=EVENT_SEARCH_VECTOR if key == "events" else None)
        rows = list(_with_headline(matches, query, excerpt_field)[:RESULTS_PER_GROUP])
        if not rows:
            continue
        count = len(rows) if len(rows) < RESULTS_PER_GROUP else matches.count()
        groups.append(ResultGroup(key, label, count, [_hit(key, row, words) for row in rows]))
    return groups


def _hit(key: str, row, words: list[str]) -> Hit:
    if key == "cases":
        return Hit(
            highlight(row.title, words), row.get_absolute_url(), _excerpt(row, row.summary, words), row.period_label
        )
    if key == "events":
        return Hit(
            highlight(row.title, words),
            row.get_absolute_url(),
            _excerpt(row, row.description, words),
            f"{row.date_label} · {row.case.title}",
        )
    if key == "actors":
        return Hit(
            highlight(str(row), words),
            row.get_absolute_url(),
            _excerpt(row, row.description, words),
            row.get_kind_display(),
        )
    return Hit(
        highlight(row.name, words),
        row.get_absolute_url(),
        _excerpt(row, row.description, words),
        f"{row.get_category_display()} instrument",
    )
