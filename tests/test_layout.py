import pytest

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
    paragraphs = [
        "Opening claim about talks.",
        "Second claim about sanctions.",
        "Kim Jong Un is the former head of nothing in particular, critics say.",
        "Third claim.",
        "Fourth claim here.",
    ]
    kinds = kinds_by_text("\n\n".join(paragraphs))
    assert kinds[paragraphs[2]] == "body"


# A real-shaped commentary page: hard-wrapped paragraphs, a closing bio with credentials, a republication line.
COMMENTARY = """Implementation Diplomacy on the Korean Peninsula

The latest missile launches show that the regime is not standing still. Sanctions
have cut its coal exports, and enforcing them is the first task of any government
that wants Pyongyang back at the table. By any fair measure, the record of pressure
is better than its critics admit.

Nothing about this is new. In 2017 the regime tested six intercontinental missiles.
By Pyongyang's own count, more than 300 people worked on the programme at Sohae
alone, and the sanctions that followed cut its revenue by a third.

Jiyoung Park (PhD in International Relations, Seoul National University) is assistant professor of political
science at Hanseo University.

This article originally appeared in The Korea Times.
"""


def test_commentary_bio_with_credentials_and_republication_line_are_not_claims():
    kinds = kinds_by_text(COMMENTARY)
    assert kinds["Implementation Diplomacy on the Korean Peninsula"] == "headline"
    bio = next(text for text in kinds if text.startswith("Jiyoung Park"))
    assert kinds[bio] == "bio"
    assert kinds["This article originally appeared in The Korea Times."] == "republication"
    assert sum(kind == "body" for kind in kinds.values()) == 2


def test_line_starting_with_by_inside_a_hard_wrapped_paragraph_stays_in_the_paragraph():
    kinds = kinds_by_text(COMMENTARY)
    paragraph = next(text for text in kinds if text.startswith("Nothing about this is new."))
    assert "By Pyongyang's own count" in paragraph and kinds[paragraph] == "body"
    first = next(text for text in kinds if text.startswith("The latest missile launches"))
    assert "By any fair measure" in first and kinds[first] == "body"


def test_republication_wording_in_the_middle_of_a_text_is_a_claim():
    paragraphs = [
        "Opening claim about talks here.",
        "Second claim about sanctions here.",
        "The freeze proposal first appeared in a 1994 memo.",
        "Third claim here now.",
        "Fourth claim here now.",
        "Fifth claim here now.",
        "Sixth claim here now.",
    ]
    kinds = kinds_by_text("\n\n".join(paragraphs))
    assert kinds[paragraphs[2]] == "body"


def test_bio_and_republication_in_one_closing_paragraph_are_not_claims():
    text = (
        "Talks must resume now, and sanctions must stay.\n\nDeterrence must be strengthened too.\n\n"
        "Min-ho Lee (MA, Korea University) is a research fellow at the Asan Institute. This article "
        "originally appeared in The Diplomat.\n"
    )
    assert [r.kind for r in find_regions(text)][:2] == ["body", "body"]
    assert find_regions(text)[-1].kind in {"bio", "republication"}


def test_editors_notes_version_lines_and_disclaimers_at_the_edges_are_not_claims():
    notes = [
        "A version of this article was published by East Asia Forum.",
        "Editor's note: this commentary was written before the summit.",
        "The opinions expressed in this article are those of the author.",
        "The views expressed here are the author's own and not those of the institute.",
        "The views expressed herein do not necessarily reflect those of the Institute.",
        "A version of this brief appeared in Foreign Policy.",
        "An earlier version of this analysis was presented at the Seoul Forum, 12 May 2019.",
        "Distributed by the Permanent Mission of the Republic of Korea to the United Nations, New York.",
        "From the records of the General Assembly, 72nd session.",
        "Adapted from a speech at Hanbit University, Seoul, 12 March 2019.",
    ]
    body = "Talks must resume now, and sanctions must stay.\n\nDeterrence must be strengthened too.\n\n"
    for note in notes:
        assert [r.kind for r in find_regions(body + note + "\n")] == ["body", "body", "republication"], note
    # The same words opening a paragraph in the middle of a text are a claim.
    middle = ["Opening claim about talks here.", "Second claim here now.", notes[2], "Third claim here now."]
    middle += ["Fourth claim here now.", "Fifth claim here now."]
    assert kinds_by_text("\n\n".join(middle))[notes[2]] == "body"


def test_a_lists_short_label_without_a_colon_is_not_run_into_its_first_item():
    text = "Pressure is working.\n\nKey takeaways\n- Sanctions have slowed the programs.\n- Talks should resume.\n"
    regions = [(r.kind, text[r.start : r.end]) for r in find_regions(text)]
    assert ("body", "- Sanctions have slowed the programs.") in regions
    for going_on in (
        "We propose three steps, and the three steps are\n- Enforce the sanctions on the books.\n",
        "Our plan.\n\nThe three steps are\n- Enforce the sanctions on the books.\n",
        "Our plan.\n\nThe steps include\n- Enforce the sanctions on the books.\n",
        "They urged action by\nSouth Korea and Japan\n- Enforce the sanctions on the books.\n",
    ):
        last = find_regions(going_on)[-1]
        assert going_on[last.start : last.end].endswith("\n- Enforce the sanctions on the books."), going_on


