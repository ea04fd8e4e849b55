"""A real SMTP server on loopback (aiosmtpd) for the mail tests: it keeps what arrived, and
refuses the recipients it is told to (``refuse[address] = "550 ..."``)."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Arrived:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        found = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(found, EmailMessage)
        return found


@dataclass
class Handler:
    arrived: list[Arrived] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.arrived.append(
            Arrived(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LoopbackSMTP:
    def __init__(self) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, decode_data=False
        )

    def __enter__(self) -> LoopbackSMTP:
        self.controller.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.controller.stop()

    @property
    def arrived(self) -> list[Arrived]:
        return self.handler.arrived

    def settings(self) -> dict[str, Any]:
        return {
            "EMAIL_BACKEND": "carewatch.lib.mail.backends.SMTPBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }


def arrived_for(smtp: LoopbackSMTP, email: str, seconds: float = 30) -> Any:
    """The first message that reached ``email`` (waiting for a worker in another process)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for arrived in smtp.arrived:
            if email in arrived.recipients:
                return arrived.message
        time.sleep(0.2)
    raise AssertionError(f"no message for {email} within {seconds} s")
