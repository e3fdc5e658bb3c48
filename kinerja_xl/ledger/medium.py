"""Where the ledger's file lives: on this computer's own disk, or on a network share.

SQLite's WAL mode keeps its index in shared memory mapped from the ``-shm`` file, and "all processes using
a database must be on the same host computer; WAL does not work over a network filesystem"
(https://www.sqlite.org/wal.html). Collection folders of government offices are often exactly that: a
mapped drive or a ``\\\\server\\share`` path several staff open at once. On such a medium the ledger keeps
SQLite's rollback journal (``DELETE``), whose file locks the network filesystem carries to every computer.

How a network medium is recognised: on Windows, a UNC path or a drive whose type is ``DRIVE_REMOTE``
(``GetDriveTypeW``); on Linux, the type of the filesystem the path is mounted on (``/proc/self/mountinfo``:
NFS, SMB/CIFS, 9p as WSL mounts Windows drives, FUSE network filesystems, cluster filesystems). Elsewhere,
or when the answer cannot be found, the medium counts as local.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Filesystem types (``mountinfo``'s field after `` - ``) whose files other computers or a hypervisor share.
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "afs", "coda", "9p", "vboxsf", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "ocfs2", "gfs2", "pvfs2", "davfs", "fuse.sshfs", "fuse.glusterfs", "fuse.davfs2",
    "fuse.rclone", "fuse.cephfs", "fuse.s3fs", "fuse.gcsfuse", "fuse.smbnetfs"})
DRIVE_REMOTE = 4  # GetDriveTypeW


def on_network(path: Path) -> bool:
    """True when ``path`` (a file that may not exist yet) is on a network share."""
    try:
        if sys.platform == "win32":
            return _windows_remote(path)
        if sys.platform.startswith("linux"):
            return mount_type(_existing(path), Path("/proc/self/mountinfo").read_text(encoding="utf-8")) \
                in NETWORK_TYPES
    except (OSError, ValueError, AttributeError):
        pass
    return False


def _existing(path: Path) -> Path:
    """The path's nearest existing folder, resolved (symbolic links followed to where the data is)."""
    path = Path(os.path.abspath(path))
    while not path.exists() and path.parent != path:
        path = path.parent
    return path.resolve()


def mount_type(path: Path, mountinfo: str) -> str | None:
    """The filesystem type of the mount holding ``path``, from the text of ``/proc/self/mountinfo``."""
    best, kind = -1, None
    target = str(path)
    for line in mountinfo.splitlines():
        fields, _, tail = line.partition(" - ")
        parts = fields.split()
        if len(parts) < 5 or not tail:
            continue
        point = _unescape(parts[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= best:  # the deepest mount wins; of equal ones the last (it covers the others)
            best, kind = len(point), tail.split()[0]
    return kind


def _unescape(text: str) -> str:
    """``mountinfo`` writes space, tab, newline and backslash in octal (``\\040``)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 3 < len(text) and text[i + 1:i + 4].isdigit():
            out.append(chr(int(text[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _windows_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    full = os.path.abspath(path)
    if full.startswith(("\\\\", "//")):
        return True  # \\server\share\...
    drive = os.path.splitdrive(full)[0]
    if not drive:
        return False
    return int(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")) == DRIVE_REMOTE  # type: ignore[attr-defined]
