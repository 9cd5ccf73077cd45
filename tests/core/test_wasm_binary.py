"""Reading a wasm module's initial memory, and the XOR that ships the snapshot's static data as
(mostly) zeros: on a hand-made module, so each binary form is exercised on purpose."""

from __future__ import annotations

import pytest
from annotated_law.errors import VendorError
from annotated_law.runtime.pyodide_snapshot import xor_initial_memory
from annotated_law.runtime.wasm_binary import active_segments, initial_heap_bytes


def section(kind: int, body: bytes) -> bytes:
    assert len(body) < 128
    return bytes([kind, len(body)]) + body


def module(*sections: bytes) -> bytes:
    return b"\0asm\x01\0\0\0" + b"".join(sections)


MEMORY = section(5, b"\x01\x00\x02")  # one memory, no maximum, 2 pages
# two active segments: "abc" at 4, "xy" at 200 (200 as a signed LEB: c8 01)
DATA = section(11, b"\x02" + b"\x00\x41\x04\x0b\x03abc" + b"\x00\x41\xc8\x01\x0b\x02xy")


def test_the_initial_heap_and_the_segments_instantiation_writes() -> None:
    wasm = module(MEMORY, DATA)
    assert initial_heap_bytes(wasm) == 2 * 65536
    assert [(s.offset, s.data) for s in active_segments(wasm)] == [(4, b"abc"), (200, b"xy")]


def test_an_imported_memory_gives_its_own_size() -> None:
    imported = section(2, b"\x01\x03env\x06memory\x02\x00\x05")  # env.memory, 5 pages
    assert initial_heap_bytes(module(imported)) == 5 * 65536


def test_segments_the_binary_cannot_place_are_refused() -> None:
    passive = section(11, b"\x01\x01\x03abc")
    from_global = section(11, b"\x01\x00\x23\x00\x0b\x03abc")  # offset = global.get 0
    for data in (passive, from_global):
        with pytest.raises(VendorError, match="not at a constant offset"):
            active_segments(module(MEMORY, data))
    with pytest.raises(VendorError, match="not a WebAssembly module"):
        active_segments(b"PK\x03\x04")


def test_the_static_data_ships_as_zeros_and_xor_gives_the_snapshot_back() -> None:
    segments = active_segments(module(MEMORY, DATA))
    header = b"H" * 16
    heap = bytearray(256)
    heap[4:7] = b"abc"  # unchanged since instantiation
    heap[200:202] = b"xz"  # one byte changed by the program
    raw = header + bytes(heap)
    shipped, covered = xor_initial_memory(raw, len(header), segments)
    assert covered == 204  # up to the end of the last segment, in whole words
    assert shipped[:16] == header and shipped[16 + 4 : 16 + 7] == b"\0\0\0"
    assert shipped[16 + 200 : 16 + 202] == bytes([0, ord("z") ^ ord("y")])
    assert xor_initial_memory(shipped, len(header), segments)[0] == raw
    with pytest.raises(VendorError, match="outside the snapshot's heap"):
        xor_initial_memory(raw[:100], len(header), segments)