def test_claims_that_open_like_notes_or_bios_stay_claims_at_the_edges():
    claims = [
        "Released by the ministry, the figures show that sanctions have cut exports by half and must stay.",
        "Issued by the Security Council in 2017, Resolution 2397 has failed to stop the missile tests.",
        "A version of this policy was tried in 1994 and failed.",
        "An earlier version of the sanctions bill was tougher, and Congress should restore it.",
        "Editorials reflect a consensus that engagement has failed.",
        "The opinions expressed in this chamber today make clear that sanctions must be enforced.",
        "The views expressed here today by so many delegations confirm that dialogue is the only way forward.",
        "These views are my own, and I hold them firmly: sanctions must stay until Pyongyang disarms.",
        "From the report of the Panel of Experts, it is clear that sanctions are being evaded.",
        "This analysis is clear: sanctions have failed and talks must resume.",
        "Kim Jong Un is no economist, and sanctions will eventually break his regime.",
        "Kim Jong Un is a strategist who reads American deterrence correctly; we must not blink.",
        "Kim Jong Un runs a criminal enterprise, and sanctions should target its revenue.",
        "North Korea is a member of the United Nations and must abide by its resolutions.",
        "Published in 2017, the Panel of Experts report shows that sanctions are being evaded.",
        "Circulated to all members last week, the draft resolution would tighten the oil cap.",
        'Statement by statement, Pyongyang has told us what it wants: "recognition as a nuclear power."',
        "About half of the U.S. measures were never enforced, and they should be.",
        "About the nuclear program: it has grown every year since 2006, and talks must resume.",
        "Kim Jong Un, a former U.S. ally's guest, is no diplomat: his envoys must be met with pressure.",
    ]
    middle = "Talks must resume now.\n\nDeterrence must be strengthened too."
    for claim in claims:  # as the first and as the last paragraph of a short text, where notes and bios are looked for
        for text in (f"{claim}\n\n{middle}\n", f"{middle}\n\n{claim}\n"):
            assert [r.kind for r in find_regions(text)] == ["body"] * 3, claim


def test_closing_bios_with_abbreviations_and_a_publishers_about_paragraph_are_not_claims():
    body = (
        "Pyongyang has learned to evade the measures imposed on it.\n\nWashington should fund the sanctions monitors."
    )
    tail = [
        "Jane Roe, a former U.S. deputy assistant secretary of state, is a senior fellow at the Center for Strategy.",
        "John Doe is a former U.S. Army officer and a fellow at the Korea Institute in Washington, D.C.",
        "Mark Lee (Ph.D., Seoul National University) is an assistant professor at Yonsei University.",
        "About the author: Dr. Min Lee is a Senior Fellow at the Pacific Forum. Her research covers deterrence.",
        "About the Foundation: The Foundation is a nonpartisan research institution in Washington, D.C.",
    ]
    kinds = kinds_by_text(f"{body}\n\n" + "\n\n".join(tail) + "\n")
    assert [kinds[paragraph] for paragraph in tail] == ["bio", "bio", "bio", "bio", "republication"]
    heading = f"{body}\n\n**About CSIS**\n\nCSIS is a bipartisan, nonprofit policy research organization.\n"
    assert [r.kind for r in find_regions(heading)] == ["body", "body", "section", "republication"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Tehran now enriches uranium to 60 percent, a short\ntechnical step from weapons grade.4",  # PDF footnote
        "Sanctions must be tightened. Europe has waited far\ntoo long to close the loopholes (Smith, 2021)",
        "NATO should station a brigade in Lithuania and expand air defense (Jones & Park, 2022, p. 14)",
        "The alliance must deter further aggression. More at https://www.nato.int/x.htm",
        "Sanctions on Russia must be tightened further. Europe has waited far too long to act",
        "日本は米国との同盟を強化しなければならない。",
        "2. Enforce the sanctions already on the books",  # an item of a numbered list, in sentence case
    ],
)
def test_prose_that_ends_without_a_full_stop_is_not_a_heading(paragraph):
    text = f"Talks must resume.\n\n{paragraph}\n\nDeterrence must hold.\n"
    assert [r.kind for r in find_regions(text)] == ["body"] * 3


def test_a_pdfs_footnotes_below_a_rule_and_its_running_footer_are_not_claims():
    notes = [
        "1 UN Panel of Experts, Final Report S/2022/132, p. 45.",
        '2 See Smith (2021), "Coal Smuggling in the Yellow Sea."',
        "3 Jones, A. (2020). Freeze for Freeze. Journal of Asian Security, 12(3), 44-61.",
    ]
    footer = "Center for Strategic Policy | Policy Brief No. 42                    3"
    text = "Sanctions must be enforced.\n\nTalks should resume.\n\n____________________\n" + "\n".join(notes)
    kinds = kinds_by_text(f"{text}\n\n{footer}\n")
    assert [kinds[n] for n in notes] == ["notes"] * 3 and kinds[footer] != "body"
    # the footnotes at the foot of an earlier page too, up to the blank line below them
    pages = f"Talks should resume.\n\n____________________\n{notes[0]}\n{notes[1]}\n\nDeterrence must hold.\n"
    assert [r.kind for r in find_regions(pages)] == ["body", "section", "notes", "notes", "body"]
    # a rule between two parts of a text is no notes heading: what follows does not cite
    parts = "Sanctions must be enforced.\n\n_____\n1 Talks should resume now.\n2 The alliance must hold firm.\n"
    assert [r.kind for r in find_regions(parts)].count("notes") == 0


