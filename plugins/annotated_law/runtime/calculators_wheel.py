"""A pure wheel of ``law_calculators``, built with the standard library, byte for byte repeatable.

Why not ``python -m build``: it needs an isolated environment (a download) or build tools in the
venv, and it stamps the current time into the archive. Here the same sources always give the same
bytes, so the wheel's sha256 can key the memory-snapshot cache and the browser's HTTP cache.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import law_calculators

from ..whole_file import written_whole

NAME = "law_calculators"  # import name; the distribution (and lock entry) is "law-calculators"
PACKAGE_DIR = Path(law_calculators.__file__).parent
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold: no build time leaks in


@dataclass(frozen=True)
class Wheel:
    path: Path
    version: str
    sha256: str


def _sources(package_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode()


def build_wheel(out_dir: Path, package_dir: Path = PACKAGE_DIR) -> Wheel:
    """Write the wheel into out_dir (removing older builds there) and return it.

    The version is the rules version plus a local label from the sources' hash, so a changed
    package gets a new file name and no browser or cache can mix two builds."""
    from law_calculators.rules import VOCABULARY

    files = _sources(package_dir)
    source_hash = hashlib.sha256()
    for path in files:
        source_hash.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        source_hash.update(path.read_bytes())
    version = f"{VOCABULARY['rules_version']}+{source_hash.hexdigest()[:12]}"
    dist_info = f"{NAME}-{version}.dist-info"
    entries: list[tuple[str, bytes]] = [
        (f"{NAME}/{p.relative_to(package_dir).as_posix()}", p.read_bytes()) for p in files
    ]
    entries.append(
        (
            f"{dist_info}/METADATA",
            (
                "Metadata-Version: 2.1\nName: law-calculators\n"
                f"Version: {version}\nSummary: Calculators for the Cybersecurity Law of the PRC\n"
                "Requires-Python: >=3.12\n"
            ).encode(),
        )
    )
    entries.append(
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: annotated_law\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
    )
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    entries.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{NAME}-{version}-py3-none-any.whl"
    if not path.exists():
        with (
            written_whole(path) as partial,
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        ):
            for name, data in entries:
                info = zipfile.ZipInfo(name, _EPOCH)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
    for old in out_dir.glob(f"{NAME}-*.whl"):
        if old != path:
            old.unlink(missing_ok=True)
    return Wheel(path, version, hashlib.sha256(path.read_bytes()).hexdigest())
