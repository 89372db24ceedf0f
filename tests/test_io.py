import codecs
import json

import pytest

from stance.errors import InputError
from stance.io import ReadFailure, decode_bytes, read_annotations, read_documents, split_author_line
from stance.types import Document


def read(paths, **options):
    return list(read_documents(paths, **options))


def test_author_line_rule(tmp_path):
    (tmp_path / "a.txt").write_text("Author: Ann Lee\n\nTalks now.")
    (tmp_path / "b.md").write_text("# Title\n\nAuthor: Not Me\n")
    docs = read([tmp_path])
    assert [(d.id, d.author) for d in docs] == [("a", "Ann Lee"), ("b", None)]
    assert docs[0].text == "Author: Ann Lee\n\nTalks now."  # the text is kept whole so offsets match the file
    assert read([tmp_path], author="Override")[0].author == "Override"


def test_directory_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "z.txt").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert [d.id for d in read([tmp_path])] == ["a", "sub/z"]


def test_latin1_and_cp1252_are_detected(tmp_path):
    text = "Les sanctions économiques n’ont pas fonctionné — il faut négocier à Genève, déclare le ministère."
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "l1.txt").write_bytes(text.replace("’", "'").replace("—", "-").encode("latin-1"))
    docs = read([tmp_path])
    assert docs[0].text == text
    assert "économiques" in docs[1].text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_unicode_text_with_a_byte_order_mark_is_decoded(tmp_path, encoding):
    text = "Les sanctions n’ont pas fonctionné — il faut négocier.\r\n"
    bom = codecs.BOM_UTF16_BE if encoding == "utf-16-be" else b""  # Python's "utf-16" and "utf-32" write their own
    (tmp_path / "notepad.txt").write_bytes(bom + text.encode(encoding))
    (tmp_path / "sheet.csv").write_bytes(bom + f'id,text\r\nr1,"{text.strip()}"\r\n'.encode(encoding))
    assert [d.text for d in read([tmp_path / "notepad.txt", tmp_path / "sheet.csv"])] == [text, text.strip()]


