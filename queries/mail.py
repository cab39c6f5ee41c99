"""Sending e-mail over SMTP: the settings from ``ATRISK_SMTP_*``, a connection that
upgrades with STARTTLS, and plain-text-plus-HTML messages."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

LOOPBACK = ("127.0.0.1", "::1", "localhost")
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes: ``ATRISK_SMTP_HOST``, ``_PORT`` (587), ``_USER``, ``_PASSWORD``,
    ``_FROM``; ``ATRISK_SMTP_STARTTLS`` ``required`` (the default, except to a loopback
    host where it is used when offered) or ``off``; ``ATRISK_PUBLIC_URL`` for links."""

    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    starttls: str
    public_url: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> MailSettings:
        """The settings from ``env``; ``ValueError`` naming what is missing or wrong."""
        host = env.get("ATRISK_SMTP_HOST", "")
        sender = env.get("ATRISK_SMTP_FROM", "")
        if not host or not sender:
            raise ValueError("set ATRISK_SMTP_HOST and ATRISK_SMTP_FROM to send mail")
        port = env.get("ATRISK_SMTP_PORT", "587")
        if not port.isdigit():
            raise ValueError(f"ATRISK_SMTP_PORT: expected a number, got {port!r}")
        starttls = env.get("ATRISK_SMTP_STARTTLS",
                           "auto" if host in LOOPBACK else "required")
        if starttls not in ("required", "auto", "off"):
            raise ValueError("ATRISK_SMTP_STARTTLS: expected required, auto or off")
        return cls(host, int(port), env.get("ATRISK_SMTP_USER") or None,
                   env.get("ATRISK_SMTP_PASSWORD") or None, sender, starttls,
                   public_url(env))


def public_url(env: Mapping[str, str] = os.environ) -> str:
    """Where people reach the app, for links in mail and feeds (``ATRISK_PUBLIC_URL``)."""
    return env.get("ATRISK_PUBLIC_URL", "http://127.0.0.1:8050").rstrip("/")


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message."""

    content: bytes
    filename: str
    mimetype: str          # e.g. image/png


def message(settings: MailSettings, to: str, subject: str, text: str, html: str,
            attachments: tuple[Attachment, ...] = ()) -> EmailMessage:
    """A message with a plain-text part, an HTML alternative and any attachments."""
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.sender.rsplit("@", 1)[-1])
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    for item in attachments:
        maintype, subtype = item.mimetype.split("/", 1)
        msg.add_attachment(item.content, maintype=maintype, subtype=subtype,
                           filename=item.filename)
    return msg


@contextmanager
def connection(settings: MailSettings) -> Iterator[smtplib.SMTP]:
    """A connection ready to send: STARTTLS as the settings say (a password never goes
    over a connection that is not encrypted, except to a loopback host), then login."""
    with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_S) as smtp:
        smtp.ehlo()
        offered = smtp.has_extn("starttls")
        if settings.starttls == "required" and not offered:
            raise OSError(f"{settings.host}:{settings.port} does not offer STARTTLS "
                          "(set ATRISK_SMTP_STARTTLS=off only for a trusted relay)")
        encrypted = settings.starttls != "off" and offered
        if encrypted:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.user:
            if not encrypted and settings.host not in LOOPBACK:
                raise OSError("refusing to send the SMTP password unencrypted")
            smtp.login(settings.user, settings.password or "")
        yield smtp
