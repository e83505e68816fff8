"""Who a synthetic participant says they are: the intake answers and a pseudonym.

The codes are those of the web app's intake (`web/dialogues/models.py`, Participant:
OrganisationType and Scale), drawn by role; the reason to join and what makes the
session a success are short Dutch sentences, left empty by about a third, as people do.
"""

from __future__ import annotations

import random

from wijkdialoog.engine import Role

# (code, weight) per role: residents mostly speak for themselves about their street,
# the municipality for the city, professionals for their organisation in the wijk.
ORGANISATION_TYPES: dict[Role, tuple[tuple[str, float], ...]] = {
    Role.RESIDENT: (("none", 0.70), ("residents_group", 0.25), ("other", 0.05)),
    Role.PROFESSIONAL: (
        ("welfare", 0.45),
        ("housing", 0.20),
        ("business", 0.15),
        ("residents_group", 0.05),
        ("other", 0.15),
    ),
    Role.MUNICIPALITY: (("municipality", 0.90), ("other", 0.10)),
    Role.OTHER: (("other", 0.50), ("none", 0.25), ("business", 0.25)),
}
SCALES: dict[Role, tuple[tuple[str, float], ...]] = {
    Role.RESIDENT: (("street", 0.55), ("neighbourhood", 0.40), ("city", 0.05)),
    Role.PROFESSIONAL: (
        ("street", 0.10),
        ("neighbourhood", 0.55),
        ("city", 0.30),
        ("region", 0.05),
    ),
    Role.MUNICIPALITY: (("neighbourhood", 0.35), ("city", 0.60), ("region", 0.05)),
    Role.OTHER: (("neighbourhood", 0.40), ("city", 0.40), ("region", 0.20)),
}

_RESIDENT_REASONS = (
    "Ik woon hier al twintig jaar en wil dat de buurt leefbaar blijft.",
    "Ik wil weten wat er voor onze straat gepland is.",
    "Mijn buurvrouw vroeg of ik mee wilde doen.",
    "Ik erger me aan hoe het rond het plein gaat en wil meepraten.",
    "Ik ben net verhuisd en wil de wijk beter leren kennen.",
    "Als vrijwilliger in het buurthuis wil ik horen wat er leeft.",
    "Ik heb jonge kinderen en wil een veilige, groene buurt voor ze.",
    "Ik wil laten horen dat ouderen ook meetellen.",
)
REASONS: dict[Role, tuple[str, ...]] = {
    Role.RESIDENT: _RESIDENT_REASONS,
    Role.PROFESSIONAL: (
        "Ik werk in deze wijk en wil weten wat bewoners belangrijk vinden.",
        "Vanuit het welzijnswerk zoek ik nieuwe manieren om bewoners te bereiken.",
        "Ik wil de samenwerking met de gemeente en bewoners verbeteren.",
        "Onze corporatie wil beter horen wat huurders nodig hebben.",
    ),
    Role.MUNICIPALITY: (
        "Als wijkambtenaar wil ik horen wat er speelt voordat we plannen maken.",
        "Ik wil deze manier van in gesprek gaan uitproberen.",
        "We willen weten waar de wijk zelf voorrang aan geeft.",
    ),
    Role.OTHER: (*_RESIDENT_REASONS[:2], "Ik ben benieuwd hoe zo'n online dialoog werkt."),
}
_RESIDENT_SUCCESSES = (
    "Als er concrete afspraken uitkomen waar ik de gemeente op kan aanspreken.",
    "Als ik merk dat er echt naar bewoners geluisterd wordt.",
    "Als ik over een half jaar iets zie veranderen in mijn straat.",
    "Als ik een paar buren vind om samen iets op te zetten.",
    "Als ik hoor wat er met onze ideeën gebeurt.",
)
SUCCESSES: dict[Role, tuple[str, ...]] = {
    Role.RESIDENT: _RESIDENT_SUCCESSES,
    Role.PROFESSIONAL: (
        "Als we een paar ideeën hebben die we samen met bewoners kunnen uitvoeren.",
        "Als duidelijk wordt wat bewoners van ons als professionals verwachten.",
        "Als ik er nieuwe contacten in de wijk aan overhoud.",
    ),
    Role.MUNICIPALITY: (
        "Als we weten welke drie onderwerpen de wijk het belangrijkst vindt.",
        "Als bewoners en professionals zich gehoord voelen.",
        "Als we een vervolgafspraak hebben met een groep actieve bewoners.",
    ),
    Role.OTHER: (*_RESIDENT_SUCCESSES[:2], "Als ik heb geleerd hoe anderen naar de wijk kijken."),
}
LEAVES_EMPTY_CHANCE = 0.3


def intake_for(rng: random.Random, role: Role) -> tuple[tuple[str, str], ...]:
    """Draw a participant's intake answers, as (key, value) pairs sorted by key as the web does."""
    answers = {
        "organisation_type": _weighted(rng, ORGANISATION_TYPES[role]),
        "scale": _weighted(rng, SCALES[role]),
        "reason": _sentence_or_nothing(rng, REASONS[role]),
        "success": _sentence_or_nothing(rng, SUCCESSES[role]),
    }
    return tuple(sorted(answers.items()))


def _weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    codes = [code for code, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(codes, weights)[0]


def _sentence_or_nothing(rng: random.Random, bank: tuple[str, ...]) -> str:
    return "" if rng.random() < LEAVES_EMPTY_CHANCE else rng.choice(bank)


# Pseudonyms: a first name or a made-up word for the wijk, mostly with a number.
_NAMES = (
    "Anja", "Bram", "Fatima", "Henk", "Ingrid", "Jeroen", "Kees", "Lotte",
    "Marieke", "Mehmet", "Noor", "Priya", "Ruud", "Sanne", "Sem", "Youssef",
)  # fmt: skip
_WORD_STARTS = (
    "Buur", "Groen", "Wijk", "Straat", "Plein", "Linde", "Eiken", "Zonne",
    "Fiets", "Koffie", "Tuin", "Brug", "Park", "Hoek",
)  # fmt: skip
_WORD_ENDS = (
    "kracht", "genoot", "liefhebber", "wandelaar", "denker", "vriend",
    "kijker", "maker", "hart", "vrouw", "man",
)  # fmt: skip
NUMBER_CHANCE = 0.7
_MAX_DRAWN_NUMBER = 99


def pseudonyms_for(rng: random.Random, participant_ids: range) -> dict[int, str]:
    """Give every participant a plausible pseudonym, no two the same."""
    taken: set[str] = set()
    pseudonyms: dict[int, str] = {}
    for participant_id in participant_ids:
        name = _unique_pseudonym(rng, taken, participant_id)
        taken.add(name)
        pseudonyms[participant_id] = name
    return pseudonyms


def _unique_pseudonym(rng: random.Random, taken: set[str], participant_id: int) -> str:
    for _ in range(5):
        name = _pseudonym(rng)
        if name not in taken:
            return name
    # Words never end in a digit and drawn numbers stay below 100, so this is free.
    return f"{_pseudonym_word(rng)}{participant_id + _MAX_DRAWN_NUMBER + 1}"


def _pseudonym(rng: random.Random) -> str:
    word = _pseudonym_word(rng)
    if rng.random() < NUMBER_CHANCE:
        return f"{word}{rng.randint(1, _MAX_DRAWN_NUMBER)}"
    return word


def _pseudonym_word(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(_NAMES)
    return rng.choice(_WORD_STARTS) + rng.choice(_WORD_ENDS)