def test_binary_file_is_a_failure_naming_the_file(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    [failure] = read([tmp_path / "blob.txt"])
    assert isinstance(failure, ReadFailure)
    assert "blob.txt" in failure.error and ("binary" in failure.error or "not text" in failure.error)


def test_missing_path_is_a_failure(tmp_path):
    [failure] = read([tmp_path / "nope.txt"])
    assert isinstance(failure, ReadFailure) and "no such file" in failure.error


def test_jsonl_keys_and_bad_lines_are_reported_with_line_numbers(tmp_path):
    lines = [
        json.dumps({"doc": "x1", "body": "Talks now.", "who": "Ann"}),
        "{not json",
        json.dumps({"doc": "x3", "who": "Ann"}),
        json.dumps({"doc": "x4", "body": 42}),
        "",
        json.dumps([1, 2]),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = read([path], text_key="body", id_key="doc", author_key="who")
    assert isinstance(items[0], Document) and (items[0].id, items[0].author) == ("x1", "Ann")
    errors = [i.error for i in items[1:]]
    assert f"{path}:2: malformed JSON" in errors[0]
    assert f"{path}:3: no 'body' field" in errors[1]
    assert f"{path}:4: the 'body' field must be a string" in errors[2]
    assert f"{path}:6: expected a JSON object" in errors[3]


def test_csv_with_embedded_newlines_and_quotes(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text('id,text,author\n1,"Line one\nline ""two""",Ann\n2,Plain,Bob\n', newline="")
    docs = read([path])
    assert [(d.id, d.text, d.author, d.source) for d in docs] == [
        ("1", 'Line one\nline "two"', "Ann", f"{path}:2"),
        ("2", "Plain", "Bob", f"{path}:4"),
    ]


def test_csv_rows_longer_or_shorter_than_the_header_are_failures_not_shifted_fields(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("id,text,year\nd1,Talks must resume, now,2017\nd2,Short\nd3,Whole,2018\n,No id,2019\n")
    longer, shorter, whole, unnamed = read([path])
    assert (longer.id, shorter.id) == ("d1", "d2")  # as the rows will be called once fixed (--retry-failed)
    assert unnamed.id == "docs:5"  # numbered from the file's id, whatever came before
    path.write_text("text,id\nTalks must resume, now,d1\n")  # the stray comma shifts the id column too
    [shifted] = read([path])
    assert isinstance(shifted, ReadFailure) and shifted.id == "docs:2"
    assert isinstance(longer, ReadFailure) and "4 fields and the header 3" in longer.error and "quote" in longer.error
    assert isinstance(shorter, ReadFailure) and "2 fields and the header 3" in shorter.error
    assert (whole.id, whole.text, whole.meta) == ("d3", "Whole", {"year": "2018"})


@pytest.mark.parametrize(
    "text",
    [
        "Les sanctions économiques n’ont pas fonctionné — il faut négocier à Genève, déclare le ministère.",
        "Naïve talk – not müssen.",  # short: cp1250 reads it as cleanly as cp1252 ("naďve")
    ],
)
def test_cp1252_records_and_text_files_are_decoded_as_cp1252(tmp_path, text):
    (tmp_path / "docs.csv").write_bytes(f'id,text\n1,"{text}"\n'.encode("cp1252"))
    (tmp_path / "doc.txt").write_bytes(text.encode("cp1252"))
    assert [d.text for d in read([tmp_path / "docs.csv", tmp_path / "doc.txt"])] == [text, text]


@pytest.mark.parametrize("text", ["’", "x’", "“No”"])
def test_a_few_cp1252_bytes_are_read_as_cp1252(text):
    assert decode_bytes(text.encode("cp1252")) == text


def test_a_record_file_whose_encoding_changes_after_its_start_is_logged(tmp_path, caplog):
    rows = [f'{i},"Talks must resume now, number {i}."' for i in range(3000)]  # over 64 KiB of ASCII
    path = tmp_path / "docs.csv"
    path.write_bytes(("id,text\n" + "\n".join(rows) + "\nlast,Pyongyang’s café diplomacy\n").encode("cp1252"))
    with caplog.at_level("WARNING", logger="stance"):
        docs = read([path])
    assert len(docs) == 3001 and "Save the file as UTF-8" in caplog.text and f"{path}:3002" in caplog.text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zażółć gęślą jaźń: sankcje nie działają, a rozmowy trzeba wznowić.", "cp1250"),
        ("Санкции должны остаться.", "cp1251"),  # short, and still not Windows-1252
    ],
)
def test_other_code_pages_are_still_detected(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


def test_record_ids_are_numbered_from_the_files_id_and_an_id_of_zero_is_kept(tmp_path):
    for year in ("2017", "2018"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "speeches.jsonl").write_text(json.dumps({"text": "Talks now."}) + "\n")
    assert [d.id for d in read([tmp_path])] == ["2017/speeches:1", "2018/speeches:1"]
    path = tmp_path / "z.jsonl"
    path.write_text(json.dumps({"id": 0, "text": "Talks now.", "author": "  "}) + "\n")
    [doc] = read([path])
    assert (doc.id, doc.author) == ("0", None)


def test_files_given_one_by_one_with_the_same_name_get_distinct_ids(tmp_path):
    for year in ("2017", "2018"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "oped.txt").write_text("Author: \n\nTalks now.")
    docs = read([tmp_path / "2017" / "oped.txt", tmp_path / "2018" / "oped.txt"])
    assert [d.id for d in docs] == ["2017/oped", "2018/oped"]  # the shortest tails of their paths that differ
    assert docs[0].author is None  # an empty Author: line names nobody
    assert [d.id for d in read([tmp_path / "2017" / "oped.txt"])] == ["oped"]
    given_twice = read([tmp_path / "2017" / "oped.txt", tmp_path / "2018" / "oped.txt", tmp_path / "2018" / "oped.txt"])
    assert given_twice[0].id == "oped"  # the one distinct file keeps its short name; the copies cannot be told apart
    assert given_twice[1].id == given_twice[2].id == (tmp_path / "2018" / "oped.txt").as_posix()
    (tmp_path / "2017" / "oped.md").write_text("Talks now.")
    assert [d.id for d in read([tmp_path / "2017"])] == ["oped.md", "oped.txt"]
    assert [d.id for d in read([tmp_path / "2017", tmp_path / "2018" / "oped.txt"])] == [
        "2017/oped.md",
        "2017/oped.txt",
        "2018/oped.txt",
    ]


def test_csv_without_text_column_is_a_failure_naming_the_columns(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("id,body\n1,x\n")
    [failure] = read([path])
    assert "no text column 'text'" in failure.error and "--text-key" in failure.error


def test_html_main_text_and_meta_author(tmp_path):
    article = " ".join(["Sanctions must be enforced by every member state without exception."] * 6)
    html = (
        "<html><head><title>T</title><meta name='author' content='Ji-ho Lee'>"
        "<script>var evil = 'Sanctions script text';</script></head><body><nav>Home | About</nav>"
        f"<article><h1>Statement</h1><p>{article}</p><p>The door to dialogue remains open to all.</p></article>"
        "<footer>Copyright 2024</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html)
    [doc] = read([tmp_path])
    assert doc.author == "Ji-ho Lee"
    assert "door to dialogue" in doc.text and "evil" not in doc.text and "Home | About" not in doc.text
    # one block a paragraph, so that a heading is not read into the sentence below it
    assert "\n\nThe door to dialogue remains open to all." in doc.text and "\n\n\n" not in doc.text
    # a line break inside a paragraph (<br>) before a lower-case word keeps the sentence in one paragraph
    (tmp_path / "page.html").write_text(html.replace("to all.", "to all<br>members, large and small."))
    [doc] = read([tmp_path])
    assert "\n\nThe door to dialogue remains open to all\nmembers, large and small." in doc.text


def write_pdf(path, paragraphs, metadata=None):
    """A one-page PDF with a text layer (TrueType text, as word processors write), paragraphs a blank line apart."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context({"pdf.fonttype": 42}):
        figure, y = plt.figure(figsize=(8.5, 11)), 0.95
        for paragraph in paragraphs:
            for line in paragraph:
                figure.text(0.1, y, line, fontsize=11)
                y -= 0.0165
            y -= 0.02
        figure.savefig(path, metadata=metadata)
        plt.close(figure)


def test_a_pdfs_text_layer_is_read_with_its_paragraphs(tmp_path):
    paragraphs = [
        ["Closing the Gaps"],
        [
            "Pyongyang has evaded the coal ban for years, and enforcement has lapsed since the",
            "Panel of Experts was disbanded. Washington should fund a successor mechanism.",
        ],
        ["Deterrence must remain credible. The alliance should expand combined exer-", "cises and drills."],
    ]
    write_pdf(tmp_path / "brief.pdf", paragraphs, metadata={"Author": "Jane Roe", "Title": "Closing the Gaps"})
    write_pdf(tmp_path / "scan.pdf", [])  # a page without text, as a scan without OCR
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    brief, broken, scan = read([tmp_path])
    assert brief.text == "\n\n".join("\n".join(lines) for lines in paragraphs)
    assert brief.author == "Jane Roe" and dict(brief.meta) == {"title": "Closing the Gaps"}
    assert isinstance(broken, ReadFailure) and "not a readable PDF" in broken.error
    assert isinstance(scan, ReadFailure) and "no text layer" in scan.error


def test_decode_bytes_rejects_binary_and_accepts_utf8_bom():
    assert decode_bytes("\ufeffTalks".encode("utf-8")) == "Talks"
    with pytest.raises(InputError):
        decode_bytes(b"\x00\x01\x02\x03" * 100)


def test_a_jsonl_file_saved_with_a_byte_order_mark_reads_its_first_record(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "Talks now."}\n{"id": "b", "text": "No talks."}\n', encoding="utf-8-sig")
    assert [d.id for d in read([path])] == ["a", "b"]


def test_split_author_line():
    assert split_author_line("  Author:  Kim Min \r\nText") == "Kim Min"
    assert split_author_line("Text\nAuthor: Kim") is None
    for line_end in ("\r", "\u2028", "\x0c"):  # an old Mac file, a line separator, pdftotext's form feed
        assert split_author_line(f"Author: Kim Min{line_end}Talks must resume.") == "Kim Min"


def test_read_file_reports_a_missing_file_under_its_planned_id_and_skips(tmp_path):
    from stance.io import read_file

    [missing] = list(read_file(tmp_path / "gone.txt", "folder/gone", author="Kim"))
    assert isinstance(missing, ReadFailure) and missing.doc_id == "folder/gone" and missing.author == "Kim"
    (tmp_path / "d.jsonl").write_text("".join(f'{{"id": "r{i}", "text": "t"}}\n' for i in range(4)))
    assert [d.id for d in read_file(tmp_path / "d.jsonl", "d", skip=3)] == ["r3"]


def test_a_folder_without_readable_files_is_logged(tmp_path, caplog):
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    with caplog.at_level("WARNING", logger="stance"):
        assert read([tmp_path]) == []
    assert f"{tmp_path} holds no" in caplog.text and ".txt" in caplog.text


def test_reading_annotations_refuses_a_missing_file_and_records_that_are_not_annotations(tmp_path):
    with pytest.raises(InputError, match="no such annotations file"):
        read_annotations(tmp_path / "absent.jsonl")  # at the call, before any record is read
    with pytest.raises(InputError, match="is a folder"):
        read_annotations(tmp_path)
    inputs = tmp_path / "speeches.jsonl"  # the input documents, given where their annotations were meant
    inputs.write_text(json.dumps({"id": "a", "text": "Sanctions work.", "year": 2000}) + "\n")
    with pytest.raises(InputError, match=r"speeches.jsonl:1: not an annotation record .*\['id', 'text', 'year'\]"):
        list(read_annotations(inputs))
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"doc_id": "a", "claims": []}) + "\n\n")
    assert list(read_annotations(good)) == [{"doc_id": "a", "claims": []}]
