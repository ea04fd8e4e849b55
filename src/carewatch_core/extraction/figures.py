"""Reading figures out of a text: each quantity a careful reader would list, with what it counts,
where, when and according to whom (docs/extraction.md).

Each sentence is read on its own. A quantity's words are those between it and its neighbours in
the sentence ("450 Civilians dead and | 1600 injured"); what a quantity lacks (its noun, what
happened) it takes from the one before it, then from the one after, in the same sentence
("plus de 120 hôpitaux et plus de 200 centres de santé": both supported). A quantity whose words
make no measure of the vocabulary is not a figure (``measures.measure_of``)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from carewatch_core.extraction.attribution import same_organisation, source_in, trailing_source
from carewatch_core.extraction.exclusions import excluded_spans, is_year, why_not
from carewatch_core.extraction.measures import NOUNS, OUTCOMES, Found, Words, found_in, measure_of
from carewatch_core.extraction.numbers import Mention, mentions
from carewatch_core.extraction.periods import Period, dateline, periods_in
from carewatch_core.extraction.places import PlaceFinder
from carewatch_core.extraction.qualifiers import qualifier_of
from carewatch_core.extraction.text import Span, guess_language, lines, prepared, sentences
from carewatch_core.geo.gazetteer import Gazetteer


@dataclass(frozen=True, slots=True)
class ExtractedFigure:
    quantity: int | None  # None for a range or a vague quantity (see low, high)
    low: int | None
    high: int | None
    qualifier: str | None  # at_least, more_than, about, up_to, less_than; None: exact
    measure: str
    population: str | None
    place: str | None  # a p-code
    period_start: dt.date | None
    period_end: dt.date | None
    source: str | None  # as named in the text; None: the issuer's own figure
    quote: str  # the sentence
    start: int  # the quantity's offsets in the text
    end: int
    of_total: int | None = None  # "2 of the 4 largest hospitals": 4

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("period_start", "period_end"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass(slots=True)
class _Reading:
    mention: Mention
    noun: str | None
    outcome: str | None  # in the quantity's own clause
    further: str | None  # in its scope beyond a comma


_POPULATION = {"attacks": None, "treatments": None}
_PARTITIVE = re.compile(r"\s+(?:of|des|d'entre|من)\s", re.I)


def extract(
    text: str,
    *,
    language: str | None = None,
    issuer: str | None = None,
    date: dt.date | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[ExtractedFigure]:
    """Every figure in ``text`` (French, English or Arabic; guessed when ``language`` is None).
    ``date`` resolves relative periods (else the text's dateline); ``issuer`` is the
    organisation whose text it is (a figure it states itself has no ``source``)."""
    plain = prepared(text)
    language = language or guess_language(plain)
    heading = dateline(plain)
    today = date or (heading[0] if heading else None)
    spans = excluded_spans(plain)
    found = mentions(plain, language)
    places = PlaceFinder(gazetteer)
    words = _Words(Words(NOUNS, plain), Words(OUTCOMES, plain))
    figures: list[ExtractedFigure] = []
    for line in lines(plain):
        trailing = trailing_source(plain, line.start, line.end)
        for sentence in sentences(plain, line):
            inside = [m for m in found if sentence.start <= m.start < sentence.end]
            kept = [m for m in inside if why_not(plain, m, spans) is None]
            readings = _readings(plain, words, sentence, kept, language)
            periods = _periods(plain, sentence, today, heading) if readings else []
            for reading in readings:
                figure = _figure(text, plain, sentence, reading, periods, places)
                if figure is None:
                    continue
                named = source_in(plain, sentence.start, sentence.end) or trailing
                source = named[0] if named and not same_organisation(named[0], issuer) else None
                figures.append(replace(figure, source=source))
    return figures


@dataclass(frozen=True, slots=True)
class _Words:
    nouns: Words
    outcomes: Words


def _readings(
    text: str, words: _Words, sentence: Span, kept: list[Mention], language: str
) -> list[_Reading]:
    readings = []
    for i, mention in enumerate(kept):
        left = kept[i - 1].end if i else sentence.start
        right = kept[i + 1].start if i + 1 < len(kept) else sentence.end
        if mention.value == 1 and _PARTITIVE.match(text, mention.end):
            continue  # "one of the last surgeons", "l'un des"
        noun = _noun(text, words.nouns, mention, (left, right))
        if is_year(text, mention) and not _noun_follows(text, mention, noun):
            continue
        clause = _clause(text, mention, left, right)
        outcome = _outcome(text, words.outcomes, mention, clause, noun, language)
        further = _outcome(text, words.outcomes, mention, (mention.end, right), noun, language)
        readings.append(_Reading(mention, noun.code if noun else None, outcome, further))
    for before, after in itertools.pairwise(readings):  # forward: what the first said
        if _coordinated(text, before.mention, after.mention):
            after.noun = after.noun or before.noun
            after.outcome = after.outcome or before.outcome
    for after, before in itertools.pairwise(readings[::-1]):  # then backward
        if _coordinated(text, before.mention, after.mention):
            before.outcome = before.outcome or after.outcome
    for reading in readings:  # last, what happened beyond a comma ("…, killed in the strike")
        reading.outcome = reading.outcome or reading.further
    # With no noun, only what happened right beside the number makes it a count ("5 killed",
    # "قتل 5"), not a word further on ("cinq programmes … les victimes").
    return [r for r in readings if r.noun is not None or _beside(text, words.outcomes, r.mention)]


# "27 attaques …, dont 12 à Idleb": the second is part of the first and counts the same thing.
_PART_OF = re.compile(
    r"(?:\bdont|\bincluding|\bof\s+which|\bof\s+whom|\bamong\s+them|\bparmi\s+(?:eux|elles|lesquels)|"
    r"بينهم|منهم|بينها|منها)\s+(?:\S+\s+)?\Z",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;:،؛]\s")


def _clause(text: str, mention: Mention, left: int, right: int) -> tuple[int, int]:
    """The part of the quantity's scope between the punctuation marks around it."""
    ends = [m.start() for m in _CLAUSE_END.finditer(text, left, right)]
    start = max((e + 1 for e in ends if e < mention.start), default=left)
    end = min((e for e in ends if e >= mention.end), default=right)
    return start, end


def _coordinated(text: str, first: Mention, second: Mention) -> bool:
    """Whether two quantities share their words ("450 civilians dead and 1600 injured"): a few
    words between them, with no full stop of a clause."""
    return _words_between(text, first.end, second.start) <= 6 or bool(
        _PART_OF.search(text, max(first.end, second.start - 30), second.start)
    )


def _beside(text: str, outcomes: Words, mention: Mention) -> bool:
    start, end = max(0, mention.start - 40), min(len(text), mention.end + 40)
    return any(
        _words_between(text, o.end, mention.start) <= 1
        if o.end <= mention.start
        else _words_between(text, mention.end, o.start) <= 2
        for o in outcomes.between(start, end)
    )


def _noun(text: str, nouns_in: Words, mention: Mention, scope: tuple[int, int]) -> Found | None:
    if mention.dual_noun:
        own = found_in(NOUNS, mention.dual_noun, 0, len(mention.dual_noun))
        return Found(own[0].code, mention.start, mention.end) if own else None
    nouns = nouns_in.between(*scope)
    after = [
        n
        for n in nouns
        if n.start >= mention.end and _words_between(text, mention.end, n.start) <= 4
    ]
    if after:
        return after[0]
    before = [
        n
        for n in nouns
        if n.end <= mention.start and _words_between(text, n.end, mention.start) <= 2
    ]
    return before[-1] if before else None


def _words_between(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _noun_follows(text: str, mention: Mention, noun: Found | None) -> bool:
    """Whether a counted noun comes right after the number ("2017 attacks", not "in 2017")."""
    return (
        noun is not None
        and noun.start >= mention.end
        and len(text[mention.end : noun.start].split()) <= 1
    )


def _outcome(
    text: str,
    found: Words,
    mention: Mention,
    scope: tuple[int, int],
    noun: Found | None,
    language: str,
) -> str | None:
    """What happened to what the number counts: the nearest such word in its scope; in English
    and French one after the number first ("1 600 blessées et des dizaines de civils tués": the
    dozens were killed), unless one stands right before it."""
    outcomes = [o for o in found.between(*scope) if noun is None or not _same(o, noun)]
    if not outcomes:
        return None
    after = [o for o in outcomes if o.start >= mention.end]
    right_before = [
        o
        for o in outcomes
        if o.end <= mention.start and not _words_between(text, o.end, mention.start)
    ]
    if language != "ar" and after and not right_before:
        outcomes = after
    nearest = min(outcomes, key=lambda o: _distance(o, mention)).code
    if (
        nearest == "attacked"
        and noun is not None
        and noun.code in ("hospitals", "health_facilities")
    ):
        codes = {o.code for o in outcomes}  # "bombed and out of service": what it left
        return next((c for c in ("out_of_service", "destroyed") if c in codes), nearest)
    return nearest


def _same(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def _distance(found: Found, mention: Mention) -> int:
    return found.start - mention.end if found.start >= mention.end else mention.start - found.end


def _figure(
    text: str,
    plain: str,
    sentence: Span,
    reading: _Reading,
    periods: list[Period],
    places: PlaceFinder,
) -> ExtractedFigure | None:
    measure = measure_of(reading.noun, reading.outcome)
    if measure is None:
        return None
    mention = reading.mention
    period = _nearest(periods, mention)
    return ExtractedFigure(
        quantity=mention.value,
        low=mention.low,
        high=mention.high,
        qualifier=qualifier_of(plain, mention.start, mention.end),
        measure=measure,
        population="supporters"
        if measure == "signatures"
        else _POPULATION.get(reading.noun or "", reading.noun),
        place=places.nearest(plain, sentence, mention.start),
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        source=None,
        quote=re.sub(r"\s+", " ", text[sentence.start : sentence.end]).strip(" •-–"),
        start=mention.start,
        end=mention.end,
        of_total=mention.total,
    )


def _periods(
    text: str, sentence: Span, today: dt.date | None, heading: tuple[dt.date, int, int] | None
) -> list[Period]:
    """The periods named in a sentence, except the dateline's date (it dates the text)."""
    return [
        p
        for p in periods_in(text, sentence.start, sentence.end, today)
        if heading is None or not heading[1] <= p.at < heading[2]
    ]


def _nearest(periods: list[Period], mention: Mention) -> Period | None:
    return min(periods, key=lambda p: abs(p.at - mention.start), default=None)
