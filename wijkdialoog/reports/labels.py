"""The report's own words in Dutch and English (statements stay in their own language).

`say(lang, key, **values)` fills a sentence; `name(lang, kind, code)` names a code of the
intake (a role, organisation type or scale) the way the participant saw it.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

NAMES: dict[str, dict[str, dict[str, str]]] = {
    "nl": {
        "role": {
            "resident": "bewoner",
            "professional": "professional",
            "municipality": "gemeente",
            "other": "anders",
        },
        "organisation_type": {
            "none": "geen (als bewoner)",
            "residents_group": "bewonersgroep of vrijwilligersorganisatie",
            "welfare": "welzijn of zorg",
            "housing": "woningcorporatie",
            "municipality": "gemeente",
            "business": "bedrijf of ondernemer",
            "other": "anders",
        },
        "scale": {
            "street": "straat of buurt",
            "neighbourhood": "wijk",
            "city": "stad of gemeente",
            "region": "regio of land",
        },
        "level": {
            "Top": "Top",
            "High": "Hoog",
            "Medium": "Midden",
            "Low": "Laag",
            "Bottom": "Bodem",
        },
    },
    "en": {
        "role": {
            "resident": "resident",
            "professional": "professional",
            "municipality": "municipality",
            "other": "other",
        },
        "organisation_type": {
            "none": "none (as a resident)",
            "residents_group": "residents' group or volunteers",
            "welfare": "welfare or care",
            "housing": "housing association",
            "municipality": "municipality",
            "business": "business or entrepreneur",
            "other": "other",
        },
        "scale": {
            "street": "street or block",
            "neighbourhood": "neighbourhood",
            "city": "city or municipality",
            "region": "region or country",
        },
        "level": {
            "Top": "Top",
            "High": "High",
            "Medium": "Medium",
            "Low": "Low",
            "Bottom": "Bottom",
        },
    },
}

SENTENCES: dict[str, dict[str, str]] = {
    "nl": {
        "unknown": "onbekend",
        "other_theme": "Overig",
        "figure.statements_per_person": "Uitspraken per actieve deelnemer",
        "figure.reaction_share": "Reacties op elkaar",
        "figure.synthetron_share": "Synthetrons (breed gedragen)",
        "figure.bipotron_share": "Bipotrons (verdeeld)",
        "remark.none": "Er zijn in deze sessie geen uitspraken gedaan.",
        "remark.activity_high": "De activiteit was hoger dan gemiddeld",
        "remark.activity_low": "De activiteit was lager dan gemiddeld",
        "remark.activity_same": "De activiteit was gemiddeld",
        "remark.interaction_high": "er werd meer op elkaar gereageerd dan in andere dialogen",
        "remark.interaction_low": "er werd minder op elkaar gereageerd dan in andere dialogen",
        "remark.interaction_same": "er werd ongeveer even vaak op elkaar gereageerd als gemiddeld",
        "remark.consensus_high": "Er ontstond meer overeenstemming dan gemiddeld",
        "remark.consensus_low": "Er ontstond minder overeenstemming dan gemiddeld",
        "remark.consensus_same": "De overeenstemming lag rond het gemiddelde",
        "remark.division_high": "en meer verdeeldheid",
        "remark.division_low": "en minder verdeeldheid",
        "remark.division_same": "en ongeveer evenveel verdeeldheid",
        "theme.explanation": (
            "{statements}, waarvan {synthetrons}; {share} van de stemmen was eens."
        ),
        "theme.bridge": "Bewoners, professionals en gemeente zijn het hier over eens.",
        "theme.friction": "Hier lopen de partijen uiteen: {parties}.",
        "summary.question": "Bij de vraag '{question}' ging het vooral over {themes}.",
        "summary.quote": "Breed gedragen: '{quote}'.",
        "summary.bipotrons": "{count} verdeelden de deelnemers; die staan open voor gesprek.",
        "summary.no_statements": "Bij de vraag '{question}' zijn geen uitspraken gedaan.",
        "summary.red_thread": (
            "{active} deelnemers schreven {statements} uitspraken en stemden {votes} keer."
        ),
        "summary.bridges": "{bridges} uitspraken werden door alle partijen gedragen.",
        "one.statement": "1 uitspraak",
        "many.statement": "{n} uitspraken",
        "one.synthetron": "1 synthetron",
        "many.synthetron": "{n} synthetrons",
        "and": "en",
        "group": "Groep {letter}",
        "number.registered": "aangemeld",
        "number.active": "actief",
        "number.statements": "uitspraken",
        "number.votes": "stemmen",
        "number.synthetrons": "synthetrons",
        "number.bipotrons": "bipotrons",
        "time.relative": "{hours}:{minutes:02d}:{seconds:02d} na de start",
    },
    "en": {
        "unknown": "unknown",
        "other_theme": "Other",
        "figure.statements_per_person": "Statements per active participant",
        "figure.reaction_share": "Reactions to each other",
        "figure.synthetron_share": "Synthetrons (broadly supported)",
        "figure.bipotron_share": "Bipotrons (dividing)",
        "remark.none": "No statements were made in this session.",
        "remark.activity_high": "Activity was higher than average",
        "remark.activity_low": "Activity was lower than average",
        "remark.activity_same": "Activity was average",
        "remark.interaction_high": "people reacted to each other more than in other dialogues",
        "remark.interaction_low": "people reacted to each other less than in other dialogues",
        "remark.interaction_same": "people reacted to each other about as often as usual",
        "remark.consensus_high": "More consensus emerged than on average",
        "remark.consensus_low": "Less consensus emerged than on average",
        "remark.consensus_same": "Consensus was about average",
        "remark.division_high": "and more division",
        "remark.division_low": "and less division",
        "remark.division_same": "and about as much division",
        "theme.explanation": "{statements}, of which {synthetrons}; {share} of the votes agreed.",
        "theme.bridge": "Residents, professionals and the municipality agree here.",
        "theme.friction": "Here the parties differ: {parties}.",
        "summary.question": "On the question '{question}' people talked mostly about {themes}.",
        "summary.quote": "Broadly supported: '{quote}'.",
        "summary.bipotrons": "{count} divided the participants; they are open for discussion.",
        "summary.no_statements": "No statements were made on the question '{question}'.",
        "summary.red_thread": (
            "{active} participants wrote {statements} statements and voted {votes} times."
        ),
        "summary.bridges": "{bridges} statements were supported by every party.",
        "one.statement": "1 statement",
        "many.statement": "{n} statements",
        "one.synthetron": "1 synthetron",
        "many.synthetron": "{n} synthetrons",
        "and": "and",
        "group": "Group {letter}",
        "number.registered": "registered",
        "number.active": "active",
        "number.statements": "statements",
        "number.votes": "votes",
        "number.synthetrons": "synthetrons",
        "number.bipotrons": "bipotrons",
        "time.relative": "{hours}:{minutes:02d}:{seconds:02d} after the start",
    },
}


# The words of the rendered pages (html.py: report, infographic, public version).
SENTENCES["nl"] |= {
    "html.report_kind": "Verslag van de online dialoog",
    "html.period": "Periode",
    "html.source": "Bron",
    "html.contents": "Inhoud",
    "html.summary": "Samenvatting",
    "html.next_steps": "Wat gebeurt er met de uitkomsten?",
    "html.next_steps_placeholder": (
        "De organisatoren laten zo snel mogelijk weten wat er met de uitkomsten gebeurt."
    ),
    "html.occasion": "Aanleiding en deelnemers",
    "html.goal": "Doel van de sessie",
    "html.participants": "Wie deden er mee?",
    "html.participants_sentence": (
        "{registered} mensen meldden zich aan; {active} van hen deden actief mee: "
        "zij schreven uitspraken of stemden."
    ),
    "html.chart.roles": "Deelnemers naar rol",
    "html.chart.organisations": "Deelnemers naar soort organisatie",
    "html.chart.scales": "Deelnemers naar schaalniveau",
    "html.chart.description": "Staafdiagram: {title}. {values}.",
    "html.reasons": "Waarom deden mensen mee?",
    "html.success": "Wanneer is de sessie voor hen geslaagd?",
    "html.mentioned": "{count} keer genoemd",
    "html.dialogue": "Kenmerken van de dialoog",
    "html.figures_caption": "Kerncijfers van de sessie",
    "html.benchmark_caption": "Deze sessie vergeleken met andere dialogen",
    "html.figure": "Kengetal",
    "html.count": "Aantal",
    "html.this_session": "Deze sessie",
    "html.benchmark": "Gemiddeld",
    "html.fig.registered": "Aangemeld",
    "html.fig.active": "Actieve deelnemers",
    "html.fig.statements": "Uitspraken",
    "html.fig.reactions": "Reacties op een uitspraak",
    "html.fig.synthetrons": "Synthetrons",
    "html.fig.bipotrons": "Bipotrons",
    "html.fig.votes": "Stemmen",
    "html.fig.poll_answers": "Antwoorden op peilingen",
    "html.outcomes": "Uitkomsten per vraag",
    "html.outcomes_intro": (
        "Per vraag staan de thema's op volgorde van steun: het aantal eens-stemmen op de "
        "uitspraken van het thema. Bij elk thema staan enkele citaten."
    ),
    "html.legend_italic": "Cursief",
    "html.legend_quoted": "Tussen aanhalingstekens",
    "html.legend_synthetron": "een synthetron, een uitspraak waarop genoeg is gestemd",
    "html.legend_other": (
        "een andere uitspraak, gekozen zodat ideeën met weinig stemmen niet verloren gaan"
    ),
    "html.no_questions": "Deze sessie had geen open vragen.",
    "html.question_meta": "{statements} uitspraken · {votes} stemmen · {synthetrons} synthetrons",
    "html.themes_chart": "Steun per thema: {question}",
    "html.theme_support": "{support} eens-stemmen",
    "html.no_themes": "Geen uitspraken met genoeg steun om thema's te vormen.",
    "html.parties_agree": "Eens per partij",
    "html.party_share": "{share} eens ({agree} van {decided} stemmen)",
    "html.bridge": "Brug tussen partijen",
    "html.friction": "Wrijving tussen partijen",
    "html.quote_votes": "{agree} eens · {disagree} oneens",
    "html.level": "niveau {level}",
    "html.bipotrons": "Open discussiepunten",
    "html.bipotrons_intro": (
        "Over deze uitspraken waren de deelnemers verdeeld (bipotrons). "
        "Hierover is verder gesprek nodig."
    ),
    "html.bipotrons_count": "{shown} van de {count} bipotrons, de meest gestemde eerst.",
    "html.bipotrons_all": "De meest gestemde staan bovenaan.",
    "html.polls": "Peilingen",
    "html.poll_meta": "{answers} antwoorden",
    "html.poll_chart": "Antwoorden: {question}",
    "html.explanations": "Toelichtingen (een selectie)",
    "html.i_choose": "Ik kies",
    "html.because": "omdat",
    "html.across": "Over partijen en meningen heen",
    "html.roles_agree": "Eens-stemmen per rol",
    "html.role": "Rol",
    "html.agree_share": "Aandeel eens",
    "html.votes": "Stemmen",
    "html.statement": "Uitspraak",
    "html.bridges": "Bruggen: uitspraken die alle partijen steunen",
    "html.frictions": "Wrijvingen: uitspraken waarover de partijen verschillen",
    "html.cross_note": (
        "Per partij het aandeel eens, met daaronder de eens-stemmen van alle stemmen."
    ),
    "html.no_parties": (
        "Bruggen en wrijvingen vragen stemmen van minstens twee partijen (bewoners, "
        "professionals, gemeente). Die waren er in deze sessie niet."
    ),
    "html.opinion_groups": "Meningsgroepen",
    "html.opinion_intro": (
        "Deelnemers die vaak hetzelfde stemden, vormen samen een meningsgroep. "
        "De groepen zijn berekend uit alle stemmen, zoals Polis dat doet."
    ),
    "html.group_size": "{size} deelnemers",
    "html.group_roles": "Samenstelling",
    "html.distinctive": "Wat deze groep onderscheidt",
    "html.inside_outside": "{inside} eens in de groep, {outside} daarbuiten",
    "html.shared": "Wat alle groepen delen",
    "html.silhouette": (
        "Hoe duidelijk de groepen verschillen (silhouetscore, van 0 tot 1): {score}."
    ),
    "html.no_groups": "Er waren te weinig stemmen om meningsgroepen te vinden.",
    "html.words": "Woordwolk",
    "html.words_intro": "De meest gebruikte woorden in alle uitspraken: hoe groter, hoe vaker.",
    "html.words_alt": "Woordwolk. De meest gebruikte woorden: {words}.",
    "html.words_missing": (
        "{count} woorden staan niet in de woordwolk: op deze computer is geen lettertype "
        "met hun tekens."
    ),
    "html.no_words": "Er zijn geen woorden om te tonen.",
    "html.appendix_method": "Bijlage A. De methode",
    "html.method_intro": (
        "Deelnemers schrijven korte uitspraken en stemmen op die van anderen: eens, oneens "
        "of overslaan. Een nieuwe uitspraak gaat eerst naar een klein groepje deelnemers. "
        "Steunt de meerderheid hem, dan gaat hij door naar volgende groepjes. Zo bereiken "
        "breed gedragen uitspraken snel iedereen, ook in een grote groep."
    ),
    "html.synthetron_rule": (
        "Een synthetron is een uitspraak met minstens {min_votes} eens- en oneens-stemmen. "
        "Het niveau hangt af van het aandeel eens-stemmen:"
    ),
    "html.levels_caption": "Niveaus van synthetrons",
    "html.level_heading": "Niveau",
    "html.more_than": "meer dan {share}",
    "html.at_most": "{share} of minder",
    "html.bipotron_rule": (
        "Een bipotron is een uitspraak die verdeelt: minstens {min_side} eens- en "
        "{min_side} oneens-stemmen, en de kleinste kant heeft minstens {minority} van de "
        "stemmen. Dit zijn de punten waarover eerst verder gepraat moet worden."
    ),
    "html.hidden_rule": (
        "De gespreksleider heeft {statements} verborgen, omdat die de spelregels "
        "overtraden. Verborgen uitspraken en de stemmen erop tellen in dit rapport nergens mee."
    ),
    "html.parties_rule": (
        "Bruggen en wrijvingen: per uitspraak is het aandeel eens per partij vergeleken "
        "(bewoners, professionals, gemeente), op de manier waarop Polis "
        "groepsgeïnformeerde consensus berekent."
    ),
    "html.appendix_infographic": "Bijlage B. Infographic",
    "html.colophon": "Colofon",
    "html.made_with": (
        "Dit verslag is gemaakt met Wijkdialoog, open-source software voor grote online "
        "wijkdialogen."
    ),
    "html.privacy": "Deelnemers staan in dit verslag alleen met hun rol, niet met hun naam.",
    "html.at_a_glance": "In één oogopslag",
    "html.more_blocks": "en nog {count} onderdelen in het volledige verslag",
    "html.public_kind": "De uitkomsten van de dialoog",
    "html.thanks": "Dank voor je bijdrage!",
    "html.findings": "Wat kwam eruit?",
    "html.col.role": "Rol",
    "html.col.organisation": "Soort organisatie",
    "html.col.scale": "Schaalniveau",
    "html.col.theme": "Thema",
    "html.col.option": "Antwoord",
    "html.col.participants": "Deelnemers",
    "html.col.agree_votes": "Eens-stemmen",
    "html.col.answers": "Antwoorden",
}
SENTENCES["en"] |= {
    "html.report_kind": "Report of the online dialogue",
    "html.period": "Period",
    "html.source": "Source",
    "html.contents": "Contents",
    "html.summary": "Summary",
    "html.next_steps": "What happens with the results?",
    "html.next_steps_placeholder": (
        "The organisers will let you know as soon as possible what happens with the results."
    ),
    "html.occasion": "Occasion and participants",
    "html.goal": "Goal of the session",
    "html.participants": "Who took part?",
    "html.participants_sentence": (
        "{registered} people registered; {active} of them took part actively: "
        "they wrote statements or voted."
    ),
    "html.chart.roles": "Participants by role",
    "html.chart.organisations": "Participants by type of organisation",
    "html.chart.scales": "Participants by scale",
    "html.chart.description": "Bar chart: {title}. {values}.",
    "html.reasons": "Why did people take part?",
    "html.success": "When is the session a success for them?",
    "html.mentioned": "mentioned {count} times",
    "html.dialogue": "Characteristics of the dialogue",
    "html.figures_caption": "Key figures of the session",
    "html.benchmark_caption": "This session compared with other dialogues",
    "html.figure": "Figure",
    "html.count": "Number",
    "html.this_session": "This session",
    "html.benchmark": "Average",
    "html.fig.registered": "Registered",
    "html.fig.active": "Active participants",
    "html.fig.statements": "Statements",
    "html.fig.reactions": "Reactions to a statement",
    "html.fig.synthetrons": "Synthetrons",
    "html.fig.bipotrons": "Bipotrons",
    "html.fig.votes": "Votes",
    "html.fig.poll_answers": "Poll answers",
    "html.outcomes": "Outcomes per question",
    "html.outcomes_intro": (
        "For each question, the themes are listed in order of support: the number of agree "
        "votes on the theme's statements. Each theme comes with a few quotes."
    ),
    "html.legend_italic": "In italics",
    "html.legend_quoted": "In quotation marks",
    "html.legend_synthetron": "a synthetron, a statement that received enough votes",
    "html.legend_other": "another statement, chosen so that ideas with few votes are not lost",
    "html.no_questions": "This session had no open questions.",
    "html.question_meta": "{statements} statements · {votes} votes · {synthetrons} synthetrons",
    "html.themes_chart": "Support per theme: {question}",
    "html.theme_support": "{support} agree votes",
    "html.no_themes": "No statements had enough support to form themes.",
    "html.parties_agree": "Agree per party",
    "html.party_share": "{share} agree ({agree} of {decided} votes)",
    "html.bridge": "Bridge between parties",
    "html.friction": "Friction between parties",
    "html.quote_votes": "{agree} agree · {disagree} disagree",
    "html.level": "level {level}",
    "html.bipotrons": "Open points for discussion",
    "html.bipotrons_intro": (
        "The participants were divided on these statements (bipotrons). "
        "They need further discussion."
    ),
    "html.bipotrons_count": "{shown} of the {count} bipotrons, the most voted first.",
    "html.bipotrons_all": "The most voted come first.",
    "html.polls": "Polls",
    "html.poll_meta": "{answers} answers",
    "html.poll_chart": "Answers: {question}",
    "html.explanations": "Explanations (a selection)",
    "html.i_choose": "I choose",
    "html.because": "because",
    "html.across": "Across parties and opinions",
    "html.roles_agree": "Agree votes per role",
    "html.role": "Role",
    "html.agree_share": "Share agreeing",
    "html.votes": "Votes",
    "html.statement": "Statement",
    "html.bridges": "Bridges: statements every party supports",
    "html.frictions": "Frictions: statements on which the parties differ",
    "html.cross_note": (
        "For each party the share agreeing, with its agree votes out of all votes below."
    ),
    "html.no_parties": (
        "Bridges and frictions need votes from at least two parties (residents, "
        "professionals, municipality). This session did not have them."
    ),
    "html.opinion_groups": "Opinion groups",
    "html.opinion_intro": (
        "Participants who often voted alike form an opinion group. The groups are "
        "computed from all votes, the way Polis does it."
    ),
    "html.group_size": "{size} participants",
    "html.group_roles": "Made up of",
    "html.distinctive": "What sets this group apart",
    "html.inside_outside": "{inside} agree in the group, {outside} outside it",
    "html.shared": "What all groups share",
    "html.silhouette": "How clearly the groups differ (silhouette score, from 0 to 1): {score}.",
    "html.no_groups": "There were too few votes to find opinion groups.",
    "html.words": "Word cloud",
    "html.words_intro": "The words used most in all statements: the bigger, the more often.",
    "html.words_alt": "Word cloud. The words used most: {words}.",
    "html.words_missing": (
        "{count} words are not in the word cloud: this computer has no font with their characters."
    ),
    "html.no_words": "There are no words to show.",
    "html.appendix_method": "Appendix A. The method",
    "html.method_intro": (
        "Participants write short statements and vote on those of others: agree, disagree "
        "or pass. A new statement first goes to a small group of participants. If most of "
        "them support it, it moves on to further groups. This way, broadly supported "
        "statements quickly reach everyone, also in a large crowd."
    ),
    "html.synthetron_rule": (
        "A synthetron is a statement with at least {min_votes} agree and disagree votes. "
        "Its level depends on the share of agree votes:"
    ),
    "html.levels_caption": "Levels of synthetrons",
    "html.level_heading": "Level",
    "html.more_than": "more than {share}",
    "html.at_most": "{share} or less",
    "html.bipotron_rule": (
        "A bipotron is a dividing statement: at least {min_side} agree and {min_side} "
        "disagree votes, and the smaller side has at least {minority} of the votes. These "
        "are the points that need further discussion first."
    ),
    "html.hidden_rule": (
        "The facilitator hid {statements} because they broke the rules of play. "
        "Hidden statements and the votes on them count nowhere in this report."
    ),
    "html.parties_rule": (
        "Bridges and frictions: for every statement, the share agreeing is compared across "
        "the parties (residents, professionals, municipality), the way Polis computes "
        "group-informed consensus."
    ),
    "html.appendix_infographic": "Appendix B. Infographic",
    "html.colophon": "Colophon",
    "html.made_with": (
        "This report was made with Wijkdialoog, open-source software for large online "
        "neighbourhood dialogues."
    ),
    "html.privacy": "Participants appear in this report only by their role, never by name.",
    "html.at_a_glance": "At a glance",
    "html.more_blocks": "and {count} more parts in the full report",
    "html.public_kind": "The outcomes of the dialogue",
    "html.thanks": "Thank you for taking part!",
    "html.findings": "What came out?",
    "html.col.role": "Role",
    "html.col.organisation": "Type of organisation",
    "html.col.scale": "Scale",
    "html.col.theme": "Theme",
    "html.col.option": "Answer",
    "html.col.participants": "Participants",
    "html.col.agree_votes": "Agree votes",
    "html.col.answers": "Answers",
}


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang` (Dutch when the language is unknown), filled in."""
    sentences = SENTENCES.get(lang, SENTENCES["nl"])
    return sentences[key].format(**values) if values else sentences[key]


def name(lang: str, kind: str, code: str) -> str:
    """How a code of the intake reads; an unknown code is shown as it is."""
    if not code:
        return say(lang, "unknown")
    return NAMES.get(lang, NAMES["nl"])[kind].get(code, code)


def percent(share: float | None, lang: str = "nl") -> str:
    """A share as a whole percentage (a dash when there is none)."""
    return "\u2013" if share is None else f"{round(share * 100)}%"


def number(value: int, lang: str) -> str:
    """A whole number with the language's thousands separator (2.813 / 2,813)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang != "en" else text


def counted(lang: str, n: int, noun: str) -> str:
    """'1 uitspraak', '12 uitspraken'."""
    return say(lang, f"one.{noun}") if n == 1 else say(lang, f"many.{noun}", n=number(n, lang))


def join_words(items: list[str], lang: str) -> str:
    """'a, b en c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {say(lang, 'and')} {items[-1]}"
