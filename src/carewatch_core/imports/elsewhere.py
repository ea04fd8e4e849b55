"""Reading and mapping a large file in other processes while this one stores it.

An import's time is about one part storing rows and two parts Python reading, mapping and
preparing them (docs/imports.md, "Performance"). With the second part in child processes the
two run at once on several cores: each child reads the file, maps every Nth batch of rows with
the profile (``Mapper.in_shares``) and prepares it (``carewatch_core.imports.prepared``), and
sends the batches through a pipe, which holds only a batch or two: a child waits while the
writer is behind, so memory stays bounded. The batches are read back in file order.

A worksheet read a piece at a time (``Table.in_pieces``) is shared by pieces instead: each child
reads and maps only every Nth piece (parsing a sheet's XML costs as much as mapping it), given the
header and date order the importing process found (``mapping.Known``). A child then does not see
the dataset IDs of the other children's rows, so it lists the IDs its rows take (``Mapper.taken``)
and this process, reading the batches in file order, refuses a row whose ID an earlier row of
another child took, exactly as the child would have (``_Keys``). Each child's frames are read
ahead by a thread here (``_Ahead``, a few dozen batches at most), so that a child goes on mapping
its next piece while the import stores the other's.

Each child is a new interpreter (``python -m carewatch_core.imports.elsewhere``) with no
database and no Django: it is given the file's path and the import's settings on its standard
input and writes pickled frames to a pipe of their own (what it might print goes to the
parent's output as usual), only ever read by the process that started it. If that process
dies, the child's next write fails and it ends; if the child dies, the reader says so and the
import fails like any other (its transaction is rolled back).
"""

from __future__ import annotations

import os
import pickle  # nosec B403  # frames between this process and the child it started, never other data
import queue
import subprocess  # nosec B404  # the child is this interpreter running this module
import sys
import threading
import traceback
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from itertools import count
from pathlib import Path
from typing import IO, Any, cast

from carewatch_core.collection import fewer_collections
from carewatch_core.imports.errors import FileError, Issue, Severity
from carewatch_core.imports.mapping import Known, Mapper
from carewatch_core.imports.prepared import Batch, Preparer, Shape, prepared_batches
from carewatch_core.imports.profiles import PROFILES
from carewatch_core.imports.rows import Overrides
from carewatch_core.imports.tables import Table, open_table

_PROTOCOL = pickle.HIGHEST_PROTOCOL
#: The frames' pipe is handed to the child by its number (``pass_fds``), which POSIX systems
#: allow, and the child is this interpreter; elsewhere (or embedded, without an interpreter
#: to start) every file is mapped in the importing process.
AVAILABLE = os.name == "posix" and bool(sys.executable)


@dataclass(frozen=True)
class Job:
    """What the child needs: the file, how to read and map it, and the shape of the stored rows."""

    path: Path
    profile: str
    shape: Shape
    batch_size: int
    sheet: str | None = None
    encoding: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: What the importing process's reader learned of the file (``Table.facts``): a workbook's
    #: scan, so that the child reads it the same way without scanning it again.
    facts: Any = None
    #: This child maps every ``shares``-th batch from the ``share``-th (``Mapper.in_shares``).
    share: int = 0
    shares: int = 1
    #: A worksheet read in pieces (``Table.in_pieces``): the child maps every ``shares``-th piece
    #: from the ``share``-th, cut with ``xlsx_pieces.PIECE_BYTES`` at ``least``, with the header
    #: and date order found by the importing process (``known``).
    pieces: bool = False
    least: int = 0
    known: Known | None = None


class MappingFailed(RuntimeError):
    """The child process failed other than on the file itself (its traceback is the message)."""


def mapped_elsewhere(
    job: Job, processes: int = 1, duplicate: Callable[[int, str], Issue] | None = None
) -> Generator[Batch, None, None]:
    """The file's batches in order, read, mapped and prepared by ``processes`` child processes,
    each mapping every ``processes``-th batch (``Mapper.in_shares``), or every ``processes``-th
    piece of a worksheet read in pieces (``job.pieces``; ``duplicate`` then gives the issue of a
    row whose ID an earlier row took: ``Mapper.duplicate``).

    Close the iterator (``contextlib.closing``) when stopping early: the children are then
    killed. Raises ``FileError`` when a child finds the file unreadable part way through, and
    ``MappingFailed`` when one fails otherwise or dies.
    """
    if job.pieces:
        if duplicate is None:
            raise ValueError("a sheet mapped by pieces needs ``duplicate``")
        yield from _by_pieces(job, processes, duplicate)
        return
    with ExitStack() as stack:
        children = [
            stack.enter_context(_Child(replace(job, share=share, shares=processes)))
            for share in range(processes)
        ]
        streams = [_frames(child.frames, child.process) for child in children]
        for turn in count():
            batch = next(streams[turn % processes], None)
            if batch is None:  # that child's share has ended, so has the file: the others end too
                if any(next(other, None) is not None for other in streams):
                    raise MappingFailed("the import's mapping processes disagree on the file's end")
                return
            if isinstance(batch, int):
                raise MappingFailed("a mapping process ended a piece of a file not read in pieces")
            yield batch


