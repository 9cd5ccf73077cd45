"""What a WebAssembly module's binary says about its memory: the initial size and the bytes its
active data segments write there when it is instantiated (WebAssembly core spec, binary format:
sections 2 imports, 5 memory, 11 data)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import VendorError

IMPORTS, MEMORY, DATA = 2, 5, 11
I32_CONST, END = 0x41, 0x0B


@dataclass(frozen=True)
class Segment:
    offset: int  # where in memory 0 instantiation writes it
    data: bytes


class _Reader:
    def __init__(self, data: bytes, at: int = 0) -> None:
        self.data, self.at = data, at

    def byte(self) -> int:
        self.at += 1
        return self.data[self.at - 1]

    def uleb(self, signed: bool = False) -> int:
        value = shift = 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value - (1 << shift) if signed and byte & 0x40 else value

    def take(self, length: int) -> bytes:
        self.at += length
        return self.data[self.at - length : self.at]


def _sections(data: bytes) -> Iterator[tuple[int, _Reader]]:
    if data[:4] != b"\0asm":
        raise VendorError("not a WebAssembly module (no \\0asm magic)")
    reader = _Reader(data, 8)  # magic and version
    while reader.at < len(data):
        section = reader.byte()
        size = reader.uleb()
        yield section, _Reader(data, reader.at)
        reader.at += size


def initial_heap_bytes(wasm: bytes) -> int:
    """The initial memory a module declares (its memory section, or a memory import)."""
    for section, body in _sections(wasm):
        if section == MEMORY:  # count, then flags and the minimum in 64 KiB pages
            body.uleb()
            body.byte()
            return body.uleb() * 65536
        if section == IMPORTS:
            for _ in range(body.uleb()):
                body.take(body.uleb())  # module name
                body.take(body.uleb())  # field name
                kind = body.byte()
                if kind == 2:  # an imported memory carries its own limits
                    body.byte()
                    return body.uleb() * 65536
                _skip_import(body, kind)
    raise VendorError("the wasm module declares no memory")


def _skip_import(body: _Reader, kind: int) -> None:
    if kind == 0:  # function: a type index
        body.uleb()
    elif kind == 1:  # table: element type, limits
        body.byte()
        flags = body.byte()
        body.uleb()
        if flags & 1:
            body.uleb()
    elif kind == 3:  # global: value type, mutability
        body.take(2)
    else:
        raise VendorError(f"unknown import kind {kind} in the wasm module")


def active_segments(wasm: bytes) -> list[Segment]:
    """The data segments instantiation writes into memory 0, at constant offsets.

    Raises VendorError for any other kind (passive, or at an offset computed from a global): the
    memory right after instantiation could not be known from the binary alone."""
    segments = []
    for section, body in _sections(wasm):
        if section != DATA:
            continue
        for _ in range(body.uleb()):
            flags = body.uleb()
            if flags == 2 and body.uleb() == 0:  # explicit memory index 0
                flags = 0
            if flags != 0 or body.byte() != I32_CONST:
                raise VendorError("the wasm module has a data segment not at a constant offset")
            offset = body.uleb(signed=True)
            if body.byte() != END:
                raise VendorError("the wasm module has a data segment with an unexpected offset")
            segments.append(Segment(offset, body.take(body.uleb())))
    return segments
