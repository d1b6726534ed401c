"""Every constraint and validation rule rejects bad input with a message a person can act on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import Actor, Membership
from cases.models import Citation, Event, FactorAssessment, Figure, Phase
from tests import factories

pytestmark = pytest.mark.django_db


def messages_for(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def assert_db_rejects(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_month_precision_date_must_be_first_of_month():
    event = factories.EventFactory.build(case=factories.CaseStudyFactory(), date=datetime.date(2011, 3, 5))
    event.date_precision = "month"
    assert "first day of the month" in messages_for(event)["date"][0]
    assert_db_rejects(event)


def test_year_precision_date_must_be_first_of_january():
    event = factories.EventFactory.build(case=factories.CaseStudyFactory(), date=datetime.date(1994, 4, 1))
    event.date_precision = "year"
    assert "first day of the year" in messages_for(event)["date"][0]
    assert_db_rejects(event)


def test_month_precision_on_first_day_is_accepted():
    event = factories.EventFactory.build(case=factories.CaseStudyFactory(), date=datetime.date(2011, 3, 1))
    event.date_precision = "month"
    event.full_clean()


def test_event_end_date_not_before_date():
    event = factories.EventFactory.build(
        case=factories.CaseStudyFactory(), date=datetime.date(2011, 3, 17), end_date=datetime.date(2011, 3, 1)
    )
    assert "cannot be before" in messages_for(event)["end_date"][0]
    assert_db_rejects(event)


def test_event_phase_must_belong_to_its_case():
    other_phase = factories.PhaseFactory()
    event = factories.EventFactory.build(case=factories.CaseStudyFactory(), phase=other_phase)
    assert "belongs to another case" in messages_for(event)["phase"][0]


def test_event_key_is_unique():
    factories.EventFactory(key="libya-2011-03-17")
    duplicate = factories.EventFactory.build(case=factories.CaseStudyFactory(), key="libya-2011-03-17")
    assert "already exists" in messages_for(duplicate)["key"][0]
    assert_db_rejects(duplicate)


def test_case_period_cannot_end_before_it_starts():
    case = factories.CaseStudyFactory.build(
        slug="x", period_start=datetime.date(2011, 2, 1), period_end=datetime.date(2010, 1, 1)
    )
    case.period_end_precision = "year"
    assert "cannot end before" in messages_for(case)["period_end"][0]
    assert_db_rejects(case)


def test_case_country_must_be_an_iso_code():
    case = factories.CaseStudyFactory.build(slug="atlantis", country="XX")
    assert "country" in messages_for(case)


def test_phase_end_not_before_start():
    phase = factories.PhaseFactory.build(
        case=factories.CaseStudyFactory(), start_date=datetime.date(1996, 1, 1), end_date=datetime.date(1995, 1, 1)
    )
    assert "cannot end before" in messages_for(phase)["end_date"][0]
    assert_db_rejects(phase)


def test_actor_cannot_be_its_own_parent():
    actor = factories.ActorFactory()
    actor.parent = actor
    assert "own parent" in messages_for(actor)["parent"][0]
    assert_db_rejects(actor)


def test_actor_parent_cycle_is_rejected():
    un, council = factories.ActorFactory(slug="un"), None
    council = factories.ActorFactory(slug="council", parent=un)
    committee = factories.ActorFactory(slug="committee", parent=council)
    un.parent = committee
    assert "would make a cycle" in messages_for(un)["parent"][0]


def test_actor_slug_is_unique():
    factories.ActorFactory(slug="france")
    assert "already exists" in messages_for(Actor(name="France again", slug="france", kind="state"))["slug"][0]


def test_membership_end_not_before_start_and_not_self():
    state = factories.ActorFactory()
    organisation = factories.ActorFactory(kind="subregional_org")
    membership = Membership(member=state, organisation=organisation, start_year=2000, end_year=1990)
    assert "cannot end before" in " ".join(messages_for(membership)["__all__"])
    assert_db_rejects(Membership(member=state, organisation=state))


def test_figure_range_must_be_ordered():
    figure = factories.FigureFactory.build(case=factories.CaseStudyFactory(), value=1000, value_max=10)
    assert "upper value" in messages_for(figure)["value_max"][0]
    assert_db_rejects(figure)


def test_factor_rating_outside_scale_is_rejected():
    assessment = FactorAssessment(case=factories.CaseStudyFactory(), factor="early_involvement", rating=7)
    assessment.justification = "x"
    assert "rating" in messages_for(assessment)
    assert_db_rejects(assessment)


def test_one_assessment_per_factor_and_case():
    existing = factories.FactorAssessmentFactory()
    duplicate = FactorAssessment(case=existing.case, factor=existing.factor, rating=1, justification="x")
    assert "already has an assessment" in " ".join(messages_for(duplicate)["__all__"])


def test_citation_backs_exactly_one_subject():
    citation = Citation(source=factories.SourceFactory(), locator="Ch. X")
    assert "exactly one" in " ".join(messages_for(citation)["__all__"])
    assert_db_rejects(citation)


def test_citation_quote_is_five_to_twenty_five_words():
    citation = Citation(source=factories.SourceFactory(), locator="Ch. X", event=factories.EventFactory())
    citation.quote = "too short"
    assert "5 to 25 words" in messages_for(citation)["quote"][0]


def test_instrument_use_is_unique_per_event_instrument_and_actor():
    use = factories.InstrumentUseFactory()
    duplicate = factories.InstrumentUseFactory.build(event=use.event, instrument=use.instrument, actor=use.actor)
    assert "already recorded" in " ".join(messages_for(duplicate)["__all__"])


def test_phase_slug_is_unique_within_a_case():
    phase = factories.PhaseFactory()
    duplicate = Phase(case=phase.case, slug=phase.slug, name="Again", start_date=phase.start_date)
    assert "already has a phase" in " ".join(messages_for(duplicate)["__all__"])


def test_date_labels_follow_precision():
    case = factories.CaseStudyFactory()
    day = factories.EventFactory(case=case, date=datetime.date(2011, 3, 12))
    month = factories.EventFactory(case=case, date=datetime.date(1994, 4, 1), date_precision="month")
    year = factories.EventFactory(case=case, date=datetime.date(1999, 1, 1), date_precision="year")
    assert (day.date_label, month.date_label, year.date_label) == ("12 March 2011", "April 1994", "1999")


def test_figure_date_must_match_precision():
    figure = Figure(case=factories.CaseStudyFactory(), key="f", label="x", kind="killed", value=1)
    figure.date, figure.date_precision = datetime.date(1994, 4, 6), "year"
    assert "first day of the year" in messages_for(figure)["date"][0]


def test_draft_case_hides_its_published_events():
    event = factories.EventFactory(case=factories.CaseStudyFactory(status="draft"))
    assert event not in Event.objects.published()


def test_citing_the_book_needs_a_locator():
    book = factories.SourceFactory(key="book", kind="book", title="The book")
    citation = Citation(source=book, locator="", event=factories.EventFactory())
    assert "chapter and section" in messages_for(citation)["locator"][0]
    Citation(source=factories.SourceFactory(), locator="", event=citation.event).full_clean()
