"""The HTTP API: FastAPI routes over ops (events) and files (delivery contents).

Every route but /v1/health needs `Authorization: Bearer TOKEN`, checked before
a body is read (edges.py); push and pull also need the device's key (devices.py).
Whatever ids a request names, it only ever reaches rows of the token's account:
order ids are scoped by account, and any id that is not this account's is 404
on a read. Errors are JSON: see errors.py.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from desktop_app import __version__
from desktop_app.domain.timeutil import utc_now
from desktop_app.storage.checkpoints import Checkpointer
from desktop_app.sync.server import db as server_db
from desktop_app.sync.server import devices, ops, wire
from desktop_app.sync.server.edges import ACCOUNT, BODY_TIMEOUT, Guard, error_response
from desktop_app.sync.server.errors import ApiError, Unauthorized
from desktop_app.sync.server.files import MAX_FILE, ServerFiles
from desktop_app.sync.server.models import (
    ID,
    MAX_SEQ,
    SHA256,
    DeviceInfo,
    ErrorBody,
    FileStatus,
    Health,
    OrderInfo,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    Registered,
    RegisterRequest,
)

MAX_BODY = 32 * 1024 * 1024  # a client push batch (16 MiB at most) fits; files go in chunks
ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 413, 422)}
bearer = HTTPBearer(auto_error=False, description="the account's token")


def account(request: Request,
            creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> int:
    """The token's account id (Guard checked it before the body), or 401."""
    found = request.scope.get(ACCOUNT)
    if found is not None:
        return found
    if creds is None:
        raise Unauthorized("A bearer token is required (Authorization: Bearer TOKEN)",
                           headers={"WWW-Authenticate": "Bearer"})
    return server_db.account_for_token(request.app.state.engine, creds.credentials)


Account = Annotated[int, Depends(account)]
DeviceId = Annotated[str, PathParam(pattern=ID)]
DeviceKey = Annotated[str | None, Header(alias=devices.KEY_HEADER, max_length=200,
                                         description="the key POST /v1/devices gave")]
OrderId = Annotated[str, PathParam(pattern=ID)]
Sha = Annotated[str, PathParam(pattern=SHA256)]


def create_app(engine: Engine, files_dir: Path, *, max_body: int = MAX_BODY,
               max_file: int = MAX_FILE, body_timeout: float = BODY_TIMEOUT) -> FastAPI:
    app = FastAPI(title="GigDesk sync server", version=__version__,
                  description="Push and pull order events between a seller's devices. "
                  "Every 4xx answer is {\"error\": {\"code\": ..., \"message\": ...}}.")
    store = ServerFiles(engine, files_dir, max_file)
    _install_errors(app)
    app.add_middleware(Guard, engine=engine, limit=max_body, body_timeout=body_timeout)

    app.state.engine = engine
    # Pushes commit while WAL checkpoints run beside them, not inside their commits.
    checkpoints = app.state.checkpoints = Checkpointer(engine)
    app.router.on_startup.append(checkpoints.start)
    app.router.on_shutdown.append(checkpoints.stop)
    collections = app.state.collections = RarerCollections()
    app.router.on_startup.append(collections.start)
    app.router.on_shutdown.append(collections.stop)

    @app.get("/v1/health", response_model=Health, tags=["health"])
    def health() -> dict:
        return {"status": "ok", "version": __version__}

    @app.post("/v1/devices", response_model=Registered, status_code=201, responses=ERRORS,
              tags=["sync"])
    def register(body: RegisterRequest, account_id: Account) -> dict:
        key = devices.register(engine, account_id, body.device_id, utc_now())
        return {"device_id": body.device_id, "device_key": key}

    @app.post("/v1/push", response_model=PushResponse, responses=ERRORS, tags=["sync"],
              openapi_extra=_body_of(PushRequest))
    async def push(request: Request, account_id: Account, device_key: DeviceKey = None
                   ) -> Response:
        body = await request.body()
        return await run_in_threadpool(_push, engine, account_id, device_key, body)

    @app.post("/v1/pull", response_model=PullResponse, responses=ERRORS, tags=["sync"])
    def pull(body: PullRequest, account_id: Account, device_key: DeviceKey = None
             ) -> Response:
        page = ops.pull(engine, account_id, body.device_id, device_key, body.cursor,
                        body.limit)
        return _json(wire.pull_answer(**page))

    @app.get("/v1/devices/{device_id}", response_model=DeviceInfo, responses=ERRORS,
             tags=["sync"])
    def device(device_id: DeviceId, account_id: Account) -> dict:
        return devices.info(engine, account_id, device_id)

    @app.get("/v1/orders/{order_id}", response_model=OrderInfo, responses=ERRORS,
             tags=["orders"], response_model_exclude_unset=True)
    def order(order_id: OrderId, account_id: Account,
              history: bool = False) -> dict:
        return ops.order_info(engine, account_id, order_id, history)

    @app.get("/v1/files/{sha256}/status", response_model=FileStatus, responses=ERRORS,
             tags=["files"])
    def file_status(sha256: Sha, account_id: Account) -> dict:
        return store.status(account_id, sha256)

    @app.put("/v1/files/{sha256}", response_model=FileStatus, responses=ERRORS,
             tags=["files"], openapi_extra={"requestBody": {
                 # Empty is a chunk too: an empty file's, or a resend of a complete one.
                 "required": False,
                 "content": {"application/octet-stream": {"schema": {
                     "type": "string", "format": "binary"}}}}})
    async def upload(sha256: Sha, account_id: Account, request: Request,
                     # Sizes over the limit get the store's 413 (code too_large), not a 422.
                     size: Annotated[int, Query(ge=0, le=MAX_SEQ)],
                     offset: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0) -> dict:
        chunk = await request.body()
        return await run_in_threadpool(store.put, account_id, sha256, offset, size, chunk)

    @app.get("/v1/files/{sha256}", responses={**ERRORS, 200: {
        "content": {"application/octet-stream": {"schema": {"type": "string",
                                                             "format": "binary"}}}}},
        response_class=FileResponse, tags=["files"])
    def download(sha256: Sha, account_id: Account) -> FileResponse:
        return FileResponse(store.download_path(account_id, sha256),
                            media_type="application/octet-stream")

    _document_bodies(app, PushRequest)
    return app


