"""The text of a news item's PDF attachments is searchable (search.pdf): read from the
public file, bounded, kept while the file is unchanged, and never a cause of failure."""

from __future__ import annotations

import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import pytest

from cms.delivery.models import Document, State
from cms.publishing import pipeline
from news.models import NewsPageAttachment
from search import indexing, pdf, text
from search.models import Entry, FileText
from tests.factories import DocumentFactory, pdf_bytes
from tests.search.conftest import key_of, keys, search

pytestmark = pytest.mark.django_db

STRATEGY = pdf_bytes(
    "Stratégie nationale de vaccination",
    "Calendrier des rappels pour les adolescents",
)


@pytest.fixture
def attach(published):
    """``attach(content, name="rapport.pdf", title=…)``: a news item published with one
    attachment, a file of ``content`` named ``name``; returns ``(page, document)``, the
    document as the media library holds it."""

    def make(content: bytes, name: str = "rapport.pdf", title: str = "Rapport d'étape"):
        page = published("Politique vaccinale")
        document = DocumentFactory(title=title, file=ContentFile(content, name=name))
        NewsPageAttachment.objects.create(page=page, document=document)
        pipeline.run("page", page.pk)
        return page, document

    return make


def file_key(page, document) -> str:
    return f"{key_of(page)}/file:{document.pk}"


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "search.pdf"]


def test_the_words_of_a_pdf_attachment_find_its_document_item(attach):
    page, document = attach(STRATEGY)
    entry = Entry.objects.get(key=file_key(page, document))
    assert entry.body == (
        "Stratégie nationale de vaccination Calendrier des rappels pour les adolescents"
    )
    # Words of either page, accents and inflections aside; the news item itself does not
    # contain them.
    assert keys(search("rappels adolescent")) == [file_key(page, document)]
    assert keys(search("strategie")) == [file_key(page, document)]
    hit = search("calendrier des rappels").hits[0]
    assert (hit.type, hit.title) == ("document", "Rapport d'étape")
    assert search("hépatite").total == 0


def test_a_pdf_open_to_anyone_but_encrypted_is_read(attach):
    page, document = attach(pdf_bytes("Plan canicule départemental", password=""))
    assert keys(search("canicule")) == [file_key(page, document)]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.4\n%%EOF\n", id="empty"),
        pytest.param(STRATEGY[: len(STRATEGY) // 2], id="truncated"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, id="not-a-pdf"),
        pytest.param(pdf_bytes("Plan canicule départemental", password="x"), id="password"),
    ],
)
def test_an_unreadable_pdf_is_indexed_with_its_title_only_and_logged(attach, caplog, content):
    with caplog.at_level(logging.WARNING, logger="search.pdf"):
        page, document = attach(content)
    # The publication went through; the attachment is found by its title.
    assert Document.objects.get(key=key_of(page)).state == State.PUBLIC
    entry = Entry.objects.get(key=file_key(page, document))
    assert (entry.title, entry.body) == ("Rapport d'étape", "")
    assert keys(search("rapport étape")) == [file_key(page, document)]
    assert search("canicule").total == 0
    [warning] = warnings_of(caplog)
    assert warning.startswith(f"PDF file {document.file.name} could not be read (")
    assert warning.endswith("): indexed without its text")


def test_a_missing_pdf_file_is_indexed_with_its_title_only_and_logged(attach, caplog):
    page, document = attach(STRATEGY)
    default_storage.delete(document.file.name)
    with caplog.at_level(logging.WARNING, logger="search.pdf"):
        written = indexing.index_document(Document.objects.get(key=key_of(page)))
    assert {entry.key: entry.body for entry in written}[file_key(page, document)] == ""
    assert warnings_of(caplog) == [
        f"PDF file {document.file.name} is missing: indexed without its text"
    ]


def test_a_file_other_than_a_pdf_is_not_read(attach, caplog):
    # A PDF's content under a .docx name: were it read, its words would be found.
    with caplog.at_level(logging.WARNING, logger="search.pdf"):
        page, document = attach(STRATEGY, name="note.docx", title="Note de synthèse")
    entry = Entry.objects.get(key=file_key(page, document))
    assert (entry.title, entry.body) == ("Note de synthèse", "")
    assert keys(search("synthèse")) == [file_key(page, document)]
    assert search("adolescents").total == 0
    assert not FileText.objects.exists()
    assert warnings_of(caplog) == []


def test_the_text_is_cut_at_the_longest_field(attach):
    words = " ".join(f"mesure{number}" for number in range(6000))  # ~ 53,000 characters
    page, document = attach(pdf_bytes(words, words, words, "Conclusion finale"))
    body = Entry.objects.get(key=file_key(page, document)).body
    assert len(body) == text.MAX_FIELD_LENGTH
    assert body.startswith("mesure0 mesure1 ")
    assert search("conclusion").total == 0  # on the fourth page, past the cut


def test_extraction_stops_at_the_page_and_time_bounds():
    three = pdf_bytes("Premier chapitre", "Deuxième chapitre", "Troisième chapitre")
    assert pdf.extract(io.BytesIO(three)) == (
        "Premier chapitre Deuxième chapitre Troisième chapitre"
    )
    assert pdf.extract(io.BytesIO(three), max_pages=2) == "Premier chapitre Deuxième chapitre"
    assert pdf.extract(io.BytesIO(three), max_chars=12) == "Premier chap"
    # Out of time: the page begun is finished, no other is read.
    assert pdf.extract(io.BytesIO(three), max_seconds=0) == "Premier chapitre"


def test_an_unchanged_file_is_read_once_and_a_replaced_one_again(attach):
    page, document = attach(STRATEGY)
    name = document.file.name
    kept = FileText.objects.get(name=name)
    assert (kept.size, kept.text) == (
        len(STRATEGY),
        Entry.objects.get(key=file_key(page, document)).body,
    )
    # Rendered again (an edit, a rebuild): the kept text is used, the file is not read.
    FileText.objects.filter(pk=kept.pk).update(text="Texte gardé")
    stored = Document.objects.get(key=key_of(page))
    indexing.index_document(stored)
    assert Entry.objects.get(key=file_key(page, document)).body == "Texte gardé"
    indexing.rebuild_database()
    assert Entry.objects.get(key=file_key(page, document)).body == "Texte gardé"
    # The file replaced under the same name (as the media library does): read again.
    default_storage.delete(name)
    assert default_storage.save(name, ContentFile(pdf_bytes("Plan grand froid"))) == name
    indexing.index_document(stored)
    assert Entry.objects.get(key=file_key(page, document)).body == "Plan grand froid"
    assert keys(search("grand froid")) == [file_key(page, document)]
    assert FileText.objects.get(name=name).text == "Plan grand froid"
    assert FileText.objects.count() == 1


def test_a_rebuild_forgets_the_texts_of_files_no_longer_public(attach, published):
    page, document = attach(STRATEGY)
    other = published("Budget 2027")
    kept = DocumentFactory(title="Annexe", file=ContentFile(pdf_bytes("Dette"), name="annexe.pdf"))
    NewsPageAttachment.objects.create(page=other, document=kept)
    pipeline.run("page", other.pk)
    # Unpublished: its entries go at once, the kept text until the next rebuild.
    page.unpublish()
    pipeline.run("page", page.pk)
    assert not Entry.objects.filter(key=file_key(page, document)).exists()
    assert FileText.objects.filter(name=document.file.name).exists()
    indexing.rebuild_database()
    assert list(FileText.objects.values_list("name", flat=True)) == [kept.file.name]
    assert keys(search("dette")) == [file_key(other, kept)]
