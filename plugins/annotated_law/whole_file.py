"""Files that are there whole or not at all: a build, or a reader, that opens one meanwhile sees
the old file or the new one, never part of it, and a failed write leaves no new file behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """A path to write `target`'s content to; it becomes `target` when the block ends without
    an error, and is removed when it raises."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
