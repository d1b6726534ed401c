"""The codebook: every controlled vocabulary of the knowledge base with codes, labels and definitions."""

from actors.models import ACTOR_KIND_DEFINITIONS, ActorKind
from atrocity.content import PublicationStatus
from atrocity.dates import PRECISION_DEFINITIONS, DatePrecision
from cases.models import (
    ACTOR_ROLE_DEFINITIONS,
    EVENT_TYPE_DEFINITIONS,
    FACTOR_DEFINITIONS,
    RATING_DEFINITIONS,
    ActorRole,
    EventType,
    Factor,
    FigureKind,
    HypothesisKind,
    Rating,
    SituationType,
    SourceKind,
    Verdict,
)
from instruments.models import (
    CATEGORY_DEFINITIONS,
    NATURE_DEFINITIONS,
    PREVENTION_TYPE_DEFINITIONS,
    InstrumentCategory,
    Nature,
    PreventionType,
)

VERDICT_DEFINITIONS = {
    Verdict.SUPPORTS: "The case bears the hypothesis out.",
    Verdict.CONTRADICTS: "The case runs against the hypothesis.",
    Verdict.QUALIFIES: "The case bears it out only in part or under conditions.",
}

VOCABULARIES = {
    "actor_kinds": (ActorKind, ACTOR_KIND_DEFINITIONS),
    "actor_roles": (ActorRole, ACTOR_ROLE_DEFINITIONS),
    "instrument_categories": (InstrumentCategory, CATEGORY_DEFINITIONS),
    "natures": (Nature, NATURE_DEFINITIONS),
    "prevention_types": (PreventionType, PREVENTION_TYPE_DEFINITIONS),
    "event_types": (EventType, EVENT_TYPE_DEFINITIONS),
    "date_precisions": (DatePrecision, PRECISION_DEFINITIONS),
    "factors": (Factor, FACTOR_DEFINITIONS),
    "ratings": (Rating, RATING_DEFINITIONS),
    "situation_types": (SituationType, {}),
    "source_kinds": (SourceKind, {}),
    "figure_kinds": (FigureKind, {}),
    "hypothesis_kinds": (HypothesisKind, {}),
    "verdicts": (Verdict, VERDICT_DEFINITIONS),
    "publication_statuses": (PublicationStatus, {}),
}


def codebook() -> dict[str, list[dict]]:
    """Each vocabulary as a list of {code, label, definition}; a label stands in where no definition is written."""
    return {
        name: [
            {
                "code": choice.value,  # as records carry it: a string, or an integer for ratings
                "label": str(choice.label),
                "definition": definitions.get(choice, str(choice.label)),
            }
            for choice in choices
        ]
        for name, (choices, definitions) in VOCABULARIES.items()
    }
