"""Which database holds the sessions: the one place a database URL is read and a backend chosen.

    open_store(url=None)       # ASSESSOR_DATABASE_URL (`--database` sets it), else the SQLite file
    - none, or "sqlite://"     -> the SQLite store in ASSESSOR_HOME (or the platform's user data folder)
    - "sqlite:///FOLDER"       -> the SQLite store in FOLDER (sessions.db in it; "sqlite:///F/sessions.db"
                                  names the same file); an absolute path, "~" is the home folder
    - "postgresql://..." or "postgres://..." -> PostgreSQL through psycopg 3 (`pip install 'assessor[postgres]'`)

Each backend is imported only for its own URL, so a laptop without a URL never loads psycopg, and a server on
PostgreSQL never needs the SQLite folder. A URL is shown to people only by `safe_url` (no password).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

from assessor.sessions.errors import StoreError

if TYPE_CHECKING:
    from assessor.sessions.backend import SessionStore

DATABASE_ENV = "ASSESSOR_DATABASE_URL"
POSTGRES_SCHEMES = ("postgresql", "postgres")
INSTALL_POSTGRES = "pip install 'assessor[postgres]'"
NOT_SHOWN = "(not shown: it may hold a password)"


# Query parameters shown with a URL; every other one (password, sslpassword, a percent-encoded
# "pass%77ord", options that could carry one) is left out rather than guessed safe.
SHOWN_PARAMETERS = frozenset(
    {
        "sslmode",
        "connect_timeout",
        "application_name",
        "target_session_attrs",
        "host",
        "port",
        "dbname",
        "user",
    }
)


def safe_url(url: str) -> str:
    """The URL as it may be shown or logged: any password (in the address or as a parameter) removed."""
    if "://" not in url:
        return NOT_SHOWN
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            user_part, host = netloc.rsplit("@", 1)
            user = unquote(user_part.split(":", 1)[0])
            netloc = f"{user}@{host}" if user and ":" not in user else host
        query = "&".join(
            item
            for item in parts.query.split("&")
            if item and unquote(item.split("=", 1)[0]).strip().lower() in SHOWN_PARAMETERS
        )
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return NOT_SHOWN


def _secrets(url: str) -> set[str]:
    """Every form in which a URL or key=value string may carry its password, and the string itself."""
    found = {url, unquote(url)}
    with contextlib.suppress(ValueError):
        parts = urlsplit(url)
        if parts.password:
            found |= {parts.password, unquote(parts.password)}
        for item in parts.query.split("&"):
            key, _, value = item.partition("=")
            if "pass" in unquote(key).lower() and value:
                found |= {value, unquote(value)}
    for match in re.finditer(r"://[^:/@]*:([^@/]+)@", url):  # also where urlsplit gives up ("[::1" unclosed)
        found |= {match.group(1), unquote(match.group(1))}
    for match in re.finditer(r"pass\w*\s*=\s*('(?:[^'\\]|\\.)*'?|\S+)", url, re.IGNORECASE):
        found |= {match.group(1), match.group(1).strip("'")}
    return {secret for secret in found if len(secret) >= 4}


def redact(text: str, url: str | None = None) -> str:
    """`text` (an error from the database driver, say) with the URL's password, and the URL itself, taken out:
    libpq quotes the connection string it could not read, password and all."""
    url = url if url is not None else configured_url()
    if not url:
        return text
    shown = safe_url(url)
    for secret in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(secret, shown if secret in (url, unquote(url)) else "***")
    return text


def configured_url() -> str | None:
    url = os.environ.get(DATABASE_ENV, "").strip()
    return url or None


def sqlite_folder(url: str) -> Path | None:
    """The folder a sqlite: URL names (None: the default folder); StoreError for one that names no folder."""
    rest = url[len("sqlite:") :]
    if rest in ("", "//"):
        return None
    if not rest.startswith("///"):
        raise StoreError(
            f"{safe_url(url)}: a SQLite URL is sqlite:///FOLDER (three slashes, then an absolute folder)"
        )
    text = unquote(rest[2:])
    if "?" in text or "#" in text:
        raise StoreError(f"{safe_url(url)}: a SQLite URL takes no options (sqlite:///FOLDER)")
    path = Path("/" + text.lstrip("/"))
    if path.parts[1:2] == ("~",):
        path = Path.home().joinpath(*path.parts[2:])
    from assessor.sessions.store import DB_NAME

    if path.name == DB_NAME:
        return path.parent
    if path.is_file():
        raise StoreError(
            f"{path}: is a file; sqlite:///FOLDER names the folder that holds {DB_NAME} (as ASSESSOR_HOME does)"
        )
    return path


def shared_database_configured() -> bool:
    """Whether the configured URL (`--database`, ASSESSOR_DATABASE_URL) names a service's database server."""
    url = configured_url()
    return url is not None and url.lower().startswith(tuple(f"{scheme}://" for scheme in POSTGRES_SCHEMES))


def is_shared(store: SessionStore) -> bool:
    """Whether the sessions are on a database server (shared by a service), not in this computer's file."""
    return store.location.lower().startswith(tuple(f"{scheme}://" for scheme in POSTGRES_SCHEMES))


def consent_line(store: SessionStore, session_id: str) -> str:
    """The line-by-line conversation's sentence on where this client's answers are saved."""
    from assessor.core.wording import LINE_CONSENT, LINE_CONSENT_SHARED

    wording = LINE_CONSENT_SHARED if is_shared(store) else LINE_CONSENT
    from assessor.core.text import shown_path

    return wording.format(path=shown_path(store.location), session_id=session_id)


def open_store(url: str | None = None, counsellor: str | None = None) -> SessionStore:
    """The session store a URL names (default: ASSESSOR_DATABASE_URL, else the SQLite file).

    `counsellor` defaults to the configured one (vocabulary.current_counsellor). Any problem with the URL,
    the backend or the database is one sentence (StoreError).
    """
    url = url if url is not None else configured_url()
    if url is None or url.lower().startswith("sqlite:"):
        from assessor.sessions.store import Store

        return Store.open(sqlite_folder(url) if url else None, counsellor)
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme in POSTGRES_SCHEMES:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise StoreError(
                f"{safe_url(url)}: a PostgreSQL database needs psycopg, which is not installed: "
                f"{INSTALL_POSTGRES}"
            ) from None
        from assessor.sessions.postgres import PostgresStore

        return PostgresStore.open(url, counsellor)
    raise StoreError(
        f"{safe_url(url)}: not a database URL assessor knows; use postgresql://USER@HOST/DATABASE, "
        "sqlite:///FOLDER, or nothing for this computer's own store"
    )
