"""The people of a live crowd: who they say they are, what they write, how they vote.

Pure functions of a seeded `random.Random`, so the tests can pin them down.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from wijkdialoog.engine import Role, Vote

ROLE_MIX = ((Role.RESIDENT, 0.7), (Role.PROFESSIONAL, 0.2), (Role.MUNICIPALITY, 0.1))
_ORGANISATIONS = {
    Role.RESIDENT: ("none", "none", "none", "residents_group"),
    Role.PROFESSIONAL: ("welfare", "housing", "business", "other"),
    Role.MUNICIPALITY: ("municipality",),
}
_SCALES = ("street", "neighbourhood", "neighbourhood", "city", "region")
_KEEP_INFORMED = ("yes", "maybe", "no")

# Openers ending in a subordinate clause take the verb last; modal ones its infinitive.
_SUBORDINATE = (
    "Ik vind dat",
    "Het zou goed zijn als",
    "Belangrijk is dat",
    "Laten we zorgen dat",
    "Het wordt tijd dat",
)
_MODAL = ("Volgens mij moet", "Eigenlijk zou", "Misschien kan", "Vanaf volgend jaar moet")
_SUBJECTS = (
    "de gemeente",
    "de woningcorporatie",
    "de wijkagent",
    "het buurthuis",
    "de bewonersvereniging",
    "iedereen in de straat",
)
# (object and adverbs, finite verb, infinitive)
_ACTIONS = (
    ("het gras in het park vaker", "maait", "maaien"),
    ("meer bankjes langs de singel", "plaatst", "plaatsen"),
    ("de straatverlichting bij het station", "repareert", "repareren"),
    ("elke maand een buurtmaaltijd", "organiseert", "organiseren"),
    ("de stoepen voor rolstoelen toegankelijk", "maakt", "maken"),
    ("beter naar jongeren", "luistert", "luisteren"),
    ("sneller op meldingen over afval", "reageert", "reageren"),
    ("de hardrijders in de Dorpsstraat", "aanpakt", "aanpakken"),
    ("meer groen tussen de flats", "aanlegt", "aanleggen"),
    ("een vaste plek voor de weekmarkt", "zoekt", "zoeken"),
    ("de speeltuin in de zomer langer", "openhoudt", "openhouden"),
    ("oudere bewoners met hun tuin", "helpt", "helpen"),
    ("de fietsenstalling bij het winkelcentrum", "uitbreidt", "uitbreiden"),
    ("leegstaande winkels tijdelijk aan starters", "verhuurt", "verhuren"),
)
_ENDINGS = (
    "",
    "",
    ", want nu gebeurt er te weinig",
    ", dan voelt iedereen zich meer thuis",
    ", ook in het weekend",
    ", liefst nog dit jaar",
)


def compose_statement(rng: random.Random, *, hashtag: str | None = None) -> str:
    """Write a short, plausible neighbourhood statement, with the item's hashtag if any."""
    subject = rng.choice(_SUBJECTS)
    phrase, finite, infinitive = rng.choice(_ACTIONS)
    if rng.random() < 0.5:
        text = f"{rng.choice(_SUBORDINATE)} {subject} {phrase} {finite}"
    else:
        text = f"{rng.choice(_MODAL)} {subject} {phrase} {infinitive}"
    text += rng.choice(_ENDINGS) + "."
    if hashtag and hashtag.strip("#"):
        text += " #" + hashtag.strip().lstrip("#")
    return text


def statement_positions(
    rng: random.Random, *, groups: int, author_group: int | None
) -> tuple[float, ...]:
    """Draw the chance that each opinion group agrees: shared, divided or rejected.

    The same mix as `crowd.py`: a quarter unite everyone, 40% divide the groups, 20% leave
    everyone in two minds, 15% few like; the author's own group leans towards agreeing.
    """
    kind = rng.random()
    if kind < 0.25:
        shares = [rng.uniform(0.75, 0.98) for _ in range(groups)]
    elif kind < 0.65:
        shares = [
            rng.choice((rng.uniform(0.05, 0.3), rng.uniform(0.7, 0.95))) for _ in range(groups)
        ]
    elif kind < 0.85:
        shares = [rng.uniform(0.3, 0.7) for _ in range(groups)]
    else:
        shares = [rng.uniform(0.02, 0.3) for _ in range(groups)]
    if author_group is not None:
        shares[author_group] = max(shares[author_group], rng.uniform(0.6, 0.95))
    return tuple(shares)


def choose_vote(
    rng: random.Random, *, positions: Sequence[float], group: int, pass_rate: float
) -> Vote:
    """Pass now and then; otherwise agree with the chance the voter's group agrees."""
    if rng.random() < pass_rate:
        return Vote.PASS
    return Vote.AGREE if rng.random() < positions[group] else Vote.DISAGREE


def intake_for(rng: random.Random, number: int) -> dict[str, Any]:
    """The join form's answers of one simulated participant (roles ~70/20/10)."""
    role = rng.choices([r for r, _ in ROLE_MIX], [w for _, w in ROLE_MIX])[0]
    return {
        "pseudonym": f"Buurtbot {number}",
        "role": role.value,
        "organisation_type": rng.choice(_ORGANISATIONS[role]),
        "scale": rng.choice(_SCALES),
        "keep_informed": rng.choice(_KEEP_INFORMED),
        "consent": True,
    }


class Opinions:
    """The crowd's latent opinion groups and how each group sees each statement."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.groups = rng.randint(2, 4)
        self.weights = [rng.uniform(0.5, 1.5) for _ in range(self.groups)]
        self.positions: dict[int, tuple[float, ...]] = {}

    def group_for(self, rng: random.Random) -> int:
        return rng.choices(range(self.groups), self.weights)[0]

    def draw(self, author_group: int) -> tuple[float, ...]:
        return statement_positions(self.rng, groups=self.groups, author_group=author_group)

    def remember(self, statement_id: int, positions: tuple[float, ...]) -> None:
        self.positions.setdefault(statement_id, positions)

    def of(self, statement_id: int) -> tuple[float, ...]:
        # Someone outside the crowd wrote it, or its author's ack is still on its way.
        if statement_id not in self.positions:
            self.positions[statement_id] = statement_positions(
                self.rng, groups=self.groups, author_group=None
            )
        return self.positions[statement_id]
