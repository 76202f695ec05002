"""Contained writes: every file a command writes stays inside the folder it was given.

A paper list is a repository anyone can send a pull request to, so a link planted in
``papers/``, ``generated/`` or ``scout/drafts/`` must not turn an ``opdhub`` command into a way to
write elsewhere. :func:`write_file` walks from the folder to the file one directory at a time,
opening each without following links (``O_NOFOLLOW`` relative to the parent's descriptor, so a
link swapped in between a check and a write is caught too), and refuses a path that leaves the
folder, crosses a symbolic link, or has a name longer than file systems allow. Files are
replaced through a temporary file in the same directory (a reader never sees half a file, and
a hard link to a file elsewhere is not written through); ``exclusive`` creates and never
replaces (``O_EXCL``).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

NAME_MAX = 255  # bytes in one file name (ext4, APFS, NTFS)
PATH_MAX = 4000  # bytes in a whole path (Linux allows 4096)
_DIR_FD = os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class RefusedWrite(Exception):
    """A write that would leave its folder or go through a link: nothing was written."""


def _shown(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def check_name(name: str, what: str = "file name") -> None:
    """Refuse a single file name a file system would (too long, a separator, NUL)."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise RefusedWrite(f"{what} {name[:80]!r} is not a plain file name")
    if len(name.encode("utf-8", "surrogateescape")) > NAME_MAX:
        raise RefusedWrite(
            f"{what} {name[:40]!r}… is {len(name.encode('utf-8', 'surrogateescape'))} bytes long; "
            f"file systems allow {NAME_MAX}"
        )


def parts_within(path: Path | str, within: Path | str, shown_from: Path | None = None) -> tuple[Path, tuple[str, ...]]:
    """``within`` (absolute) and the names leading from it to ``path``; refuse a path outside it.

    The comparison is on absolute, normalised paths (``..`` resolved lexically); links are
    then refused component by component while writing, so no link can lead outside."""
    base = Path(os.path.abspath(within))
    target = Path(os.path.abspath(path))
    shown = _shown(target, shown_from)
    if len(os.fsencode(str(target))) > PATH_MAX:
        raise RefusedWrite(f"{shown[:80]}…: the path is longer than {PATH_MAX} bytes")
    try:
        rel = target.relative_to(base)
    except ValueError:
        # The same folder reached another way (a linked temporary or home folder): compare where
        # the file's folder really is; links inside ``within`` are still refused while writing.
        try:
            base = base.resolve()
            rel = (target.parent.resolve() / target.name).relative_to(base)
        except (ValueError, OSError, RuntimeError):
            raise RefusedWrite(
                f"{shown}: outside {_shown(Path(os.path.abspath(within)), shown_from)}/, where this command writes"
            ) from None
    if not rel.parts:
        raise RefusedWrite(f"{shown}: is the folder itself, not a file in it")
    for name in rel.parts:
        check_name(name)
    return base, rel.parts


def _refuse_link(shown: str, name: str) -> RefusedWrite:
    return RefusedWrite(
        f"{shown}: {name} is a symbolic link (or not a folder): not written through it; "
        "replace the link with a real folder or file"
    )


def write_file(
    path: Path | str, data: bytes | str, *, within: Path | str, exclusive: bool = False, shown_from: Path | None = None
) -> None:
    """Write ``data`` to ``path`` inside ``within``, creating the folders between them.

    Raise :class:`RefusedWrite` (nothing written) for a path outside ``within``, through a
    symbolic link, or with an over-long name; ``FileExistsError`` when ``exclusive`` and the
    file exists."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    base, parts = parts_within(path, within, shown_from)
    shown = _shown(Path(os.path.abspath(path)), shown_from)
    if not _DIR_FD:  # no descriptor-relative calls (Windows): check with lstat, then write
        return _write_by_path(base, parts, raw, exclusive, shown)
    base.mkdir(parents=True, exist_ok=True)
    fd = os.open(base, os.O_RDONLY | _DIRECTORY)
    try:
        for name in parts[:-1]:
            try:
                os.mkdir(name, dir_fd=fd)
            except FileExistsError:
                pass
            try:
                child = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise _refuse_link(shown, name) from None
                raise
            os.close(fd)
            fd = child
        _write_at(fd, parts[-1], raw, exclusive, shown)
    finally:
        os.close(fd)


def _write_at(fd: int, name: str, raw: bytes, exclusive: bool, shown: str) -> None:
    try:
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise _refuse_link(shown, name)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise RefusedWrite(f"{shown}: exists and is not a regular file: not written")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    if exclusive:
        out = os.open(name, flags, 0o666, dir_fd=fd)
        _fill(out, raw)
        return
    temp = f".opdhub-{secrets.token_hex(6)}.tmp"
    out = os.open(temp, flags, 0o666, dir_fd=fd)
    try:
        if info is not None:
            os.fchmod(out, stat.S_IMODE(info.st_mode))  # keep the file's permissions
        _fill(out, raw)
        os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException:
        try:
            os.unlink(temp, dir_fd=fd)
        except OSError:
            pass
        raise


def _fill(fd: int, raw: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)


def _write_by_path(base: Path, parts: tuple[str, ...], raw: bytes, exclusive: bool, shown: str) -> None:
    here = base
    for name in parts[:-1]:
        here = here / name
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            raise _refuse_link(shown, name)
        here.mkdir(exist_ok=True)
    target = here / parts[-1]
    if target.is_symlink():
        raise _refuse_link(shown, parts[-1])
    if exclusive:
        with open(target, "xb") as handle:
            handle.write(raw)
        return
    temp = here / f".opdhub-{secrets.token_hex(6)}.tmp"
    with open(temp, "xb") as handle:
        handle.write(raw)
    os.replace(temp, target)
