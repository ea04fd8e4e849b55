"""Person linkage: which records of several lists are the same person.

Compared: the four name parts (the same name — one spelling form within a script, one key
across scripts where the Latin spelling writes the Arabic one's long vowels —, with
term-frequency adjustment, so that two Muhammads count less than two Muayyads; then sounding
alike across scripts, the same consonants with other vowels in Latin, a close spelling), sex,
age (with tolerance; more than 10 years apart, never one person), date of death (same day,
within 3 days, within a month), place (same sub-district, same governorate), profession and
facility. Candidate pairs come from several
blocking rules, each leaving out one of the things a source may get wrong or leave out, so that
a pair missed by one rule is found by another. Only what a list fills is used (``plan.fit``).
Training is unsupervised (EM); see docs/linkage.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from carewatch_core.linkage.engine import Progress
from carewatch_core.linkage.model import Feature, Model, Prior
from carewatch_core.linkage.person_features import person_table
from carewatch_core.linkage.records import PersonRecord
from carewatch_core.linkage.result import LinkResult
from carewatch_core.linkage.run import link_table

#: Match probability at which two records are taken to be one person.
THRESHOLD = 0.9
#: The same for two records in two scripts (an Arabic list and a Latin one) of a list that gives
#: no date of death, which have little to agree on: no spelling form to compare, nothing to tell
#: a missing father's name from another, no day. The model is cautious there (precision 0.985
#: across scripts at 0.9, and still 0.977–0.979 at 0.5 on lists of real shape), while issue 18
#: asks precision 0.95 across scripts: docs/linkage.md, "Across scripts". ``clustering.Across``
#: applies it (``run.link_table``: not to dated lists).
THRESHOLD_ACROSS = 0.5
#: Share of true pairs that agree on the name key and the date of death among those where both
#: records give a date, as measured on the generator's lists (carewatch_core.synth); real lists,
#: noisier, agree less often, which makes the estimated prior (and scores) higher.
PRIOR_RECALL = 0.24
#: Rules for the prior when a list has no date of death, with their recall measured the same way.
FALLBACK_PRIORS = ((("name_key", "adm3"), 0.39), (("name_key", "age"), 0.20))


#: m of "the given names differ" (beyond phonetic and Jaro-Winkler closeness), fixed
#: rather than trained: brothers and sisters killed together share every other field, and
#: EM, which assumes fields independent, learns too mild a penalty from them.
GIVEN_NAMES_DIFFER_M = 0.0005


#: Labels of the name levels (levels.py reads them in the reviewer's language).
SAME_NAME = "same name"
OTHER_VOWELS = "same consonants, other vowels"
CLOSE_SPELLING = "close spelling"
LATIN_BOTH = '"script_l" = 0 AND "script_r" = 0'


def _sql(condition: str) -> ComparisonLevelCreator:
    """A condition in DuckDB's SQL, which Splink translates for other backends."""
    return cll.CustomLevel(condition, base_dialect_str="duckdb")