@pytest.mark.parametrize(
    "sentence",
    ["SANCTIONS ALONE WILL NOT STOP IRAN'S NUCLEAR PROGRAM.", "THE WEST MUST ACT NOW.", "NORTH KOREA MUST DISARM!"],
)
def test_a_sentence_in_capitals_is_a_claim(sentence):
    text = f"Talks must resume.\n\n{sentence}\n\nDeterrence must hold.\n"
    assert [r.kind for r in find_regions(text)] == ["body"] * 3


def test_newsletter_page_and_record_furniture_letters_signatures_and_reader_comments_are_not_claims():
    text = """View in browser

Talks with Pyongyang should resume before the next test.

Updated at 3:15 p.m. ET on February 22, 2024

We use cookies to improve your experience on our site.
By continuing to browse this site, you agree to our use of cookies.

The meeting rose at 11.35 a.m.

As always, thanks for reading.

Best,
Jenny Park
Editor, The Pyongyang Brief
Tel: +1 (202) 555-0143

Forward this email to a friend.
You are receiving this email because you subscribed at koreapolicy.org.
Unsubscribe | Update your preferences
© 2024 Korea Policy Institute

Correction: An earlier version of this article misstated Russia's growth rate.

Comments (3)

Ivan_K 2 hours ago
Sanctions hurt ordinary Russians, not the Kremlin. Lift them.
"""
    assert [text[r.start : r.end] for r in find_regions(text) if r.kind == "body"] == [
        "Talks with Pyongyang should resume before the next test."
    ]
    # prose that opens like such furniture stays
    for claim in (
        "Comments by the minister suggest that sanctions will stay.",
        "We use cookies as a metaphor: we must.",
    ):
        assert [r.kind for r in find_regions(f"Talks must resume.\n\n{claim}\n\nDeterrence must hold.\n")] == [
            "body"
        ] * 3, claim


def test_a_un_records_heading_procedure_and_vote_lists_are_not_claims():
    text = """9591st meeting
Thursday, 28 March 2024, 10 a.m.
New York

The meeting was called to order at 10.05 a.m.

Russia has cynically undermined the sanctions regime.

In favour:
Algeria, Ecuador, France, Guyana, Japan, Malta

Against:
Russian Federation

The meeting rose at 11.35 a.m.
"""
    assert [text[r.start : r.end] for r in find_regions(text) if r.kind == "body"] == [
        "Russia has cynically undermined the sanctions regime."
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Sanctions Work. Here's Why the West Must Keep Them",
        "The Enforcement Gap",
        "Iran Strategy 2.0",
        "2. The Enforcement Gap",
        "3.1 Options for Sanctions Relief",
        "Table of Contents\n1. Introduction ........ 1\n2. The Enforcement Gap ........ 2\nAnnex . . . . . 14",
    ],
)
def test_headings_stay_headings(heading):
    text = f"Talks must resume.\n\n{heading}\n\nDeterrence must hold.\n"
    assert [r.kind for r in find_regions(text)] == ["body", *["section"] * len(heading.splitlines()), "body"]


def test_a_long_statement_title_and_a_two_place_dateline_head_a_delivered_text():
    title = (
        "Statement by H.E. Ms. Mathilde Rosgaard, Prime Minister of the Republic of Arvendel, at the General Debate "
        "of the Seventy-Second Session of the United Nations General Assembly"
    )
    text = f"{title}\nSecurity Council, New York, 9 June 2010\n\nMr. President, sanctions must be enforced.\n"
    assert [r.kind for r in find_regions(text)] == ["headline", "dateline", "body"]
    wrapped = (
        "Statement by statement, the administration has told us it will not talk to\nNorth Korea until it disarms."
    )
    assert [r.kind for r in find_regions(f"{wrapped}\n\nTalks must resume.\n")] == ["body", "body"]
    # A sentence that opens the same way, in the body, is a claim.
    body = ["Talks must resume.", "Sanctions must stay.", "Statement by statement, the regime has defied us.", "More."]
    body += ["Deterrence matters.", "Talks again."]
    assert kinds_by_text("\n\n".join(body))[body[2]] == "body"


def test_head_blocks_with_sentence_case_headlines_names_and_dates():
    kinds = kinds_by_text(
        "Why talks with Pyongyang must resume\nBy Jane Doe\nTalks failed before. They can work now.\n"
    )
    assert kinds["Why talks with Pyongyang must resume"] == "headline" and kinds["By Jane Doe"] == "byline"
    kinds = kinds_by_text("By Jane Doe\n3 March 2024\n\nThe talks failed. They can work now.\n")
    assert kinds["By Jane Doe"] == "byline"
    kinds = kinds_by_text("By Adm. Raymond Kessler (ret.)\n\nThe talks failed. They can work now.\n")
    assert kinds["By Adm. Raymond Kessler (ret.)"] == "byline"


def test_a_question_or_exclamation_starting_with_by_is_a_claim():
    for line in ("By December, will we still be waiting?", "By God, we will prevail!"):
        assert next(r.kind for r in find_regions(f"{line}\n\nThe talks failed. They can work now.\n")) == "body"


