"""Build the site from two clean copies of the project with separate caches and compare them.

Usage: python benchmarks/reproducible.py [--keep FOLDER]

The same procedure as tests/site/test_reproducible.py (see there for what a clean copy is), with
the figures printed: build time of each copy (each makes its own wheel and memory snapshot), the
snapshot's size in each, the number of files, and every file that differs. Exit status 1 if any
file differs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.site.test_reproducible import (  # noqa: E402
    differences,
    file_hashes,
    snapshot_file,
    two_clean_builds,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        builds = two_clean_builds(base)
        for build in builds:
            snapshot = snapshot_file(build.site)
            print(
                f"{build.clone}: {build.seconds:.1f} s, {len(file_hashes(build.site))} files, "
                f"snapshot {snapshot.name} {snapshot.stat().st_size:,} B"
            )
        differ = differences(builds[0].site, builds[1].site)
        print(f"{len(differ)} file(s) differ")
        for line in differ:
            print("  " + line)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
