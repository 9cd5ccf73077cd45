"""The loaded and checked edition with its generated pages, kept between builds.

Loading, checking and generating the pages of every law is the same work for the same files, so
a build pickles its result under the SHA-256 of everything that work reads: every file of
site_data, every file of the two packages (their code, schemas and rule data), the versions of
Python and of the libraries that parse and check the data, and the options it was called with.
A build whose data has problems stores nothing, so a stored result is always a checked one.
Knows nothing of MkDocs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import law_calculators

from ..whole_file import written_whole

# the libraries whose results end up in the stored edition
LIBRARIES = ("PyYAML", "jsonschema", "referencing")
PACKAGES = (Path(__file__).parents[1], Path(law_calculators.__file__).parent)


def _files(folder: Path) -> Iterable[tuple[str, str]]:
    """Every file below ``folder``: its path below it and the path to open (os.walk, as pathlib
    would take longer than the hashing)."""
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        inside = os.path.relpath(top, folder).replace(os.sep, "/")
        for name in sorted(names):
            yield f"{inside}/{name}", os.path.join(top, name)


def key(site_data: Path, options: str) -> str:
    """The name of the result of loading ``site_data`` with these ``options``."""
    digest = hashlib.sha256(options.encode("utf-8"))
    digest.update(f"\0{sys.version}\0{os.fspath(site_data.resolve())}".encode())
    for name in LIBRARIES:
        digest.update(f"\0{name} {metadata.version(name)}".encode())
    for folder in (site_data, *PACKAGES):
        for inside, path in _files(folder):
            with open(path, "rb") as file:
                data = file.read()
            digest.update(b"\0%s\0%d\0" % (inside.encode(), len(data)))
            digest.update(data)
    return digest.hexdigest()


def load(file: Path, name: str) -> Any | None:
    """The stored result named ``name``, or None (another one, none, or a damaged file)."""
    try:
        stored, value = pickle.loads(file.read_bytes())
    except Exception:  # none, damaged or of other code: load afresh
        return None
    return value if stored == name else None


def store(file: Path, name: str, value: Any) -> None:
    """Keep ``value`` as the one stored result; a build reading meanwhile sees one file whole."""
    file.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(file) as partial:
        partial.write_bytes(pickle.dumps((name, value), protocol=pickle.HIGHEST_PROTOCOL))