WEB_PAGE = """Why Sanctions on North Korea Still Matter

By Jane Doe and John Smith

Listen to this article

Pyongyang's latest launch shows that the regime has not changed course.

Related: The Myth of Maximum Pressure

Dialogue still matters, but talks without leverage will produce nothing.

Sign up for our newsletter to get the latest analysis.

Topics: North Korea, Sanctions, Nuclear Weapons

Figure 2: North Korea's exports fell by 90 percent after 2017.

Source: UN Comtrade.

Jane Doe is a nonresident fellow at the Center for Korean Studies. Follow her on Twitter @janedoe.

John Smith is a senior analyst at Example Institute and a former State Department official.

Share this:
"""


def test_a_web_pages_furniture_and_closing_co_author_bios_are_not_claims():
    kinds = kinds_by_text(WEB_PAGE)
    for line in (
        "Listen to this article",
        "Related: The Myth of Maximum Pressure",
        "Share this:",
        "Sign up for our newsletter to get the latest analysis.",
        "Topics: North Korea, Sanctions, Nuclear Weapons",
        "Figure 2: North Korea's exports fell by 90 percent after 2017.",
        "Source: UN Comtrade.",
    ):
        assert kinds[line] == "furniture", line
    assert [kind for text, kind in kinds.items() if text.startswith(("Jane Doe", "John Smith"))] == ["bio", "bio"]
    assert [text for text, kind in kinds.items() if kind == "body"] == [
        "Pyongyang's latest launch shows that the regime has not changed course.",
        "Dialogue still matters, but talks without leverage will produce nothing.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Associated Press writer Hyung-jin Kim in Seoul contributed to this report.",
        "Thanks for reading Arms Control Wonk! Subscribe for free to receive new posts and support my work.",
        "Subscribe to get new posts in your inbox.",
        "For information media. Not an official record.",
        "[Whereupon, at 11:42 a.m., the committee was adjourned.]",
        "The below is attributable to Spokesperson Matthew Miller:",
        "This interview has been edited for length and clarity.",
        "Transcript generated automatically. May contain errors.",
        "(The briefing was concluded at 3:02 p.m.)",
        "Click here to read the full text of the bill.",
        "On Fri, Feb 2, 2024 at 4:30 PM Tom Harris <tom.harris@example.org> wrote:",
    ],
)
def test_press_copys_furniture_is_not_a_claim(line):
    text = f"Talks must resume now.\n\n{line}\n\nSanctions must stay in force.\n"
    assert [text[r.start : r.end] for r in find_regions(text) if r.kind == "body"] == [
        "Talks must resume now.",
        "Sanctions must stay in force.",
    ]


def test_claims_that_open_like_furniture_stay_claims():
    claims = [
        "Read more closely, the resolution bans every coal export.",
        "See also what happened in 1994: the freeze held while talks went on.",
        "Share this burden with Seoul, and deterrence will hold.",
        "Subscribe to the sanctions regime or face secondary penalties, Washington told Beijing.",
        "Readers contributed to this report in many ways, and the talks should resume.",
        "Thanks for reading the fine print: the deal lets Iran enrich after 2030.",
        "Follow the money: the regime's revenue comes from coal and cyber theft.",
        "Related measures by the European Union have closed the loopholes.",
        "Topics such as human rights must not be left off the agenda.",
        "Sources close to the talks say that a freeze is within reach.",
        "Note that the sanctions have never been fully enforced.",
        "Figures from the customs office show that coal exports have resumed.",
        "Data – not rhetoric – should guide the Council's decision on sanctions.",
        "Sources – diplomatic ones – say the deal is all but agreed.",
        "Figure 3 – drawn from the IMF's own data – shows that the debt burden is unsustainable.",
        "Data. It is the one thing the ministry refuses to publish.",
        "Note: the resolution does not bind member states, and the Council should say so plainly.",
        "Recommended action: the Security Council should renew the mandate for twelve months.",
        "Related concerns: the deal ignores the rights of detainees held without trial.",
        "See also on this point the advisory opinion of the Court, which holds that the occupation must end.",
        "Read more from the panel's own report and the picture only darkens.",
        "Listen to the story these numbers tell.",
        "Sign up to the compact, and governments receive early-warning alerts on famine.",
        "Sources: diplomats say Pyongyang is ready to talk.",
    ]
    middle = "Talks must resume now.\n\nDeterrence must be strengthened too."
    for claim in claims:  # alone between blank lines: in the middle, at the start and at the end of a text
        for text in (
            f"Talks must resume now.\n\n{claim}\n\nDeterrence must be strengthened too.\n",
            f"{claim}\n\n{middle}\n",
            f"{middle}\n\n{claim}\n",
        ):
            assert [r.kind for r in find_regions(text)] == ["body"] * 3, claim
    # a furniture line inside a paragraph is part of the paragraph
    wrapped = "Talks must resume now, and the allies\nShare this: the burden of deterrence.\n"
    assert [r.kind for r in find_regions(wrapped)] == ["body"]


