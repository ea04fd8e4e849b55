"""The import's pause of the garbage collector.

Settings changed inside, restored after, shared by nested and concurrent users.
"""

from __future__ import annotations

import gc
import threading

from carewatch_core.collection import THRESHOLDS, fewer_collections


def test_inside_the_young_generation_waits_longer_and_old_objects_are_frozen() -> None:
    before = gc.get_threshold()
    kept = [[n] for n in range(1000)]  # objects that exist before the pause
    with fewer_collections():
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_made_inside_are_still_collected() -> None:
    with fewer_collections():
        for _ in range(200_000):  # four times the young generation's threshold
            loop: list[object] = []
            loop.append(loop)
        assert gc.get_count()[0] < THRESHOLDS[0]  # a collection ran inside the pause
    del loop


def test_nested_uses_end_with_the_outer_one() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        with fewer_collections():
            pass
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_an_error_inside_still_restores_the_collector() -> None:
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise RuntimeError("import failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    gc.freeze()
    try:
        with fewer_collections():
            assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0  # not unfrozen (unfreezing would leave none)
    finally:
        gc.unfreeze()


def test_two_threads_share_one_pause() -> None:
    before = gc.get_threshold()
    inside, release = threading.Event(), threading.Event()
    seen: list[tuple[int, ...]] = []

    def other() -> None:
        with fewer_collections():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with fewer_collections():
        pass
    seen.append(gc.get_threshold())  # the other thread is still inside
    release.set()
    thread.join(10)
    assert seen == [THRESHOLDS]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
