"""Draw the app's two icons: a ticket with a check mark.

Teams wants a 192x192 full-colour icon (symbol inside the central 120x120) and a 32x32 outline icon
that is white on a transparent background. Run `python -m manifest.icons` to redraw both; the output
is deterministic, and a test checks that the committed files are what this draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from manifest.png import Pixel, encode_rgba

ACCENT = (15, 108, 189)  # #0F6CBD, also the manifest's accentColor
WHITE = (255, 255, 255)
SAMPLES = 4  # supersampling per axis, for smooth edges
HERE = Path(__file__).parent

Shape = Callable[[float, float], bool]


def _rounded_rect(left: float, top: float, right: float, bottom: float, radius: float) -> Shape:
    def inside(x: float, y: float) -> bool:
        if not (left <= x <= right and top <= y <= bottom):
            return False
        cx = min(max(x, left + radius), right - radius)
        cy = min(max(y, top + radius), bottom - radius)
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2

    return inside


def _ticket(left: float, top: float, right: float, bottom: float, corner: float, notch: float,
            inset: float = 0) -> Shape:
    """A rounded card with a half-circle bite out of each short side; `inset` shrinks it evenly
    (the inside edge of an outline)."""
    card = _rounded_rect(left + inset, top + inset, right - inset, bottom - inset, max(corner - inset, 0))
    middle = (top + bottom) / 2

    def inside(x: float, y: float) -> bool:
        bitten = min(math.dist((x, y), (left, middle)), math.dist((x, y), (right, middle))) < notch + inset
        return card(x, y) and not bitten

    return inside


def _stroke(points: list[tuple[float, float]], width: float) -> Shape:
    """A polyline drawn with round joins and caps."""
    segments = list(zip(points, points[1:], strict=False))

    def distance(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
        (ax, ay), (bx, by) = a, b
        length2 = (bx - ax) ** 2 + (by - ay) ** 2
        t = max(0.0, min(1.0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length2))
        return math.dist((x, y), (ax + t * (bx - ax), ay + t * (by - ay)))

    return lambda x, y: any(distance(x, y, a, b) <= width / 2 for a, b in segments)


def _coverage(shape: Shape, x: int, y: int) -> float:
    step = 1 / SAMPLES
    hits = sum(
        shape(x + (i + 0.5) * step, y + (j + 0.5) * step) for i in range(SAMPLES) for j in range(SAMPLES)
    )
    return hits / SAMPLES**2


def _blend(under: tuple[int, int, int], over: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    r, g, b = (round(u + (o - u) * amount) for u, o in zip(under, over, strict=True))
    return (r, g, b)


def colour_icon() -> list[list[Pixel]]:
    """192x192: a white ticket with an accent-coloured check mark on an accent background."""
    ticket = _ticket(36, 60, 156, 132, corner=10, notch=12)
    check = _stroke([(72, 97), (89, 114), (121, 80)], width=12)
    rows = []
    for y in range(192):
        row = []
        for x in range(192):
            colour = _blend(ACCENT, WHITE, _coverage(ticket, x, y))
            colour = _blend(colour, ACCENT, _coverage(check, x, y))
            row.append((*colour, 255))
        rows.append(row)
    return rows


def outline_icon() -> list[list[Pixel]]:
    """32x32: the ticket's outline and the check mark in white; everything else transparent."""
    outer = _ticket(2, 6, 30, 26, corner=3.5, notch=3.5)
    inner = _ticket(2, 6, 30, 26, corner=3.5, notch=3.5, inset=2)
    check = _stroke([(11, 16.5), (14.5, 20), (21, 13)], width=2.2)

    def shape(x: float, y: float) -> bool:
        return (outer(x, y) and not inner(x, y)) or check(x, y)

    return [[(*WHITE, round(255 * _coverage(shape, x, y))) for x in range(32)] for y in range(32)]


def write_icons(folder: Path = HERE) -> tuple[Path, Path]:
    colour, outline = folder / "color.png", folder / "outline.png"
    colour.write_bytes(encode_rgba(192, 192, colour_icon()))
    outline.write_bytes(encode_rgba(32, 32, outline_icon()))
    return colour, outline


if __name__ == "__main__":
    for path in write_icons():
        print(f"wrote {path}")
