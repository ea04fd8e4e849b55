"""``carewatch serve`` explains a busy port instead of crashing."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command


def test_a_busy_port_gets_a_clear_message() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match="--port"):
            call_command("serve", port=port)
