"""One linkage run on a prepared table: fit the model to the columns the table fills, train it
(or take an earlier run's parameters), score the candidate pairs, cluster, and summarise."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from carewatch_core.linkage.clustering import Across, cluster_scores
from carewatch_core.linkage.engine import Progress, database_api, predicted_scores
from carewatch_core.linkage.groups import group_scorer
from carewatch_core.linkage.model import Model
from carewatch_core.linkage.plan import fit
from carewatch_core.linkage.result import LinkResult
from carewatch_core.linkage.summary import Nearest, Note, summary_of
from carewatch_core.linkage.training import dated, trained_linker


def as_trained(model: Model, trained: dict[str, Any]) -> Model:
    """``model`` with only the comparisons an earlier run's model (``trained``) has."""
    names = {comparison["output_column_name"] for comparison in trained["comparisons"]}
    return replace(model, comparisons=[f for f in model.comparisons if f.name in names])


def link_table(
    table: Any,
    model: Model,
    *,
    backend: str = "duckdb",
    threshold: float,
    progress: Progress = lambda _: None,
    trained: dict[str, Any] | None = None,
    nearest: bool = False,
    threshold_across: float | None = None,
    **backend_options: object,
) -> LinkResult:
    """Cluster the records of ``table`` (an Arrow table with ``unique_id``); with ``nearest``, the
    summary also names the pairs nearest the threshold (which reads the pairs down to
    ``engine.NEAR_BITS`` below it: more work on a large table). ``threshold_across``: the
    threshold of a pair of records in two scripts (the table's ``script``;
    ``clustering.Across``), where it differs from ``threshold``, for a list that gives no date
    (``Model.dated_by``): with dates, pairs across scripts have those to agree on, and the
    strict threshold already finds 0.96 of them, where the rule cost a million dated records
    17 s and 0.12 GiB more for 0.009 more recall across (docs/linkage.md, "Across scripts")."""
    fitted = fit(model, table)
    notes: list[Note] = list(fitted.notes)
    used = fitted.model if trained is None else as_trained(fitted.model, trained)
    db_api = database_api(backend, **backend_options)
    linker = trained_linker(fitted.table, used, db_api, progress, trained, notes)
    progress("scoring candidate pairs")
    record_ids = fitted.table["unique_id"].to_pylist()
    ids = {record_id: record_id for record_id in record_ids}
    near = Nearest(threshold) if nearest else None
    across = (
        None
        if dated(fitted.model)
        else _across(fitted.table, record_ids, threshold, threshold_across)
    )
    scores = predicted_scores(linker, threshold, ids, near, across)
    candidate_pairs = len(scores)
    progress("clustering")
    scorer = group_scorer(linker, db_api, fitted.table, ids)
    clusters, best = cluster_scores(scores, threshold, scorer, across=across)
    model_json = linker.misc.save_model_to_json()
    summary = summary_of(
        model_json,
        columns=fitted.columns,
        notes=notes,
        threshold=threshold,
        threshold_across=across.threshold if across else None,
        nearest=near,
    )
    return LinkResult.from_clusters(ids, clusters, best, candidate_pairs, model_json, summary)


def _across(
    table: Any, record_ids: list[str], threshold: float, threshold_across: float | None
) -> Across | None:
    """The rule for pairs across scripts, when there is one and the table has records in two."""
    if threshold_across is None or threshold_across >= threshold:
        return None
    if "script" not in table.column_names:
        return None
    scripts = table["script"].to_pylist()
    if len({script for script in scripts if script is not None}) < 2:
        return None
    return Across(threshold_across, dict(zip(record_ids, scripts, strict=True)))
