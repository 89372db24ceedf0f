from stance.layout import find_regions
from tests.conftest import NEWS_ARTICLE


def kinds_by_text(text: str) -> dict[str, str]:
    return {text[r.start : r.end]: r.kind for r in find_regions(text)}


def test_news_layout_marks_every_non_claim_line():
    kinds = kinds_by_text(NEWS_ARTICLE)
    assert kinds["Author: Rafael Moreno"] == "author"
    assert kinds["Time to Rethink Washington's Korea Playbook"] == "headline"
    assert kinds["By Rafael Moreno"] == "byline"
    assert kinds["WASHINGTON, March 14"] == "dateline"
    assert kinds["Photo: A soldier stands guard at Panmunjom. (Photo credit: Seo Jun-ho / Reuters)"] == "photo_credit"
    assert kinds["This article originally appeared in The Restraint Review."] == "republication"
    bio = "Rafael Moreno is a visiting scholar in grand strategy at the Center for Foreign Policy Realism."
    assert kinds[bio] == "bio"
    assert sum(kind == "body" for kind in kinds.values()) == 2


def test_body_sentence_starting_with_by_is_not_a_byline():
    text = "By implementation diplomacy I mean enforcing sanctions and talking at once."
    assert [r.kind for r in find_regions(text)] == ["body"]


def test_short_standalone_sentence_stays_a_claim_but_a_section_label_does_not():
    text = "Intro paragraph here that argues something.\n\nWhy pressure matters\n\nThat is a mistake.\n"
    kinds = kinds_by_text(text)
    assert kinds["Why pressure matters"] == "section"
    assert kinds["That is a mistake."] == "body"


def test_hard_wrapped_lines_form_one_paragraph():
    text = "Sanctions on the regime have\nnot worked and never will.\n\nNext paragraph is here now."
    regions = find_regions(text)
    assert [(r.kind, text[r.start : r.end]) for r in regions] == [
        ("body", "Sanctions on the regime have\nnot worked and never will."),
        ("body", "Next paragraph is here now."),
    ]


def test_bio_pattern_in_the_middle_of_a_text_is_a_claim():
    paragraphs = ["Opening claim about talks.", "Second claim about sanctions.",
                  "Kim Jong Un is the former head of nothing in particular, critics say.",
                  "Third claim.", "Fourth claim here."]
    kinds = kinds_by_text("\n\n".join(paragraphs))
    assert kinds[paragraphs[2]] == "body"
