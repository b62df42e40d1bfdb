"""Style rates that separate reporting from opinion and satire, in every trained language.

A sentence vector says what a text is about; whether it reports or argues shows in how it is
written: attributions per sentence ("said", "заявил", "selon"), the share of quoted text, first
and second person, questions and exclamations, a dateline, numbers and names. The closed word
classes below are written from each language's grammar (pronouns, reporting verbs), not fitted
to any data, so training and run time compute the same rates for any article in these
languages; an unknown language gets the punctuation and shape rates and zeros for the words.
"""

from __future__ import annotations

import re

import numpy as np
from numpy.typing import NDArray

_WORD = re.compile(r"\w+(?:[’']\w+)?")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# (first person singular, first person plural, second person, attribution cues)
_CLOSED: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]] = {
    "en": (
        _set("i me my mine myself"),
        _set("we us our ours ourselves"),
        _set("you your yours yourself yourselves"),
        _set(
            "said says say told telling tells according stated added noted reported announced"
            " explained confirmed claimed spokesman spokeswoman spokesperson"
        ),
    ),
    "ru": (
        _set("я меня мне мной мой моя моё мое мои моего моей моих моим"),
        _set("мы нас нам нами наш наша наше наши нашего нашей наших нашим"),
        _set("ты тебя тебе тобой твой твоя твоё твои вы вас вам вами ваш ваша ваше ваши"),
        _set(
            "сказал сказала сказали заявил заявила заявили сообщил сообщила сообщили"
            " отметил отметила отметили добавил добавила подчеркнул подчеркнула пояснил"
            " пояснила рассказал рассказала словам сообщает сообщают заявляет передает"
            " передаёт информирует пресс-служба сообщается"
        ),
    ),
    "uk": (
        _set("я мене мені мною мій моя моє мої мого моєї моїх"),
        _set("ми нас нам нами наш наша наше наші нашого нашої наших"),
        _set("ти тебе тобі тобою твій твоя твоє вы ви вас вам вами ваш ваша ваше ваші"),
        _set(
            "сказав сказала сказали заявив заявила заявили повідомив повідомила повідомили"
            " зазначив зазначила додав додала підкреслив підкреслила пояснив пояснила словами"
            " повідомляє повідомляють заявляє пресслужба прес-служба"
        ),
    ),
    "fr": (
        _set("je j me m moi mon ma mes"),
        _set("nous notre nos"),
        _set("tu te toi ton ta tes vous votre vos"),
        _set(
            "selon déclaré affirmé indiqué annoncé expliqué précisé ajouté souligné dit"
            " rapporte rapporté estime confirmé porte-parole"
        ),
    ),
    "de": (
        _set("ich mich mir mein meine meinen meinem meiner meines"),
        _set("wir uns unser unsere unseren unserem unserer"),
        _set("du dich dir dein deine ihr euch euer eure"),
        _set(
            "sagte sagten erklärte erklärten teilte mitteilte laut zufolge betonte berichtete"
            " berichtet sagt erklärt kündigte bestätigte sprecher sprecherin"
        ),
    ),
    "it": (
        _set("io me mi mio mia miei mie"),
        _set("noi ci nostro nostra nostri nostre"),
        _set("tu te ti tuo tua tuoi voi vi vostro vostra"),
        _set(
            "secondo dichiarato detto affermato spiegato annunciato aggiunto sottolineato"
            " riferito riporta confermato portavoce ha dichiara"
        ),
    ),
    "pl": (
        _set("ja mnie mi mną mój moja moje mojego mojej moich"),
        _set("my nas nam nami nasz nasza nasze naszego naszej naszych"),
        _set("ty ciebie cię tobie ci twój twoja wy was wam wasz wasza"),
        _set(
            "powiedział powiedziała powiedzieli według oświadczył oświadczyła poinformował"
            " poinformowała dodał dodała podkreślił podkreśliła wyjaśnił przekazał rzecznik"
            " rzeczniczka zapowiedział"
        ),
    ),
    "pt": (
        _set("eu me mim meu minha meus minhas"),
        _set("nós nos nosso nossa nossos nossas"),
        _set("tu te ti teu tua você vocês vosso vossa"),
        _set(
            "disse disseram afirmou afirmaram declarou segundo explicou anunciou acrescentou"
            " sublinhou referiu informou confirmou porta-voz"
        ),
    ),
    "bg": (
        _set("аз мен ми мой моя мое мои"),
        _set("ние нас ни наш наша наше наши"),
        _set("ти теб те твой твоя вие вас ви ваш ваша ваше"),
        _set(
            "каза казаха заяви заявиха съобщи съобщиха посочи отбеляза добави подчерта"
            " обясни според говорител"
        ),
    ),
}
_ALIASES = {"ge": "de", "po": "pl"}
"""SemEval-2023's own codes for German and Polish."""

