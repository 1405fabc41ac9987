"""Deliver or redeliver: stage files, check them, record the delivery, lay it out.

The files live in the content-addressed store at `<data dir>/files`; a delivery
records only (path, size, sha256), so laying a delivery out again needs nothing
but the store. The window and `gigdesk deliver` both go through here.

Staging leaves its copies to the kernel's writeback (as a plain copy does); `redeliver`
makes the delivery's blobs durable (fsync) before it records the delivery, so a
recorded delivery never refers to a file a power cut could lose. That wait is the
writeback of the staged bytes: call `make_durable` off the GUI thread first to keep
`redeliver` itself quick.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from desktop_app.domain import events as ev
from desktop_app.domain import tone
from desktop_app.domain.delivery_checks import (
    DeliveryReport,
    Issue,
    StagedFile,
    check_delivery,
    too_large_problem,
    windows_name_problem,
)
from desktop_app.domain.errors import FieldError, LifecycleError
from desktop_app.domain.lifecycle import refusal
from desktop_app.domain.order import Delivery, Order
from desktop_app.domain.profile import profile_for
from desktop_app.domain.refs import check_ref
from desktop_app.services.orders import OrderBook
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.filestore import (
    SYNC_THREADS,
    CopyCancelled,
    FileStore,
    StageProgress,
    StageResult,
    StagingCancelled,
    StagingFailed,
    StagingTooLarge,
    UnsafePath,
    VerifyProblem,
)
from desktop_app.storage.staging_plan import reason_of
from desktop_app.storage.tempdirs import remove_tree

__all__ = ["CopyCancelled", "StageProgress", "StageResult", "StagingCancelled", "StagingFailed",
           "VerifyProblem",
           "delivered_in", "delivery_files", "discard", "export_zip", "file_store",
           "file_where", "make_durable", "open_folder", "prepare", "redeliver",
           "referenced_files", "referenced_hashes", "stage", "store_of",
           "verify_delivered_files"]

_stores: dict[Path, FileStore] = {}
_stores_lock = threading.Lock()


def file_store(book: OrderBook) -> FileStore:
    return store_of(book.db)


def store_of(db: Database) -> FileStore:
    """One FileStore per data dir in this process, so its staging claims are shared."""
    root = (db.data_dir / "files").resolve()
    with _stores_lock:
        if root not in _stores:
            _stores[root] = FileStore(root)
        return _stores[root]


def stage(book: OrderBook, paths: list[Path], *, cancel: threading.Event | None = None,
          progress: Callable[[StageProgress], None] | None = None) -> StageResult:
    """Copy dropped files and folders into the store (slow: call it off the GUI thread).

    Raises LifecycleError, having copied nothing, when the drop alone is over the
    profile's delivery limit (5 GB on Fiverr): its sizes say so before any copy.
    """
    try:
        return file_store(book).stage(paths, cancel=cancel, progress=progress,
                                      limit=book.profile.max_delivery_bytes)
    except StagingTooLarge as exc:
        raise LifecycleError(too_large_problem(exc.total, book.profile)) from None


def previous_files(order: Order) -> list[tuple[str, str]] | None:
    """The last delivery's (path, sha256) pairs, or None before the first delivery."""
    if not order.deliveries:
        return None
    return [(f.path, f.sha256) for f in order.deliveries[-1].files]


def prepare(book: OrderBook, ref: str, files: list[StagedFile], message: str,
            order: Order | None = None) -> DeliveryReport:
    """Every block and warning for this delivery, tone findings included (code "tone")."""
    order = order or book.get(ref)
    reason = refusal(order, ev.DELIVERED)
    report = check_delivery(files, message, status_allows_delivery=reason is None,
                            status_reason=reason or "", previous_files=previous_files(order),
                            profile=book.rules or profile_for(order.marketplace))
    report.warnings += tone_issues(message)
    return report


