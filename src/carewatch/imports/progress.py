"""A small progress bar for long imports: rows, rate and ETA on one self-rewriting line."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressBar:
    """Call with (rows done, fraction of the file read); redraws at most five times a second.

    On a terminal the line rewrites itself; elsewhere (logs, CI) a line is printed every 10 s.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.drawn = False

    def __call__(self, rows: int, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last < (0.2 if self.tty else 10.0):
            return
        self.last = now
        self.stream.write(
            ("\r" if self.tty else "")
            + self.line(rows, fraction, now - self.start)
            + ("" if self.tty else "\n")
        )
        self.stream.flush()
        self.drawn = True

    @staticmethod
    def line(rows: int, fraction: float, elapsed: float) -> str:
        rate = rows / elapsed if elapsed > 0 else 0.0
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        width = 24
        filled = int(width * min(max(fraction, 0.0), 1.0))
        eta_text = f"ETA {_clock(eta)}" if eta is not None else "ETA --:--"
        return f"[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {rows:,} rows {rate:,.0f} rows/s {eta_text}"

    def close(self) -> None:
        if self.drawn and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
