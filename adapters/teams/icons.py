"""The app package's icons, drawn as PNGs with zlib and struct (no imaging library needed)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

ACCENT = (0x2B, 0x57, 0x9A)  # the color icon's background, also the manifest's accentColor
WHITE = (0xFF, 0xFF, 0xFF)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(size: int, pixel: Callable[[float, float], tuple[int, int, int, int]]) -> bytes:
    """An RGBA PNG of size×size; `pixel(x, y)` gets coordinates scaled to 0..1."""
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            rows += bytes(pixel((x + 0.5) / size, (y + 0.5) / size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _on_check(x: float, y: float, width: float) -> bool:
    """Inside a check mark: two strokes, (0.25,0.52)→(0.43,0.70)→(0.76,0.32)."""

    def near(ax: float, ay: float, bx: float, by: float) -> bool:
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= width * width

    return near(0.25, 0.52, 0.43, 0.70) or near(0.43, 0.70, 0.76, 0.32)


def color_icon() -> bytes:
    """192×192, full color: a white check mark on the accent color."""
    return png(192, lambda x, y: (*WHITE, 255) if _on_check(x, y, 0.06) else (*ACCENT, 255))


def outline_icon() -> bytes:
    """32×32, white on transparent, as Teams requires of outline icons."""
    return png(32, lambda x, y: (*WHITE, 255) if _on_check(x, y, 0.08) else (0, 0, 0, 0))
