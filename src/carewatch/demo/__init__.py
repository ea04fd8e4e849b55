"""Demo content: the facts of two public UOSSM documents, and clearly marked generated data.

``carewatch demo`` uses this package to give a fresh instance something real to look at
(``seeds``), enough volume to exercise lists, statistics and maps (``generator``), and one
login per role (``accounts``).
"""
