"""export_knowledge_base / import_knowledge_base round-trip every content row."""

import io
import json

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from actors.models import Actor
from cases.backup import content_models
from cases.models import Event
from tests import factories
from tests.content import load_curated_content, wipe_content

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    """Every content row, fields included, by model."""
    return {
        model._meta.label: serializers.serialize("python", model.objects.order_by("pk")) for model in content_models()
    }


@pytest.fixture
def small_knowledge_base(db):
    """One row of every content model, drafts included."""
    case = factories.CaseStudyFactory(slug="a-draft-case", status="draft")
    event = factories.EventFactory(case=case, status="draft", title="A draft event with “quotes” and Bieńczyk")
    factories.EventActorFactory(event=event)
    factories.InstrumentUseFactory(event=event)
    factories.CitationFactory(event=event)
    factories.PhaseFactory(case=case)
    factories.MembershipFactory()
    factories.CapabilityFactory()
    figure = factories.FigureFactory(case=case, value=800000, value_max=1000000)
    factories.CitationFactory(event=None, figure=figure, quote="a short passage of five words")
    factories.FactorAssessmentFactory(case=case)
    finding = factories.HypothesisFindingFactory(case=case)
    finding.evidence.add(event)


@pytest.fixture
def full_knowledge_base(small_knowledge_base):
    """The four curated cases plus the small knowledge base."""
    load_curated_content()


def test_round_trip_restores_every_row(full_knowledge_base, tmp_path):
    before = snapshot()
    assert all(before.values()), [label for label, rows in before.items() if not rows]
    backup = tmp_path / "kb.json"
    call_command("export_knowledge_base", str(backup))
    wipe_content()
    assert not Event.objects.exists()
    call_command("import_knowledge_base", str(backup))
    assert snapshot() == before


def test_restore_records_history_and_new_rows_get_fresh_ids(small_knowledge_base, tmp_path):
    backup = tmp_path / "kb.json"
    call_command("export_knowledge_base", str(backup))
    highest = Event.objects.order_by("-pk").first().pk
    wipe_content()
    call_command("import_knowledge_base", str(backup))
    assert Event.history.filter(history_change_reason="restored from backup").count() == Event.objects.count()
    assert factories.EventFactory().pk > highest  # sequences were reset past the restored ids


def test_export_holds_no_users_or_passwords(small_knowledge_base, superuser):
    out = io.StringIO()
    call_command("export_knowledge_base", "-", stdout=out)
    document = json.loads(out.getvalue())
    assert document["format"] == "atrocity-prevention-kb" and document["version"] == 1
    assert "pbkdf2" not in out.getvalue()
    assert {section["model"] for section in document["models"]} == {m._meta.label_lower for m in content_models()}


def test_restore_refuses_a_non_empty_database(small_knowledge_base, tmp_path):
    backup = tmp_path / "kb.json"
    call_command("export_knowledge_base", str(backup))
    with pytest.raises(CommandError, match="already holds content"):
        call_command("import_knowledge_base", str(backup))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{broken", "not valid JSON"),
        ('{"format": "something-else"}', "not a atrocity-prevention-kb backup"),
        ('{"format": "atrocity-prevention-kb", "version": 99}', "version 99 is not supported"),
    ],
)
def test_bad_backup_files_are_refused_with_a_reason(tmp_path, content, message):
    backup = tmp_path / "bad.json"
    backup.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_knowledge_base", str(backup))


def test_half_broken_backup_restores_nothing(small_knowledge_base, tmp_path):
    backup = tmp_path / "kb.json"
    call_command("export_knowledge_base", str(backup))
    document = json.loads(backup.read_text())
    events = next(section for section in document["models"] if section["model"] == "cases.event")
    events["rows"][-1]["fields"]["case"] = 999999  # points at no case
    backup.write_text(json.dumps(document))
    wipe_content()
    with pytest.raises(CommandError, match="could not be restored"):
        call_command("import_knowledge_base", str(backup))
    assert not Actor.objects.exists() and not Event.objects.exists()
