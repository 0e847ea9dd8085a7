"""Writing through the API: ``POST /api/articles`` codes articles and stores them.

Off unless the operator gives tokens (``accord serve --write-token-file PATH`` and/or
``ACCORD_WRITE_TOKENS``): without them the endpoint answers 403 and the database stays
open read-only. With them, a request needs ``Authorization: Bearer <token>``; the
token is compared with every configured one in constant time (SHA-256 of both sides,
``hmac.compare_digest``, no early exit), so neither its length nor which token it
nearly matched shows in the timing. A missing or wrong token is 401. Tokens are never
logged, never echoed, and never taken from the command line (``ps`` would show them).

The body is JSON (one article object, or a list of at most ``max_items``) or the raw
text of one article (``text/plain`` or ``text/html``, metadata in the query). Each item
is answered on its own: ``stored``, ``skipped`` (its text is already stored) or
``failed`` with the reason; one bad item never stops the others.

Threads. Coding is slow and the spaCy pipeline is loaded once, so it runs in one
thread of its own (``ArticleWriter``), which also holds the one writing connection
(``accord.store.open_store``, DuckDB or PostgreSQL alike); reads go on meanwhile in
the request threads on their own connections. A DuckDB file is written by one
process only, and one process cannot hold it read-only and read-write at once: so
when writing is on, the read pool's connections are read-write connections to the
same DuckDB instance (they run the query layer's SELECTs only). PostgreSQL readers
stay read-only sessions.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import hmac
import json
import logging
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ..errors import (
    AccordError,
    CoderBusyError,
    CodingError,
    ConfigError,
    InputError,
    MalformedRecordError,
    QueryError,
    StoreError,
    TooLargeError,
)
from ..read import ReadOptions, read_bytes
from ..read.base import published_or_error
from ..read.jsonl import article_from_object
from ..records import Article, content_hash
from .api import known_parameters_only
from .app import API_PREFIX

if TYPE_CHECKING:
    from ..coder.pipeline import Pipeline
    from ..store import Store

__all__ = [
    "TOKENS_ENV",
    "MIN_TOKEN_CHARS",
    "DEFAULT_MAX_ITEMS",
    "WriteTokens",
    "WriteSettings",
    "ArticleWriter",
    "ItemResult",
    "WriteReport",
    "router",
]

logger = logging.getLogger("accord.serve.write")

TOKENS_ENV = "ACCORD_WRITE_TOKENS"
# Shorter tokens can be guessed over a network in reasonable time; `openssl rand -hex 32` gives 64.
MIN_TOKEN_CHARS = 16
DEFAULT_MAX_ITEMS = 100
# Write requests waiting for or in the coder at once; more are refused with 503 and Retry-After.
DEFAULT_MAX_PENDING = 4
# The keys a JSON article may have (the JSON Lines reader's, see accord.read.jsonl).
ARTICLE_KEYS = ("id", "text", "published", "date", "outlet", "title", "author", "url")
RAW_TYPES = {"text/plain": "upload.txt", "text/html": "upload.html"}
ORIGIN = "POST /api/articles"


# -- tokens -----------------------------------------------------------------------------


class WriteTokens:
    """The tokens that may write, kept only as SHA-256 digests."""

    def __init__(self, tokens: Iterable[str]):
        digests: list[bytes] = []
        for token in tokens:
            token = token.strip()
            if len(token) < MIN_TOKEN_CHARS:
                raise ConfigError(
                    f"a write token is shorter than {MIN_TOKEN_CHARS} characters; make one with `openssl rand -hex 32`"
                )
            if any(char.isspace() for char in token):
                raise ConfigError("a write token contains whitespace")
            digests.append(_digest(token))
        if not digests:
            raise ConfigError("no write token given")
        self._digests = tuple(digests)

    def __len__(self) -> int:
        return len(self._digests)

    def __repr__(self) -> str:  # never the tokens themselves
        return f"WriteTokens({len(self)} tokens)"

    def matches(self, presented: str) -> bool:
        """True if ``presented`` is one of the tokens. Every token is compared, whichever
        matches, and the comparison takes as long whatever the token's length."""
        given = _digest(presented)
        found = False
        for digest in self._digests:
            found |= hmac.compare_digest(given, digest)
        return found

    @classmethod
    def from_sources(cls, token_file: str | Path | None = None, environ: Mapping[str, str] | None = None) -> WriteTokens | None:
        """The tokens of ``token_file`` (one a line; blank lines and ``#`` comments skipped)
        and of ``ACCORD_WRITE_TOKENS`` (separated by commas or whitespace); None when
        neither gives any, which leaves writing off. Raises ConfigError for an unreadable
        file, a file without tokens, or a token too short."""
        environ = os.environ if environ is None else environ
        tokens: list[str] = []
        if token_file is not None:
            path = Path(token_file)
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise ConfigError(f"cannot read the write token file ({reason})", item=str(path)) from None
            found = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
            if not found:
                raise ConfigError("the write token file holds no token", item=str(path))
            tokens += found
        tokens += environ.get(TOKENS_ENV, "").replace(",", " ").split()
        return cls(tokens) if tokens else None


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


