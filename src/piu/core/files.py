"""Writing a learner's file so that nothing already saved is ever lost.

Progress, project file, barrier maps, REX cards, evaluation copies: a crash, a full disk or a
closed laptop in the middle of a save must leave the old file or the new one, never half of
one. One function does it for all of them: write a temporary file beside the target, flush it
to disk, then rename it over the target (``os.replace`` is atomic on the same file system).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["ecrire_atomique"]


def ecrire_atomique(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` atomically; return ``path``.

    Raises :class:`OSError` as ``open`` does; the caller turns it into a French message.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
