"""Preparing short statements for text analysis: hashtags, links, emoji and stop words."""

from __future__ import annotations

import re
from functools import cache

import simplemma
import stopwordsiso

# Words every dialogue uses that say nothing about a theme (Dutch, then English).
DOMAIN_STOPWORDS = {
    "nl": {
        "wijk",
        "buurt",
        "mensen",
        "goed",
        "meer",
        "echt",
        "gewoon",
        "vind",
        "denk",
        "moet",
        # Verbs and fillers that led theme labels and the word cloud without saying anything.
        "laten",
        "laat",
        "zeggen",
        "punt",
        "daarnaast",
        "gaan",
        "gaat",
        "komen",
        "komt",
        "maken",
        "zien",
        "willen",
        "wil",
        "kunnen",
        "kan",
        "hebben",
        "heb",
        "worden",
        "wordt",
    },
    "en": {"people", "think", "really", "just", "like", "would", "should", "also"},
    "de": {"leute", "wirklich", "einfach", "sollte", "sollten"},
}

_LINK = re.compile(r"https?://\S+|www\.\S+")
_HASHTAG = re.compile(r"#\w+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


def clean(text: str) -> str:
    """Drop links and hashtags (a question's prefix, not content) and collapse space."""
    text = _LINK.sub(" ", text)
    text = _HASHTAG.sub(" ", text)
    return " ".join(text.split())


@cache
def stopwords(lang: str) -> frozenset[str]:
    words = set(stopwordsiso.stopwords(lang)) if stopwordsiso.has_lang(lang) else set()
    return frozenset(words | DOMAIN_STOPWORDS.get(lang, set()))


# Chinese and Japanese write without spaces: their runs are split into character pairs.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")


def words(text: str, lang: str) -> list[str]:
    """Lower-case words of a statement, without stop words (emoji and digits are no words)."""
    stop = stopwords(lang)
    found = []
    for match in _WORD.findall(_CJK.sub(lambda run: f" {run.group()} ", clean(text))):
        word = match.lower()
        if _CJK.fullmatch(word):
            found.extend(word[i : i + 2] for i in range(max(len(word) - 1, 1)))
        elif word not in stop and len(word) > 1:
            found.append(word)
    return found


@cache
def lemma(word: str, lang: str) -> str:
    try:
        return str(simplemma.lemmatize(word, lang=lang))
    except ValueError:  # a language simplemma does not know
        return word