def test_a_claim_that_opens_like_a_bio_before_the_closing_bio_stays_a_claim():
    text = (
        "Talks must resume now.\n\nDeterrence must be strengthened.\n\n"
        "Kim Jong Un is a former student of Swiss schools who learned nothing there.\n\n"
        "Talks and pressure can work together.\n\n"
        "Jane Doe is a nonresident fellow at the Center for Korean Studies.\n"
    )
    assert [r.kind for r in find_regions(text)] == ["body", "body", "body", "body", "bio"]


def test_footnote_markers_end_sentences_and_a_closing_list_of_notes_is_not_claims():
    text = (
        "Sanctions Still Matter\n\n"
        "We remain open to dialogue.[1] But talks cannot be an end in themselves.[2]\n\n"
        "The allies must keep enforcing the measures adopted in 2017.³\n\n"
        "Notes\n\n"
        "1. See Joint Statement, Singapore, June 12, 2018.\n"
        '2. Jane Doe, "Why Talks Fail," Journal of Korean Studies 12 (2019): 45–67.\n'
        "³ Security Council resolution 2397 (2017).\n"
    )
    kinds = kinds_by_text(text)
    assert kinds["We remain open to dialogue.[1] But talks cannot be an end in themselves.[2]"] == "body"
    assert kinds["The allies must keep enforcing the measures adopted in 2017.³"] == "body"
    assert kinds["Notes"] == "section"
    assert [kind for line, kind in kinds.items() if line.startswith(("1. See", "³ Security"))] == ["notes", "notes"]


def test_a_notes_line_without_entries_after_it_or_before_any_body_is_left_alone():
    kept = "Talks must resume now.\n\nNotes\n\nDeterrence must be strengthened too, and sanctions enforced.\n"
    assert [r.kind for r in find_regions(kept)] == ["body", "section", "body"]
    head = "Notes\n\n1. Sanctions must be enforced, and talks must resume.\n"
    assert [r.kind for r in find_regions(head)] == ["headline", "body"]


def test_a_transcript_paragraph_ending_in_a_stage_direction_is_prose_not_a_heading():
    paragraph = "We will never abandon our allies. (Applause.) And we will keep the sanctions in place. [Applause]"
    kinds = kinds_by_text(f"Remarks by the President\n\n{paragraph}\n\nThank you all.\n")
    assert kinds[paragraph] == "body"


def test_list_items_are_paragraphs_of_their_own_and_a_briefs_closing_notes_are_not_claims():
    text = (
        "# Restoring Deterrence\n\n"
        "- Washington should restore combined exercises with Seoul.\n"
        "- Sanctions enforcement must target ship-to-ship transfers\n"
        "- Talks are worth pursuing only with verification.\n\n"
        "1. The administration should appoint a special envoy\n"
        "   for talks with Pyongyang.\n"
        "2) Congress must fund missile defense in Guam.\n\n"
        "*The author thanks colleagues for comments on an earlier draft.*\n\n"
        "**About the author:** Jane Doe is a senior fellow at the Example Institute.\n"
    )
    kinds = kinds_by_text(text)
    assert kinds["- Sanctions enforcement must target ship-to-ship transfers"] == "body"
    assert kinds["1. The administration should appoint a special envoy\n   for talks with Pyongyang."] == "body"
    assert kinds["2) Congress must fund missile defense in Guam."] == "body"
    assert kinds["*The author thanks colleagues for comments on an earlier draft.*"] == "republication"
    assert kinds["**About the author:** Jane Doe is a senior fellow at the Example Institute."] == "bio"


def test_a_labelled_headline_stays_a_headline_above_its_byline():
    text = "Is the deal dead? (Analysis)\nBy Jane Doe\n\nTalks must resume now.\n\nSanctions must stay.\n"
    assert [r.kind for r in find_regions(text)] == ["headline", "byline", "body", "body"]


def test_wrapped_lines_that_open_with_a_dash_or_a_number_continue_their_sentence():
    for text in (
        (
            "North Korea's missile programme, which the Council\n– in defiance of its own resolutions – has tolerated,\n"
            "now threatens the whole region.\n"
        ),
        "The figures are on page\n12. The ministry has not disputed them.\n",
        "The plan has three parts:\n1. a ceasefire,\n2. a prisoner exchange, and\n3. elections within a year.\n",
    ):
        assert [r.kind for r in find_regions(text)] == ["body"], text


def test_notes_end_only_a_document_that_closes_with_citations():
    claims = "Talks must resume now.\n\nSanctions must stay until Pyongyang disarms.\n\n"
    later = claims + "Sources:\n\n1. Interviews with diplomats in Geneva, May 2024.\n\nDeterrence must hold too.\n"
    assert [r.kind for r in find_regions(later)][-1] == "body"
    meeting = claims + "Notes:\n\n1. The chair stressed that the parties must return to the table by June.\n"
    assert [r.kind for r in find_regions(meeting)][-1] == "body"
    numbers = claims + "References\n\n2 million people have fled since the fighting began.\n"
    assert [r.kind for r in find_regions(numbers)][-1] == "body"


def test_the_closing_bio_run_stops_at_a_claim_about_someone_else_and_thanks_that_turn_stay_claims():
    text = (
        "Talks must resume now.\n\nSanctions must stay.\n\nDeterrence must hold.\n\n"
        "Secretary Blinken served as deputy secretary when the deal was signed, and he knows its flaws better "
        "than anyone.\n\nJane Roe is a senior fellow at the Example Institute.\n\n"
        "John Doe is a former ambassador to Jordan.\n"
    )
    assert [r.kind for r in find_regions(text)] == ["body"] * 4 + ["bio", "bio"]
    turn = "The author is grateful for the government's cooperation, but cooperation is not compliance."
    assert [r.kind for r in find_regions(f"Talks must resume now.\n\n{turn}\n")] == ["body", "body"]


