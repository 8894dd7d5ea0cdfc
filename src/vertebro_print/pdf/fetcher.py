"""The only way WeasyPrint may load anything: local files inside the project's own folders.
Every other path, every network URL and every other scheme is refused, and the refusal
stops the render (a handout that references something outside is a bug to fix, not a
warning to skip)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from vertebro_print.errors import RenderError


class ResourceRefused(FatalURLFetchingError):
    """Raised for any URL outside the allowed folders."""


class ResourceMissing(FatalURLFetchingError):
    """Raised for a file inside the allowed folders that cannot be read: WeasyPrint would
    only log it and print the handout without that picture or stylesheet."""


class ProjectFetcher(URLFetcher):
    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = [r.resolve() for r in roots]
        self.loaded: list[Path] = []  # what this fetcher served, for a build's input list

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ResourceRefused(
                f"refused to load {url}: handouts may only use files from their own folder"
            )
        path = Path(unquote(parts.path)).resolve()
        if not any(path == root or path.is_relative_to(root) for root in self.roots):
            raise ResourceRefused(
                f"refused to load {path}: it is outside the handout folders "
                f"({', '.join(map(str, self.roots))})"
            )
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise ResourceMissing(
                f"cannot read {path} ({exc.strerror}); put the file back, or correct what "
                "refers to it (a template, the stylesheet, or the logo in the settings file)"
            ) from exc
        self.loaded.append(path)
        # The file as urllib's file handler serves it (its type guessed from its name), read
        # directly: a request through the handler chain costs ten times the read.
        content_type = mimetypes.guess_type(path.name)[0] or "text/plain"
        return URLFetcherResponse(url, content, {"Content-Type": content_type})


def refuse_attachments(document, what: str) -> None:
    """A handout never embeds a file. WeasyPrint turns <link rel="attachment"> and
    <a rel="attachment"> into embedded files, fetched only when the PDF is written: the
    laid-out document is checked first, so such a file is never even read."""
    links = [t for page in document.pages for kind, t, *_ in page.links if kind == "attachment"]
    if document.metadata.attachments or links:
        shown = f" ({links[0]})" if links else ""
        raise RenderError(
            f"{what}: the HTML asks to embed a file in the PDF{shown} "
            '(rel="attachment"); handouts never embed files: remove it from the template '
            "or the translation"
        )
