"""factory_boy factories for every content model; published by default so public views show them."""

import datetime

import factory

from actors.models import Actor, ActorKind, Membership
from atrocity.content import PublicationStatus
from cases.models import (
    CaseStudy,
    Citation,
    Event,
    EventActor,
    EventType,
    FactorAssessment,
    Figure,
    Hypothesis,
    HypothesisFinding,
    InstrumentUse,
    Phase,
    Source,
    SourceKind,
)
from instruments.models import Capability, Instrument, InstrumentCategory, Nature, PreventionType


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = ActorKind.STATE
    status = PublicationStatus.PUBLISHED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(ActorFactory)
    organisation = factory.SubFactory(ActorFactory, kind=ActorKind.REGIONAL_ORG)


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Instrument {n}")
    slug = factory.Sequence(lambda n: f"instrument-{n}")
    category = InstrumentCategory.DIPLOMATIC
    nature = Nature.COOPERATIVE
    prevention_type = PreventionType.OPERATIONAL
    status = PublicationStatus.PUBLISHED


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capability

    instrument = factory.SubFactory(InstrumentFactory)
    actor = factory.SubFactory(ActorFactory)


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Case {n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    country = "LY"
    period_start = datetime.date(2011, 2, 1)
    period_start_precision = "month"
    situation_type = "other"
    summary = "A summary."
    status = PublicationStatus.PUBLISHED


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    case = factory.SubFactory(CaseStudyFactory)
    slug = factory.Sequence(lambda n: f"phase-{n}")
    name = factory.Sequence(lambda n: f"Phase {n}")
    start_date = datetime.date(2011, 2, 15)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"source-{n}")
    kind = SourceKind.UN_RESOLUTION
    title = factory.Sequence(lambda n: f"Resolution {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    key = factory.Sequence(lambda n: f"event-{n}")
    case = factory.SubFactory(CaseStudyFactory)
    date = factory.Sequence(lambda n: datetime.date(2011, 1, 1) + datetime.timedelta(days=n % 3000))
    date_precision = "day"
    title = factory.Sequence(lambda n: f"Event {n}")
    description = "What happened."
    event_type = EventType.RESOLUTION
    status = PublicationStatus.PUBLISHED


class EventActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventActor

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = "initiator"


class InstrumentUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentUse

    event = factory.SubFactory(EventFactory)
    instrument = factory.SubFactory(InstrumentFactory)
    actor = factory.SubFactory(ActorFactory)


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    key = factory.Sequence(lambda n: f"figure-{n}")
    case = factory.SubFactory(CaseStudyFactory)
    label = "Killed"
    kind = "killed"
    value = 1000


class FactorAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FactorAssessment

    case = factory.SubFactory(CaseStudyFactory)
    factor = "early_involvement"
    rating = 2
    justification = "Because."


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    locator = "Ch. X, 10.2"
    event = factory.SubFactory(EventFactory)


class HypothesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hypothesis
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sub-{n}")
    kind = "sub"
    statement = "A hypothesis."


class HypothesisFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HypothesisFinding

    hypothesis = factory.SubFactory(HypothesisFactory)
    case = factory.SubFactory(CaseStudyFactory)
    verdict = "supports"
    rationale = "Because."
