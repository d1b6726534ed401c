"""A small but realistic library of cases for the page tests and the browser screenshots.

Built with the factories, not the curated fixtures, so the page tests do not depend on the content being loaded.
Dates and titles follow the public record loosely; this is test data, not content.
"""

import datetime

from tests import factories

D, M, Y = "day", "month", "year"


def _date(text: str) -> tuple[datetime.date, str]:
    parts = [int(part) for part in text.split("-")]
    precision = {1: Y, 2: M, 3: D}[len(parts)]
    return datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1), precision


def build_sample_cases() -> dict:
    """Four published cases with phases, events of every precision, figures and five-factor ratings."""
    actor = factories.ActorFactory
    un = actor(slug="united-nations", name="United Nations", short_name="UN", kind="international_org")
    unsc = actor(
        slug="united-nations-security-council",
        name="United Nations Security Council",
        short_name="UNSC",
        kind="un_organ",
        parent=un,
        description="The organ with primary responsibility for **international peace and security**.",
    )
    unsg = actor(
        slug="united-nations-secretary-general",
        name="United Nations Secretary-General",
        short_name="UNSG",
        kind="un_office",
        parent=un,
    )
    hrc = actor(
        slug="united-nations-human-rights-council",
        name="United Nations Human Rights Council",
        short_name="HRC",
        kind="un_organ",
        parent=un,
    )
    au = actor(slug="african-union", name="African Union", short_name="AU", kind="regional_org")
    ecowas = actor(
        slug="economic-community-of-west-african-states",
        name="Economic Community of West African States",
        short_name="ECOWAS",
        kind="subregional_org",
    )
    osce = actor(
        slug="organization-for-security-and-co-operation-in-europe",
        name="Organization for Security and Co-operation in Europe",
        short_name="OSCE",
        kind="regional_org",
    )
    france = actor(slug="france", name="France", kind="state")
    russia = actor(slug="russia", name="Russia", kind="state")
    icc = actor(
        slug="international-criminal-court", name="International Criminal Court", short_name="ICC", kind="court"
    )
    nato = actor(
        slug="north-atlantic-treaty-organization",
        name="North Atlantic Treaty Organization",
        short_name="NATO",
        kind="regional_org",
    )
    government = {
        slug: actor(slug=f"government-of-{slug}", name=f"Government of {name}", kind="national_body")
        for slug, name in [
            ("libya", "Libya"),
            ("cote-divoire", "Côte d'Ivoire"),
            ("rwanda", "Rwanda"),
            ("chechnya", "Russia (Chechnya)"),
        ]
    }

    instrument = factories.InstrumentFactory
    instruments = {
        "fact-finding-mission": instrument(
            slug="fact-finding-mission",
            name="Fact-finding mission",
            category="early_warning",
            nature="mixed",
            effectiveness="Useful to establish facts early; its effect depends on access and follow-up.",
        ),
        "special-envoy": instrument(slug="special-envoy", name="Special envoy", category="diplomatic"),
        "mediation": instrument(slug="mediation", name="Mediation", category="diplomatic"),
        "condemnation": instrument(
            slug="condemnation", name="Public condemnation", category="diplomatic", nature="confrontational"
        ),
        "arms-embargo": instrument(
            slug="arms-embargo",
            name="Arms embargo",
            category="economic",
            nature="confrontational",
            effectiveness="Rarely decisive alone; most effective when monitored and combined with other pressure.",
        ),
        "asset-freeze": instrument(
            slug="asset-freeze", name="Asset freeze", category="economic", nature="confrontational"
        ),
        "icc-referral": instrument(
            slug="icc-referral", name="Referral to the ICC", category="legal", nature="confrontational"
        ),
        "commission-of-inquiry": instrument(
            slug="commission-of-inquiry", name="Commission of inquiry", category="legal", nature="mixed"
        ),
        "no-fly-zone": instrument(
            slug="no-fly-zone", name="No-fly zone", category="military", nature="confrontational"
        ),
        "peace-operation": instrument(
            slug="peace-operation",
            name="Peace operation",
            category="military",
            nature="cooperative",
            prevention_type="both",
        ),
    }
    factories.CapabilityFactory(instrument=instruments["arms-embargo"], actor=unsc)
    factories.CapabilityFactory(instrument=instruments["no-fly-zone"], actor=unsc)
    book = factories.SourceFactory(key="book", kind="book", title="Bieńczyk-Missala, Preventing Mass Atrocities (2021)")

    specs = [
        {
            "slug": "chechnya",
            "title": "The conflicts in Chechnya",
            "country": "RU",
            "start": "1994-12",
            "end": "1996-08",
            "situation": "self_determination",
            "chapter": "Ch. VII",
            "phases": [("first-war", "First war", "1994-12-11", "1996-08-31")],
            "events": [
                ("1994-12-11", None, "Russian forces enter Chechnya", "armed_conflict", [(russia, "perpetrator")], []),
                (
                    "1995-01",
                    None,
                    "Shelling of Grozny kills thousands of civilians",
                    "atrocity",
                    [(russia, "perpetrator")],
                    [],
                ),
                (
                    "1995-02-03",
                    None,
                    "OSCE Assistance Group agreed",
                    "mission",
                    [(osce, "initiator")],
                    [("fact-finding-mission", osce)],
                ),
                (
                    "1995-04-26",
                    None,
                    "Commission on Human Rights statement on Chechnya",
                    "statement",
                    [(un, "initiator")],
                    [("condemnation", un)],
                ),
                (
                    "1995-04",
                    "1995-06",
                    "OSCE mediates talks between the parties",
                    "mediation",
                    [(osce, "mediator")],
                    [("mediation", osce)],
                ),
                (
                    "1996-08-31",
                    None,
                    "Khasavyurt accords end the first war",
                    "agreement",
                    [(osce, "mediator"), (russia, "participant")],
                    [("mediation", osce)],
                ),
            ],
            "ratings": [1, 2, 1, 1, 0],
        },
        {
            "slug": "rwanda",
            "title": "Genocide in Rwanda",
            "country": "RW",
            "start": "1990-10",
            "end": "1994-07",
            "situation": "post_genocide",
            "chapter": "Ch. VIII",
            "phases": [
                ("civil-war", "Civil war and Arusha talks", "1990-10-01", "1994-04-06"),
                ("genocide", "Genocide", "1994-04-07", "1994-07-15"),
            ],
            "events": [
                (
                    "1990-10-01",
                    None,
                    "Rwandan Patriotic Front invades from Uganda",
                    "armed_conflict",
                    [(government["rwanda"], "target")],
                    [],
                ),
                (
                    "1992",
                    None,
                    "Massacres of Tutsi civilians in several prefectures",
                    "atrocity",
                    [(government["rwanda"], "perpetrator")],
                    [],
                ),
                (
                    "1993-08-04",
                    None,
                    "Arusha peace agreement signed",
                    "agreement",
                    [(government["rwanda"], "participant")],
                    [("mediation", au)],
                ),
                (
                    "1993-10-05",
                    None,
                    "Security Council establishes UNAMIR",
                    "resolution",
                    [(unsc, "initiator")],
                    [("peace-operation", unsc)],
                ),
                (
                    "1994-01-11",
                    None,
                    "UNAMIR commander warns of extermination plans",
                    "report",
                    [(un, "initiator")],
                    [("fact-finding-mission", un)],
                ),
                (
                    "1994-04-07",
                    "1994-07-15",
                    "Genocide against the Tutsi",
                    "atrocity",
                    [(government["rwanda"], "perpetrator")],
                    [],
                ),
                (
                    "1994-04-21",
                    None,
                    "Security Council reduces UNAMIR to 270 personnel",
                    "resolution",
                    [(unsc, "initiator")],
                    [("peace-operation", unsc)],
                ),
                (
                    "1994-05-17",
                    None,
                    "Security Council imposes an arms embargo on Rwanda",
                    "sanction",
                    [(unsc, "initiator")],
                    [("arms-embargo", unsc)],
                ),
                (
                    "1994-06-22",
                    None,
                    "Opération Turquoise authorised",
                    "military_intervention",
                    [(unsc, "initiator"), (france, "initiator")],
                    [("peace-operation", france)],
                ),
            ],
            "ratings": [1, 1, 0, 0, 0],
        },
        {
            "slug": "cote-divoire",
            "title": "The post-electoral crisis in Côte d'Ivoire",
            "country": "CI",
            "start": "2010-10",
            "end": "2011-05",
            "situation": "electoral_power_struggle",
            "chapter": "Ch. IX",
            "phases": [
                ("dispute", "Disputed election", "2010-10-31", "2011-02-28"),
                ("war", "Armed conflict", "2011-03-01", "2011-05-21"),
            ],
            "events": [
                (
                    "2010-11-28",
                    None,
                    "Presidential run-off election",
                    "election",
                    [(government["cote-divoire"], "participant")],
                    [],
                ),
                (
                    "2010-12-03",
                    None,
                    "Constitutional Council proclaims Gbagbo the winner",
                    "political",
                    [(government["cote-divoire"], "initiator")],
                    [],
                ),
                (
                    "2010-12-07",
                    None,
                    "ECOWAS suspends Côte d'Ivoire",
                    "statement",
                    [(ecowas, "initiator")],
                    [("condemnation", ecowas)],
                ),
                (
                    "2010-12",
                    None,
                    "African Union sends mediators",
                    "mediation",
                    [(au, "mediator")],
                    [("special-envoy", au), ("mediation", au)],
                ),
                (
                    "2010-12-23",
                    None,
                    "Human Rights Council special session",
                    "statement",
                    [(hrc, "initiator")],
                    [("commission-of-inquiry", hrc)],
                ),
                (
                    "2011-01",
                    "2011-03",
                    "Killings and disappearances in Abidjan",
                    "atrocity",
                    [(government["cote-divoire"], "perpetrator")],
                    [],
                ),
                (
                    "2011-03-30",
                    None,
                    "Security Council resolution 1975 imposes sanctions",
                    "resolution",
                    [(unsc, "initiator")],
                    [("asset-freeze", unsc), ("peace-operation", unsc)],
                ),
                (
                    "2011-04-04",
                    "2011-04-11",
                    "UN and French forces strike heavy weapons",
                    "military_intervention",
                    [(france, "initiator"), (un, "initiator")],
                    [("peace-operation", france)],
                ),
                (
                    "2011-04-11",
                    None,
                    "Laurent Gbagbo arrested",
                    "political",
                    [(government["cote-divoire"], "target")],
                    [],
                ),
                (
                    "2011-05-21",
                    None,
                    "Alassane Ouattara inaugurated",
                    "political",
                    [(government["cote-divoire"], "initiator")],
                    [],
                ),
            ],
            "ratings": [2, 3, 3, 2, 2],
        },
        {
            "slug": "libya",
            "title": "The conflict in Libya and the Responsibility to Protect",
            "country": "LY",
            "start": "2011-02",
            "end": "2011-10",
            "situation": "overthrow_of_dictatorship",
            "chapter": "Ch. X",
            "phases": [
                ("uprising", "Uprising", "2011-02-15", "2011-03-18"),
                ("intervention", "International intervention", "2011-03-19", "2011-10-31"),
            ],
            "events": [
                ("2011-02-15", None, "Protests begin in Benghazi", "political", [(government["libya"], "target")], []),
                (
                    "2011-02-22",
                    None,
                    "Secretary-General condemns attacks on protesters",
                    "statement",
                    [(unsg, "initiator")],
                    [("condemnation", unsg)],
                ),
                (
                    "2011-02-25",
                    None,
                    "Human Rights Council creates a commission of inquiry",
                    "resolution",
                    [(hrc, "initiator")],
                    [("commission-of-inquiry", hrc), ("fact-finding-mission", hrc)],
                ),
                (
                    "2011-02-26",
                    None,
                    "Security Council adopts resolution 1970",
                    "resolution",
                    [(unsc, "initiator"), (russia, "supporter")],
                    [("arms-embargo", unsc), ("asset-freeze", unsc), ("icc-referral", unsc)],
                ),
                (
                    "2011-03",
                    None,
                    "Government forces advance on Benghazi",
                    "armed_conflict",
                    [(government["libya"], "perpetrator")],
                    [],
                ),
                (
                    "2011-03-10",
                    None,
                    "African Union sets up a high-level panel",
                    "mediation",
                    [(au, "initiator")],
                    [("mediation", au)],
                ),
                (
                    "2011-03-17",
                    None,
                    "Security Council authorises a no-fly zone",
                    "resolution",
                    [(unsc, "initiator"), (russia, "abstainer")],
                    [("no-fly-zone", unsc)],
                ),
                (
                    "2011-03-19",
                    "2011-10-31",
                    "Air campaign to protect civilians",
                    "military_intervention",
                    [(nato, "initiator"), (france, "initiator")],
                    [("no-fly-zone", nato)],
                ),
                (
                    "2011-06-27",
                    None,
                    "ICC issues arrest warrants",
                    "judicial",
                    [(icc, "initiator")],
                    [("icc-referral", icc)],
                ),
                (
                    "2011-08",
                    None,
                    "Opposition forces take Tripoli",
                    "armed_conflict",
                    [(government["libya"], "target")],
                    [],
                ),
                ("2011-10-20", None, "Muammar Gaddafi killed", "political", [(government["libya"], "target")], []),
            ],
            "ratings": [3, 1, 3, 2, 2],
        },
    ]
    cases = {}
    for spec in specs:
        start, start_precision = _date(spec["start"])
        end, end_precision = _date(spec["end"])
        case = factories.CaseStudyFactory(
            slug=spec["slug"],
            title=spec["title"],
            country=spec["country"],
            period_start=start,
            period_start_precision=start_precision,
            period_end=end,
            period_end_precision=end_precision,
            situation_type=spec["situation"],
            locator=spec["chapter"],
            summary=f"How states and organisations responded to the crisis ({spec['chapter']}). The response "
            "combined *diplomatic pressure*, economic measures and, in the end, legal and military instruments.",
            internal_context="Long-standing grievances, a contested government and armed groups.",
            international_context="The Security Council was divided at first; regional organisations acted early.",
            results_and_evaluation="Prevention came late; pressure grew once the violence was visible.",
        )
        phases = {
            slug: factories.PhaseFactory(
                case=case,
                slug=f"{spec['slug']}-{slug}",
                name=name,
                start_date=_date(first)[0],
                end_date=_date(last)[0],
            )
            for slug, name, first, last in spec["phases"]
        }
        events = []
        for index, (when, until, title, event_type, actors, uses) in enumerate(spec["events"]):
            date, precision = _date(when)
            end_date, end_precision = _date(until) if until else (None, D)
            phase = next(
                (p for p in phases.values() if p.start_date <= date and (p.end_date is None or date <= p.end_date)),
                None,
            )
            event = factories.EventFactory(
                key=f"{spec['slug']}-{index}",
                case=case,
                phase=phase,
                date=date,
                date_precision=precision,
                end_date=end_date,
                end_date_precision=end_precision,
                title=title,
                description=f"{title}. The book describes how this shaped the international response.",
                event_type=event_type,
            )
            for who, role in actors:
                factories.EventActorFactory(event=event, actor=who, role=role)
            for slug, who in uses:
                factories.InstrumentUseFactory(event=event, instrument=instruments[slug], actor=who)
            factories.CitationFactory(
                event=event,
                source=book,
                locator=f"{spec['chapter']}, {index + 1}",
                quote="the international community reacted only after the violence had escalated" if index == 0 else "",
            )
            events.append(event)
        factories.FigureFactory(
            key=f"{spec['slug']}-killed",
            case=case,
            label="Civilians killed",
            value=1000,
            value_max=3000,
            unit="people",
            date=datetime.date(start.year, 1, 1),
        )
        for factor, rating in zip(
            [
                "early_involvement",
                "presence_on_the_ground",
                "international_pressure",
                "instrument_quality",
                "interests_and_political_will",
            ],
            spec["ratings"],
            strict=True,
        ):
            factories.FactorAssessmentFactory(
                case=case, factor=factor, rating=rating, justification=f"The book's evaluation ({spec['chapter']})."
            )
        cases[spec["slug"]] = {"case": case, "events": events}
    return {"cases": cases, "un": un, "unsc": unsc, "instruments": instruments}
