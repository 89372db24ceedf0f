"""Reading documents from files and writing annotation records.

Documents are streamed: :func:`read_documents` yields one at a time and never holds a corpus in memory.
A document that cannot be read is yielded as a :class:`ReadFailure` so a batch run can record it and go on.

Text files (``.txt``, ``.md``, or anything not listed below) are one document each. The author is the
``author`` argument if given, else the name on a leading ``Author: NAME`` line (the first non-blank line of the
file), else unknown. The ``Author:`` line stays in the text, so offsets index into the file exactly as decoded;
the segmenter never makes it a claim. HTML pages (``.html``, ``.htm``) are reduced to their main text with
trafilatura, PDF files (``.pdf``) to their text layer with pypdf. ``.jsonl`` and ``.csv`` files hold one document
per line/row.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePath
from typing import IO, Any, Self

from stance.errors import InputError, StanceError
from stance.text import CONTINUATION, LINE_BREAK, LINE_BREAKS, has_lone_surrogates
from stance.types import Document

logger = logging.getLogger(__name__)
_MAX_CSV_FIELD = 2**31 - 1
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | PDF_SUFFIXES

_AUTHOR_LINE = re.compile(
    rf"\A\s*author\s*:[ \t]*(?P<name>[^\s][^{LINE_BREAKS}]*?)[ \t]*(?:{LINE_BREAK}|\Z)", re.IGNORECASE
)
_BLANK_RUNS = re.compile(r"\n{3,}")
# Characters that never occur in real prose; a high share of them means the bytes are not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadFailure:
    """A document that could not be read; ``error`` says why and what to do."""

    doc_id: str
    source: str
    error: str
    author: str | None = None

    @property
    def id(self) -> str:
        """The document id, as :attr:`Document.id`."""
        return self.doc_id


def read_documents(
    paths: Iterable[str | Path],
    *,
    text_key: str = "text",
    id_key: str = "id",
    author_key: str = "author",
    author: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Iterator[Document | ReadFailure]:
    """Yield the documents in ``paths`` (files or directories, searched recursively) in order.

    Fields of JSONL and CSV records other than the text, id and author, the title and date of HTML pages, and
    ``meta`` (for every document) end up in each document's ``meta``.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "oped.txt").write_text("Author: Kim\\n\\nTalks must resume.")
    >>> [(d.id, d.author) for d in read_documents([folder])]
    [('oped', 'Kim')]
    """
    for file, doc_id in input_files(paths):
        yield from read_file(
            file, doc_id, text_key=text_key, id_key=id_key, author_key=author_key, author=author, meta=meta
        )


def input_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Each file to read, in order, with its document id: its path below the folder given, or the name of a file
    given on its own, without the suffix (a JSONL or CSV file's records are numbered from it, ``speeches:3``).

    Where files would share an id (``2017/oped.txt`` and ``2018/oped.txt`` given one by one, two folders that both
    hold ``oped.txt``, or ``a.txt`` beside ``a.md``), each of them gets the shortest tail of its path that tells them
    apart (``2017/oped``, ``a.txt``). A path that does not exist is passed through, so that :func:`read_file` reports
    it in its place in the output.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for year in ("2017", "2018"):
    ...     (folder / year).mkdir()
    ...     _ = (folder / year / "oped.txt").write_text("Talks must resume.")
    >>> [doc_id for _, doc_id in input_files([folder])]
    ['2017/oped', '2018/oped']
    >>> [doc_id for _, doc_id in input_files([folder / "2017" / "oped.txt", folder / "2018" / "oped.txt"])]
    ['2017/oped', '2018/oped']
    """
    files: list[tuple[Path, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = [(file, file.relative_to(path).with_suffix("").as_posix()) for file in _walk(path)]
            if not found:
                logger.warning(
                    "%s holds no %s files; nothing to read there", path, " ".join(sorted(SUPPORTED_SUFFIXES))
                )
            files += found
        else:
            files.append((path, path.stem))
    counts = Counter(doc_id for _, doc_id in files)
    shared = [file for file, doc_id in files if counts[doc_id] > 1]
    taken = {doc_id for _, doc_id in files if counts[doc_id] == 1}
    renamed = _distinct_tails(shared, taken)
    return [(file, renamed.get(file, doc_id)) for file, doc_id in files]


def _distinct_tails(files: list[Path], taken: set[str]) -> dict[Path, str]:
    """The shortest path tail (without the suffix, else with it) that names each of ``files`` apart from the others
    and from ``taken``; the whole path for a file given more than once (its copies cannot be told apart)."""
    absolute = {file: Path(os.path.abspath(file)) for file in files}  # not resolve(): a symlink keeps its own name
    repeats = Counter(absolute[file] for file in files)
    named = {file: path.as_posix() for file, path in absolute.items() if repeats[path] > 1}
    rest = [file for file in absolute if repeats[absolute[file]] == 1]
    for names in ([absolute[file].with_suffix("") for file in rest], [absolute[file] for file in rest]):
        for k in range(1, max((len(name.parts) for name in names), default=0) + 1):
            tails = [PurePath(*name.parts[-k:]).as_posix() for name in names]
            if len(set(tails)) == len(tails) and not (taken | set(named.values())) & set(tails):
                return {**named, **dict(zip(rest, tails))}
    return {file: path.as_posix() for file, path in absolute.items()}


def read_file(
    path: Path,
    doc_id: str,
    *,
    text_key: str = "text",
    id_key: str = "id",
    author_key: str = "author",
    author: str | None = None,
    meta: Mapping[str, Any] | None = None,
    skip: int = 0,
) -> Iterator[Document | ReadFailure]:
    """The documents of one file (one for text and HTML, one per record for JSONL and CSV), see :func:`read_documents`.

    ``meta`` is added to every document's metadata (a record's own fields win). ``skip`` leaves out the first
    documents (those a resumed run has already written).
    """
    if not path.exists():
        if skip == 0:
            yield ReadFailure(doc_id, str(path), f"{path}: no such file or directory; check the path", author)
        return
    documents = _read_file(
        path, doc_id, text_key=text_key, id_key=id_key, author_key=author_key, author=author, meta=dict(meta or {})
    )
    # A record file's encoding is judged on its start (it is streamed), a text file's on the whole: only the first can
    # meet bytes its encoding does not decode.
    warned = path.suffix.lower() not in RECORD_SUFFIXES
    for item in islice(documents, skip, None):
        if not warned and isinstance(item, Document) and has_lone_surrogates(item.text):
            logger.warning(
                "%s: bytes that do not decode as the encoding its start was read in; they reach the model as U+FFFD. "
                "Save the file as UTF-8",
                item.source,
            )
            warned = True
        yield item


# Byte-order marks of the encodings a text file may declare that way, UTF-32's first: its little-endian mark begins
# with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str = "<bytes>") -> str:
    """Decode as UTF-8, else as its byte-order mark says (Windows' "Unicode" text is UTF-16), else as the encoding
    charset-normalizer detects; raise :class:`InputError` for binary data."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None) or _detect_encoding(data)
        if encoding is None:
            raise InputError(source, "not text: no encoding decodes these bytes; pass a text, HTML, JSONL or CSV file")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(source, f"not valid {encoding} after its byte-order mark ({err.reason})") from None
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or (controls >= 8 and controls > len(text) // 20):
        raise InputError(source, "looks binary (NUL or many control characters); pass a text, HTML, JSONL or CSV file")
    return text


def _detect_encoding(data: bytes) -> str | None:
    """The encoding of bytes that are not UTF-8: charset-normalizer's best guess, except that Windows-1252 wins
    whenever it reads as cleanly. Short samples often tie between code pages (cp1250 reads "naïve" as "naďve" as
    cleanly as cp1252 reads it right), and English-language text that is not UTF-8 is most often Windows-1252."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data).best()
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return best.encoding if best is not None else None
    # A few bytes say little: the detector then reaches for EBCDIC or byte-order-less UTF-16 ("x’" as utf_16_be).
    implausible = best is None or best.encoding.startswith(("utf_16", "utf_32", "cp037", "cp5"))
    if implausible or mess_ratio(western, 1.0) <= mess_ratio(str(best), 1.0) + 0.01:
        return "cp1252"
    return best.encoding


def split_author_line(text: str) -> str | None:
    """The name on a leading ``Author: NAME`` line, if the text starts with one."""
    match = _AUTHOR_LINE.match(text)
    return match.group("name") if match else None


def _walk(folder: Path) -> Iterator[Path]:
    for file in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in file.relative_to(folder).parts)
        if file.is_file() and not hidden and file.suffix.lower() in SUPPORTED_SUFFIXES:
            yield file


def _read_file(path: Path, doc_id: str, **options: Any) -> Iterator[Document | ReadFailure]:
    suffix = path.suffix.lower()
    try:
        if suffix in PDF_SUFFIXES:
            yield _read_pdf_file(path, doc_id, author=options["author"], meta=options["meta"])
        elif suffix in RECORD_SUFFIXES:
            read = _read_csv if suffix == ".csv" else _read_jsonl
            with path.open(encoding=_record_encoding(path), errors="surrogateescape", newline="") as handle:
                yield from read(handle, path, doc_id, **options)
        else:
            yield _read_text_file(
                path, doc_id, html=suffix in HTML_SUFFIXES, author=options["author"], meta=options["meta"]
            )
    except InputError as err:
        yield ReadFailure(doc_id, str(path), str(err), options["author"])
    except csv.Error as err:
        message = f"{path}: malformed CSV ({err}); check quoting, or export it again as UTF-8 CSV"
        yield ReadFailure(doc_id, str(path), message, options["author"])
    except OSError as err:
        yield ReadFailure(doc_id, str(path), f"{path}: cannot read ({err.strerror}); check permissions", None)


def _read_text_file(path: Path, doc_id: str, *, html: bool, author: str | None, meta: dict[str, Any]) -> Document:
    text = decode_bytes(path.read_bytes(), str(path))
    if html:
        text, found = _html_main_text(text, str(path))
        found_author = found.pop("author", None)  # the document's author, not a metadata field beside it
        author = author or found_author
        meta = {**meta, **found}
    else:
        author = author or split_author_line(text)
    return Document(id=doc_id, text=text, author=author, source=str(path), meta=meta)


def _read_pdf_file(path: Path, doc_id: str, *, author: str | None, meta: dict[str, Any]) -> Document:
    """A PDF's text layer, page by page, laid out as on the page (pypdf's layout mode), so that a blank line parts
    paragraphs and headings, as the layout rules expect; each line without its indentation, pages a blank line
    apart. Offsets index into this text."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise InputError(str(path), "reading PDF needs pypdf: pip install 'policy-stance[model]'") from None
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(str(path), "the PDF is encrypted; save an unprotected copy or its text as .txt")
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
        found = reader.metadata or {}
    except (PyPdfError, ValueError) as err:  # pypdf's own, and a damaged stream's
        raise InputError(str(path), f"not a readable PDF ({err}); save its text as .txt instead") from None
    lines = "\n\n".join(pages).splitlines()
    text = _BLANK_RUNS.sub("\n\n", "\n".join(line.strip() for line in lines)).strip()
    if not text:
        raise InputError(
            str(path), "the PDF has no text layer (a scan?); run OCR on it first, or save its text as .txt"
        )
    author = author or (str(found["/Author"]) if found.get("/Author") else None)
    meta = {**meta, **({"title": str(found["/Title"])} if found.get("/Title") else {})}
    return Document(id=doc_id, text=text, author=author, source=str(path), meta=meta)


def _html_main_text(html: str, source: str) -> tuple[str, dict[str, object]]:
    try:
        import trafilatura
    except ImportError:
        raise InputError(source, "reading HTML needs trafilatura: pip install 'policy-stance[model]'") from None

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(source, "no main text found in this HTML page; save the article body as .txt instead")
    # trafilatura gives one line per block (heading, paragraph, list item): a blank line between them keeps the layout
    # rules from reading lines as a hard-wrapped paragraph and running a heading into the sentence below it. A line
    # that goes on in lower case continues its sentence (a <br> inside a paragraph) and stays in its paragraph.
    lines = [line for line in text.splitlines() if line.strip()]
    text = "".join(
        line + ("\n" if CONTINUATION.match(following) else "\n\n") for line, following in zip(lines, [*lines[1:], ""])
    ).rstrip("\n")
    found = trafilatura.extract_metadata(html)
    meta: dict[str, object] = {}
    if found is not None:
        meta = {k: v for k, v in {"title": found.title, "author": found.author, "date": found.date}.items() if v}
    return text, meta


def _record_encoding(path: Path, sample: int = 1 << 16) -> str:
    """UTF-8 unless the file's first bytes say otherwise: a record file is streamed, so its encoding is judged on a
    sample (spreadsheets on Windows still export CSV as cp1252)."""
    with path.open("rb") as handle:
        head = handle.read(sample)
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        cut = len(head) == sample and err.reason == "unexpected end of data"  # a character cut by the sample's end
        if not cut:
            bom = next((name for mark, name in _BOMS if head.startswith(mark)), None)
            return bom or _detect_encoding(head) or "utf-8-sig"
    return "utf-8-sig"


def _read_jsonl(handle: IO[str], path: Path, doc_id: str, **options: Any) -> Iterator[Document | ReadFailure]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        fallback_id = f"{doc_id}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadFailure(
                fallback_id,
                f"{path}:{number}",
                f"{path}:{number}: malformed JSON ({err.msg} at column {err.colno}); fix or remove this line",
            )
            continue
        if not isinstance(record, dict):
            message = f"expected a JSON object per line, got {type(record).__name__}"
            yield ReadFailure(fallback_id, f"{path}:{number}", f"{path}:{number}: {message}")
            continue
        yield _record_document(record, path, number, fallback_id, **options)


def _read_csv(handle: IO[str], path: Path, doc_id: str, **options: Any) -> Iterator[Document | ReadFailure]:
    # The default limit (128 KiB) is smaller than a long report; it is the csv module's, so it is put back after.
    previous = csv.field_size_limit(_MAX_CSV_FIELD)
    try:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if options["text_key"] not in columns:
            raise InputError(
                str(path),
                f"no text column {options['text_key']!r}; the columns are {columns}. Name the text column with --text-key.",
                line=1,
            )
        start = 2  # rows start after the header line; a quoted field may span several lines
        for row in reader:
            fallback_id = f"{doc_id}:{start}"
            if None in row or None in row.values():  # DictReader's marks of a row longer or shorter than the header
                fields = len(columns) + len(row.get(None, [])) - sum(value is None for value in row.values())
                message = (
                    f"{path}:{start}: this row has {fields} fields and the header {len(columns)}; "
                    "quote fields that hold commas, or export it again as CSV"
                )
                # Its id, where the stray field cannot have shifted it (the id column before the text), for --retry-failed
                id_key = options["id_key"]
                shifted = None in row and id_key in columns and columns.index(id_key) > 0  # a stray field before it
                row_id = fallback_id if shifted else _record_id(row, options["id_key"], fallback_id)
                yield ReadFailure(row_id, f"{path}:{start}", message, options["author"])
            else:
                yield _record_document(row, path, start, fallback_id, **options)
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(previous)


def _record_document(
    record: Mapping[str, Any],
    path: Path,
    number: int,
    fallback_id: str,
    *,
    text_key: str,
    id_key: str,
    author_key: str,
    author: str | None,
    meta: dict[str, Any],
) -> Document | ReadFailure:
    doc_id = _record_id(record, id_key, fallback_id)
    source = f"{path}:{number}"
    doc_author = author or _optional_str(record.get(author_key))
    text = record.get(text_key)
    if text_key not in record:
        keys = sorted(record)
        message = f"no {text_key!r} field; the fields are {keys}. Name the text field with --text-key."
        return ReadFailure(doc_id, source, f"{source}: {message}", doc_author)
    if not isinstance(text, str):
        message = f"the {text_key!r} field must be a string, got {type(text).__name__}"
        return ReadFailure(doc_id, source, f"{source}: {message}", doc_author)
    meta = {**meta, **{k: v for k, v in record.items() if k not in {text_key, id_key, author_key}}}
    return Document(id=doc_id, text=text, author=doc_author, source=source, meta=meta)


def _record_id(record: Mapping[str, Any], id_key: str, fallback_id: str) -> str:
    given = record.get(id_key)
    return fallback_id if given is None or given == "" else str(given)


def _optional_str(value: Any) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def to_json(value: Any, **options: Any) -> str:
    """``json.dumps`` with every character as it is, or as a ``\\u`` escape where broken input left lone surrogates,
    which UTF-8 cannot encode, so that the file stays valid UTF-8.

    >>> to_json({"text": "Naïve"}), to_json({"text": "a\\ud800"})
    ('{"text": "Naïve"}', '{"text": "a\\\\ud800"}')
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    return json.dumps(value, ensure_ascii=True, **options) if has_lone_surrogates(text) else text


class AnnotationWriter:
    """Write one JSON object per line, flushed as it goes, so a long run's output is readable while it grows."""

    def __init__(self, path: str | Path, *, append: bool = False) -> None:
        self.path = Path(path)
        self.append = append

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("a" if self.append else "w", encoding="utf-8")
        return self

    def write(self, record: Mapping[str, Any]) -> None:
        # One write call per record: a run killed mid-record leaves at most one partial last line, which --resume cuts.
        self._handle.write(to_json(record) + "\n")
        self._handle.flush()

    def __exit__(self, *exc_info: object) -> None:
        self._handle.close()


def run_header_path(annotations: str | Path) -> Path:
    """Where the record of what made an annotations file lies: ``out/x.jsonl`` → ``out/x.run.json``."""
    return Path(annotations).with_suffix(".run.json")


def read_run_header(annotations: str | Path) -> dict[str, Any] | None:
    """The run header written beside an annotations file by ``stance annotate``, or ``None`` if there is none."""
    path = run_header_path(annotations)
    if not path.exists():
        return None
    try:
        header = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise StanceError(f"{path} is not a run header ({err}); delete it, or annotate again with --force") from err
    if not isinstance(header, dict):
        raise StanceError(f"{path} is not a run header (a JSON object); delete it, or annotate again with --force")
    return header


def read_annotations(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records of an annotations file written by ``stance annotate``, streamed.

    Raises :class:`InputError` for a missing file, a line that is not JSON, or a record without the ``doc_id`` and
    ``claims`` that annotation records have (an input file given where its annotations were meant, say).
    """
    path = Path(path)
    if not path.exists():  # now, not at the first record read; a pipe (/dev/fd/63) is read like a file
        raise InputError(str(path), "no such annotations file; give the output of `stance annotate`")
    if path.is_dir():
        raise InputError(str(path), "is a folder; give the annotations file `stance annotate -o` wrote")
    return _annotation_records(path)


def _annotation_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(str(path), f"malformed JSON ({err.msg}); is this an annotations file?", line=number)
            if not isinstance(record, dict) or "doc_id" not in record or "claims" not in record:
                fields = sorted(record) if isinstance(record, dict) else type(record).__name__
                raise InputError(
                    str(path),
                    f"not an annotation record (expected the fields doc_id and claims, got {fields}); "
                    "annotate the documents first (`stance annotate FILE -o annotations.jsonl`) and compare that",
                    line=number,
                )
            yield record
