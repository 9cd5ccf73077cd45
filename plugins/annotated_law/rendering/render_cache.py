"""What each page's Markdown rendered to, kept between builds under the build cache.

Converting a page's Markdown is most of a build's own work and gives the same result for the same
input, so a build stores each page's result (and the refined search index) under the SHA-256 of
everything that work reads (the caller names those inputs) and the next build reuses it. The store is one JSON file;
a build writes back only the entries it used, so it never holds more than one build's pages.
Knows nothing of MkDocs: an entry is any JSON value.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..whole_file import written_whole

# a store of another layout (or of entries holding other things: plugin.py _stored) is not read
FORMAT = "render-cache-1"


class RenderCache:
    def __init__(self, file: Path, salt: str) -> None:
        self.file = file
        self.salt = salt
        try:
            self.entries: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or damaged: start empty
            self.entries = {}
        self.used: dict[str, Any] = {}

    def key(self, *inputs: str) -> str:
        """The name of a result: every input, each prefixed by its length so that no two lists
        of inputs give the same bytes."""
        digest = hashlib.sha256(f"{FORMAT}\0{self.salt}".encode())
        for text in inputs:
            data = text.encode("utf-8", "surrogatepass")
            digest.update(b"%d\0" % len(data) + data)
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Write the entries this build used, if they differ from the stored ones; another build
        reading the file meanwhile sees the old one or the new one whole (os.replace)."""
        if self.used == self.entries:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        with written_whole(self.file) as partial:
            partial.write_text(json.dumps(self.used, ensure_ascii=False), encoding="utf-8")
        self.entries = self.used