def test_a_transcripts_next_turn_starts_a_paragraph_even_after_a_single_line_break():
    text = "THE PRESIDENT: We will keep the pressure on until it disarms\nMR. KIRBY: We remain open to talks.\n"
    assert [text[r.start : r.end] for r in find_regions(text)] == [
        "THE PRESIDENT: We will keep the pressure on until it disarms",
        "MR. KIRBY: We remain open to talks.",
    ]
    wrapped = "The Council acted\nunder Chapter VII: it imposed sanctions.\n"
    assert [r.kind for r in find_regions(wrapped)] == ["body"]


def test_a_wrapped_line_that_opens_with_capitals_and_a_colon_stays_in_its_sentence():
    text = "The real obstacle to a deal is not the\nUS: it is China, which enforces nothing.\n"
    assert [r.kind for r in find_regions(text)] == ["body"]
    after_a_sentence = "Is engagement dead?\nZAKARIA: It is not dead.\n"
    assert [r.kind for r in find_regions(after_a_sentence)] == ["body", "body"]


def test_a_pull_quote_repeating_a_line_of_the_body_is_not_a_claim_but_a_short_refrain_is():
    source = (
        "The envoy was blunt. As she put it, sanctions without enforcement are a paper tiger that Pyongyang has "
        "learned to ignore. The Council has not listened."
    )
    pulled = "“Sanctions without enforcement are a paper tiger that Pyongyang has learned to ignore.”"
    text = f"Enforce What Exists\n\n{source}\n\n{pulled}\n\nTalks must resume, but only with pressure behind them.\n"
    kinds = kinds_by_text(text)
    assert kinds[pulled] == "pull quote"
    assert kinds[source] == "body"
    refrain = "We will not waver."  # a speech's refrain, under eight words, stays where it stands
    speech = f"{refrain}\n\nOur allies know it, and our adversaries know it: we will not waver.\n"
    assert [r.kind for r in find_regions(speech)] == ["body", "body"]
    twice = "Sanctions must be enforced by every member state without exception.\n\n" * 2  # no longer source
    assert [r.kind for r in find_regions(twice)] == ["body", "body"]
    # a speech's refrain of eight words or more, not set off as a quotation: the speaker's words, each time
    refrain = "We will never accept a nuclear North Korea."
    speech = f"{refrain}\n\nJapan lodged a protest.\n\nLet me be clear: we will never accept a nuclear North Korea.\n"
    assert [r.kind for r in find_regions(speech)] == ["body", "body", "body"]


@pytest.mark.parametrize(
    ("heading", "paragraph"),
    [
        ("3.1 Sanctions", "Sanctions have slowed but not stopped the programme. Enforcement gaps remain significant."),
        ("Purpose", "This paper sets out three options for resuming talks with the DPRK."),
        ("Option A: Quiet outreach", "We would use existing channels in New York to propose a first meeting."),
        ("11:58 GMT", "Japan's defence ministry says the missile landed outside its economic zone."),
    ],
)
def test_a_heading_set_directly_above_its_paragraph_is_not_run_into_it(heading, paragraph):
    text = f"Deterrence is necessary but not sufficient.\n\n{heading}\n{paragraph}\n\nTalks must resume soon.\n"
    kinds = kinds_by_text(text)
    assert kinds[heading] == "section"
    assert kinds[paragraph] == "body"


@pytest.mark.parametrize(
    "paragraph",
    [
        # hard-wrapped: the lines are of about one length, or the second goes on in lower case
        (
            "The talks held in Hanoi in 2019 collapsed after the two sides failed to agree on\n"
            "Sanctions relief, and the United States walked away from the table that day."
        ),
        "North Korea\nthe regime has ignored every offer made to it since then.",
        "Talks in Hanoi and\nSeoul have both failed to move the regime an inch since then.",
        "The sanctions imposed on\nNorth Korea since 2006 have failed to stop the programme from growing.",
        "And so, my fellow Americans\nAsk not what your country can do for you, ask what you can do for it.",
        "The choice is simple --\nEither we enforce the sanctions on the books or we watch them erode away.",
        # a list's first item, and a list that lost its bullets
        "1. Renew the mandate\n2. Enforce the existing sanctions on coal, oil and seafood without exception.",
        "Step 1: Renew the mandate\nStep 2: Enforce the existing sanctions on coal, oil and seafood exports.",
        "Renew the mandate now\nEnforce the existing sanctions on coal, oil and seafood exports without fail.",
    ],
)
def test_the_first_line_of_a_wrapped_paragraph_is_not_a_heading(paragraph):
    text = f"Deterrence is necessary but not sufficient.\n\n{paragraph}\n\nTalks must resume soon.\n"
    assert {r.kind for r in find_regions(text)} == {"body"}