@dataclass
class WriteSettings:
    """What ``create_app`` needs to accept writes: the tokens, and the coder (loaded
    on first use, in the coder's thread, when ``pipeline`` is None)."""

    tokens: WriteTokens
    pipeline: Pipeline | None = None
    model: str | None = None
    max_items: int = DEFAULT_MAX_ITEMS
    max_pending: int = DEFAULT_MAX_PENDING

    def __post_init__(self) -> None:
        if self.max_items < 1 or self.max_pending < 1:
            raise ConfigError("max_items and max_pending must be at least 1")


# -- answers -----------------------------------------------------------------------------


class ItemResult(BaseModel):
    """What became of one article of the request."""

    index: int = Field(description="its place in the request, from 0")
    status: Literal["stored", "skipped", "failed"]
    reason: str | None = Field(default=None, description="why it was skipped or failed")
    code: str | None = Field(default=None, description="the error code of a failure (E1xx input, E201 coding, E3xx store)")
    article_id: str | None = Field(
        default=None, description="the stored article's id (its own, or with ~hash when taken); null when not known"
    )
    content_hash: str | None = None
    events: int = Field(default=0, description="events coded in it")
    facts: int = Field(default=0, description="figures coded in it")
    events_new: int = Field(default=0, description="of its events, those no stored article told before")
    facts_new: int = 0


class WriteReport(BaseModel):
    stored: int
    skipped: int
    failed: int
    results: list[ItemResult]


def _failed(index: int, error: AccordError) -> ItemResult:
    return ItemResult(index=index, status="failed", reason=error.reason, code=error.code)


# -- the coder and the writing connection ------------------------------------------------------


class ArticleWriter:
    """One thread that codes and stores, with the only writing connection of the server."""

    def __init__(self, store: Store, settings: WriteSettings, *, batch_size: int = 8):
        self.store = store
        self.settings = settings
        self.batch_size = batch_size
        self._pipeline = settings.pipeline
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="accord-writer")
        self._lock = threading.Lock()
        self.pending = 0  # requests waiting for or in the coder; changed on the event loop only

    async def run(self, items: Sequence[Article | InputError]) -> list[ItemResult]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.code_and_store, items)

    def pipeline(self) -> Pipeline:
        """The coder, loaded on first use (raises ModelError if it cannot be)."""
        if self._pipeline is None:
            from ..coder.pipeline import Pipeline

            self._pipeline = Pipeline(model=self.settings.model)
        return self._pipeline

    def code_and_store(self, items: Sequence[Article | InputError]) -> list[ItemResult]:
        """Code the new articles among ``items`` and store each in its own transaction."""
        with self._lock:
            results: list[ItemResult | None] = [None] * len(items)
            fresh: list[tuple[int, Article]] = []
            for index, item in enumerate(items):
                if isinstance(item, InputError):
                    results[index] = _failed(index, item)
                elif self.store.has_article(item.content_hash):
                    results[index] = ItemResult(
                        index=index, status="skipped", reason="the same text is already stored", content_hash=item.content_hash
                    )
                else:
                    fresh.append((index, item))
            if fresh:
                coded = self.pipeline().code_many([article for _, article in fresh], batch_size=self.batch_size)
                for (index, article), result in zip(fresh, coded, strict=True):
                    results[index] = self._store(index, article, result)
            return [result for result in results if result is not None]

    def _store(self, index: int, article: Article, result: Any) -> ItemResult:
        if isinstance(result, CodingError):
            return _failed(index, result)
        try:
            outcome = self.store.write(result)
        except StoreError as exc:
            logger.error("%s item %d (%s) could not be stored: %s", ORIGIN, index, article.article_id, exc)
            return ItemResult(
                index=index, status="failed", code=exc.code, content_hash=article.content_hash,
                reason="could not be stored; the server log says why",
            )  # fmt: skip
        common = dict(index=index, article_id=outcome.article_id, content_hash=outcome.content_hash)
        if outcome.status == "skipped":
            return ItemResult(**common, status="skipped", reason="the same text is already stored")
        return ItemResult(
            **common, status="stored", events=len(result.events), facts=len(result.facts),
            events_new=outcome.events_new, facts_new=outcome.facts_new,
        )  # fmt: skip

    def close(self) -> None:
        """Finish the requests in hand, then close the writing connection."""
        self._executor.shutdown(wait=True)
        with self._lock:
            self.store.close()


