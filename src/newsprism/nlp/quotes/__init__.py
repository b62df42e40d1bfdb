"""Who is reported as saying what: direct, indirect, "according to" and mixed quotes.

The stage works on the spaCy parses of an article's clean paragraphs and returns
:class:`~newsprism.records.Quote` records whose spans index the article's original text.

How it finds them, in order:

1. Quotation marks are paired by a small scanner (typographic, straight, guillemets, „…“,
   ``''…''``, single quotes inside double ones). A paragraph that leaves a quote open continues
   into the next one when that one opens with a quote mark or closes the quote first (the
   newspaper convention for quotes running over several paragraphs).
2. Reported speech comes from the dependency parse: a verb of the speech/cognition lexicons
   (``data/quotes/cues.toml``) with a subject (the speaker) and a clausal complement (the
   content); also an aside ("The risk, he said, is …"), a speech act with its object ("accused
   Clinton of lying") and a speech verb whose object holds a quotation. When the content is in
   fact a quotation the quote is direct; when it only holds a quoted fragment, it is "mixed".
3. Paragraphs opening with a speaker's name and a colon ("TAPPER: …", "Lavrov: '…'").
4. "according to X" attributes the rest of its clause to X.
5. A quotation the parse did not attach is attributed through its neighbourhood: a cue verb
   and subject right after it ("…,” Putin said", "…," said Lavrov, "…”, – quotes the words of
   X") or right before it ("X told the media: “…”", "According to X: “…”").
6. A quotation with no cue of its own takes the speaker (and cue) of the quote just before it
   in the paragraph, or, for a paragraph that opens with a quotation, of the paragraph before
   when that one ends in a colon ("…, adding:") or with an attributed quotation. Quotations
   left over are kept, unattributed, only when they stand as sentences (not scare quotes).
7. Cues the word lists miss (endorsements, plans, citations, criticisms, findings: PolNeAR
   counts them all as attribution) come from a logistic model learned on PolNeAR train over
   the parse around each verb and noun (``learned``, ``data/quotes/cue_model.json``); the
   content is the candidate span a second learned model ranks first. It only fills gaps:
   nothing it finds overlaps what the rules above found.
8. Quotes inside quotes get ``nested_in``, and a speaker when the outer quote names one
   ("He asked me 'Will you …'"); so does reported speech inside another quote's content.

Speakers are resolved within the article: a name to the fullest form of that name
("Lavrov" -> "Sergei Lavrov"), cutting NER runs that glue a known surname to other names
("Yarosh Sputnik Belarus" -> "Yarosh", i.e. Andrei Yarosh); a pronoun to the most recent
speaker or person named outside quotations and reported contents; a title ("the Belarusian
leader", "the ministry") to the last PERSON/ORG named with that title or modifier. A
third-person pronoun inside a quote never resolves to that quote's own speaker. When nothing
is clear, ``speaker_entity`` stays None.

The package follows those steps: ``marks`` (1), ``article`` (the working representation),
``phrases`` (speaker and cue spans), ``reported`` (2), ``neighbourhood`` (3-5), ``learned``
(7), ``speakers`` (resolution) and ``stage`` (the passes in order, 6-8, and the records); the
word lists live in ``data/quotes/`` and are read once by ``lexicon``.
"""

from newsprism.nlp.quotes.lexicon import COGNITION_VERBS, SPEECH_VERBS
from newsprism.nlp.quotes.stage import extract_quotes, quotes_for_text

__all__ = [
    "COGNITION_VERBS",
    "SPEECH_VERBS",
    "extract_quotes",
    "quotes_for_text",
]