def tone_issues(message: str) -> list[Issue]:
    return [Issue("tone", f"{f.reason} (“{' '.join(f.excerpt(message).split())}”)")
            for f in tone.check(message)]


def redeliver(book: OrderBook, ref: str, files: list[StagedFile], message: str, *,
              confirmed: bool, at: datetime | None = None) -> Order:
    """Record the delivery if nothing blocks it; raises LifecycleError otherwise."""
    report = prepare(book, ref, files, message)
    if report.blocks:
        raise LifecycleError(report.blocks[0].message)
    if report.needs_confirmation and not confirmed:
        needing = next(w for w in report.warnings if w.needs_confirmation)
        raise LifecycleError(needing.message)
    _all_stored(book, files)
    make_durable(book, files)  # before recording: a power cut must not lose what it names
    records = [{"path": f.relative_path, "size": f.size, "sha256": f.sha256} for f in files]
    # Checked again under the write lock `discard` also takes: another process's refused
    # staging cannot remove a blob between this check and the recording.
    return book.deliver(ref, message, records, at, check=lambda _order: _all_stored(book, files))


def _all_stored(book: OrderBook, files: list[StagedFile]) -> None:
    missing = [f.relative_path for f in files if not file_store(book).has(f.sha256)]
    if missing:  # recording a delivery whose files are gone would be a lie later
        raise LifecycleError(f"The stored copy of {missing[0]} is missing; add it again.")


def make_durable(book: OrderBook, files: list[StagedFile], *, background: bool = False) -> None:
    """Force the stored copies of these files to disk (slow right after staging).

    `background`: one file at a time, gentle on a GUI thread running beside it.
    Raises LifecycleError when the disk refuses (I/O error, a copy gone missing).
    """
    try:
        file_store(book).make_durable((f.sha256 for f in files),
                                      threads=1 if background else SYNC_THREADS)
    except OSError as exc:
        raise LifecycleError(f"The stored files could not be saved to disk "
                             f"({reason_of(exc)}); nothing was delivered.") from exc


def delivery(order: Order, number: int) -> Delivery:
    for d in order.deliveries:
        if d.number == number:
            return d
    raise LifecycleError(f"Order {order.ref} has no delivery #{number}")


def delivery_files(order: Order, number: int) -> list[tuple[str, str]]:
    """(relative path, sha256) of every file of delivery `number` (1-based)."""
    return [(f.path, f.sha256) for f in delivery(order, number).files]


def deliveries_root(db: Database) -> Path:
    """Where deliveries are laid out: the only folder `open_folder` ever deletes in."""
    return db.data_dir / "deliveries"


