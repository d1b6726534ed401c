"""Keep `modified_at` of an event or case honest when only its linked rows change.

Harvesters sync with `modified_after`; an event whose actors, instruments or sources changed must count as
modified even though its own row was not saved. The touch is a plain UPDATE: no new version, no history row.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from cases.models import CaseStudy, Citation, Event, EventActor, FactorAssessment, Figure, InstrumentUse, Phase


def _touch(model, pk) -> None:
    if pk is not None:
        model.objects.filter(pk=pk).update(modified_at=timezone.now())


def event_link_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a restore from backup writes rows exactly as they were
        _touch(Event, instance.event_id)


def case_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _touch(CaseStudy, instance.case_id)


def citation_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _touch(Event, instance.event_id)
    if instance.figure_id or instance.factor_assessment_id:
        owner = Figure if instance.figure_id else FactorAssessment
        case_id = owner.objects.filter(pk=instance.figure_id or instance.factor_assessment_id).values("case_id")
        CaseStudy.objects.filter(pk__in=case_id).update(modified_at=timezone.now())


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in (EventActor, InstrumentUse):
            signal.connect(event_link_changed, sender=model, dispatch_uid=f"touch-event-{model.__name__}-{signal}")
        for model in (Figure, FactorAssessment, Phase):
            signal.connect(case_part_changed, sender=model, dispatch_uid=f"touch-case-{model.__name__}-{signal}")
        signal.connect(citation_changed, sender=Citation, dispatch_uid=f"touch-citation-{signal}")
