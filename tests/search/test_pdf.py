"""The text of a news item's PDF attachments is searchable (search.pdf): read from the
public file, bounded, kept while the file is unchanged, and never a cause of failure."""

from __future__ import annotations

import io

from search import pdf
from tests.factories import pdf_bytes


def test_extraction_stops_at_the_page_and_time_bounds():
    three = pdf_bytes("Premier chapitre", "Deuxième chapitre", "Troisième chapitre")
    assert pdf.extract(io.BytesIO(three)) == (
        "Premier chapitre Deuxième chapitre Troisième chapitre"
    )
    assert pdf.extract(io.BytesIO(three), max_pages=2) == "Premier chapitre Deuxième chapitre"
    assert pdf.extract(io.BytesIO(three), max_chars=12) == "Premier chap"
    # Out of time: the page begun is finished, no other is read.
    assert pdf.extract(io.BytesIO(three), max_seconds=0) == "Premier chapitre"
