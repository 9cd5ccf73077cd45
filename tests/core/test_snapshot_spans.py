"""The memory snapshot is shipped without its all-zero blocks; the page puts the rest back."""

from __future__ import annotations

import pytest
from annotated_law.errors import VendorError
from annotated_law.runtime.pyodide_snapshot import BLOCK, gzip_fixed, nonzero_spans, unpacked


def _raw() -> bytes:
    raw = bytearray(10 * BLOCK + 100)  # a last block shorter than the others
    raw[5] = 1  # block 0
    raw[3 * BLOCK + 7] = 2  # blocks 3 and 4: one run
    raw[4 * BLOCK + BLOCK - 1] = 3
    raw[-1] = 4  # the short last block
    return bytes(raw)


def _facts(raw: bytes, spans: list[tuple[int, int]]) -> dict[str, object]:
    return {"rawBytes": len(raw), "spans": spans, "xorInitialMemory": {"at": 0, "bytes": 0}}


def test_only_blocks_that_are_not_all_zeros_are_shipped_and_the_page_gets_the_whole_back() -> None:
    raw = _raw()
    spans = nonzero_spans(raw)
    assert spans == [(0, BLOCK), (3 * BLOCK, 2 * BLOCK), (10 * BLOCK, 100)]
    shipped = gzip_fixed(b"".join(raw[at : at + n] for at, n in spans))
    assert unpacked(shipped, _facts(raw, spans), b"") == raw


def test_a_file_that_does_not_fill_its_spans_is_refused() -> None:
    raw = _raw()
    spans = nonzero_spans(raw)
    short = gzip_fixed(raw[:BLOCK])
    with pytest.raises(VendorError, match="spans"):
        unpacked(short, _facts(raw, spans), b"")
