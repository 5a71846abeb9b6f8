"""Just enough PNG to write the app icons and to check them: 8-bit RGBA, standard library only."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGBA = 6  # PNG colour type for 8-bit red, green, blue, alpha
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}

Pixel = tuple[int, int, int, int]


class PngError(ValueError):
    """The bytes are not a PNG this module can read."""


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    colour_type: int
    rows: list[list[Pixel]]  # RGBA per pixel; opaque when the file has no alpha channel

    def pixel(self, x: int, y: int) -> Pixel:
        return self.rows[y][x]

    def pixels(self) -> list[Pixel]:
        return [p for row in self.rows for p in row]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_rgba(width: int, height: int, rows: list[list[Pixel]]) -> bytes:
    """Encode RGBA rows deterministically (filter 0, fixed zlib level), so regenerated icons are
    byte-identical to the committed ones."""
    raw = b"".join(b"\x00" + bytes(channel for px in row for channel in px) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, RGBA, 0, 0, 0)
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(data: bytes, height: int, stride: int, bpp: int) -> list[bytes]:
    rows: list[bytes] = []
    previous = bytearray(stride)
    pos = 0
    for _ in range(height):
        kind, line = data[pos], bytearray(data[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            up_left = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + _paeth(left, up, up_left)) & 0xFF
            elif kind != 0:
                raise PngError(f"unknown filter type {kind}")
        rows.append(bytes(line))
        previous = line
    return rows


def decode(data: bytes) -> Image:
    """Read a non-interlaced 8-bit greyscale, RGB or RGBA PNG (what icon tools write)."""
    if not data.startswith(SIGNATURE):
        raise PngError("not a PNG file")
    pos, header, idat = len(SIGNATURE), b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if not header:
        raise PngError("no IHDR chunk")
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour_type not in (0, 2, 4, 6) or interlace:
        raise PngError(f"unsupported PNG: bit depth {depth}, colour type {colour_type}, interlace {interlace}")
    channels = _CHANNELS[colour_type]
    lines = _unfilter(zlib.decompress(idat), height, width * channels, channels)
    rows = [[_to_rgba(line[x * channels : (x + 1) * channels]) for x in range(width)] for line in lines]
    return Image(width, height, colour_type, rows)


def _to_rgba(px: bytes) -> Pixel:
    if len(px) == 1:
        return (px[0], px[0], px[0], 255)
    if len(px) == 2:
        return (px[0], px[0], px[0], px[1])
    if len(px) == 3:
        return (px[0], px[1], px[2], 255)
    return (px[0], px[1], px[2], px[3])
