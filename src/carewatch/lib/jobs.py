"""Background jobs on a persistent queue: django-tasks, stored by its database backend.

A job is a function decorated with ``django_tasks.task(queue_name=...)`` in its app's ``tasks.py``
(``docs/decisions/0015-job-queue.md``). ``task.enqueue(...)`` writes a row; a worker —
``carewatch worker``, or a thread of ``carewatch demo`` — claims ready rows one at a time and runs
them. Rows outlive every process, so a job enqueued while no worker runs waits for the next one.

A job whose worker died while running it (killed, crashed, the machine restarted) would say
"running" forever. Each worker records ``host:pid:name`` when it claims a job; a worker starting on
the same host puts the jobs of workers whose process is gone back in the queue, so they run again.
Jobs are written to be run again: all or nothing (an import), or resuming from their own records.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.db import connections, transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from carewatch.lib.cachebackend import shared

logger = logging.getLogger(__name__)

#: The queues, in the order a worker that serves them all is described; each job names its own.
QUEUES = ("default", "figures", "imports", "mail")
#: Seconds a worker waits after finding no ready job.
INTERVAL = 1.0
BACKEND = "default"
_RUNNING = "RUNNING"
#: The queues served by worker threads of this very process (``InProcessWorkers``: the demo).
SERVED_HERE: set[str] = set()
_READY = "READY"


def handed_back(queue: str) -> bool:
    """Whether what a job of ``queue`` stores in the cache reaches this process: the cache is
    shared between processes (Redis), or a worker for ``queue`` runs inside this very process."""
    return shared() or queue in SERVED_HERE


#: A job queued once at a time (``queue_once``) and not run this long after: its readers stop
#: waiting for it and compute themselves (no worker runs, or it is far behind).
OVERDUE_SECONDS = 120


def queue_once(lock_key: str, seconds: int) -> bool:
    """Take ``lock_key`` for a job that must be queued once at a time: ``True`` if it was free
    (the caller queues the job, which calls ``let_go`` when done), ``False`` if one is queued.
    The lock holds when it was taken, and lets go by itself after ``seconds`` (a job lost with
    its queue row)."""
    return bool(cache.add(lock_key, time.time(), seconds))


def overdue(lock_key: str) -> bool:
    """Whether the job queued under ``lock_key`` has waited past ``OVERDUE_SECONDS``."""
    queued = cache.get(lock_key)
    return isinstance(queued, float) and time.time() - queued > OVERDUE_SECONDS


def let_go(lock_key: str) -> None:
    """The job queued under ``lock_key`` is done (or gone): the next one may be queued."""
    cache.delete(lock_key)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def host_name() -> str:
    return socket.gethostname()[:40]


def worker_name(name: str) -> str:
    """``host:pid:name``: how a later worker tells that this one is gone (64 characters at most)."""
    return f"{host_name()}:{os.getpid()}:{name}"[:64]


def process_gone(host: str, pid: str, *, here: str) -> bool:
    """Whether process ``pid`` of ``host`` is known to be gone: only a process of this host
    (named ``here``) can be looked for; one elsewhere is never taken as gone."""
    return host == here and pid.isdigit() and not pid_alive(int(pid))


def worker_gone(worker: str) -> bool:
    """Whether the worker named ``host:pid:name`` is known to be gone (see process_gone)."""
    return _gone(worker)


def _gone(worker: str) -> bool:
    host, _sep, rest = worker.partition(":")
    return process_gone(host, rest.partition(":")[0], here=host_name())


def requeue_abandoned() -> list[str]:
    """Put back in the queue the running jobs whose worker process on this host is gone; returns
    their ids. A job claimed on another host is left to that host's workers."""
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=_RUNNING)
        abandoned = [row for row in running if row.worker_ids and _gone(row.worker_ids[-1])]
        for row in abandoned:
            logger.warning("job %s (%s) lost its worker %s: queued again", *_describe(row))
        ids = [row.pk for row in abandoned]
        DBTaskResult.objects.filter(pk__in=ids).update(status=_READY, started_at=None)
    return [str(pk) for pk in ids]


def _describe(row: DBTaskResult[Any, Any]) -> tuple[str, str, str]:
    return str(row.pk), row.task_path, row.worker_ids[-1]


def worker(*, queues: Sequence[str] = ("*",), name: str = "worker", batch: bool = False) -> Worker:
    """A worker for ``queues`` (``*``: all of them); ``run()`` it, set ``running = False`` to stop
    it after its current job. ``batch``: stop once no job is ready."""
    return Worker(
        queue_names=list(queues),
        interval=INTERVAL,
        batch=batch,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_name(name),
        excluded_queue_names=[],
    )


def run_ready_jobs(queues: Sequence[str] = ("*",)) -> int:
    """Run every ready job in this thread and on its database connection, then return how many
    ran. Unlike a worker's loop, it never closes the connection between jobs, so a caller inside
    a transaction (a test) sees the jobs' writes in it."""
    one = worker(queues=queues, name="batch", batch=True)
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name=BACKEND)
        if "*" not in queues:
            ready = ready.filter(queue_name__in=list(queues))
        with exclusive_transaction(ready.db):
            row = ready.get_locked()
            if row is None:
                return ran
            row.claim(one.worker_id)
        one.run_task(row)
        ran += 1


class InProcessWorkers:
    """Workers as daemon threads of this process (the demo's one process does everything): one
    for imports, which may run for minutes, one for the public figures' recomputations (a visitor
    is served the last figures until it ends), and one for the other queues."""

    #: Each worker thread's name and queues: the demo's whole set.
    ALL = (("imports", ("imports",)), ("figures", ("figures",)), ("other", ("default", "mail")))

    def __init__(self, groups: Sequence[tuple[str, Sequence[str]]] = ALL) -> None:
        self.groups = groups
        self.workers: list[Any] = []
        self.threads: list[threading.Thread] = []

    def start(self, *, requeue: bool = True) -> None:
        """Start the threads; first (``requeue``) put back the jobs of workers that died."""
        if requeue:
            requeue_abandoned()
        for name, queues in self.groups:
            one = worker(queues=queues, name=name)
            thread = threading.Thread(
                target=_serve, args=(one,), name=f"carewatch-worker-{name}", daemon=True
            )
            self.workers.append(one)
            self.threads.append(thread)
            thread.start()
            SERVED_HERE.update(queues)

    def stop(self, timeout: float = 10.0) -> None:
        SERVED_HERE.clear()
        for one in self.workers:
            one.running = False
        for thread in self.threads:
            thread.join(timeout)


def _serve(one: Worker) -> None:
    try:
        one.run()
    except Exception:  # a worker thread must not die silently: say so, in the log
        logger.exception("the worker %s stopped", one.worker_id)
    finally:
        connections.close_all()
