"""The API's JSON renderer writes DRF's bytes, with orjson doing the work."""

import datetime
import decimal
import json
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from atrocity.renderers import JSONRenderer

AWKWARD = {
    "text": 'Résolution 1973 (2011) — “no-fly zone”\u2028line\u2029para\n\t"quoted" \\ </script>',
    "control": "\x00\x1f\x7f",
    "emoji": "🕊",
    "numbers": [0, -1, 2**63 - 1, 1.5, 0.1, 123456789.125],
    "flags": [True, False, None],
    "aware": datetime.datetime(2011, 3, 17, 20, 30, 15, 123456, tzinfo=datetime.UTC),
    "whole_second": datetime.datetime(2011, 3, 17, 20, 30, tzinfo=datetime.UTC),
    "offset": datetime.datetime(2011, 3, 17, 20, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    "naive": datetime.datetime(2011, 3, 17, 20, 30),
    "day": datetime.date(1994, 4, 6),
    "time": datetime.time(9, 5, 1, 7),
    "decimal": decimal.Decimal("12.50"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("This field is required."),
    "keys": {1: "one", "2": "two"},
    "nested": ReturnDict({"results": ReturnList([{"a": []}, {}], serializer=None)}, serializer=None),
    "empty": [{}, [], ""],
}


@pytest.mark.parametrize(
    "data",
    [AWKWARD, [AWKWARD, AWKWARD], {"count": 0, "results": []}, "plain", 7, None],
    ids=["awkward", "list", "empty-page", "string", "number", "none"],
)
def test_same_bytes_as_drf(data):
    assert JSONRenderer().render(data, "application/json") == renderers.JSONRenderer().render(data, "application/json")


def test_floats_in_exponent_notation_are_the_same_numbers():
    data = [1e-7, 1e22, 2.5e-300]
    ours, drfs = JSONRenderer().render(data), renderers.JSONRenderer().render(data)
    assert ours == b"[1e-7,1e+22,2.5e-300]" and drfs == b"[1e-07,1e+22,2.5e-300]"
    assert json.loads(ours) == json.loads(drfs) == data


def test_indented_output_and_huge_integers_are_drfs_own():
    for data, media_type in (({"a": [1, 2]}, "application/json; indent=4"), ({"big": 2**70}, "application/json")):
        ours = JSONRenderer().render(data, media_type)
        assert ours == renderers.JSONRenderer().render(data, media_type)
    assert JSONRenderer().render({"a": [1]}, "application/json; indent=2").startswith(b"{\n  ")


@pytest.mark.django_db
def test_the_api_answers_with_it(client):
    response = client.get("/api/events/")
    assert type(response.accepted_renderer) is JSONRenderer
    assert response.json()["results"] == []
