"""The two polls of a simulated session and how a synthetic participant answers them.

Options run from most positive to most negative. A participant leans by role (the
municipality sees the cooperation more brightly than residents do) and by opinion
group (each group has its own mood), plus noise; about half explain their choice in
one sentence from the option's bank.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from wijkdialoog.engine import Role


@dataclass(frozen=True, slots=True)
class BankPoll:
    title: str
    introduction: str
    options: tuple[str, ...]
    lean_by_role: dict[Role, float]  # mean option index: 0 is the first (most positive)
    explanations: dict[str, tuple[str, ...]]


COOPERATION_NOW = BankPoll(
    title="Hoe is de samenwerking in je wijk nu?",
    introduction=(
        "We beginnen met een korte peiling. Hoe werken bewoners, wijkprofessionals en de "
        "gemeente op dit moment samen in jouw wijk? Licht je keuze in een zin toe als je wilt."
    ),
    options=("Zeer goed", "Goed", "Matig", "Slecht"),
    lean_by_role={
        Role.RESIDENT: 1.8,
        Role.PROFESSIONAL: 1.4,
        Role.MUNICIPALITY: 1.0,
        Role.OTHER: 1.5,
    },
    explanations={
        "Zeer goed": (
            "Ik kies zeer goed omdat ik de wijkmanager gewoon kan appen en snel antwoord krijg.",
            "De lijntjes zijn kort en iedereen kent elkaar hier.",
            "We hebben samen het plein opgeknapt en dat ging echt goed.",
        ),
        "Goed": (
            "Het gaat best goed, al duurt het soms lang voordat er iets gebeurt.",
            "Met het welzijnswerk loopt het prima, met de gemeente wat stroever.",
            "Ik kies goed omdat er veel gebeurt, al doet niet iedereen mee.",
            "Er is goede wil aan alle kanten, alleen de regels zitten soms in de weg.",
        ),
        "Matig": (
            "Er wordt veel gepraat, maar ik zie weinig gebeuren.",
            "Ik kies matig omdat ik nooit hoor wat er met onze ideeën gebeurt.",
            "Het hangt te veel af van een paar mensen die alles trekken.",
            "Elke keer een nieuwe contactpersoon maakt het lastig.",
        ),
        "Slecht": (
            "Ik kies slecht omdat bewoners pas gevraagd worden als alles al besloten is.",
            "Beloftes worden niet nagekomen, dus het vertrouwen is weg.",
            "Ik weet niet eens bij wie ik terecht kan.",
        ),
    },
)

LOOKING_BACK = BankPoll(
    title="Hoe kijk je terug op deze dialoog?",
    introduction=(
        "We willen deze manier van samen praten verbeteren. Hoe vond je de sessie als "
        "geheel? Je mag je keuze in een zin toelichten."
    ),
    options=("Zeer positief", "Positief", "Neutraal", "Negatief"),
    lean_by_role={
        Role.RESIDENT: 1.1,
        Role.PROFESSIONAL: 0.9,
        Role.MUNICIPALITY: 0.8,
        Role.OTHER: 1.1,
    },
    explanations={
        "Zeer positief": (
            "Ik kies zeer positief omdat ik in korte tijd zoveel meningen heb gezien.",
            "Fijn dat iedereen even zwaar telt, ook wie niet graag het woord neemt.",
            "Het was verrassend hoe vaak we het eigenlijk met elkaar eens zijn.",
        ),
        "Positief": (
            "Een goede manier om mee te praten, al ging het soms wat snel.",
            "Positief, maar ik ben benieuwd wat er nu mee gedaan wordt.",
            "Ik kies positief omdat ik nieuwe ideeën heb gehoord.",
        ),
        "Neutraal": (
            "Interessant, maar de stellingen liepen soms erg door elkaar.",
            "Ik wacht eerst af wat er met de uitkomsten gebeurt.",
            "Het stemmen ging goed, maar ik miste het echte gesprek.",
        ),
        "Negatief": (
            "Te veel stellingen in te weinig tijd, ik kon het niet bijhouden.",
            "Ik kies negatief omdat een gesprek aan tafel beter werkt.",
            "Ik heb eerder meegedaan en toen is er niets mee gebeurd.",
        ),
    },
)

ANSWER_CHANCE = 0.8
EXPLAIN_CHANCE = 0.5
NOISE = 0.7  # spread of a person's lean around their role's and group's, in options


def chosen_option(rng: random.Random, poll: BankPoll, *, role: Role, mood: float) -> str:
    """Pick an option near the role's lean, shifted by the opinion group's mood."""
    lean = poll.lean_by_role[role] + mood + rng.gauss(0.0, NOISE)
    index = min(max(round(lean), 0), len(poll.options) - 1)
    return poll.options[index]


def explanation_for(rng: random.Random, poll: BankPoll, option: str) -> str:
    """Return a one-sentence explanation of the option, or nothing, as about half do."""
    if rng.random() < EXPLAIN_CHANCE:
        return rng.choice(poll.explanations[option])
    return ""