def test_a_pages_see_also_and_external_links_lists_are_not_claims_but_a_list_of_demands_is():
    text = (
        "Sanctions against North Korea have been imposed by the United Nations since 2006.\n\n"
        "See also\n - Sanctions against Iran\n - Six-party talks\n\n"
        "External links\n - UN Security Council Committee established pursuant to resolution 1718\n"
    )
    kinds = kinds_by_text(text)
    assert kinds["See also"] == kinds["External links"] == "section"
    assert [kind for line, kind in kinds.items() if line.startswith(" - ")] == ["notes"] * 3
    demands = (
        "Talks must resume.\n\nWe ask three things:\n- Enforce the sanctions on the books\n- Keep the hotline open\n"
    )
    assert [r.kind for r in find_regions(demands)] == ["body", "body", "body", "body"]


def test_an_emails_quoted_reply_report_cover_and_signature_are_not_claims():
    text = (
        "Thanks for the draft. I don't think we should recommend new sectoral sanctions.\n\n"
        "Congressional Research Service\nhttps://crsreports.congress.gov\nR41259\n\n"
        "On Fri, Feb 2, 2024 at 4:30 PM Tom Harris <tom@example.org> wrote:\n"
        "> Karen, attached is the draft memo. Comments welcome by Monday.\n"
        "> The main recommendation is more sectoral sanctions.\n\n"
        "--\nKaren Liu | Senior Analyst\nCenter for Korean Policy\nThis email and any attachments are confidential.\n"
    )
    assert [r.kind for r in find_regions(text)] == ["body"] + ["furniture"] * 10
    dashes = (
        "Talks must resume.\n\n--\n\nSanctions must stay in force until the regime changes course, and no sooner.\n"
    )
    assert [r.kind for r in find_regions(dashes)][-1] == "body"  # a rule before a closing paragraph, no signature


def test_stacked_headings_and_a_heading_over_a_list_are_headings():
    stacked = "Our findings are clear.\n\n2. Data and Methods\n2.1 The Missile Events Dataset\nOur data cover 312 launches from 1984 to 2023, by type.\n"
    kinds = kinds_by_text(stacked)
    assert kinds["2. Data and Methods"] == kinds["2.1 The Missile Events Dataset"] == "section"
    listed = (
        "Talks must resume.\n\n**Sanctions and Diplomacy**\n- The United States remains open to talks at any level.\n"
    )
    assert kinds_by_text(listed)["**Sanctions and Diplomacy**"] == "section"


def test_a_cables_paragraph_marked_c_and_a_sentence_about_editing_are_claims():
    text = (
        "Talks must resume.\n\n(C) The Ambassador pressed Foreign Minister Lavrov on the coal shipments to Nampo.\n\n"
        "This conversation was edited out of the official record.\n\n(c) 2024 The Herald. All rights reserved.\n"
    )
    assert [r.kind for r in find_regions(text)] == ["body", "body", "body", "furniture"]


def test_a_closing_post_with_a_link_a_postscript_after_a_rule_and_demands_after_a_see_also_list_stay_claims():
    post = "Talks now.\n\nSanctions relief for Iran would be a historic mistake\nhttps://t.co/AbC123xyz\n"
    assert [r.kind for r in find_regions(post)] == ["body", "body"]
    postscript = (
        "The Council met in April and voted.\n\n--\n\nPostscript: since this was written, the Council has voted to\n"
        "extend the mandate by a year, which shows that pressure works.\n"
    )
    assert find_regions(postscript)[-1].kind == "body"
    demands = (
        "Sanctions have been imposed since 2006.\n\nSee also\n- Sanctions against North Korea\n- Six-party talks\n\n"
        "- The Council must renew the panel now.\n- China must enforce the coal ban.\n"
    )
    assert [r.kind for r in find_regions(demands)] == ["body", "section", "notes", "notes", "body", "body"]


def test_a_headline_ending_in_a_date_or_a_symbol_stays_a_headline_and_emoji_bullets_with_a_selector_open_items():
    text = (
        "How the war on terror reshaped foreign policy after 9/11\n\n"
        "Why the sanctions regime on North Korea is failing ★\n\n"
        "Talks must resume now, the minister said.\n\nThree takeaways:\n"
        "☑️ Extended deterrence must be credible\n☑️ Sanctions enforcement has collapsed at the UN\n"
    )
    kinds = kinds_by_text(text)
    assert kinds["How the war on terror reshaped foreign policy after 9/11"] == "headline"
    assert kinds["Why the sanctions regime on North Korea is failing ★"] in ("headline", "section")
    assert kinds["☑️ Extended deterrence must be credible"] == "body"
    assert kinds["☑️ Sanctions enforcement has collapsed at the UN"] == "body"


def test_an_author_year_reference_list_is_notes():
    text = (
        "Sanctions rarely change nuclear behavior (Drezner 1999).\n\nReferences\n"
        "Drezner, Daniel W. 1999. The Sanctions Paradox. Cambridge: Cambridge University Press.\n"
        "Haggard, Stephan, and Marcus Noland. 2017. Hard Target. Stanford, CA: Stanford University Press.\n"
    )
    assert [r.kind for r in find_regions(text)] == ["body", "section", "notes", "notes"]


