"""Pictograms parsed once per process. WeasyPrint's image cache lasts one document: each render
parsed every pictogram it shows again (about 1 ms for the seven of the warning box). Here
that cache is backed by the SVG images parsed before, each kept with the bytes it was parsed
from. A render still reads every image through its own fetcher, so what it may load, the
inputs it records (a build stamps its PDFs with them) and an edited file (other bytes: parsed
again) are exactly what they were without it: only the parsing is saved.

An SVG file that refers to another file is parsed each time: what it refers to is loaded when
the PDF is drawn, through the fetcher of the render that parsed it."""

from __future__ import annotations

import re

from weasyprint.images import SVGImage

from vertebro_print.pdf.fetcher import ProjectFetcher

_REFERENCE = re.compile(rb"href|url\(|@import")  # an image, a stylesheet or a font to load
_parsed: dict[str, tuple[bytes, SVGImage]] = {}  # by URL: the bytes read and the image


class ImageCache(dict):
    """WeasyPrint's `cache` for one render (it must be a dict): asked `url in cache` before
    WeasyPrint fetches an image, and given each image it parsed."""

    def __init__(self, fetcher: ProjectFetcher) -> None:
        super().__init__()
        self._fetcher = fetcher
        self._read: dict[str, bytes] = {}

    def __contains__(self, url: object) -> bool:
        if super().__contains__(url):
            return True
        try:
            data = self._fetcher.fetch(url).read()
        except Exception:  # WeasyPrint's own fetch, next, reports it; a refusal stops the render
            return False
        self._read[url] = data
        kept = _parsed.get(url)
        if kept is None or kept[0] != data:
            return False
        super().__setitem__(url, kept[1])
        return True

    def __setitem__(self, url: object, image: object) -> None:
        super().__setitem__(url, image)
        data = self._read.get(url)
        if data is not None and isinstance(image, SVGImage) and not _REFERENCE.search(data):
            _parsed[url] = (data, image)


def forget_images() -> None:
    """Drop the parsed images (they hold on to the font configuration they were parsed with)."""
    _parsed.clear()
