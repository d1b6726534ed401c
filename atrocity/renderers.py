"""JSON (DRF's output, encoded by orjson) and the exports: CSV (one row per record, related records as `;`-joined
slugs) and TimelineJS JSON."""

import csv
import json
from collections.abc import Iterable, Iterator

import orjson
from django.http import StreamingHttpResponse
from rest_framework import renderers
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

# Dates and times go to DRF's encoder ("Z" for UTC, as DRF writes them); keys that are not strings become strings.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_DRF_ENCODER = JSONEncoder()


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer with orjson doing the encoding: the same bytes, except that a float in exponent
    notation reads 1e-7 rather than 1e-07 (the same number; the API serves decimals as strings).

    Encoding a page of fifty events took DRF's renderer (the standard library's encoder) about 0.8 ms, orjson
    under 0.05 ms. Indented output (`; indent=` in Accept) and whatever orjson refuses (integers beyond 64 bits)
    go to DRF's renderer. tests/test_json_renderer.py compares the two.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None or self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_DRF_ENCODER.default, option=_ORJSON_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does: these two line separators are valid JSON but end a line in JavaScript.
        return body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")


LINK_COLUMNS = ("api_url", "html_url")


def _identifier(item) -> str:
    """How a related record appears in a CSV cell: its slug, key, code or id."""
    if not isinstance(item, dict):
        return "" if item is None else str(item)
    for name in ("slug", "key", "code", "id", "case"):
        if item.get(name) not in (None, ""):
            return str(item[name])
    return ""


# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection); such text
# cells get a leading apostrophe, which spreadsheets show as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A CSV cell: text that a spreadsheet would take for a formula is neutralised; numbers stay as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def flatten(record: dict) -> dict:
    """One CSV row from a serialized record: scalars as they are, related records as slugs joined by ';'."""
    row = {}
    for name, value in record.items():
        if name == "links" and isinstance(value, dict):
            row.update({f"{kind}_url": url or "" for kind, url in value.items()})
        elif isinstance(value, list):
            row[name] = _cell(";".join(_identifier(item) for item in value))
        elif isinstance(value, dict):
            row[name] = _cell(_identifier(value))
        else:
            row[name] = _cell(value)
    return row


def csv_columns(fields: dict) -> list[str]:
    """The header of a serializer's CSV: its readable fields, with `links` as the API and HTML URL columns."""
    columns = []
    for name, field in fields.items():
        if not field.write_only:
            columns.extend(LINK_COLUMNS if name == "links" else (name,))
    return columns


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[str], records: Iterable[dict]) -> Iterator[str]:
    """The CSV text, line by line: the header, then one line per record."""
    writer = csv.DictWriter(_Echo(), fieldnames=columns, extrasaction="ignore")
    yield writer.writeheader()
    for record in records:
        yield writer.writerow(flatten(record))


def streaming_csv_response(columns: list[str], records: Iterable[dict], filename: str) -> StreamingHttpResponse:
    """A CSV download built while it is sent, so an export of every row never sits in memory."""
    response = StreamingHttpResponse(csv_lines(columns, records), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CSVRenderer(BaseRenderer):
    """`?format=csv`. Lists stream through `streaming_csv_response`; this renders a single record or a plain list."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> str:
        records = data if isinstance(data, list) else [data]
        columns = list(flatten(records[0])) if records else []
        return "".join(csv_lines(columns, records))


class TimelineJSRenderer(BaseRenderer):
    """`?format=timelinejs`: the JSON TimelineJS reads (https://timeline.knightlab.com/docs/json-format.html)."""

    media_type = "application/json"
    format = "timelinejs"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