_QUOTED = re.compile(r"“[^”\n]{1,600}”|«[^»\n]{1,600}»|„[^“”\n]{1,600}[“”]|\"[^\"\n]{1,600}\"")
_DATELINE = re.compile(
    r"^\s*[A-ZА-ЯЁЇІЄ][\w.'’ -]{1,40}(?:,\s*[\w. ]{2,30})?\s*(?:\([\w .-]{2,30}\)\s*)?[—–-]"
    r"|^\s*\([\w .-]{2,20}\)\s*[—–-]"
)
_SENTENCE_END = re.compile(r"[.!?…]+")
_OPENERS = frozenset(".!?…\"“«„'‘(—–-:\n")
"""What a capital after it starts rather than names."""

STYLE_NAMES = (
    "log_words", "log_sentence_words", "exclaim", "question", "quoted_share",
    "quoted_sentences", "attribution", "first_singular", "first_plural", "second_person",
    "digits", "capitalised", "dateline", "parentheses", "ellipsis", "known_language",
)  # fmt: skip
STYLE_DIMS = len(STYLE_NAMES)


def closed_classes(
    language: str | None,
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]] | None:
    """The language's pronoun and attribution words, or None when none are written."""
    code = _ALIASES.get(language or "", language or "")
    return _CLOSED.get(code)


def style(text: str, language: str | None) -> NDArray[np.float32]:
    """The :data:`STYLE_NAMES` rates of one text (per word, per sentence or shares)."""
    words = _WORD.findall(text)
    n = max(len(words), 1)
    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    quoted = _QUOTED.findall(text)
    quoted_chars = sum(len(q) for q in quoted)
    lower = [w.lower() for w in words]
    classes = closed_classes(language)
    rates = [0.0, 0.0, 0.0, 0.0]
    if classes is not None:
        rates = [10.0 * sum(1 for w in lower if w in lex) / n for lex in classes[:3]]
        rates.append(sum(1 for w in lower if w in classes[3]) / sentences)
    # capitalised words not at a sentence start: names, places, organisations
    capitalised = 0
    for m in _WORD.finditer(text):
        word = m.group()
        if word[:1].isupper() and not word.isupper():
            at = m.start() - 1
            while at >= 0 and text[at] in " \t":
                at -= 1
            capitalised += at >= 0 and text[at] not in _OPENERS
    head = text.lstrip()[:200]
    body = head.split("\n", 2)
    dateline_text = body[2] if len(body) > 2 and not body[1].strip() else head
    values = [
        np.log1p(len(words)) / 5.0,
        np.log1p(n / sentences) / 3.0,
        text.count("!") / sentences,
        text.count("?") / sentences,
        quoted_chars / max(len(text), 1),
        len(quoted) / sentences,
        rates[3],
        rates[0],
        rates[1],
        rates[2],
        10.0 * sum(1 for w in words if any(c.isdigit() for c in w)) / n,
        capitalised / n,
        1.0 if _DATELINE.match(dateline_text) or _DATELINE.match(head) else 0.0,
        10.0 * text.count("(") / n,
        10.0 * (text.count("…") + text.count("...")) / n,
        1.0 if classes is not None else 0.0,
    ]
    return np.asarray(values, dtype=np.float32)