class RarerCollections:
    """While the server serves: the collector's first threshold at YOUNG instead of 700.

    A push of 20,000 events makes over a million objects that live as long as the
    request; at 700 the collector passes over them again and again. Measured on the
    development machine, in-process over 100,000 events (5 pushes, then 5 pull pages):
    3.5 s of CPU at YOUNG, 5.0 s at 700 (3.4 s with the collector off), so about 7 s
    of a first sync of 100,000 orders (half a million events). Set once for the
    process, never switched per request: overlapping requests cannot leave the
    collector in a state nobody chose.
    """

    YOUNG = 100_000

    def __init__(self):
        self.before: tuple[int, ...] | None = None

    def start(self) -> None:
        self.before = gc.get_threshold()
        gc.set_threshold(self.YOUNG, *self.before[1:])

    def stop(self) -> None:
        if self.before is not None:
            gc.set_threshold(*self.before)
            self.before = None


def _push(engine: Engine, account_id: int, device_key: str | None, body: bytes) -> Response:
    device_id, incoming = wire.parse_push(body)
    answer = ops.push(engine, account_id, device_id, device_key, incoming, utc_now())
    return _json(wire.push_answer(**answer))


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def _body_of(model: type[BaseModel]) -> dict:
    """A request body read by hand, described by `model` in the OpenAPI schema."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}}


def _document_bodies(app: FastAPI, *models: type[BaseModel]) -> None:
    """Put the models of hand-read bodies (and the models they use) in the schema."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            found = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in models:
                described = model.model_json_schema(
                    ref_template="#/components/schemas/{model}")
                found.update(described.pop("$defs", {}))
                found[model.__name__] = described
        return app.openapi_schema

    app.openapi = openapi


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error_response(422, "invalid", f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed(request))
        return error_response(exc.status_code, code, str(exc.detail), headers)

    @app.exception_handler(OperationalError)
    async def busy(_request: Request, exc: OperationalError) -> JSONResponse:
        return error_response(503, "busy", "The database is busy; try again",
                      {"Retry-After": "1"})



def _allowed(request: Request) -> list[str]:
    """Every method some route serves at this path: Starlette's 405 names only the
    first route's, and GET and PUT of /v1/files/{sha256} are two routes."""
    found = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE and getattr(route, "methods", None):
            found |= route.methods
    return sorted(found)


def dumps_openapi(app: FastAPI) -> str:
    return json.dumps(app.openapi(), indent=2)