def folder_name(ref: str) -> str:
    """The folder an order's deliveries are laid out in: its ref when that is a plain
    order number, else (a ref stored before refs were checked: "../Photos", "/home",
    "CON") a name derived from it that cannot name any other path."""
    try:
        check_ref(ref)
    except FieldError:
        pass
    else:
        if windows_name_problem(ref) is None:
            return ref
    digest = hashlib.sha256(ref.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"order-{digest}"


def delivery_folder(book: OrderBook, ref: str, number: int) -> Path:
    """deliveries/<folder_name(ref)>/<number>, checked to lie inside deliveries/ even
    after links are followed (a link planted there must not turn a lay-out into the
    deletion of the seller's own folder). Raises LifecycleError otherwise."""
    root = deliveries_root(book.db)
    root.mkdir(parents=True, exist_ok=True)
    real_root = root.resolve()  # deliveries/ itself may be a link: the seller's choice
    folder = real_root / folder_name(ref) / str(int(number))
    if not _unlinked(folder, real_root):
        raise LifecycleError(f"The delivery folder {folder} is a link to another place; "
                             f"remove it: GigDesk lays deliveries out only inside {root}.")
    return folder


def _unlinked(path: Path, real_root: Path) -> bool:
    """True when `path` lies inside `real_root` with no link on the way (case as the
    file system compares it: Windows reports a folder's own case)."""
    same = os.path.normcase(path.resolve()) == os.path.normcase(path)
    return same and path.is_relative_to(real_root)


def _remove_laid_out(folder: Path, root: Path) -> None:
    """Delete a folder `open_folder` laid out, and only such a folder."""
    if not _unlinked(folder, root.resolve()) or folder == root.resolve():
        raise LifecycleError(f"{folder} is not a delivery folder GigDesk laid out; "
                             "it was left as it is.")
    if folder.exists():
        remove_tree(folder)


Progress = Callable[[int, int], None]


def open_folder(book: OrderBook, ref: str, number: int, *, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> Path:
    """Lay delivery `number` out under its original names, ready to drag into an upload box.

    Laid out afresh each time (into a sibling temp folder, then swapped in), so a file
    the seller edited or deleted in that folder never goes to the buyer by mistake.
    Slow for a large delivery: call it off the GUI thread. `progress(bytes done, total)`;
    once `cancel` is set, CopyCancelled, and the folder laid out before stays as it was.
    """
    files = delivery_files(book.get(ref), number)
    dest = delivery_folder(book, ref, number)
    root = deliveries_root(book.db)
    fresh = dest.with_name(f"{dest.name}.new")
    _remove_laid_out(fresh, root)
    fresh.mkdir(parents=True)
    try:
        file_store(book).lay_out(files, fresh, progress=progress, cancel=cancel)
    except UnsafePath as exc:
        _remove_laid_out(fresh, root)
        raise LifecycleError(str(exc)) from None
    except BaseException:
        _remove_laid_out(fresh, root)
        raise
    _remove_laid_out(dest, root)
    fresh.rename(dest)
    return dest


def export_zip(book: OrderBook, ref: str, number: int, zip_path: Path, *,
               progress: Progress | None = None,
               cancel: threading.Event | None = None) -> Path:
    """Zip delivery `number` (slow: off the GUI thread); a cancel leaves no file behind."""
    files = delivery_files(book.get(ref), number)
    try:
        return file_store(book).export_zip(files, Path(zip_path), progress=progress,
                                           cancel=cancel)
    except UnsafePath as exc:
        raise LifecycleError(str(exc)) from None


def referenced_files(db: Database) -> dict[str, str]:
    """sha256 -> where a recorded delivery uses it first ("FO… delivery #2: logo.svg")."""
    with db.transaction() as conn:
        found = delivered_in(state for _order_id, state in repo.all_states(conn))
    return {sha: where for sha, (where, _size) in found.items()}


def delivered_in(states: Iterable[str]) -> dict[str, tuple[str, int]]:
    """sha256 -> (where a delivery of these order states uses it first, its size)."""
    found: dict[str, tuple[str, int]] = {}
    for state in states:
        data = json.loads(state)
        for d in data.get("deliveries", []):
            for f in d.get("files", []):
                found.setdefault(f["sha256"], (file_where(data["ref"], d["number"], f["path"]),
                                               f["size"]))
    return found


def file_where(ref: str, number: int, path: str) -> str:
    """How messages name a delivered file: "FO… delivery #2: logo.svg"."""
    return f"{ref} delivery #{number}: {path}"


def referenced_hashes(db: Database) -> set[str]:
    """Every sha256 a recorded delivery of any order refers to."""
    return set(referenced_files(db))


def discard(book: OrderBook, results: Iterable[StageResult]) -> list[str]:
    """Remove what stagings created that no recorded delivery refers to."""
    store = file_store(book)
    # Under the write lock a delivery is recorded with: a blob another process has just
    # recorded is in `keep`, and none is recorded while this one removes it.
    with book.db.write() as conn:
        keep = delivered_in(state for _order_id, state in repo.all_states(conn))
        return [h for result in results for h in store.discard(result, keep)]


def verify_delivered_files(db: Database) -> list[VerifyProblem]:
    """Re-hash every stored file a delivery refers to: missing or altered ones."""
    return store_of(db).verify_files(referenced_hashes(db))
