"""Figure extraction from free text (carewatch_core.extraction): quantities in any notation, what
they count, qualifiers, periods, places and sources in French, English and Arabic, and the
numbers that are not figures."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF

from carewatch_core.extraction import ExtractedFigure, extract
from carewatch_core.extraction.documents import DocumentRefused, document_text
from carewatch_core.extraction.scoring import corpus, score
from carewatch_core.geo.gazetteer import Gazetteer
from conftest import needs

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
DAY = dt.date(2017, 10, 17)
GAZETTEER = Gazetteer.load("SY")


def figures(text: str, language: str | None = None, **kw: object) -> list[ExtractedFigure]:
    return extract(text, language=language, date=kw.pop("date", DAY), gazetteer=GAZETTEER, **kw)  # type: ignore[arg-type]


def summary(found: list[ExtractedFigure]) -> list[tuple[object, ...]]:
    return [(f.quantity, f.measure, f.source) for f in found]


# --- the seed documents -----------------------------------------------------------------------


def seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        needs(str(path), "the seed documents in ../shared/seeds")
    return path.read_text(encoding="utf-8")


def test_the_press_release_gives_its_figures_and_nothing_absurd() -> None:
    text = seed("000_eda5d79a47064aa9.txt")
    found = figures(text, issuer="UOSSM", date=None)
    assert [(f.quantity, f.qualifier, f.measure, f.population, f.source) for f in found] == [
        (78240, None, "signatures", "supporters", None),
        (120, "more_than", "facilities_supported", "hospitals", None),
        (200, "more_than", "facilities_supported", "health_facilities", None),
    ]
    assert [" ".join(text[f.start : f.end].split()) for f in found] == ["78 240", "120", "200"]


def test_the_newsletter_credits_each_figure_to_its_source() -> None:
    text = seed("002_5c7e002ebe2ce328.txt")
    found = figures(text, issuer="UOSSM Canada", date=dt.date(2016, 9, 30))
    assert summary(found) == [
        (5, "staff_killed", None),
        (450, "killed", "White Helmets"),
        (1600, "injured", "White Helmets"),
        (96, "children_killed", "UNICEF"),
        (223, "children_injured", "UNICEF"),
        (2, "facilities_out_of_service", None),
        (12, "facilities_run", None),
        (120, "facilities_supported", None),
        (1000000, "treatments", None),
    ]
    five, *_rest, hospitals, _run, _supported, treatments = found
    assert (five.period_start, five.period_end) == (dt.date(2016, 9, 1), dt.date(2016, 9, 30))
    assert found[3].period_start == dt.date(2016, 9, 23)  # "since Friday"
    assert hospitals.of_total == 4 and hospitals.place == "SY02"  # Aleppo governorate
    assert treatments.qualifier == "more_than"
    # Not figures: "October 1", "1-3 PM", "175 Bloor St.", "M4W 3R8", "M2", "the five years".


# --- quantities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "quantity"),
    [
        ("1,600 civilians were killed.", "en", 1600),
        ("78 240 personnes ont signé la pétition.", "fr", 78240),
        ("78\u202f240 personnes ont signé la pétition.", "fr", 78240),
        ("78\u00a0240 personnes ont signé la pétition.", "fr", 78240),
        ("1.600 civils ont été tués.", "fr", 1600),
        ("قتل ١٬٦٠٠ مدني.", "ar", 1600),
        ("قتل ٤٥٠ مدنياً.", "ar", 450),
        ("Five doctors were killed.", "en", 5),
        ("Cinq soignants ont été tués.", "fr", 5),
        ("Two hundred and fifty patients were displaced.", "en", 250),
        ("Quatre-vingt-dix civils ont été blessés.", "fr", 90),
        ("قتل ثلاثة أطفال.", "ar", 3),
        ("أصيب خمسة وعشرون مدنياً.", "ar", 25),
        ("أصيب طبيبين في القصف.", "ar", 2),
        ("1.5 million people are besieged.", "en", 1500000),
    ],
)
def test_quantities_in_any_notation(text: str, language: str, quantity: int) -> None:
    [found] = figures(text, language)
    assert found.quantity == quantity
    assert found.start < found.end


def test_vague_quantities_and_ranges_have_bounds_not_a_number() -> None:
    (dozens,) = figures("Dozens of civilians were killed.", "en")
    assert (dozens.quantity, dozens.low, dozens.high, dozens.measure) == (None, 24, None, "killed")
    (tens,) = figures("قتل عشرات المدنيين.", "ar")
    assert (tens.quantity, tens.low) == (None, 20)
    (french,) = figures("Des dizaines de civils ont été blessés.", "fr")
    assert (french.low, french.measure) == (20, "injured")
    (between,) = figures("Entre 10 et 20 ambulances ont été touchées.", "fr")
    assert (between.quantity, between.low, between.high, between.measure) == (
        None,
        10,
        20,
        "ambulances_hit",
    )
    (arabic,) = figures("تضررت بين 3 و5 مستشفيات.", "ar")
    assert (arabic.low, arabic.high, arabic.measure) == (3, 5, "facilities_attacked")


@pytest.mark.parametrize(
    ("text", "language", "qualifier"),
    [
        ("At least 30 health workers were killed.", "en", "at_least"),
        ("More than 120 hospitals are supported.", "en", "more_than"),
        ("Over 1,000,000 medical treatments were performed.", "en", "more_than"),
        ("About 40 civilians were killed.", "en", "about"),
        ("Plus de 200 centres de santé sont soutenus.", "fr", "more_than"),
        ("Près de 1 600 personnes ont été blessées.", "fr", "about"),
        ("Au moins 12 attaques ont été recensées.", "fr", "at_least"),
        ("قتل أكثر من ٤٠ مدنياً.", "ar", "more_than"),
        ("قتل ما لا يقل عن ٤٠ مدنياً.", "ar", "at_least"),
        ("قتل نحو ٤٠ مدنياً.", "ar", "about"),
        ("قتل 40 مدنياً على الأقل.", "ar", "at_least"),
        ("40 civilians were killed.", "en", None),
    ],
)
def test_qualifiers(text: str, language: str, qualifier: str | None) -> None:
    [found] = figures(text, language)
    assert found.qualifier == qualifier


# --- what is counted --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "measure", "population"),
    [
        ("12 hospitals were bombed.", "en", "facilities_attacked", "hospitals"),
        ("3 clinics were destroyed.", "en", "facilities_destroyed", "health_facilities"),
        (
            "Two hospitals were bombed and are out of service.",
            "en",
            "facilities_out_of_service",
            "hospitals",
        ),
        ("5 ambulances were hit.", "en", "ambulances_hit", "ambulances"),
        ("108 attacks on health care were recorded.", "en", "attacks", None),
        ("The petition has 12,500 signatures.", "en", "signatures", "supporters"),
        ("Some 250,000 people are besieged.", "en", "people_besieged", "people"),
        ("3 nurses were injured.", "en", "staff_injured", "health_workers"),
        ("7 enfants ont été tués.", "fr", "children_killed", "children"),
        ("Deux médecins ont été blessés.", "fr", "staff_injured", "health_workers"),
        ("استشهد ٣ مسعفين.", "ar", "staff_killed", "health_workers"),
        ("خرجت ثلاثة مستشفيات عن الخدمة.", "ar", "facilities_out_of_service", "hospitals"),
        ("نزح ٢٠٠ شخص.", "ar", "displaced", "people"),
    ],
)
def test_measure_and_population(
    text: str, language: str, measure: str, population: str | None
) -> None:
    [found] = figures(text, language)
    assert (found.measure, found.population) == (measure, population)


def test_a_quantity_takes_what_it_lacks_from_its_neighbour_in_the_sentence() -> None:
    found = figures("450 civilians dead and 1600 injured.", "en")
    assert [(f.measure, f.population) for f in found] == [
        ("killed", "civilians"),
        ("injured", "civilians"),
    ]
    found = figures(
        "Près de 1 600 personnes ont été blessées et des dizaines de civils tués.", "fr"
    )
    assert [f.measure for f in found] == ["injured", "killed"]


# --- not figures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "On 28 September 2017, doctors were killed.",  # a date
        "Le 17 octobre 2017, des soignants ont été tués.",
        "في ١٧ تشرين الأول ٢٠١٧ قتل أطباء.",
        "In 2017 hospitals were bombed.",  # a year
        "A 13-year-old boy was injured.",  # an age
        "Un garçon de 13 ans a été blessé.",
        "طفل عمره 13 عاماً أصيب.",
        "Call 0788389597 or 09 77 19 77 51 if anyone is injured.",  # phone numbers
        "Hospitals were bombed at 175 Bloor St. E, M4W 3R8.",  # an address and a postcode
        "See page 4: hospitals were bombed.",  # a page
        "Donate $25 today: hospitals were bombed.",  # money
        "80 % des hôpitaux sont fermés.",  # a percentage
        "The M2 and M10 hospitals were bombed.",  # names with digits
        "In the five years of this war we have never seen so much death.",  # a duration
        "One of the last remaining surgeons was killed.",  # "one of"
        "Saturday October 1, 1-3 PM: protest the bombing of hospitals.",  # a time
        "UOSSM deployed five major programmes for the victims.",  # counts nothing of ours
    ],
)
def test_numbers_that_are_not_figures(text: str) -> None:
    assert figures(text) == []


# --- periods, places, sources -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "start", "end"),
    [
        ("30 civilians were killed in the past 7 days.", "en", dt.date(2017, 10, 11), DAY),
        ("96 children were killed since Friday.", "en", dt.date(2017, 10, 13), DAY),
        (
            "12 hôpitaux ont été attaqués en septembre.",
            "fr",
            dt.date(2017, 9, 1),
            dt.date(2017, 9, 30),
        ),
        (
            "12 hôpitaux ont été attaqués en décembre.",
            "fr",
            dt.date(2016, 12, 1),
            dt.date(2016, 12, 31),
        ),
        ("قصف ١٢ مستشفى في أيلول ٢٠١٦.", "ar", dt.date(2016, 9, 1), dt.date(2016, 9, 30)),
        ("In 2016, 108 attacks were recorded.", "en", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
        (
            "Le mois dernier, 5 soignants ont été tués.",
            "fr",
            dt.date(2017, 9, 1),
            dt.date(2017, 9, 30),
        ),
        ("On 4 May, 3 ambulances were hit.", "en", dt.date(2017, 5, 4), dt.date(2017, 5, 4)),
    ],
)
def test_periods_resolve_against_the_text_date(
    text: str, language: str, start: dt.date, end: dt.date
) -> None:
    [found] = figures(text, language)
    assert (found.period_start, found.period_end) == (start, end)


def test_the_dateline_gives_the_date_when_none_is_given() -> None:
    text = "Paris, le 17 octobre 2017 – 5 soignants ont été tués en septembre."
    [found] = figures(text, "fr", date=None)
    assert found.period_start == dt.date(2017, 9, 1)


@pytest.mark.parametrize(
    ("text", "language", "source"),
    [
        ("450 civilians dead – White Helmets", "en", "White Helmets"),
        ("96 children dead since Friday- UNICEF", "en", "UNICEF"),
        (
            "According to Physicians for Human Rights, 30 doctors were killed.",
            "en",
            "Physicians for Human Rights",
        ),
        ("Selon l'OMS, 12 hôpitaux ont été attaqués.", "fr", "OMS"),
        ("D'après MSF, 12 hôpitaux ont été attaqués.", "fr", "MSF"),
        ("قتل ٥ أطباء بحسب منظمة الصحة العالمية.", "ar", "منظمة الصحة العالمية"),
        ("قتل ٥ أطباء وفقاً لـ الدفاع المدني.", "ar", "الدفاع المدني"),
        ("UOSSM lost five medical staff, killed in the line of duty.", "en", None),
    ],
)
def test_sources_named_in_the_text(text: str, language: str, source: str | None) -> None:
    [found] = figures(text, language, issuer="UOSSM")
    assert found.source == source


def test_places_are_p_codes_from_the_gazetteer_in_either_script() -> None:
    [latin] = figures("12 hôpitaux ont été attaqués à Idleb.", "fr")
    [arabic] = figures("قصف ١٢ مستشفى في إدلب.", "ar")
    assert latin.place == arabic.place == "SY07"
    [abroad] = figures("12 people were injured in Paris.", "en")
    assert abroad.place is None  # no fuzzy match to a Syrian village


def test_offsets_point_into_the_original_text_whatever_its_digits() -> None:
    text = "قُتل ٥ من العاملين الصحيين في إدلب."
    [found] = figures(text, "ar")
    assert text[found.start : found.end] == "٥"
    assert found.quote == text


def test_the_language_is_guessed() -> None:
    assert summary(figures("Cinq soignants ont été tués.")) == [(5, "staff_killed", None)]
    assert summary(figures("قتل ثلاثة أطفال.")) == [(3, "children_killed", None)]


# --- documents --------------------------------------------------------------------------------

SENTENCE = "According to UNICEF, 96 children were killed."


def test_html_docx_and_pdf_give_their_text() -> None:
    html = (
        "<html><head><style>p{}</style><script>var n = 5 killed</script></head>"
        f"<body><p>{SENTENCE}</p></body></html>"
    )
    assert document_text(html.encode()) == SENTENCE
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p></w:body></w:document>",
        )
    assert document_text(docx.getvalue()) == SENTENCE
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=SENTENCE)
    assert SENTENCE in document_text(bytes(pdf.output()))
    assert summary(figures(document_text(bytes(pdf.output())))) == [
        (96, "children_killed", "UNICEF")
    ]


def test_documents_that_cannot_be_read_are_refused_with_a_reason() -> None:
    with pytest.raises(DocumentRefused, match="not a Word document"):
        document_text(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentRefused, match="PDF"):
        document_text(b"%PDF-1.7 broken")
    with pytest.raises(DocumentRefused, match="larger than"):
        document_text(b"x" * (20 * 1024 * 1024 + 1))
    assert "é" in document_text("Blessés à Idleb".encode("cp1252"))  # not UTF-8: read anyway


# --- the annotated corpus ---------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parent / "data" / "extraction"


def test_the_annotated_corpus_meets_the_recall_and_precision_targets() -> None:
    """Six texts written for these tests (two per language, in the style of NGO releases), with
    the figures a careful reader would list; real texts are scored the same way by
    ``bench/extract.py --corpus``."""
    found = score(corpus(CORPUS), GAZETTEER)
    assert found.recall >= 0.9, found.missed
    assert found.precision >= 0.9, found.extra
    assert found.source_accuracy >= 0.9, found.wrong_sources
    assert found.found >= 45
