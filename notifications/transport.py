"""Handing digests to the mail server (smtplib) or, in outbox mode, to .eml files; errors classified.

Settings: email.smtp_host, smtp_port, security (none | starttls | ssl), username_env and
password_env (names of environment variables holding the credentials), timeout, outbox_dir.
Errors come back as serieswatch exceptions: TemporaryDeliveryError (4xx, connection trouble:
retry later), PermanentDeliveryError (5xx: give up), SmtpAuthError (535: fix the configuration).
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
from email.utils import parseaddr
from pathlib import Path

from serieswatch.errors import ConfigError, PermanentDeliveryError, SmtpAuthError, TemporaryDeliveryError

logger = logging.getLogger(__name__)


def credentials(email_config, env=None) -> tuple[str | None, str | None]:
    """(username, password) from the environment variables the config names; ConfigError when half there."""
    env = os.environ if env is None else env
    user = env.get(email_config.username_env) if email_config.username_env else None
    if not user:
        return None, None
    password = env.get(email_config.password_env) if email_config.password_env else None
    if password is None:
        raise ConfigError(f"${email_config.username_env} is set but ${email_config.password_env} is not: "
                          f"set the password variable or change the name", key="email.password_env")
    return user, password


def _code_text(code, message) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return f"{code} {' '.join(str(message).split())}".strip()


def classify(exc: BaseException, where: str) -> Exception:
    """A smtplib/socket error as a serieswatch delivery error."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SmtpAuthError(f"{where} refused the login ({_code_text(exc.smtp_code, exc.smtp_error)}): check the "
                             f"credentials in the variables named by email.username_env and email.password_env")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in exc.recipients.values()]
        text = "; ".join(f"{r}: {_code_text(c, m)}" for r, (c, m) in exc.recipients.items())
        cls = TemporaryDeliveryError if codes and all(400 <= c < 500 for c in codes) else PermanentDeliveryError
        return cls(f"{where} refused the recipient ({text})")
    if isinstance(exc, smtplib.SMTPResponseException):
        cls = TemporaryDeliveryError if 400 <= exc.smtp_code < 500 else PermanentDeliveryError
        if exc.smtp_code < 400:
            cls = TemporaryDeliveryError   # an odd reply (-1 and friends): try again later
        return cls(f"{where} answered {_code_text(exc.smtp_code, exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return SmtpAuthError(f"{where}: {exc} (check email.security)")
    if isinstance(exc, (smtplib.SMTPException, OSError, socket.timeout, ssl.SSLError)):
        err = TemporaryDeliveryError(f"{where} unreachable or hung up: {exc.__class__.__name__}: {exc}")
        err.unreachable = True     # no point trying the next digest in this run
        return err
    return exc


class SmtpTransport:
    """One SMTP session reused for many messages; reconnects once when the server hung up."""

    def __init__(self, email_config, *, env=None):
        self.config = email_config
        self.user, self.password = credentials(email_config, env)
        self.where = f"SMTP server {email_config.smtp_host}:{email_config.smtp_port}"
        self.sender = parseaddr(email_config.from_)[1]
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        try:
            if c.security == "ssl":
                smtp = smtplib.SMTP_SSL(c.smtp_host, c.smtp_port, timeout=c.timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(c.smtp_host, c.smtp_port, timeout=c.timeout)
                if c.security == "starttls":
                    smtp.ehlo()
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password)
        except Exception as exc:  # noqa: BLE001 - translated at the boundary
            raise classify(exc, self.where) from exc
        return smtp

    def send(self, raw: bytes, recipient: str) -> None:
        """Hand one message over; raises a DeliveryError subclass when the server did not take it."""
        for attempt in (1, 2):
            if self._smtp is None:
                self._smtp = self._connect()
            try:
                refused = self._smtp.sendmail(self.sender, [recipient], raw)
            except smtplib.SMTPServerDisconnected as exc:
                self._smtp = None
                if attempt == 2:
                    raise classify(exc, self.where) from exc
                continue
            except Exception as exc:  # noqa: BLE001
                self._reset()
                raise classify(exc, self.where) from exc
            if refused:    # some recipients refused, others taken: our digests have one, so this is that one
                raise classify(smtplib.SMTPRecipientsRefused(refused), self.where)
            return

    def _reset(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except (smtplib.SMTPException, OSError):
                self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._smtp = None


class OutboxTransport:
    """spidermon's "fake" mode: each message becomes <kind>-<id>.eml in email.outbox_dir instead of mail
    (digest-000012.eml, alert-000003.eml), written atomically."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.where = f"outbox {self.directory}"

    def write(self, message_id: int, raw: bytes, *, kind: str = "digest") -> Path:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{kind}-{message_id:06d}.eml"
            tmp = path.with_suffix(".eml.tmp")
            tmp.write_bytes(raw)
            os.replace(tmp, path)
        except OSError as exc:
            raise TemporaryDeliveryError(f"cannot write to email.outbox_dir {self.directory}: {exc}") from exc
        return path

    def close(self) -> None:
        pass
