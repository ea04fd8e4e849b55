"""What a linker compares, how it finds candidate pairs and how it trains, with the columns each
part needs, so that a model can be fitted to the columns a list actually has (``plan``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

#: A blocking rule: the columns two records must agree on exactly.
Rule = tuple[str, ...]


def creator(rule: Rule) -> BlockingRuleCreator:
    """Splink's blocking rule for ``rule``."""
    return block_on(*rule)


@dataclass(frozen=True)
class Feature:
    """One comparison: left out of a run when one of the columns it ``needs`` does not inform
    (empty, nearly empty or one value in every row); ``reads`` are further columns it reads."""

    comparison: ComparisonCreator
    needs: tuple[str, ...]
    reads: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return str(self.comparison.create_output_column_name())


@dataclass(frozen=True)
class Prior:
    """A rule whose agreeing pairs are taken for matches to estimate the prior, and the share of
    true pairs it finds among those whose records both fill the rule's columns (its recall on a
    table is that times the chance both do: ``training._recall``)."""

    rule: Rule
    recall: float


@dataclass(frozen=True)
class Model:
    """Comparisons, blocking rules (``fallback_blocking`` added when fewer than
    ``MIN_BLOCKING`` rules, or fewer than half of them, are left), EM sessions (each a list of
    rules to try in order: the first whose columns inform and that finds pairs), rules for the
    prior (the first usable one), and the labels of levels that say the values differ though not
    at the last level."""

    comparisons: Sequence[Feature]
    blocking: Sequence[Rule]
    training_blocks: Sequence[Sequence[Rule]]
    priors: Sequence[Prior]
    fallback_blocking: Sequence[Rule] = ()
    #: Rules for one more EM session when a comparison was in every session's rule (so never
    #: trained): the first usable one that finds pairs.
    catch_up: Sequence[Rule] = ()
    disagreeing: frozenset[str] = frozenset()
    u_pairs: float = 2e6
    #: Columns that place a record in time (a date of death, of an attack). With a comparison
    #: on one of them in the fitted model, a record has about as many look-alikes whatever the
    #: list's size, and the prior is taken as on ``engine.REFERENCE_RECORDS`` records; without
    #: one, look-alikes grow with the list, and the prior stays as estimated.
    dated_by: tuple[str, ...] = ()
    #: Columns every record has (ids): never checked, always kept.
    always: tuple[str, ...] = field(default=("unique_id", "source"))


#: Fewer blocking rules than this (or than half the model's) left after fitting: the fallback
#: rules are added.
MIN_BLOCKING = 3


def settings_creator(model: Model) -> SettingsCreator:
    """Splink's settings for ``model``, untrained (dedupe only)."""
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[feature.comparison for feature in model.comparisons],
        blocking_rules_to_generate_predictions=[creator(rule) for rule in model.blocking],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
