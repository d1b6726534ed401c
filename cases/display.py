"""Labels and links of an event list, computed once per distinct value so a 1,000-event case page renders fast.

Django's `get_FOO_display()` and `get_absolute_url()` cost little once, but thousands of times per page they
dominate the rendering; here each label is translated once and each actor's or instrument's URL reversed once.
"""

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