# -- reading the request ------------------------------------------------------------------------


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def articles_from_json(body: bytes, max_items: int) -> list[Article | InputError]:
    """The articles of a JSON body (one object or a list), each bad one as its error.

    Raises QueryError (400) for a body that is not such JSON, TooLargeError (413) for
    more than ``max_items`` articles."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise QueryError("the body nests too deeply to be articles", item="body") from None
    except ValueError as exc:
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else "it is not UTF-8"
        raise QueryError(f"the body is not valid JSON: {message}", item="body") from None
    if isinstance(data, dict):
        records: list[Any] = [data]
    elif isinstance(data, list):
        records = data
    else:
        raise QueryError("the body must be an article object, or a list of them", item="body")
    if not records:
        raise QueryError("the list holds no articles", item="body")
    if len(records) > max_items:
        raise TooLargeError(f"{len(records)} articles in one request; this server takes at most {max_items}", item="body")
    return [_article_from_record(index, record) for index, record in enumerate(records)]


def _article_from_record(index: int, record: Any) -> Article | InputError:
    item = f"item {index}"
    try:
        if isinstance(record, dict):
            unknown = sorted(set(record) - set(ARTICLE_KEYS))
            if unknown:
                raise MalformedRecordError(
                    f"has fields Accord does not read: {', '.join(map(repr, unknown))} (it reads {', '.join(ARTICLE_KEYS)})",
                    item,
                )
        text = record.get("text") if isinstance(record, dict) else None
        fallback = _fallback_id(text) if isinstance(text, str) else "api"
        article = article_from_object(record, fallback_id=fallback, item=item, options=ReadOptions())
    except InputError as error:
        return error
    return article.model_copy(update={"origin": ORIGIN})


def _fallback_id(text: str) -> str:
    """The id of an article sent without one: the same text always gets the same id."""
    return f"api-{content_hash(text)[:12]}"


def article_from_upload(body: bytes, media_type: str, metadata: Mapping[str, str | None], max_bytes: int) -> Article | InputError:
    """The one article of a raw text or HTML body; the query's metadata wins over what
    the text's header lines or the page say, since it is given for this text."""
    item = "upload"
    results = list(read_bytes(body, Path(RAW_TYPES[media_type]), ReadOptions(max_bytes=max_bytes)))
    if len(results) != 1:
        return InputError(f"holds {len(results)} articles; a text or HTML upload holds one", item)
    result = results[0]
    if isinstance(result, InputError):
        return type(result)(result.reason, item)
    try:
        published = published_or_error(metadata.get("published"), item, "'published' parameter")
    except InputError as error:
        return error
    given = {key: value for key, value in metadata.items() if key != "published" and value and value.strip()}
    update: dict[str, Any] = {
        "article_id": given.pop("id", None) or _fallback_id(result.text),
        "origin": ORIGIN,
        **{key: value.strip() for key, value in given.items()},
    }
    if published is not None:
        update["published"] = published
    return result.model_copy(update=update)


# -- the endpoint -----------------------------------------------------------------------------


def _article_schema(max_items: int | None) -> dict[str, Any]:
    article = {
        "type": "object",
        "required": ["text"],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "description": "the article's body"},
            "id": {"type": ["string", "integer"], "description": "its id (default: api- and the start of its text's hash)"},
            "published": {"type": "string", "description": "publication date, YYYY-MM-DD (or 'date')"},
            "date": {"type": "string"},
            "outlet": {"type": "string"},
            "title": {"type": "string"},
            "author": {"type": "string"},
            "url": {"type": "string"},
        },
    }
    many: dict[str, Any] = {"type": "array", "items": article, "minItems": 1}
    if max_items is not None:
        many["maxItems"] = max_items
    return {"oneOf": [article, many]}


REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": _article_schema(None)},
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
    },
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "a body that is not articles, or query metadata with a JSON body"},
    401: {"description": "no token, or not one of the server's"},
    403: {"description": "writing is not enabled on this server"},
    413: {"description": "a body above the size limit, or more articles than the server takes at once"},
    415: {"description": "a body that is neither JSON, plain text nor HTML"},
    503: {"description": "the coder is busy with other requests (see Retry-After), or cannot be loaded"},
}

bearer = HTTPBearer(auto_error=False, description="A write token the operator configured.")


router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(known_parameters_only)])


def authorize(request: Request, credentials: HTTPAuthorizationCredentials | None) -> ArticleWriter:
    """The writer, if writing is on and the request carries one of its tokens."""
    writer: ArticleWriter | None = getattr(request.app.state, "writer", None)
    if writer is None:
        raise HTTPException(
            403, "writing is not enabled on this server (the operator enables it with --write-token-file or $ACCORD_WRITE_TOKENS)"
        )
    challenge = 'Bearer realm="accord"'
    if credentials is None:
        raise HTTPException(401, "writing needs a token: Authorization: Bearer <token>", headers={"WWW-Authenticate": challenge})
    if not writer.settings.tokens.matches(credentials.credentials):
        client = request.client.host if request.client else "?"
        logger.warning("%s refused: a token that is not one of the server's, from %s", ORIGIN, client)
        raise HTTPException(
            401, "the token is not one of this server's", headers={"WWW-Authenticate": challenge + ', error="invalid_token"'}
        )
    return writer


@router.post(
    "/articles",
    response_model=WriteReport,
    tags=["writing"],
    responses=RESPONSES,
    openapi_extra={"requestBody": REQUEST_BODY},
)
async def post_articles(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    article_id: Annotated[str | None, Query(alias="id", description="Raw uploads: the article's id.")] = None,
    title: Annotated[str | None, Query(description="Raw uploads: its title.")] = None,
    published: Annotated[str | None, Query(description="Raw uploads: its publication date, YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, Query(description="Raw uploads: the outlet.")] = None,
    author: Annotated[str | None, Query(description="Raw uploads: the author.")] = None,
    url: Annotated[str | None, Query(description="Raw uploads: where it was published.")] = None,
) -> WriteReport:
    """Code articles and store them (needs a write token; off unless the operator gives tokens).

    The body is JSON, one article `{"text": ..., "id": ..., "published": ..., "outlet": ...,
    "title": ..., "author": ..., "url": ...}` or a list of them, or the raw text of one
    article as `text/plain` or `text/html` with its metadata in the query (`id`,
    `title`, `published`, `outlet`, `author`, `url`). Each article is answered on its own:
    stored (with its id and how many events and figures were coded), skipped (its text
    is already stored) or failed (with the reason); one bad article never stops the
    others. An article without an id gets `api-` and the start of its text's hash.
    """
    writer = authorize(request, credentials)
    media = _media_type(request)
    metadata = {"id": article_id, "title": title, "published": published, "outlet": outlet, "author": author, "url": url}
    if media == "application/json":
        given = sorted(key for key, value in metadata.items() if value is not None)
        if given:
            raise QueryError("with a JSON body the metadata goes in each article, not in the query", item=given[0])
    elif media not in RAW_TYPES:
        shown = media or "none"
        raise HTTPException(415, f"the body's Content-Type is {shown}; send application/json, text/plain or text/html")
    if writer.pending >= writer.settings.max_pending:
        raise CoderBusyError("the coder is busy with other requests; try again in a few seconds")
    writer.pending += 1
    try:
        body = await request.body()  # bounded: app.BodyLimit raises TooLargeError past the limit
        max_bytes = request.app.state.max_body_bytes
        if media == "application/json":
            items = await run_in_threadpool(articles_from_json, body, writer.settings.max_items)
        else:
            items = [await run_in_threadpool(article_from_upload, body, media, metadata, max_bytes)]
        results = await writer.run(items)
    finally:
        writer.pending -= 1
    counts = {status: sum(1 for result in results if result.status == status) for status in ("stored", "skipped", "failed")}
    logger.info("%s: stored %d, skipped %d, failed %d", ORIGIN, counts["stored"], counts["skipped"], counts["failed"])
    return WriteReport(**counts, results=results)
