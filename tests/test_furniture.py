"""The line tests on their own; where layout applies them is tests/test_layout.py's."""

import time

import pytest

from stance.furniture import BIO, TERMINAL, is_title, is_title_case, line_kind, looks_like_heading


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Author: Ann Lee", "author"),
        ("By Ann Lee and Jo Park | The Herald", "byline"),
        ("Photo: Reuters", "photo_credit"),
        ("BRUSSELS, 14 May", "dateline"),
        ("This article originally appeared in The Diplomat.", "republication"),
        ("© 2024 The Herald", "copyright"),
        ("## Sanctions", "section"),
        ("Talks must resume, and sanctions must stay.", None),
        ("By Pyongyang's own count, exports fell by half.", None),
    ],
)
def test_line_kind(line, kind):
    assert line_kind(line) == kind


def test_a_long_line_is_no_republication_note():
    note = "This article originally appeared in The Diplomat"
    assert line_kind(note + ".") == "republication"
    assert line_kind(note + ", and " + "its argument about sanctions holds " * 5 + "today.") is None


@pytest.mark.parametrize(
    "line", ["Sanctions and the Art of Waiting", "Sanctions work.", "Talks", "a b c", "The Gap [3]", "What now?"]
)
def test_a_title_is_title_case_without_a_sentence_end(line):
    assert is_title(line) == (not TERMINAL.search(line) and is_title_case(line.split()))


@pytest.mark.parametrize(
    "search",
    [
        # a superscript run is matched once, not re-split (split every way, 28 of them take seconds)
        lambda: TERMINAL.search("weapons." + "¹" * 28 + "x"),
        lambda: BIO.match("Jane Roe is " + "U.S. " * 2_000),  # the dots of abbreviations, with no full stop after
        lambda: looks_like_heading("The regime will not talk " + "🙂" * 20_000),  # an emoji run at a line's end
    ],
)
def test_patterns_take_linear_time_on_long_runs(search):
    started = time.perf_counter()
    search()
    assert time.perf_counter() - started < 0.5