def _name_part(
    part: str, tf: bool, differ_m: float | None = None, vetoed: bool = False
) -> ComparisonCreator:
    """One name part: the same name (the same spelling form in one script; the same phonetic key
    across scripts, where the Latin spelling writes the Arabic one's long vowels), the same
    consonants with other vowels (Latin spellings only: Arabic writes the long vowels, so حسن and
    حسين are two names), a close spelling (a typo: not between two forms both common in the list,
    which are two names), and different. With ``vetoed`` (the given name), the alike levels need
    the sex and the age to fit as well (``SEX_AND_AGE_FIT``); otherwise the names differ.

    The comparisons read the phonetic key, the form and a few small numbers only: every column a
    comparison reads is carried in each candidate pair, millions of them on a large list."""
    ph, form, common = f"{part}_ph", f"{part}_form", f"{part}_common"
    same_script = _sql('"script_l" = "script_r"')
    # Across scripts, and only if the Latin spelling writes the Arabic one's long vowels.
    other_script = _sql(
        f'"script_l" <> "script_r" AND ("{part}_needs_l" & ~"{part}_has_r") = 0 '
        f'AND ("{part}_needs_r" & ~"{part}_has_l") = 0'
    )
    same: ComparisonLevelCreator = cll.Or(
        cll.And(other_script, cll.ExactMatchLevel(ph)),
        cll.And(same_script, cll.ExactMatchLevel(form)),
    ).configure(label_for_charts=SAME_NAME)
    if tf:
        same = same.configure(tf_adjustment_column=ph, disable_tf_exact_match_detection=True)
    # Two spellings both frequent in the list are two names, not one spelled two ways: two common
    # forms a letter apart (close spelling), or two with the same consonants and more or fewer
    # vowels (Muhammad and Mahmud, "mahamad" and "mahmad"; ``person_features.with_common_forms``).
    both_common = f'"{common}_l" > 0 AND "{common}_r" > 0'
    not_both_common = _sql(f"NOT ({both_common})")
    not_two_names = _sql(f'NOT ({both_common} AND "{common}_l" <> "{common}_r")')
    differ: ComparisonLevelCreator = cll.ElseLevel()
    if differ_m is not None:
        differ = differ.configure(m_probability=differ_m, fix_m_probability=True)

    def alike(level: ComparisonLevelCreator) -> ComparisonLevelCreator:
        # Given names alike but not the same are no evidence for a woman and a man, nor for two
        # ages far apart: brothers and sisters killed together share every other field.
        return cll.And(level, _sql(SEX_AND_AGE_FIT)) if vetoed else level

    return cl.CustomComparison(
        output_column_name=part,
        comparison_levels=[
            cll.NullLevel(ph),
            same,
            alike(cll.And(_sql(LATIN_BOTH), cll.ExactMatchLevel(ph), not_two_names)).configure(
                label_for_charts=OTHER_VOWELS
            ),
            alike(
                cll.Or(
                    cll.And(
                        same_script,
                        cll.JaroWinklerLevel(form, 0.9),
                        not_both_common,
                    ),
                    cll.And(other_script, cll.JaroWinklerLevel(ph, 0.88)),
                )
            ).configure(label_for_charts=CLOSE_SPELLING),
            differ,
        ],
    )


#: Sex not different and ages (where both known) at most 5 years apart.
SEX_AND_AGE_FIT = (
    'COALESCE("sex_l" = "sex_r", TRUE) AND COALESCE(abs("age_l" - "age_r") <= 5, TRUE)'
)


#: m of "a different sex", fixed rather than trained: a list gets a sex wrong about once in a
#: hundred records, and a pair that only the names support (a brother and sister, Amna and Ayman)
#: must not outweigh it. EM, learning from pairs blocked on names, takes siblings for matches.
SEX_DIFFERS_M = 0.01


def _sex() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            cll.NullLevel("sex"),
            cll.ExactMatchLevel("sex"),
            cll.ElseLevel().configure(m_probability=SEX_DIFFERS_M, fix_m_probability=True),
        ],
    )


def _place() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.NullLevel("adm1"),
            cll.ExactMatchLevel("adm3"),
            cll.ExactMatchLevel("adm1"),
            cll.ElseLevel(),
        ],
    )


#: m of "age or date of death far apart" (beyond 5 years, beyond 31 days), fixed rather than
#: trained: EM learns these from pairs blocked on the name, where namesakes (same full name, same
#: governorate, another age and day) outnumber true matches, and it took about half of all matches
#: to disagree on both (m 0.49 and 0.55 on 228,054 generated records; the generator never puts a
#: person's records more than 2 years or 3 days apart). Real lists do mistype an age or give a
#: burial date: one match in a hundred is allowed to.
FAR_APART_M = 0.01


def _far_apart() -> ComparisonLevelCreator:
    return cll.ElseLevel().configure(m_probability=FAR_APART_M, fix_m_probability=True)


def _graded(
    column: str,
    between: Sequence[ComparisonLevelCreator],
    furthest: ComparisonLevelCreator | None = None,
) -> ComparisonCreator:
    """Missing, equal, each of ``between`` (closest first), ``furthest`` (far apart)."""
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            *between,
            furthest or _far_apart(),
        ],
    )


#: m of "ages more than ``AGES_APART`` years apart", fixed, and far below what training may learn
#: (``training.MIN_PROBABILITY``): a veto. A father and his son of one name, or two cousins, killed
#: together share every other field (family name, date, place), and a pair's other evidence then
#: outweighs any penalty a list's own errors could justify: on a million generated records, such
#: relatives made a fifth of the wrong pairs within one script. A list that writes 25 for 52 loses
#: that pair to the review of unlinked records; ages estimated by witnesses are seldom 10 years out.
AGES_APART_M = 1e-9
AGES_APART = 10


