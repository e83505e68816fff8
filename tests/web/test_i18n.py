"""The English translation: Dutch by default, English only through the language switch.

The tests need the compiled catalogue (django.mo, build output that git ignores); the
module fixture compiles it when it is missing or older than the .po, so `pytest` works
on a fresh clone.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.signals import setting_changed
from django.utils import translation

from tests.web.conftest import make_dialogue

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue() -> None:
    """Compile the English catalogue if it is missing or older than the .po."""
    if MO_FILE.exists() and MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime:
        return
    # compilemessages walks the working directory for locale folders; from the web
    # package it finds only ours (and not, say, every locale in a virtualenv).
    with contextlib.chdir(LOCALE_DIR.parent):
        call_command("compilemessages", locale=["en"], verbosity=0)
    assert MO_FILE.exists()
    # Forget catalogues Django may have loaded (without ours) earlier in this process.
    setting_changed.send(
        sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
    )


@pytest.fixture(autouse=True)
def back_to_default_language() -> Iterator[None]:
    """The test client runs requests in this thread; leave no language active after."""
    yield
    translation.deactivate()


def english(msgid: str) -> str:
    with translation.override("en"):
        return translation.gettext(msgid)


def page(client: Client, url: str, **extra: str) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return unescape(response.content.decode())


# --- Pages -------------------------------------------------------------------------


def test_the_browser_language_does_not_switch_to_english(db: None, client: Client) -> None:
    html = page(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Typ je code" in html
    assert english("Typ je code") not in html
    assert '<html lang="nl">' in html

    html = page(client, "/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "Typ je code" in html


def test_the_language_cookie_gives_the_english_home_page(db: None, client: Client) -> None:
    assert english("Typ je code") not in ("", "Typ je code")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, "/")
    assert english("Typ je code") in html
    assert english("Praat mee over je wijk") in html
    assert "Typ je code" not in html
    assert '<html lang="en">' in html


def test_the_language_cookie_gives_the_english_join_page(db: None, client: Client) -> None:
    dialogue = make_dialogue()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, f"/d/{dialogue.invite_code}/")
    labels = [
        "Over jou",
        "Schuilnaam (zo zien anderen je niet; alleen voor jezelf)",
        "Ik doe mee als",
        "Soort organisatie",
        "Ik werk of woon vooral op het niveau van",
        "Ik heb de privacytekst gelezen en doe mee onder die voorwaarden.",
        "bewoner",
        "Doe mee",
    ]
    for dutch in labels:
        assert english(dutch) != dutch
        assert english(dutch) in html, dutch
    for dutch in ["Over jou", "Soort organisatie", "Ik doe mee als"]:
        assert dutch not in html


def test_the_language_switch_turns_the_next_page_english(db: None, client: Client) -> None:
    assert "Typ je code" in page(client, "/")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = page(client, response["Location"])
    assert english("Typ je code") in html
    assert "Typ je code" not in html

    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Typ je code" in page(client, "/")


# --- The catalogue -----------------------------------------------------------------


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    def translations(self) -> list[tuple[str, str]]:
        """(source, translation) pairs: msgstr[0] goes with msgid, the rest the plural."""
        if "msgid_plural" not in self.fields:
            return [(self.msgid, self.fields.get("msgstr", ""))]
        forms = sorted(key for key in self.fields if key.startswith("msgstr["))
        return [
            (self.msgid if key == "msgstr[0]" else self.fields["msgid_plural"], self.fields[key])
            for key in forms
        ]


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match[1], match[0]), text)


def read_po(path: Path) -> list[Entry]:
    """A small .po reader: entries with their flags and (joined, unescaped) fields.

    Obsolete entries (#~) are skipped, as msgfmt does.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    key = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            entry = None
        elif line.startswith("#,"):
            if entry is None or entry.fields:
                entry = Entry(number)
                entries.append(entry)
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif keyword := _KEYWORD.match(line):
            key = keyword[1]
            if entry is None or (key in ("msgctxt", "msgid") and "msgid" in entry.fields):
                entry = Entry(number)
                entries.append(entry)
            entry.fields[key] = _unquote(keyword[2])
        elif (continuation := _CONTINUATION.match(line)) and entry is not None:
            entry.fields[key] += _unquote(continuation[1])
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {line!r}")
    return entries


# %(name)s, %s, %d, %%; and {name} / {0} / {} as str.format uses them.
_PLACEHOLDER = re.compile(
    r"%(?:\(\w+\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"
)


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    entries = read_po(PO_FILE)
    assert entries[0].msgid == ""
    return entries


def test_the_header_says_english_with_two_plural_forms(catalogue: list[Entry]) -> None:
    header = catalogue[0]
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.fields["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.fields["msgstr"]


def test_every_message_has_a_translation(catalogue: list[Entry]) -> None:
    messages = catalogue[1:]
    assert len(messages) > 100
    missing = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in messages
        for _, text in entry.translations()
        if not text.strip()
    ]
    assert not missing, "\n".join(missing)
    fuzzy = [f"line {entry.line}: {entry.msgid!r}" for entry in messages if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy entries are not compiled:\n" + "\n".join(fuzzy)
    plurals = [entry for entry in messages if "msgid_plural" in entry.fields]
    assert all(len(entry.translations()) == 2 for entry in plurals)


def test_translations_keep_placeholders_and_edges(catalogue: list[Entry]) -> None:
    problems = []
    for entry in catalogue[1:]:
        for source, text in entry.translations():
            if placeholders(source) != placeholders(text):
                problems.append(f"line {entry.line}: {source!r} -> {text!r}")
            if _edges(source) != _edges(text):
                problems.append(f"line {entry.line}: whitespace differs in {source!r}")
    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_matches_the_po(catalogue: list[Entry]) -> None:
    """A stale .mo would show the old wording (or Dutch) although the .po is right."""
    with translation.override("en"):
        for entry in catalogue[1:]:
            context, msgid = entry.fields.get("msgctxt"), entry.msgid
            if "msgid_plural" in entry.fields:
                plural = entry.fields["msgid_plural"]
                forms = entry.fields["msgstr[0]"], entry.fields["msgstr[1]"]
                if context is None:
                    got = (
                        translation.ngettext(msgid, plural, 1),
                        translation.ngettext(msgid, plural, 2),
                    )
                else:
                    got = (
                        translation.npgettext(context, msgid, plural, 1),
                        translation.npgettext(context, msgid, plural, 2),
                    )
                assert got == forms, msgid
            elif context is None:
                assert translation.gettext(msgid) == entry.fields["msgstr"], msgid
            else:
                assert translation.pgettext(context, msgid) == entry.fields["msgstr"], msgid


def test_the_reader_understands_plurals_flags_and_escapes(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        "#: x.py:1\n#, fuzzy, python-format\n"
        'msgid "%(count)s \\"ding\\""\nmsgid_plural ""\n"%(count)s dingen"\n'
        'msgstr[0] "%(count)s \\"thing\\""\nmsgstr[1] "%(count)s things"\n\n'
        '#~ msgid "oud"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, entry = read_po(po)
    assert header.fields["msgstr"] == "Language: en\n"
    assert entry.flags == {"fuzzy", "python-format"}
    assert entry.translations() == [
        ('%(count)s "ding"', '%(count)s "thing"'),
        ("%(count)s dingen", "%(count)s things"),
    ]
    assert placeholders("%(a)s, %s, %d%%, {name} {0}") == [
        "%%",
        "%(a)s",
        "%d",
        "%s",
        "{0}",
        "{name}",
    ]