def _by_pieces(
    job: Job, processes: int, duplicate: Callable[[int, str], Issue]
) -> Generator[Batch, None, None]:
    """``mapped_elsewhere`` for a worksheet read in pieces: piece ``i`` from child ``i % processes``."""
    keys = _Keys(duplicate)
    with ExitStack() as stack:
        children = [
            stack.enter_context(_Child(replace(job, share=share, shares=processes)))
            for share in range(processes)
        ]
        streams = [
            stack.enter_context(_Ahead(_frames(child.frames, child.process))) for child in children
        ]
        for piece in count():
            for item in streams[piece % processes]:
                if isinstance(item, int):  # the piece's end
                    if item != piece:
                        raise MappingFailed(f"piece {item} came where piece {piece} was due")
                    break
                keys.check(item)
                yield item
            else:  # no such piece: the sheet has ended, and the others must say so too
                if any(next(iter(other), None) is not None for other in streams):
                    raise MappingFailed("the import's mapping processes disagree on the file's end")
                return


class _Keys:
    """The dataset IDs taken so far by the rows of a sheet mapped by pieces, in file order."""

    def __init__(self, duplicate: Callable[[int, str], Issue]) -> None:
        self.seen: set[str] = set()
        self.duplicate = duplicate

    def check(self, batch: Batch) -> None:
        """Refuse in ``batch`` each row whose ID a row before it, in another child, took."""
        taken, seen = batch.taken, self.seen
        batch.taken = []
        if seen.isdisjoint(key for _, key, _ in taken):
            seen.update(key for _, key, _ in taken)
            return
        for number, key, value in taken:
            if key in seen:
                _refuse(batch, number, key, self.duplicate(number, key if value is None else value))
            else:
                seen.add(key)


def _refuse(batch: Batch, number: int, key: str, issue: Issue) -> None:
    """Row ``number`` of ``batch`` refused with ``issue``, its first (as ``Mapper._key`` would
    have refused it before mapping it), and counted so; its stored form, if any, dropped."""
    issues = batch.issues
    own = [i for i in issues if i.row == number]
    at = next((n for n, i in enumerate(issues) if i.row >= number), len(issues))
    issues.insert(at, issue)
    if any(i.severity is Severity.REJECTED for i in own):
        return  # refused already: counted so, not stored
    batch.rows = [r for r in batch.rows if r[0] != key]  # the only row stored with this ID
    batch.rejected += 1
    batch.flagged -= bool(own)


class _Ahead:
    """Items of ``source`` read ahead by a thread (at most ``AHEAD``); iterating gives them in
    order, and raises what reading raised."""

    AHEAD = 32
    _END = object()

    def __init__(self, source: Iterator[Any]) -> None:
        self.source = source
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=self.AHEAD)
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._read, name="carewatch-ahead", daemon=True)

    def __enter__(self) -> _Ahead:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()  # the child is killed next (``_Child.__exit__``): reading then ends

    def __iter__(self) -> Iterator[Any]:
        while (item := self.queue.get()) is not self._END:
            yield item
        self.queue.put(self._END)  # for whoever iterates again
        if self.error is not None:
            raise self.error

    def _read(self) -> None:
        try:
            for item in self.source:
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the iterating thread
            self.error = exc
        self._put(self._END)

    def _put(self, item: Any) -> bool:
        """Queue ``item`` unless stopped first (then nobody reads: the thread is to end, not wait)."""
        while not self.stopped.is_set():
            try:
                self.queue.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False


class _Child:
    """A mapping process given ``job``, and the pipe its frames come through; killed on exit
    if it is still running."""

    def __init__(self, job: Job) -> None:
        read, write = os.pipe()  # the frames' own pipe: whatever the child prints goes elsewhere
        try:
            self.process = subprocess.Popen(  # noqa: S603  # nosec B603  # this interpreter, this module
                [sys.executable, "-m", __name__, str(write)],
                stdin=subprocess.PIPE,
                pass_fds=(write,),
            )
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        self.frames = open(read, "rb")  # noqa: SIM115  # closed by __exit__
        self.job = job

    def __enter__(self) -> _Child:
        stdin = cast(IO[bytes], self.process.stdin)  # piped
        try:
            pickle.dump(self.job, stdin, protocol=_PROTOCOL)
            stdin.close()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.frames.close()


