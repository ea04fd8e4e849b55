"""Figures read out of free text in French, English and Arabic (``extract``)."""

from carewatch_core.extraction.figures import ExtractedFigure, extract

__all__ = ["ExtractedFigure", "extract"]
