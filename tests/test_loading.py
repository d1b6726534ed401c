"""`load_case_studies` loads the fixtures idempotently and refuses a bad fixture without writing anything."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor
from cases.loading import FIXTURES_DIR
from cases.models import CaseStudy, Event

pytestmark = pytest.mark.django_db


def history_rows() -> int:
    return Actor.history.count() + Event.history.count() + CaseStudy.history.count()


def test_loading_twice_changes_nothing(capsys):
    call_command("load_case_studies")
    first = (Actor.objects.count(), Event.objects.count(), history_rows())
    capsys.readouterr()
    call_command("load_case_studies")
    assert "Nothing to change" in capsys.readouterr().out
    assert (Actor.objects.count(), Event.objects.count(), history_rows()) == first


def test_loader_updates_by_slug_instead_of_duplicating():
    call_command("load_case_studies")
    un = Actor.objects.get(slug="united-nations")
    un.name = "Edited by hand"
    un.save()
    call_command("load_case_studies")
    assert Actor.objects.filter(slug="united-nations").count() == 1
    assert Actor.objects.get(slug="united-nations").name == "United Nations"


@pytest.fixture
def broken_fixtures(tmp_path) -> Path:
    """A copy of the real fixtures with one event pointing at an actor that does not exist."""
    directory = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, directory)
    case_file = directory / "cases" / "zz-broken.json"
    case_file.write_text(
        json.dumps(
            {
                "case": {
                    "slug": "broken",
                    "title": "Broken",
                    "country": "LY",
                    "period_start": "2011",
                    "situation_type": "other",
                },
                "events": [
                    {
                        "key": "broken-2011",
                        "date": "2011",
                        "title": "x",
                        "event_type": "other",
                        "actors": [{"actor": "no-such-actor", "role": "initiator"}],
                    }
                ],
            }
        )  # fmt: skip
    )
    return directory


def test_bad_fixture_names_the_entry_and_loads_nothing(broken_fixtures):
    with pytest.raises(CommandError) as caught:
        call_command("load_case_studies", fixtures=broken_fixtures)
    assert "zz-broken.json: event 'broken-2011': unknown actor 'no-such-actor'" in str(caught.value)
    assert Actor.objects.count() == 0
    assert not CaseStudy.objects.exists()


def test_fixture_date_must_match_its_precision(broken_fixtures):
    case_file = broken_fixtures / "cases" / "zz-broken.json"
    document = json.loads(case_file.read_text())
    document["events"] = [{"key": "broken-day", "date": "2011-02-30", "title": "x", "event_type": "other"}]
    case_file.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="not a valid date"):
        call_command("load_case_studies", fixtures=broken_fixtures)


def test_malformed_json_is_reported(broken_fixtures):
    (broken_fixtures / "cases" / "zz-broken.json").write_text("{not json")
    with pytest.raises(CommandError, match="cannot read JSON"):
        call_command("load_case_studies", fixtures=broken_fixtures)
