"""Every PDF the portal makes, from HTML: CVs, progress reports, impact and obligation
reports, event schedules and table cards.

WeasyPrint lays the HTML out and never touches the network: fonts come from
`portal/static/fonts` on disk, a resource the caller hands in (the CV's photo) by its own
URL, and `LocalFetcher` refuses every other address. Every PDF is tagged as PDF/UA-1
(headings, lists, tables, reading order, language, title), so screen readers follow its
structure; the template gives `<html lang>` and a `<title>`.

    pdf = render_pdf(html)                                 # one call
    laid_out = pdf_layout(html); progress(70); pdf = pdf_write(laid_out)   # with progress
"""

import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

FONTS_DIR = Path(settings.BASE_DIR) / "portal" / "static" / "fonts"
# Tagged (headings, lists, tables, reading order, language, title) for screen readers.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PdfResource:
    """A file a PDF shows that is not on disk with the fonts (the CV's photo): read on demand."""

    content_type: str
    read: Callable[[], bytes]


class LocalFetcher(URLFetcher):
    """Serves the shipped fonts and the resources handed in; refuses everything else (no network)."""

    def __init__(self, *, resources: Mapping[str, PdfResource] | None = None) -> None:
        schemes = {url.split(":", 1)[0] for url in resources or {}}
        super().__init__(allowed_protocols=("file", *sorted(schemes - {"file"})))
        self.resources = dict(resources or {})

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url in self.resources:
            resource = self.resources[url]
            return URLFetcherResponse(url, resource.read(), {"Content-Type": resource.content_type})
        if url.startswith("file:"):
            path = Path(URLFetcherResponse(url).path).resolve()
            if path.is_file() and path.is_relative_to(FONTS_DIR.resolve()):
                content_type = mimetypes.guess_type(path.name)[0] or "font/ttf"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        raise ValueError(f"The PDF renderer fetches nothing from {url}")


def pdf_layout(html: str, *, resources: Mapping[str, PdfResource] | None = None) -> Document:
    """`html` laid out in pages and boxes, before it is written: for a caller that reports
    progress in between, or looks at the pages (their number and size)."""
    return HTML(
        string=html,
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=LocalFetcher(resources=resources),
    ).render(font_config=FontConfiguration())


def pdf_write(document: Document) -> bytes:
    """A laid-out document as tagged PDF/UA-1 bytes."""
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(html: str, *, resources: Mapping[str, PdfResource] | None = None) -> bytes:
    """`html` as tagged PDF/UA-1 bytes, fetching nothing but the fonts and `resources`."""
    return pdf_write(pdf_layout(html, resources=resources))