def _ages() -> ComparisonCreator:
    """Missing, equal, within 2 and 5 years, within ``AGES_APART`` years (fixed as far apart is
    for dates: ``FAR_APART_M``), further apart (a veto)."""
    return _graded(
        "age",
        [
            cll.AbsoluteDifferenceLevel("age", 2),
            cll.AbsoluteDifferenceLevel("age", 5),
            cll.AbsoluteDifferenceLevel("age", AGES_APART).configure(
                m_probability=FAR_APART_M, fix_m_probability=True
            ),
        ],
        cll.ElseLevel().configure(m_probability=AGES_APART_M, fix_m_probability=True),
    )


def _days(column: str, thresholds: Sequence[int]) -> ComparisonCreator:
    return _graded(
        column,
        [
            cll.AbsoluteDateDifferenceLevel(
                column, input_is_string=False, threshold=days, metric="day"
            )
            for days in thresholds
        ],
    )


def _part(part: str, tf: bool, differ_m: float | None = None, vetoed: bool = False) -> Feature:
    reads = (f"{part}_form", f"{part}_common", f"{part}_needs", f"{part}_has")
    return Feature(
        _name_part(part, tf, differ_m, vetoed),
        (f"{part}_ph",),
        (*reads, "script", *(("sex", "age") if vetoed else ())),
    )


def person_model() -> Model:
    """The comparisons, blocking rules and training plan of person linkage (``plan.fit`` keeps
    those whose columns a list fills)."""
    return Model(
        comparisons=[
            _part("given", True, GIVEN_NAMES_DIFFER_M, vetoed=True),
            _part("father", True),
            _part("grandfather", False),
            _part("family", True),
            Feature(_sex(), ("sex",)),
            Feature(_ages(), ("age",)),
            Feature(_days("dod", (3, 31)), ("dod",)),
            Feature(_place(), ("adm1",), ("adm3",)),
            Feature(cl.ExactMatch("profession"), ("profession",)),
            Feature(cl.ExactMatch("facility"), ("facility",)),
        ],
        blocking=[
            ("given_ph", "father_ph", "family_ph"),
            *(
                rule
                for month in ("dod_month", "dod_month_shifted")
                for rule in (
                    ("given_ph", "family_ph", month),
                    ("father_ph", "family_ph", month),
                    ("given_ph", "father_ph", month),
                )
            ),
            ("given_ph", "family_ph", "adm3"),
            ("given_ph", "dod"),
            ("family_ph", "dod"),
            ("given_ph", "family_ph", "age_band"),
            ("given_ph", "family_ph", "age_band_shifted"),
        ],
        # Lists without dates, or with names only: the names find the candidates, with the
        # governorate or the sex where the list gives them (``plan.fit`` leaves out a rule that
        # would make too many pairs).
        fallback_blocking=[
            ("given_ph", "family_ph", "adm1"),
            ("father_ph", "family_ph", "adm1"),
            ("given_ph", "family_ph", "sex"),
            ("given_ph", "father_ph", "grandfather_ph"),
            ("given_ph", "family_ph"),
            ("father_ph", "family_ph"),
        ],
        training_blocks=[
            [("dod", "age"), ("dod_month", "age"), ("age", "adm3"), ("father", "family")],
            [("name_key", "adm1"), ("name_key",)],
        ],
        catch_up=[("name_key", "age"), ("name_key", "sex"), ("name_key",)],
        priors=[Prior(("name_key", "dod"), PRIOR_RECALL)]
        + [Prior(rule, recall) for rule, recall in FALLBACK_PRIORS],
        dated_by=("dod",),
    )


def link_persons(
    records: Sequence[PersonRecord],
    *,
    backend: str = "duckdb",
    threshold: float = THRESHOLD,
    threshold_across: float | None = THRESHOLD_ACROSS,
    progress: Progress = lambda _: None,
    trained: dict[str, Any] | None = None,
    nearest: bool = False,
    **backend_options: object,
) -> LinkResult:
    """Cluster person records; ``backend`` is "duckdb" or "spark" (``spark=session``);
    ``trained`` scores with an earlier run's model (``LinkResult.model``) instead of training;
    ``threshold_across``: the threshold of a pair of records in two scripts (never above
    ``threshold``; ``None``: the same)."""
    progress("preparing names, dates and places")
    table = person_table(records)
    return link_table(
        table,
        person_model(),
        backend=backend,
        threshold=threshold,
        threshold_across=threshold_across,
        progress=progress,
        trained=trained,
        nearest=nearest,
        **backend_options,
    )