def test_a_letters_signature_and_its_note_on_the_writer_are_not_claims():
    text = (
        "To the Editor:\n\nSanctions without a diplomatic track leave us with one policy: waiting. It has failed.\n\n"
        "Margaret H. Lin\nArlington, Va.\nThe writer is a former Foreign Service officer who served in Seoul.\n"
    )
    kinds = kinds_by_text(text)
    assert kinds["The writer is a former Foreign Service officer who served in Seoul."] == "bio"
    assert [kind for kind in kinds.values() if kind == "body"] == ["body"]
    middle = (
        "Talks must resume.\n\nThe writer is right about one thing: sanctions bite.\n\nDeterrence must hold.\n\nFine."
    )
    assert kinds_by_text(middle)["The writer is right about one thing: sanctions bite."] == "body"


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("Sanctions on North Korea are working and must stay", ["Sanctions on North Korea are working and must stay"]),
        ("We need talks with Pyongyang now #diplomacy", ["We need talks with Pyongyang now #diplomacy"]),
        (  # a line each, unless a line goes on in the next
            "Sanctions are working against Pyongyang\nTalks with Kim are a trap\nWe need deterrence with\nSeoul now",
            [
                "Sanctions are working against Pyongyang",
                "Talks with Kim are a trap",
                "We need deterrence with\nSeoul now",
            ],
        ),
    ],
)
def test_a_text_of_lines_without_full_stops_is_its_authors_words_not_headings(text, paragraphs):
    assert [text[r.start : r.end] for r in find_regions(text) if r.kind == "body"] == paragraphs


def test_a_line_without_a_full_stop_among_paragraphs_is_still_a_heading():
    kinds = kinds_by_text("Sanctions Work\n\nThey have cut exports by half. They must stay.\n\nTalks Next\n\nNot yet.")
    assert kinds["Sanctions Work"] == "headline"
    assert kinds["Talks Next"] == "section"


def test_a_sentence_case_headline_over_a_wire_dateline_is_a_headline():
    text = "North Korea fires missile over Japan\nSEOUL, Oct 4 (Reuters) - North Korea fired a missile on Tuesday."
    assert kinds_by_text(text)["North Korea fires missile over Japan"] == "headline"
    text = (
        "The ministry said on Monday that\nSEOUL, Oct 4 (Reuters) - South Korea would respond."  # a sentence going on
    )
    assert list(kinds_by_text(text).values()) == ["body"]


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        # a post's closing line without a full stop, alone after its last paragraph
        (
            "Kim has tested 30 missiles this year.\n\nSanctions alone will not stop him",
            ["Kim has tested 30 missiles this year.", "Sanctions alone will not stop him"],
        ),
        # not a page's label, counter or signature there
        ("Kim tested 30 missiles.\n\nMedia contact: Emily Ross, (202) 555-0147", ["Kim tested 30 missiles."]),
        ("Kim tested 30 missiles.\n\n48 comments • 19 reposts", ["Kim tested 30 missiles."]),
        ("We will respond decisively.\n\nJohn Kirby, NSC spokesperson", ["We will respond decisively."]),
        ("Relief must wait for verified steps.\n- Senator Ruth Calder", ["Relief must wait for verified steps."]),
        # items with one bullet, whatever their case
        (
            "- keep sanctions in place\n- restart working-level talks\n- expand family reunions",
            ["- keep sanctions in place", "- restart working-level talks", "- expand family reunions"],
        ),
    ],
)
def test_the_lines_after_a_posts_last_paragraph(text, paragraphs):
    assert [text[r.start : r.end] for r in find_regions(text) if r.kind == "body"] == paragraphs


POST = "North Korea launched another missile on Tuesday. The Council must respond with one voice."


@pytest.mark.parametrize(
    "text",
    [
        POST + "\n\nReuters contributed to this report",  # a closing line that is a page's, not a sentence
        POST + "\n\nThank you very much",
        POST + "\n\nThis page was last updated in March 2023",
        POST + "\n\n" + "The Council met again on Wednesday. " * 90 + "\n\nSanctions alone will not stop him",  # a page
        "Contents\n\n1. Introduction ........ 3\n2. Sanctions and their effects on trade ........ 5",
        "Table of Contents\nExecutive summary and key findings\nSanctions and their effects on trade",
        "Provisional agenda\n\nAdoption of the agenda\n\nLetter dated 2 May from the Permanent Representative",
    ],
)
def test_a_pages_lone_lines_stay_furniture(text):
    lines = [line for line in text.split("\n") if line.strip()]
    body = [text[r.start : r.end] for r in find_regions(text) if r.kind == "body"]
    assert not any(line in body for line in lines[1:] if line != POST and "Council met" not in line)


def test_items_and_headings_the_post_rules_leave_alone():
    text = (
        "The Secretary-General called for:\n- an immediate ceasefire,\n- unimpeded access, and\n- the release of all."
    )
    assert len([r for r in find_regions(text) if r.kind == "body"]) == 1  # one sentence across its items
    text = "Sanctions cut exports by half.\n\n3.1 The case against\nCritics argue that sanctions hurt people. They do."
    assert kinds_by_text(text)["3.1 The case against"] == "section"
    text = "The Council should act.\n\n- Renew the Panel of Experts"  # a list's last item, not a sign-off
    assert kinds_by_text(text)["- Renew the Panel of Experts"] == "body"
    text = "We must keep sanctions until\nPyongyang takes verifiable steps"  # a post's lines that go on
    assert [r.kind for r in find_regions(text)] == ["body"]
