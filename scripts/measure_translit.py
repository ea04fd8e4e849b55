"""Measure the name keys on Arabic -> English transliteration pairs.

    uv run python scripts/measure_translit.py [DATA_DIR]

DATA_DIR holds ``ar2en.txt`` (tab-separated Arabic, English; google/transliteration,
Apache-2.0), by default ../shared/data/translit. For every pair it asks whether the two
spellings get the same ``name_key`` and the same ``phonetic_key``, and, as the reference,
whether plain string similarity on the raw spellings calls them the same: Jaro-Winkler
>= 0.85 between the lower-cased English spelling and the Arabic one spelled letter by
letter with ``romanise_arabic`` (the raw scripts share no letter, so some spelling is
needed; this one does no folding). A key that agrees on every pair is useless if it also
agrees on different names, so the same is measured on as many shuffled (wrong) pairs.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import JaroWinkler

from carewatch_core.names import romanise_arabic
from carewatch_core.names.parts import name_key
from carewatch_core.names.phonetic import phonetic_key

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "translit"
SIMILAR = 0.85

Pair = tuple[str, str]


def read_pairs(folder: Path) -> list[Pair]:
    lines = (folder / "ar2en.txt").read_text(encoding="utf-8").splitlines()
    return [(ar, en) for ar, en in (line.split("\t", 1) for line in lines if "\t" in line)]


def raw_similar(pair: Pair) -> bool:
    return JaroWinkler.similarity(romanise_arabic(pair[0]), pair[1].lower()) >= SIMILAR


def same_key(key: Callable[[str], str]) -> Callable[[Pair], bool]:
    return lambda pair: bool(key(pair[0])) and key(pair[0]) == key(pair[1])


def share(test: Callable[[Pair], bool], pairs: list[Pair]) -> float:
    return sum(map(test, pairs)) / len(pairs)


def main(folder: Path) -> None:
    pairs = read_pairs(folder)
    english = [en for _, en in pairs]
    random.Random(0).shuffle(english)
    wrong = [(ar, en) for (ar, _), en in zip(pairs, english, strict=True)]
    print(f"{len(pairs)} Arabic -> English pairs from {folder}")
    print(f"{'method':<40} {'true pairs agree':>16} {'shuffled pairs agree':>21}")
    methods: list[tuple[str, Callable[[Pair], bool]]] = [
        (f"raw spellings, Jaro-Winkler >= {SIMILAR}", raw_similar),
        ("name_key equal", same_key(name_key)),
        ("phonetic_key equal", same_key(phonetic_key)),
    ]
    for label, test in methods:
        print(f"{label:<40} {share(test, pairs):>16.3f} {share(test, wrong):>21.4f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
