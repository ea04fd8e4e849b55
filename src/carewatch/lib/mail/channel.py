"""Sending many messages on one connection, each marked sent at the one safe moment.

A bulk sender must record that a message went, and the record and the sending cannot happen at
once: record first and a crash loses the message; send first and a crash sends it again. On SMTP
there is a moment between the two: a message counts only once its last line, a lone ``.``, has
been sent (RFC 5321 §4.1.1.4: a server that loses the connection before it discards the message).
``SMTPChannel.deliver`` sends everything but that line, lets the caller record the message as
sent, then sends the line. A process killed before the record leaves an incomplete message the
server throws away (and the record says "not sent": it is sent again); killed after, the line is
already in the kernel's buffer and leaves with the socket's closing. Only a connection lost
while the last line is on its way leaves a doubt, and the caller is told which side it is on.

Other backends (a folder of files, the console, the test outbox) send whole and then call
``mark``: a crash between the two can repeat one message per worker.
"""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address

from carewatch.lib.mail.backends import SMTPBackend, wire_bytes

_LEADING_DOT = re.compile(rb"(?m)^\.")
SENT, REFUSED, DEFERRED = "sent", "refused", "deferred"


@dataclass(frozen=True)
class Result:
    """``outcome``: SENT, REFUSED (a 5xx reply: for good) or DEFERRED (4xx: try later);
    ``stage``: the command the server refused (``rcpt`` means the address)."""

    outcome: str
    code: int = 250
    reply: str = ""
    stage: str = ""


class ChannelBroken(ConnectionError):
    """The connection failed during a message. ``marked``: the caller's ``mark`` had run, and
    the server may have the message (the last line may have left)."""

    def __init__(self, cause: BaseException, *, marked: bool) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.marked = marked


class Channel(Protocol):
    def deliver(self, message: EmailMessage, mark: Callable[[], None]) -> Result: ...

    def close(self) -> None: ...


def open_channel() -> Channel:
    """A channel through the configured mail backend (``CAREWATCH_EMAIL_URL``)."""
    backend = get_connection(fail_silently=False)
    if isinstance(backend, SMTPBackend):
        return SMTPChannel(backend)
    return WholeChannel(backend)


def _refusal(code: int, reply: bytes, stage: str) -> Result:
    outcome = REFUSED if 500 <= code < 600 else DEFERRED
    return Result(outcome, code, reply.decode(errors="replace")[:250], stage)


class SMTPChannel:
    def __init__(self, backend: SMTPBackend) -> None:
        self.backend = backend
        self.backend.open()
        if backend.connection is None:
            raise ConnectionError("the mail backend opened no SMTP connection")
        self.smtp: smtplib.SMTP = backend.connection
        # The last line leaves in a packet of its own, after the mark: without this, Nagle's
        # algorithm holds it until the server acknowledges the body (a delayed ACK, ~40 ms).
        if self.smtp.sock is not None:
            self.smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        self.backend.close()

    def deliver(self, message: EmailMessage, mark: Callable[[], None]) -> Result:
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(message.from_email, encoding)
        (recipient,) = (sanitize_address(a, encoding) for a in message.recipients())
        body = _LEADING_DOT.sub(b"..", wire_bytes(message))
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        marked = False
        try:
            refused = self._envelope(sender, recipient)
            if refused is not None:
                return refused
            self.smtp.send(body)
            try:
                mark()
            except BaseException:
                # Not marked: the message must not complete. Drop the connection mid-message
                # (the server discards it) rather than say QUIT inside its data.
                self.smtp.close()
                raise
            marked = True
            self.smtp.send(b".\r\n")
            code, reply = self.smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelBroken(error, marked=marked) from error
        if code != 250:
            return _refusal(code, reply, "end")
        return Result(SENT)

    def _envelope(self, sender: str, recipient: str) -> Result | None:
        """MAIL, RCPT and DATA, each only if the one before was accepted; the refusal, if any."""
        self.smtp.ehlo_or_helo_if_needed()
        steps: tuple[tuple[str, Callable[[], tuple[int, bytes]], tuple[int, ...]], ...] = (
            ("mail", partial(self.smtp.mail, sender), (250,)),
            ("rcpt", partial(self.smtp.rcpt, recipient), (250, 251)),
            ("data", partial(self.smtp.docmd, "DATA"), (354,)),
        )
        for stage, command, expected in steps:
            code, reply = command()
            if code not in expected:
                self.smtp.rset()
                return _refusal(code, reply, stage)
        return None


class WholeChannel:
    def __init__(self, backend: object) -> None:
        self.backend = backend

    def close(self) -> None:
        close = getattr(self.backend, "close", None)
        if close is not None:
            close()

    def deliver(self, message: EmailMessage, mark: Callable[[], None]) -> Result:
        try:
            sent = self.backend.send_messages([message])  # type: ignore[attr-defined]
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelBroken(error, marked=False) from error
        if not sent:
            return Result(REFUSED, 0, "the backend sent nothing", "end")
        mark()
        return Result(SENT)
