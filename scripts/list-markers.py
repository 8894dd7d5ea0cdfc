"""Draws the list markers in handouts/images/: list-bullet.png, list-bullet-blue.png and
tick-box.png (the stylesheet puts them behind each list item, see handout.css).

PNG, not SVG: WeasyPrint draws an SVG background again for every item, a PNG once. They are
drawn eight times larger and scaled down, so the edges are smooth, at over 600 dpi at the
sizes they print (a bullet is 0.38em, a tick box 1.1em, in large print too).

    .venv/bin/python scripts/list-markers.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

IMAGES = Path(__file__).resolve().parent.parent / "handouts" / "images"
OVERSAMPLE = 8
INK = (17, 17, 17)  # #111, the body text colour
BLUE = (11, 58, 102)  # #0b3a66, the headings' colour (take-home messages)


def draw(name: str, pixels: int, shape) -> None:
    big = pixels * OVERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    shape(ImageDraw.Draw(image), big)
    image.resize((pixels, pixels), Image.LANCZOS).save(IMAGES / name, optimize=True)


def bullet(colour):
    return lambda pen, size: pen.ellipse((0, 0, size - 1, size - 1), fill=(*colour, 255))


def tick_box(pen, size):
    # A white box with a dark frame (about 2 px of the 1.1em box at 12 pt), corners barely round.
    pen.rounded_rectangle(
        (0, 0, size - 1, size - 1),
        radius=int(size * 0.09),
        fill=(255, 255, 255, 255),
        outline=(*INK, 255),
        width=int(size * 0.11),
    )


if __name__ == "__main__":
    draw("list-bullet.png", 64, bullet(INK))
    draw("list-bullet-blue.png", 64, bullet(BLUE))
    draw("tick-box.png", 128, tick_box)
