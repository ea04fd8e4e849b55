"""Decomposable (chordal) graphs on a few lists, with cliques and separators.

A decomposable graphical model says which lists depend on which: lists joined by an edge may
be dependent, lists not joined are independent given the rest. Its likelihood factorises over
cliques divided by separators, which is what :mod:`carewatch_core.estimation.dga` needs.
Brute force is fine: at 5 lists there are 1,024 graphs, 822 of them decomposable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations

Edge = tuple[int, int]
MAX_VERTICES = 6


@dataclass(frozen=True)
class DecomposableGraph:
    """A chordal graph on vertices ``0..size-1``: edges, maximal cliques, separators (with repeats)."""

    size: int
    edges: frozenset[Edge]
    cliques: tuple[frozenset[int], ...]
    separators: tuple[frozenset[int], ...]

    def describe(self, names: tuple[str, ...]) -> str:
        """Cliques by list name, e.g. ``[A,B][C]``."""
        return "".join("[" + ",".join(names[v] for v in sorted(c)) + "]" for c in self.cliques)


@cache
def decomposable_graphs(size: int) -> tuple[DecomposableGraph, ...]:
    """Every decomposable graph on ``size`` vertices (3 -> 8, 4 -> 61, 5 -> 822)."""
    if not 1 <= size <= MAX_VERTICES:
        raise ValueError(f"decomposable graphs are enumerated for 1 to {MAX_VERTICES} lists")
    possible = list(combinations(range(size), 2))
    graphs = []
    for mask in range(2 ** len(possible)):
        edges = frozenset(e for i, e in enumerate(possible) if mask >> i & 1)
        if is_chordal(size, edges):
            cliques = maximal_cliques(size, edges)
            graphs.append(DecomposableGraph(size, edges, cliques, separators(cliques)))
    return tuple(graphs)


def _neighbours(size: int, edges: frozenset[Edge]) -> list[set[int]]:
    adjacent: list[set[int]] = [set() for _ in range(size)]
    for a, b in edges:
        adjacent[a].add(b)
        adjacent[b].add(a)
    return adjacent


def is_chordal(size: int, edges: frozenset[Edge]) -> bool:
    """True if vertices can be removed one by one, each with its neighbours forming a clique."""
    adjacent = _neighbours(size, edges)
    left = set(range(size))
    while left:
        simplicial = next((v for v in left if _is_complete(adjacent[v] & left, edges)), None)
        if simplicial is None:
            return False
        left.remove(simplicial)
    return True


def _is_complete(vertices: set[int], edges: frozenset[Edge]) -> bool:
    return all((a, b) in edges for a, b in combinations(sorted(vertices), 2))


def maximal_cliques(size: int, edges: frozenset[Edge]) -> tuple[frozenset[int], ...]:
    """Maximal complete vertex sets, larger first (brute force over subsets)."""
    complete = [
        frozenset(subset)
        for k in range(size, 0, -1)
        for subset in combinations(range(size), k)
        if _is_complete(set(subset), edges)
    ]
    maximal = [c for c in complete if not any(c < other for other in complete)]
    return tuple(sorted(maximal, key=lambda c: (-len(c), sorted(c))))


def separators(cliques: tuple[frozenset[int], ...]) -> tuple[frozenset[int], ...]:
    """Separators of a junction tree: a maximum-weight spanning tree of clique intersections.

    Empty separators (between disconnected parts) are kept: their factor is 1, so they are
    harmless and keep the count of factors right.
    """
    joined = {0}
    found = []
    while len(joined) < len(cliques):  # Prim's algorithm, weight = size of the intersection
        best = max(
            ((i, j) for i in joined for j in range(len(cliques)) if j not in joined),
            key=lambda pair: len(cliques[pair[0]] & cliques[pair[1]]),
        )
        joined.add(best[1])
        found.append(cliques[best[0]] & cliques[best[1]])
    return tuple(found)
