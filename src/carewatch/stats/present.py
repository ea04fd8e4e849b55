"""Statistics as plain dictionaries for the API and the pages: labels in the reader's language,
the certainty filter and the sources stated with every figure."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _

from carewatch.stats.labels import certainty_labels, label
from carewatch.stats.measures import is_casualty
from carewatch.stats.service import Comparison, Ranking, Row, Series
from carewatch_core.stats import Window


def certainty_note(codes: tuple[str, ...]) -> str:
    return _("Verified incidents whose certainty is: %(levels)s.") % {
        "levels": ", ".join(certainty_labels(codes))
    }


def row(by: str, r: Row, measure: str) -> dict[str, Any]:
    return {
        "key": r.key,
        "label": label(by, r.key),
        "low": r.low,
        "high": r.high,
        "known": r.known,
        "unknown": is_casualty(measure) and r.known == 0,
        "sources": list(r.sources),
    }


def series(s: Series) -> dict[str, Any]:
    q = s.query
    return {
        "measure": q.measure,
        "by": q.by,
        "date_from": q.date_from,
        "date_to": q.date_to,
        "certainty": list(q.certainty),
        "certainty_note": certainty_note(q.certainty),
        "counted": _("Verified incidents; an incident is counted on its start date."),
        "additive": s.additive,
        "includes_generated": s.includes_generated,
        "sources": list(s.sources),
        "total": row("total", s.total, q.measure),
        "rows": [row(q.by, r, q.measure) for r in s.rows],
    }


def ranking(r: Ranking) -> dict[str, Any]:
    data = series(r.series)
    data["ranked"] = [
        {
            "key": x.key,
            "label": label(r.series.query.by, x.key),
            "value": x.value,
            "rank": x.rank,
            "tied": x.tied,
        }
        for x in r.ranked
    ]
    data["leaders"] = [x.key for x in r.leaders]
    return data


def window(w: Window, count: int, rate: float, sources: tuple[str, ...]) -> dict[str, Any]:
    return {
        "start": w.start,
        "end": w.end,
        "days": w.days,
        "count": count,
        "rate_per_30_days": round(rate, 3),
        "sources": list(sources),
    }


def _finite(value: float | None) -> float | None:
    return None if value is None or math.isinf(value) else round(value, 4)


def comparison(c: Comparison) -> dict[str, Any]:
    res, ratio = c.result, c.result.ratio
    return {
        "measure": c.query.measure,
        "certainty": list(c.query.certainty),
        "certainty_note": certainty_note(c.query.certainty),
        "reference": window(
            res.reference, res.reference_count, res.reference_rate, c.reference_sources
        ),
        "comparison": window(
            res.comparison, res.comparison_count, res.comparison_rate, c.comparison_sources
        ),
        "rate_ratio": _finite(ratio.ratio),
        "ci_low": _finite(ratio.low),
        "ci_high": _finite(ratio.high),
        "ci_high_unbounded": ratio.high is not None and math.isinf(ratio.high),
        "confidence": ratio.confidence,
        "method": ratio.method,
        "direction": ratio.direction,
        "method_note": _(
            "Poisson rate ratio of the comparison period to the reference period; exact (conditional "
            "binomial, Clopper–Pearson) or log-normal interval. Counts use the lower bound of ranges."
        ),
    }
