"""The HTML of a case page's event entries, built in Python from the rows of `cases/case_page.py`.

On a 1,000-event page the template engine's per-item cost, and then format_html's, was most of the page's time.
Here every value is escaped with `html.escape` (what Django's `escape` does) and the fragments that repeat from
event to event (an actor's link, a source's citation) are built once per page. Descriptions go through the
sanitising Markdown renderer, as everywhere else.
"""

from functools import cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from atrocity.templatetags.prose import render_markdown
from cases.case_page import PageActor, PageEvent, PageInstrument, PageSource
from cases.models import ActorRole, EventType
from instruments.models import InstrumentCategory

APPROXIMATIONS = {
    "month": '<span class="approx">day not known</span>',
    "year": '<span class="approx">month not known</span>',
}


class EventItems:
    """Renders event entries; labels are translated once and repeated fragments cached for the page."""

    def __init__(self, level: int) -> None:
        self.level = level  # the heading level of an entry's title: one deeper under phase headings
        self.type_labels = {code: escape(str(label)) for code, label in EventType.choices}
        self.role_labels = {code: escape(str(label).lower()) for code, label in ActorRole.choices}
        self.category_labels = {code: escape(str(label)) for code, label in InstrumentCategory.choices}
        self.category_order = {code: index for index, code in enumerate(InstrumentCategory.values)}
        self.actor_link = cache(self._actor_link)
        self.instrument_link = cache(self._instrument_link)
        self.source_name = cache(self._source_name)

    @staticmethod
    def _actor_link(actor: PageActor) -> str:
        return f'<a href="{escape(actor.url)}">{escape(actor.name)}</a>'

    @staticmethod
    def _instrument_link(instrument: PageInstrument) -> str:
        return f'<a href="{escape(instrument.url)}">{escape(instrument.name)}</a>'

    @staticmethod
    def _source_name(source: PageSource) -> str:
        citation = escape(source.citation)
        return f'<a href="{escape(source.url)}">{citation}</a>' if source.url else citation

    def _short_actor_link(self, actor: PageActor) -> str:
        if not actor.short_name:
            return self.actor_link(actor)
        return f'<a href="{escape(actor.url)}">{escape(actor.short_name)}</a>'

    def _badges(self, event: PageEvent) -> str:
        codes = sorted({use.instrument.category for use in event.use_list}, key=self.category_order.get)
        return "".join(
            f'<span class="badge"><span class="shape shape--{escape(code)}" aria-hidden="true"></span>'
            f"{self.category_labels[code]}</span>"
            for code in codes
        )

    def _actors(self, event: PageEvent) -> str:
        if not event.actor_list:
            return ""
        items = "".join(
            f'<li>{self.actor_link(link.actor)} <span class="role">'
            f"({self.role_labels.get(link.role) or escape(link.role)})</span></li>"
            for link in event.actor_list
        )
        return f'<dt>Actors</dt><dd><ul class="inline-list">{items}</ul></dd>'

    def _instruments(self, event: PageEvent) -> str:
        if not event.use_list:
            return ""
        items = "".join(
            f'<li>{self.instrument_link(use.instrument)} <span class="role">by</span> '
            f"{self._short_actor_link(use.actor)}"
            f"{_note(use.note)}</li>"
            for use in event.use_list
        )
        return f'<dt>Instruments</dt><dd><ul class="inline-list">{items}</ul></dd>'

    def _sources(self, event: PageEvent) -> str:
        if not event.citation_list:
            return ""
        items = "".join(
            f'<li>{self.source_name(citation.source)}, <span class="locator">{escape(citation.locator)}</span>'
            f"{_quote(citation.quote)}</li>"
            for citation in event.citation_list
        )
        return f'<dt>Sources</dt><dd><ul class="sources">{items}</ul></dd>'

    def render(self, event: PageEvent) -> SafeString:
        """One `<li>` of the event list."""
        level = self.level
        draft = ' <span class="badge">Draft</span>' if event.status != "published" else ""
        note = (
            f'<p class="editor-note"><strong>Editor\'s note:</strong> {escape(event.editor_note)}</p>'
            if event.editor_note
            else ""
        )
        type_label = self.type_labels.get(event.event_type) or escape(event.event_type)
        description = render_markdown(event.description) if event.description else ""
        return mark_safe(
            f'<li class="event" id="event-{event.pk}">\n'
            f'  <div class="event__date"><time datetime="{event.date.isoformat()}">{escape(event.date_label)}</time>'
            f"{APPROXIMATIONS.get(event.date_precision, '')}</div>\n"
            '  <div class="event__body">\n'
            f'    <h{level} class="event__title"><a href="{escape(event.url)}">{escape(event.title)}</a>{draft}'
            f"</h{level}>\n"
            f'    <div class="event__badges"><span class="badge badge--type">{type_label}</span>'
            f"{self._badges(event)}</div>\n"
            f"    {description}\n"
            f'    <dl class="event__details">{self._actors(event)}{self._instruments(event)}{self._sources(event)}'
            "</dl>\n"
            f"    {note}\n"
            "  </div>\n"
            "</li>"
        )


def _note(note: str) -> str:
    return f' <span class="role">({escape(note)})</span>' if note else ""


def _quote(quote: str) -> str:
    return f'<q class="quote">{escape(quote)}</q>' if quote else ""


def render_event_items(events: list[PageEvent], level: int) -> None:
    """Attach `item_html`, each event's entry in a case page's list (heading level `level`)."""
    items = EventItems(level)
    for event in events:
        event.item_html = items.render(event)
