"""Template filters for the content's prose: Markdown rendered to sanitised HTML, and highlighted excerpts."""

import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What an editor may use in a description: paragraphs, emphasis, lists, quotations and links; nothing that runs
# code or changes the page's layout.
ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "abbr", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    # Building a Markdown instance costs more than converting a short description; one per thread is reused.
    if not hasattr(_local, "converter"):
        _local.converter = markdown_lib.Markdown(output_format="html")
    return _local.converter


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML; cached because the same descriptions are rendered on many pages."""
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@register.filter(is_safe=True)
def markdown(text: str | None) -> SafeString:
    """Render an editor's Markdown as HTML with only harmless tags and attributes kept."""
    if not text:
        return mark_safe("")
    return mark_safe(render_markdown(text))


@register.filter
def first_paragraph(text: str | None) -> str:
    """The first paragraph of a Markdown text, for cards and teasers."""
    if not text:
        return ""
    return text.strip().split("\n\n", 1)[0]
