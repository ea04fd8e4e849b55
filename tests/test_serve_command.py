"""``carewatch serve`` explains a busy port instead of crashing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from tests.conftest import carewatch_command, instance_environment


def test_a_busy_port_gets_a_clear_message() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match="--port"):
            call_command("serve", port=port)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several server processes need fork (POSIX)")
def test_several_processes_share_the_port_and_stop_together(tmp_path: Path) -> None:
    """``--processes 2`` answers on one port from two processes, and a SIGTERM to the parent
    stops both (nothing left listening)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = instance_environment(tmp_path)
    subprocess.run(carewatch_command("migrate"), env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        carewatch_command("serve", "--port", str(port), "--processes", "2"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/about/data/", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "no answer"
                time.sleep(0.3)
        children = [
            int(p)
            for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        ]
        assert len(children) == 2
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) == 0
        for pid in children:
            assert (
                not Path(f"/proc/{pid}").exists()
                or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
            )
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    finally:
        if server.poll() is None:
            server.kill()


def test_processes_must_be_at_least_one() -> None:
    with pytest.raises(CommandError, match="--processes"):
        call_command("serve", port=0, processes=0)


def test_each_server_thread_keeps_its_own_language_and_time_zone() -> None:
    """The WSGI entry point makes Django's per-request state plain thread-locals (one lock
    fewer per translated word, lib/threads.py): each thread still sees only what it activated."""
    import threading

    from django.utils import timezone, translation

    from carewatch.lib import threads

    saved = [getattr(module, name) for module, name in threads.STATE]
    seen: dict[str, tuple[str, str, str]] = {}
    ready = threading.Barrier(3)

    def request(language: str, zone: str) -> None:
        translation.activate(language)
        timezone.activate(zone)
        ready.wait(5)  # all three active at once
        seen[language] = (
            translation.get_language() or "",
            str(translation.gettext("Sources:")),
            timezone.get_current_timezone_name(),
        )
        translation.deactivate()
        timezone.deactivate()

    try:
        threads.per_thread_state()
        assert all(type(getattr(module, name)) is threading.local for module, name in threads.STATE)
        workers = [
            threading.Thread(target=request, args=pair)
            for pair in (("ar", "Asia/Damascus"), ("fr", "Europe/Paris"), ("en", "UTC"))
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(10)
        assert seen["ar"][0] == "ar" and seen["ar"][2] == "Asia/Damascus"
        assert seen["fr"] == ("fr", "Sources :", "Europe/Paris")
        assert seen["en"] == ("en", "Sources:", "UTC")
        assert seen["ar"][1] != "Sources:"
    finally:
        for (module, name), value in zip(threads.STATE, saved, strict=True):
            setattr(module, name, value)