def _frames(stream: IO[bytes], child: subprocess.Popen[bytes]) -> Iterator[Batch | int]:
    """The child's batches, and after each piece of a sheet mapped by pieces, its index."""
    while True:
        try:
            kind, payload = pickle.load(stream)  # noqa: S301  # nosec B301  # our own child's frames
        except (EOFError, pickle.UnpicklingError):  # it died at once, or part way through a frame
            code = child.wait()
            raise MappingFailed(f"the import's mapping process ended early (exit {code})") from None
        if kind in ("batch", "piece"):
            yield payload
        elif kind == "end":
            return
        elif kind == "file_error":
            raise FileError(payload[0], **payload[1])
        else:
            raise MappingFailed(payload)


def _child(job: Job, out: IO[bytes]) -> None:
    """Map ``job``'s file and write its batches to ``out``, then an end (or an error) frame."""
    sender = _Sender(out)
    try:
        if job.pieces:
            _child_pieces(job, sender)
        else:
            _child_shares(job, sender)
    except FileError as exc:
        sender.send(("file_error", (exc.code, exc.params)))
    except BrokenPipeError:
        raise
    except Exception:  # reported to the parent, which fails the import with it
        sender.send(("error", traceback.format_exc()))
    else:
        sender.send(("end", None))
    sender.close()


def _child_pieces(job: Job, sender: _Sender) -> None:
    """Map the pieces of ``job``'s sheet that are this child's, each followed by its index."""
    from carewatch_core.imports.xlsx import own_pieces  # a workbook's reader, only for one

    done = [0, 0]
    pieces = own_pieces(
        job.path,
        sheet=job.sheet,
        mine=lambda index: index % job.shares == job.share,
        least=job.least,
        done=done,
    )

    def progress() -> float:
        return min(done[0] / done[1], 1.0) if done[1] else 0.0

    holder = Table(format="xlsx", rows=iter(()), sheet=job.sheet or "")
    mapper = Mapper(
        PROFILES[job.profile], holder, Overrides(dict(job.columns), dict(job.values)), job.known
    )
    mapper.taken = []
    preparer = Preparer(job.shape)
    with fewer_collections():
        for index, rows in pieces:
            for mapped in mapper.map_rows(rows, job.batch_size):
                batch = preparer.batch(mapped, progress())
                batch.taken, mapper.taken = mapper.taken, []
                sender.send(("batch", batch))
            sender.send(("piece", index))


def _child_shares(job: Job, sender: _Sender) -> None:
    """Map the batches of ``job``'s file that are this child's (``Mapper.in_shares``)."""
    profile = PROFILES[job.profile]
    table = open_table(
        job.path, sheet=job.sheet or profile.sheet, encoding=job.encoding, facts=job.facts
    )
    try:
        mapper = Mapper(profile, table, Overrides(dict(job.columns), dict(job.values)))
        preparer = Preparer(job.shape)
        with fewer_collections():  # millions of short-lived objects, no cycles
            batches = prepared_batches(
                mapper, preparer, job.batch_size, table.progress, job.share, job.shares
            )
            for batch in batches:
                sender.send(("batch", batch))
    finally:
        table.close()


class _Sender:
    """Writes a child's frames from a thread, so that it maps its next batch while the import
    has yet to read the last one (it reads the children's batches in turn, and a batch is
    larger than a pipe holds: a child writing in its mapping thread waited there half its time)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._write, name="carewatch-frames", daemon=True)
        self.thread.start()

    def send(self, frame: tuple[str, object]) -> None:
        data = pickle.dumps(frame, protocol=_PROTOCOL)
        while True:
            if self.error is not None:
                raise self.error
            try:
                self.queue.put(data, timeout=0.5)
                return
            except queue.Full:  # the import has not read the last one yet
                continue

    def close(self) -> None:
        """Wait until every frame is written; raise what writing raised (the parent gone)."""
        while self.thread.is_alive():
            try:
                self.queue.put(None, timeout=0.5)
                break
            except queue.Full:
                continue
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _write(self) -> None:
        try:
            while (data := self.queue.get()) is not None:
                self.out.write(data)
            self.out.flush()
        except BaseException as exc:  # handed to the mapping thread by send and close
            self.error = exc


def main() -> int:
    job = pickle.load(sys.stdin.buffer)  # noqa: S301  # nosec B301  # written by the parent
    try:
        with open(int(sys.argv[1]), "wb") as out:
            _child(job, out)
    except BrokenPipeError:  # the parent is gone: nothing to tell anyone
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
