"""Labels and links of an event list, computed once per distinct value so a 1,000-event case page renders fast.

Django's `get_FOO_display()` and `get_absolute_url()` cost little once, but thousands of times per page they
dominate the rendering; here each label is translated once and each actor's or instrument's URL reversed once.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from atrocity.templatetags.prose import render_markdown
from cases.models import ActorRole, Event, EventType
from instruments.models import InstrumentCategory


def label_events(events: list[Event]) -> list[Event]:
    """Attach labels and URLs to events from `selectors.events_for_case_page` (links in `actor_list`, `use_list`)."""
    type_labels = {code: str(label) for code, label in EventType.choices}
    role_labels = {code: str(label).lower() for code, label in ActorRole.choices}
    category_labels = {code: str(label) for code, label in InstrumentCategory.choices}
    category_order = {code: index for index, code in enumerate(InstrumentCategory.values)}
    urls: dict[tuple[type, int], str] = {}

    def url_of(obj) -> str:
        key = (type(obj), obj.pk)
        if key not in urls:
            urls[key] = obj.get_absolute_url()
        return urls[key]

    for event in events:
        event.url = url_of(event)
        event.type_label = type_labels.get(event.event_type, event.event_type)
        for link in event.actor_list:
            link.role_label = role_labels.get(link.role, link.role)
            link.actor_url = url_of(link.actor)
        codes = set()
        for use in event.use_list:
            use.instrument_url = url_of(use.instrument)
            use.actor_url = url_of(use.actor)
            codes.add(use.instrument.category)
        event.categories = [(code, category_labels[code]) for code in sorted(codes, key=category_order.get)]
    return events


def _approximation(event: Event) -> str:
    if event.date_precision == "month":
        return '<span class="approx">day not known</span>'
    if event.date_precision == "year":
        return '<span class="approx">month not known</span>'
    return ""


def _actors_html(event: Event) -> str:
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a> <span class="role">({})</span></li>',
        ((link.actor_url, link.actor.name, link.role_label) for link in event.actor_list),
    )
    return format_html('<dt>Actors</dt><dd><ul class="inline-list">{}</ul></dd>', items) if event.actor_list else ""


def _instruments_html(event: Event) -> str:
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a> <span class="role">by</span> <a href="{}">{}</a>{}</li>',
        (
            (
                use.instrument_url,
                use.instrument.name,
                use.actor_url,
                use.actor.short_name or use.actor.name,
                format_html(' <span class="role">({})</span>', use.note) if use.note else "",
            )
            for use in event.use_list
        ),
    )
    return format_html('<dt>Instruments</dt><dd><ul class="inline-list">{}</ul></dd>', items) if event.use_list else ""


def _sources_html(event: Event) -> str:
    def one(citation) -> str:
        source = citation.source
        name = format_html('<a href="{}">{}</a>', source.url, source.citation) if source.url else source.citation
        quote = format_html('<q class="quote">{}</q>', citation.quote) if citation.quote else ""
        return format_html('<li>{}, <span class="locator">{}</span>{}</li>', name, citation.locator, quote)

    items = mark_safe("".join(one(citation) for citation in event.citation_list))
    return format_html('<dt>Sources</dt><dd><ul class="sources">{}</ul></dd>', items) if event.citation_list else ""


def render_event_items(events: list[Event], level: int) -> None:
    """Attach `item_html`, the event's entry in a case page's list (heading level `level`).

    Built with format_html rather than an included template: on a 1,000-event page the template engine's
    per-item cost was most of the page's time. Every value is escaped; descriptions go through the sanitising
    Markdown renderer, as everywhere else.
    """
    for event in events:
        badges = format_html_join(
            "",
            '<span class="badge"><span class="shape shape--{}" aria-hidden="true"></span>{}</span>',
            event.categories,
        )
        draft = mark_safe(' <span class="badge">Draft</span>') if event.status != "published" else ""
        note = (
            format_html('<p class="editor-note"><strong>Editor\'s note:</strong> {}</p>', event.editor_note)
            if event.editor_note
            else ""
        )
        event.item_html = format_html(
            '<li class="event" id="event-{pk}">\n'
            '  <div class="event__date"><time datetime="{iso}">{label}</time>{approx}</div>\n'
            '  <div class="event__body">\n'
            '    <h{level} class="event__title"><a href="{url}">{title}</a>{draft}</h{level}>\n'
            '    <div class="event__badges"><span class="badge badge--type">{type_label}</span>{badges}</div>\n'
            "    {description}\n"
            '    <dl class="event__details">{actors}{instruments}{sources}</dl>\n'
            "    {note}\n"
            "  </div>\n"
            "</li>",
            pk=event.pk,
            iso=event.date.isoformat(),
            label=event.date_label,
            approx=mark_safe(_approximation(event)),
            level=level,
            url=event.url,
            title=event.title,
            draft=draft,
            type_label=event.type_label,
            badges=badges,
            description=mark_safe(render_markdown(event.description)) if event.description else "",
            actors=_actors_html(event),
            instruments=_instruments_html(event),
            sources=_sources_html(event),
            note=note,
        )
