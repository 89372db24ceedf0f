"""Find the parts of a document that are not claims: headlines, bylines, datelines, credits, bios, section labels.

Works line by line on the raw text, so offsets stay exact and no NLP model is needed:

1. lines matching a strong pattern (``By NAME``, ``Photo:``, ``BRUSSELS, 14 May``, ``Author:``…) are non-claims;
2. a run of consecutive lines, between blank or non-claim lines, is a heading block when *every* line in it looks like
   a heading (short, unpunctuated or title-cased) or a name (``Ruth Abernathy, Asheville, N.C.``); hard-wrapped prose
   never qualifies because its paragraphs end in a full stop;
3. a line standing alone between blank lines that is a web page's furniture (``Share this:``, ``Related: …``,
   ``Figure 2: …``) is a non-claim anywhere, and so is a closing list of cited notes after a ``Notes`` line;
4. consecutive body lines form paragraphs (a list item starts its own), and paragraphs at the edges of the document
   that read like an author bio, an acknowledgement or a republication note (``Adapted from remarks…``) are
   non-claims too; a text may close with several bios.

The rules are scored on the corpus' annotated non-claims by ``scripts/evaluate_segmentation.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from stance.speakers import SPEAKER_LINE, STAGE_DIRECTION, TITLED_SPEAKER_LINE
from stance.text import CONTINUATION, LINE_BREAKS

# A footnote or reference marker: "[6]", "[1, 2]", "[8-9]", "³", and Wikipedia's "[a]", "[note 1]", "[citation
# needed]" and "[7]: 45" (a page).
FOOTNOTE_MARKER = (
    r"\[(?:\d{1,3}(?:[,–-]\s?\d{1,3})*|[a-z]{1,2}|note \d{1,3}|citation needed)\](?::\s?\d{1,4})?"
    r"|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}(?![¹²³⁴⁵⁶⁷⁸⁹⁰])"  # never a part of a longer run: repeated, it would backtrack exponentially
)
# PDF text's superscript footnote number, flattened: a plain number right after the full stop of a lower-case word or a
# bracket ("weapons grade.4", "(P.L. 114-122).2"), not after a number ("in 2017.12") or within one ("2.0").
PLAIN_FOOTNOTE = r"(?<=[a-z)][.!?…])\d{1,3}(?![\w.,]?\d)"
# A sentence's end, with the closing quotes and brackets that may follow it and a footnote marker, a transcript's
# stage direction or a news agency's credit after them ("… in themselves.[2]", "… in 2017.³", "… its weapons.
# [Applause]", "… (AP)"): a line ending so is prose, not a heading.
_TERMINAL = re.compile(
    rf"[.!?…。！？][\"'”’)\]*_]*(?:(?:{FOOTNOTE_MARKER})+|{PLAIN_FOOTNOTE}|\s*{STAGE_DIRECTION}"
    r"|\s*[\[(](?i:AP|AFP|Reuters|Yonhap|KCNA|citation needed)[.!]?[\])])?\s*$"
)
# A sentence's end inside a line, before the next sentence's capital: a heading rarely holds two sentences.
_INTERNAL_STOP = re.compile(r"[a-z][.!?…][\"'”’)]*\s+[\"'“‘(]*[A-Z]")
_MIN_PROSE_WORDS = 8
# A heading set directly above its paragraph: at most this many words, and not ending in a word that goes on.
_MAX_RUN_IN_HEADING_WORDS = 8
_OPEN_ENDING = re.compile(
    r"(?:\b(?:and|or|the|of|to|a|an|in|on|at|for|from|with|by|as|into|than|that|is|are|was|were|will|would|not|its"
    r"|their|his|her|our|this|these)|,|--|—|–)$"
)
# A heading's own shape: a section's number ("2.1 Nuclear forces"), a time ("11:58 GMT"), a label ("Option A: …").
_RUN_IN_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?\s+[A-Z]|\d{1,2}:\d{2}\b|[A-Z][\w-]*(?: [A-Z0-9][\w-]*)?: [A-Z]")
# A photo caption's credit, which ends it without a full stop: "… in Pyongyang. Photo courtesy of KCNA via Reuters",
# "… on Monday. (Getty Images/Jung Yeon-je)".
_AGENCY = r"(?:Getty|AP|AFP|Reuters|EPA|Yonhap|KCNA|Bloomberg|Shutterstock|Xinhua|Kyodo|Alamy)"
_CREDIT_END = re.compile(
    rf"(?:\b(?:(?:file )?photos?|images?|pictures?)\b[^.]{{0,40}}\b(?:courtesy|credit|by|via)\b[^.]*"
    rf"|\bcourtesy of [^.]*|\([^()]*\b{_AGENCY}\b[^()]*\))\s*$",
    re.IGNORECASE,
)
# An author-year or page citation that closes a sentence without a full stop: "(Smith, 2021)", "(Jones & Park, 2022,
# p. 14)", "(p. 14)".
_CITATION_END = re.compile(
    r"\((?:[A-Z][^()]{0,80}?,? (?:1[89]|20)\d\d[a-z]?(?:, pp?\. ?\d+(?:[–-]\d+)?)?|pp?\. ?\d+(?:[–-]\d+)?)\)\.?\s*$"
)
# What closes a post's or a wire story's sentence in place of its full stop, or after it: hashtags ("… shrinking.
# #NorthKorea #DPRK"), a thread's counter ("… warning. 2/7"), an emoji, a wire story's end ("-30-", "-0-"); with a
# footnote marker ("… programme[6]"), what makes a line without a full stop prose (``_SOCIAL_END``).
SOCIAL_END = (
    r"(?:(?:\s+#\w+|\s*[\U0001F300-\U0001FAFF]\ufe0f?)+(?:\s+\d{1,2}/\d{1,2})?"  # tags or emoji, then a counter
    r"|(?<=[.!?…\"”’])\s+\d{1,2}/\d{1,2}|\s+-(?:0|30)-)\s*$"  # a counter after a full stop ("after 9/11" is a date)
)
_SOCIAL_END = re.compile(rf"(?:{FOOTNOTE_MARKER}\s*$|{SOCIAL_END})")
# The heading of a closing list of notes or references, and the marker that opens each entry ("1.", "[2]", "³", or an
# author and a year: "Drezner, Daniel W. 1999. …").
_NOTES_HEADING = re.compile(
    r"^[#*_\s]*(?:end ?notes|foot ?notes|notes|references|sources|bibliography|works cited)\s*:?[*_\s]*$",
    re.IGNORECASE,
)
_QUOTE_HEADER = re.compile(r"On \w{3}, .{5,80} wrote:")
_MAX_SIGNATURE_LINES, _MAX_SIGNATURE_WORDS = 6, 12  # a signature's lines: a name, a title, an address, a notice
_MAX_NAME_WORDS = 6  # "Karen Liu | Senior Analyst"
_MAX_LINK_WORDS = 13
_LINK_LIST_HEADING = re.compile(
    r"^[#*_\s]*(?:see also|external links|further reading|related (?:links|reading|articles))\s*:?[*_\s]*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[_—–-]{5,}\s*$")  # the rule a PDF sets above a page's footnotes
_LIST_NUMBER = re.compile(r"^\d{1,3}[.)]\s")
_NOTE_MARKER = re.compile(
    r"^(?:\[\d{1,3}\]|\d{1,3}[.)]?\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}"
    # an author, given names or initials, co-authors, a year: "Haggard, Stephan, and Marcus Noland. 2017."
    r"|[A-Z][\w'’-]+, [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,4}(?:,? (?:and|&) [A-Z][^.\n]{0,60}?)?\.? \(?(?:1[89]|20)\d\d[a-z]?\)?\.)"
)
_CITATION = re.compile(
    r"\b(?:1[89]|20)\d{2}\b|https?://|www\.|\b(?:see|ibid|op\. cit|cf)\b|\bpp?\.\s*\d|[“\"]", re.IGNORECASE
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE = r"[A-Z][\w.'’ -]{1,40}"
# A name in a byline: capitalised tokens, initials and "(ret.)", with the particles of names ("de", "van", "el-").
_BYLINE_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|\([\w.]+\)|de|van|von|la|bin|al-\w+|el-\w+))*"
# A wire story's dateline run into its first sentence: "SEOUL, Dec. 3 (Yonhap) -- ", "WASHINGTON (AP) — ", "Moscow
# (AFP) - ", "TEHRAN, Iran (April 1, 2024) — ", "WASHINGTON — ". A place in capitals needs a date or an agency after
# it, unless it is a capital where news is filed, so that "NORTH KOREA — The regime …" or "US, China — Both …" keeps
# its subject.
WIRE_AGENCY = r"\((?:AP|AFP|Reuters|Yonhap|KCNA|Xinhua|TASS|Interfax|Bloomberg|dpa|UPI|CNN|IRNA|Kyodo|RIA Novosti)\)"
_NEWS_CITY = (
    r"(?:WASHINGTON|NEW YORK|UNITED NATIONS|LONDON|PARIS|BERLIN|BRUSSELS|GENEVA|VIENNA|ROME|MOSCOW|KYIV|KIEV|BEIJING|"
    r"SEOUL|TOKYO|PYONGYANG|TEHRAN|JERUSALEM|TEL AVIV|BEIRUT|DAMASCUS|BAGHDAD|ANKARA|ISTANBUL|CAIRO|RIYADH|DUBAI|DOHA|"
    r"ISLAMABAD|KABUL|NEW DELHI|HONG KONG|TAIPEI|SINGAPORE|HANOI|MANILA|JAKARTA|CANBERRA|SYDNEY|OTTAWA|HAVANA|CARACAS)"
)
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}"
_REGION = r", [A-Z][\w.]*(?: [A-Z][\w.]*)?"
_DAY = rf"(?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})(?:,? \d{{4}})?"
_DATELINE_DATE = rf",? {_DAY}"
_ASIDE = rf" (?:{WIRE_AGENCY}|\({_DAY}\))"  # an agency or a date in brackets
WIRE_DATELINE = (
    rf"(?:{_CAPS_PLACE}(?:{_REGION})?(?:{_DATELINE_DATE}(?:{_ASIDE})?|{_ASIDE})"
    rf"|{_NEWS_CITY}(?:{_REGION})?"
    rf"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)?(?:{_REGION})?(?:{_DATELINE_DATE})? {WIRE_AGENCY})"
    r"(?:\s*(?:—|–|--)\s*|\s+-\s+)(?=[\"“A-Z0-9])"
)
_STRONG: dict[str, re.Pattern[str]] = {
    "author": re.compile(r"^author\s*:", re.IGNORECASE),
    # "By" and one or more names ("By Ann Lee and Jo Park"), then an optional ", title" or "| outlet".
    "byline": re.compile(
        r"^(?:[Bb]y|[Ff]rom|(?:[Ww]ritten|[Ss]ubmitted|[Pp]osted|[Rr]eported|[Cc]ompiled|[Ee]dited) by)\s+"
        rf"{_BYLINE_NAME}(?:\s*(?:,|and|&)\s*(?:the\s+)?{_BYLINE_NAME})*"
        r"(?:\s*[,|—–-]\s*[^.?!]{0,80})?$"
        r"|^@\w{1,30}$"  # a post's author, by handle
    ),
    "photo_credit": re.compile(
        r"^\W*(?:photo|photograph|image|picture|illustration|caption|video|credit|file photo)s?"
        r"(?:\s+(?:credit|by))?\s*[:|(—–-]"
        r"|\((?:photo|image)\s+(?:credit|by)\b"
        r"|/\s*(?:Reuters|AP|AFP|Getty Images|EPA|Yonhap|KCNA|Bloomberg|Shutterstock)\)?\s*$",
        re.IGNORECASE,
    ),
    "dateline": re.compile(
        rf"^{_PLACE},(?:\s*{_PLACE},)?\s*(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})(?:,?\s+\d{{4}})?\s*[—–-]?$"
        # a place in capitals, of up to four words ("RIO DE JANEIRO", "WASHINGTON, D.C."), not a sentence in capitals
        r"|^[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]*){0,3}(?<![A-Z]{2}\.)(?:,\s*(?:[A-Z][A-Za-z]*\.?\s?){1,3})?\s*[—–-]?$"
        rf"|^(?i:answered|delivered|published|posted|updated|issued|dated|released)\s+(?:on\s+)?"
        rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})"
        # a date alone, with its weekday and hour: "Wednesday, June 5, 2024, 4:00 p.m."
        rf"|^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}),?\s+\d{{4}}"
        r"(?:,?\s+(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?(?:\s+[A-Z]{2,4})?)?\.?$"
    ),
    # "… originally appeared in The Diplomat": an outlet's name follows, not "in a 1994 memo".
    "republication": re.compile(
        r"\b(?:originally|first|previously|also)\s+(?:appeared|published|ran|posted)\s+(?:in|on|at|by)\s+"
        r"(?:the\s+)?(?:(?-i:[A-Z])|website|blog)"
        r"|\b(?:republished|reprinted|reproduced)\s+(?:with|from|by)\b|\bcross-posted\b",
        re.IGNORECASE,
    ),
    # a letter to the editor's note on its writer: "The writer is a former Foreign Service officer …"
    "bio": re.compile(r"^The (?:writers? (?:is|are|was|were)|authors? (?:is|are)) (?:an?|the|former|professor)\b"),
    # "(c) 2024 …" or "(c) The Herald", not a cable's classification marking ("(C) The Ambassador pressed …")
    "copyright": re.compile(
        r"^(?:©|\(c\)\s+(?:\d{4}|(?-i:[A-Z])[\w&.’'-]*(?:\s+(?-i:[A-Z])[\w&.’'-]*){0,5}\.?\s*$)|copyright\b"
        r"|all rights reserved)",
        re.IGNORECASE,
    ),
    # The title line of a delivered text, often longer than a headline: "Statement by H.E. Ms. …, Prime Minister of
    # …, at the General Debate of the Seventy-Second Session of the United Nations General Assembly".
    "headline": re.compile(
        r"^(?:(?:opening |closing )?(?:statement|address|remarks|speech|intervention)|explanation of (?:vote|position))"
        r"\s+(?:by|of|delivered by)\s+.*[^.!?…\"'”’)]$",
        re.IGNORECASE,
    ),
    "section": re.compile(r"^#{1,6}\s"),
}
# A web page's furniture, copied with its text: share and follow buttons, newsletter prompts, "Related:" links, tag
# lists, reading times, figure captions, and press copy's like. Recognised anywhere, but only on a line that stands
# alone between blank lines, that does not urge (:data:`_ADVOCACY`), and that each alternative matches whole: "Read
# more closely, the resolution bans coal." and "Recommended action: the Council should renew the mandate." stay claims.
_FURNITURE = re.compile(
    r"^(?:share(?: this(?: (?:article|story|post|page))?| on \w+| via \w+)?\s*:?"
    r"|(?:sign up|subscribe)(?: (?:for|to))? (?:our|the|a|my|free)\b[^,.;]{0,40}"
    r"\b(?:newsletters?|updates|alerts|inbox|podcast|emails?)\b[^,;]{0,40}"
    r"|follow (?:us|him|her|them|me|the authors?) on "
    r"(?:twitter|x|facebook|linkedin|instagram|bluesky|threads|mastodon)\b[^,;]{0,40}"
    r"|(?:read|see) (?:more|also)\s*(?:\.|[:»›>→].{0,150})?"
    r"|(?:related|more on this|further reading)(?: (?:articles?|stories|content|reading|posts?|coverage|links?))?"
    r"\s*:.{0,200}"
    r"|(?:tags?|topics?|filed under|categories|keywords)\s*:.{0,200}"
    r"|listen to (?:this|the) (?:article|story|episode|podcast)(?:\s*[:(|·•—–-].{0,40})?"
    r"|\d{1,3}[- ]min(?:ute)?s?(?: read| listen)"
    r"|advertisement|sponsored(?: content)?"
    # a newsletter's prompts, a wire story's contributor line, a UN press release's and a hearing record's notes
    r"|(?:as always,? )?thanks? (?:you )?for reading(?: (?-i:[A-Z])[^.!?:;,]{0,60})?[.!]?(?: subscribe\b[^,;]{0,100})?"
    r"|unsubscribe\b.{0,100}|forward this (?:e-?mail|newsletter|message)\b.{0,80}"
    r"|you (?:are receiving|received|get) this (?:e-?mail|message|newsletter)\b.{0,250}"
    r"|update your (?:e-?mail )?(?:preferences|subscription)\b.{0,60}|view (?:this (?:e-?mail )?)?in (?:your )?browser\W*"
    # a site's cookie notice
    r"|(?:this (?:site|website) uses|we use) cookies\b.{0,300}"
    r"|by (?:continuing to (?:browse|use)|using) (?:this|our) (?:site|website)\b.{0,200}"
    # a page's update stamp, a UN record's procedure: "Updated at 3:15 p.m. ET on February 22, 2024", "The meeting
    # rose at 11.35 a.m." (its heading, "9591st meeting", is :data:`_MEETING`'s)
    r"|(?:updated|published|posted|last modified)(?: (?:at|on))? \d{1,2}(?:[:.]\d{2})? ?[ap]\.?m\.?.{0,60}"
    # a parliament's procedure ("Question agreed to.", "Bill read a second time."), a UN record's escort lines
    r"|question (?:agreed to|negatived)\.?|bill read an? (?:first|second|third) time\.?"
    r"|(?:the )?motion (?:was )?(?:agreed to|carried|negatived)\.?"
    r"|(?-i:[A-Z]).{0,150}?\bwas escorted (?:into|from) the General Assembly Hall\.?"
    r"|the meeting (?:was called to order|rose|was suspended|was resumed|resumed|was adjourned|ended)"
    r"(?: at \d{1,2}(?:[.:]\d{2})? ?[ap]\.m\.)?\.?"
    r"|subscribe (?:for free )?to (?:get|receive) new posts\b[^,;]{0,60}|type your email\W{0,5}"
    # a transcript's and an interview's notes, a briefing's close, a link's prompt
    r"|(?:this )?(?:interview|conversation|transcript|discussion) (?:has been|was) (?:lightly )?(?:edited|condensed)"
    r"(?: and (?:edited|condensed))? (?:for (?:length|clarity|brevity)|by)\b.{0,60}"
    r"|transcripts? (?:was |is )?(?:generated|produced) (?:automatically|by (?:ai|software|machine))\b.{0,80}"
    r"|\((?:the )?(?:briefing|press conference|meeting|hearing|session|call) (?:was )?(?:concluded|adjourned|ended)"
    r"\b[^()]{0,40}\)|click here (?:to|for)\b[^.!?]{0,80}[.!]?"
    # a line that is only a link or a report's number (a CRS report's "R41259" and "7-5700")
    r"|<?(?:https?://|www\.)\S+|(?-i:[A-Z]{1,3}\d{4,6}|\d-\d{4})"
    r"|[^.!?]{0,60}\b(?:writers?|reporters?|correspondents?|staff|editors?)\b[^.!?]{0,160}"
    r"\bcontributed(?: reporting)? to this (?:report|story|article)\."
    r"|for information media\W+not an official record\.?|\[whereupon\b[^\]]{0,200}\]"
    r"|the (?:below|following) (?:is|are) attributable to (?-i:[A-Z])[^.!?:]{1,80}[:.]?"
    # captions under a figure or table and their sources: "Figure 2: Exports, 2016–2019", "Source: UN Comtrade."
    r"|(?:figure|fig\.|table|chart|graph|exhibit|map)\s+\d{1,3}[a-z]?\s*[:.]\s.{0,300}"
    r"|sources?\s*:\s+(?-i:[A-Z0-9])(?:\S+\s+){0,11}\S+)$",  # "Sources: diplomats say …" is news: lower case
    re.IGNORECASE,
)
# The heading of a page's reader comments: "Comments", "Comments (3)", "12 comments", "Join the discussion".
_COMMENTS_HEADING = re.compile(
    r"^[#*_\s]*(?:\d+ (?:reader )?comments?|(?:reader |user )?comments(?: \(\d+\))?|join the (?:discussion|conversation)"
    r"|leave a (?:comment|reply)|show comments)[*_\s]*:?$",
    re.IGNORECASE,
)
# A UN record's meeting line, and the heading of a recorded vote's list of members: "In favour:", "Against:".
_MEETING = re.compile(r"^\d{1,5}(?:st|nd|rd|th) (?:plenary )?meeting$", re.IGNORECASE)
_VOTE = re.compile(r"^(?:in favou?r|against|abstaining|abstentions?)\s*:$", re.IGNORECASE)
# The closing of a letter or newsletter, alone on its line above the signature: "Best,", "Sincerely yours,".
_VALEDICTION = re.compile(
    r"^(?:(?:with )?(?:best|kind|warm|warmest)(?: wishes| regards)?|regards|sincerely(?: yours)?|yours(?: sincerely|"
    r" truly)?|cheers|all the best|respectfully(?: yours)?),?$",
    re.IGNORECASE,
)
# Notes that frame a text ("Adapted from remarks…"), recognised only in the first or last paragraphs, where they sit.
# Each alternative is anchored in wording a claim does not open with: "Released by the ministry, the figures show …"
# continues after a comma and stays a claim; "Released simultaneously by the foreign ministries." is a note.
_WRITING = (
    r"(?:post|article|essay|piece|column|editorial|op-ed|commentary|speech|paper|report|story|blog|publication|"
    r"analysis|brief|testimony|chapter|talk|lecture)"
)
# The rest of a note that names who or where: "by the Permanent Mission of Korea to the United Nations, New York." A
# comma followed by lower-case words ("Released by the ministry, the figures show …") is a sentence going on.
_NOTE_END = r"[^,;.]+(?:,\s*(?-i:[A-Z0-9])[\w.'’-]*(?:\s+(?:(?-i:[A-Z0-9])[\w.'’-]*|of|the|and|de))*)*\s*(?:[.;]|$)"
# A publisher's boilerplate that closes many pages: "About the Foundation: The Foundation is …", or a heading "About
# CSIS" over such a paragraph. Names are capitalised ("About the nuclear program: …" is not boilerplate); "About the
# author" opens a bio (:data:`_BIO`).
_ABOUT = (
    r"about (?:us|the (?:[\w'’-]+ ){0,3}(?-i:Foundation|Institute|Institution|Cent(?:er|re)|Council|Organi[sz]ation|"
    r"Program(?:me)?|Project|Publisher|Series|Network|Society|Association|Forum|Initiative|Journal|Magazine|"
    r"Newsletter|Podcast|Press)|(?-i:[A-Z][\w&.'’-]*)(?:\s+(?:(?-i:[A-Z0-9&][\w&.'’-]*)|of|the|and|for|on)){0,6})"
)
_ABOUT_HEADING = re.compile(rf"[*_#\s]*{_ABOUT}[*_\s]*", re.IGNORECASE)
_ABOUT_NOTE = re.compile(rf"[*_\s]*{_ABOUT}[*_]*\s*[:—–]", re.IGNORECASE)
_EDGE_NOTE = re.compile(
    rf"^[*_\s]*(?:(?:adapted|translated) from {_NOTE_END}|as prepared for delivery|check against delivery|"
    r"(?:(?:floor )?statement|text|remarks|speech) as (?:prepared|delivered)|"
    rf"this {_WRITING} "
    r"(?:(?:is|was) (?:adapted|part of|based on|an? (?:edited|abridged|shortened|updated|expanded)|excerpted|drawn|"
    r"published|written|first|originally|reprinted|reproduced|cross-posted|translated|prepared|produced|"
    r"commissioned|funded|supported|sponsored|presented|delivered)|draws (?:on|from)|"
    r"(?:appeared|ran) (?:in|on|first))\b|"
    rf"an? (?:longer|shorter|earlier|different) version (?:of this {_WRITING}|appeared|was (?:published|delivered))|"
    rf"an? version of this {_WRITING}\b|"
    r"(?:un)?official (?:\w+ )?(?:text|translation)\b"
    r"(?=\s*(?:$|[:.;(—–-]|(?:issued|provided|released|circulated|distributed|as|by|from)\b))|"
    r"editor[’']?s[’']? note\s*[:.—–-]|"
    # a correction notice, a UN record's closing disclaimer
    r"(?:correction|clarification)\s*:\s*(?:an? )?(?:earlier|previous) version\b|"
    r"this record contains the text of speeches\b|"
    # disclaimers: "The views expressed here are the author's own."
    r"the (?:views|opinions)(?: and \w+)? expressed "
    rf"(?:(?:here(?:in)?|in this {_WRITING}) (?:are|is|(?:do|does) not)\b|"
    r"are (?:those|the author|solely|my|his|her|their|not necessarily)\b)|"
    r"(?:the|these|all) (?:views|opinions) (?:are|remain) "
    r"(?:the author|those of the author|(?:his|her|their|my) own(?:\s*[.;]|\s*$| and (?:do )?not\b))|"
    r"remarks (?:by|to|at|on|delivered)|speech (?:delivered|given) (?:at|to|on|before)|"
    r"transcript (?:released|provided|published|issued)|transcript edited (?:for|by)\b|"
    rf"circulated (?:as|to|by) {_NOTE_END}|"
    rf"published (?:in|by) {_NOTE_END}|published on the (?:website|web ?site|blog|site)\b|"
    # "Text released by the Office of the President", "Summary record prepared by the Press Office"
    r"(?:text|summary|transcript)(?: record| of the \w+)?(?: as)? "
    r"(?:released|issued|prepared|distributed)(?: simultaneously| jointly)? by\b|"
    rf"(?:released|issued|prepared|distributed)(?: simultaneously| jointly)? by {_NOTE_END}|"
    r"from the (?:(?:verbatim|official|summary) (?:record|report|transcript)s?|records?|register) of|"
    r"(?:[\w’'.-]+ )?editorials (?:represent|reflect) the (?:views?|opinions?|positions?) of)",
    re.IGNORECASE,
)
_NAME_TOKEN = r"(?:[A-Z][\w.'’-]+|\([\w.]+\))"
# Any character but a full stop, which a bio's sentence would end with: the dots of "U.S.", "D.C." and "Ph.D." do not
# end it (a dot before a letter, or after a lone capital).
_NOT_STOP = r"(?:[^.]|\.(?=\w)|(?<=\b[A-Z])\.(?!\w))"  # alternatives exclusive: no backtracking blow-up
# A person's or organisation's name: two to six capitalised tokens ("Adm. Raymond Kessler (ret.)"), then an
# optional appositive (", a former diplomat,").
_NAME = (
    rf"{_NAME_TOKEN}(?:\s+(?:(?:of|the|and|de|van|von|al-)\s+)?{_NAME_TOKEN}){{1,5}}"
    r"(?:\s*\([^()]{1,120}\))?"  # credentials: "Jane Roe (PhD in Political Science, Yonsei University)"
    rf"(?:,\s(?:(?!,){_NOT_STOP}){{3,60}},)?"
)
# "NAME is a … fellow", "NAME directs …": the usual opening of an author bio.
_BIO = re.compile(
    rf"^[*_\s—–-]*(?:(?i:about the authors?)\s*:?[*_\s]*)?{_NAME}\s+(?:"
    rf"(?:is|was|has been|serves as|works as|is also)\b{_NOT_STOP}{{0,200}}?\b(?i:fellow|professor|director|editor|"
    r"columnist|correspondent|analyst|researcher|chair|president|ambassador|author|scholar|former|lecturer|reporter|"
    r"adviser|advisor|founder|head|writer|advocate|student|member|officer|organi[sz]er|contributor|journalist|expert|"
    r"specialist|diplomat|secretary|minister|native|veteran|commander|retired|partner|consultant|coordinator)\b"
    # nouns that also describe politicians ("Kim is no economist"): a bio only with the place that follows
    rf"|(?:is|was|has been|serves as|works as|is also)\b{_NOT_STOP}{{0,200}}?\b"
    r"(?:economist|strategist|historian|lawyer|attorney|scientist|candidate|associate)\s+(?:at|with|in|for|of|on)\b"
    r"|(?:directs|teaches|writes|covers|spent|served|edits|chairs|heads|runs|leads|led|worked|reports)\b)"
)
# Acknowledgements: "The author thanks colleagues for comments on an earlier draft." Not when the sentence urges or
# turns ("The author is grateful for the government's cooperation, but cooperation is not compliance.").
_THANKS = re.compile(
    r"^[*_\s]*the authors? (?:(?:also |would like to |wishes to )?thanks?\b|(?:is|are) (?:grateful|indebted) to\b)",
    re.IGNORECASE,
)
_TURN = re.compile(r"\b(?:but|yet|however)\b", re.IGNORECASE)
# A second sentence about someone else in a paragraph that opens like a bio: "Secretary Blinken served as deputy
# secretary when the deal was signed, and he knows its flaws …" is a claim, not the first of several closing bios.
_CLAUSE_ABOUT = re.compile(r",\s+(?:and|but)\s+(?:he|she|they|it|we|his|her|their|its|our)\b", re.IGNORECASE)
# Bios describe; claims that open like one ("Kim Jong Un runs a criminal enterprise, and sanctions should …") urge.
_ADVOCACY = re.compile(r"\b(?:must|should|ought to|needs? to|cannot|will not|won[’']t)\b", re.IGNORECASE)
_NAME_LINE = re.compile(r"^[A-Z][\w.'’-]*(?:,?\s+(?:[A-Z][\w.'’-]*|\([\w.]+\)|of|the|and|de|van|von)){1,9}$")
# A table of contents' entry, with its dot leaders and page number, and a numbered section heading.
_TOC_ENTRY = re.compile(r"(?:\s?\.){4}\s*\d{1,4}$")  # searched: dot leaders and a page number end the line
_NUMBERED_HEADING = re.compile(r"\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=[A-Z])")
# The marks that open a list's items: bullets of every shape, and numbers or letters ("2.", "(b)", "iii)").
BULLETS = r"\-*•–—▪◦■●◾▸►‣⁃➢➤✓✔→✅☑👉🔹🔸"  # for a character class
# "1.", "2)", "(iv)", "(b)", and a section's number before a capital: "4.1 Washington should …"
ITEM_NUMBER = r"\(?(?:\d{1,2}[.)]|(?:[ivx]{1,4}|[a-h])\))\s|\d{1,2}(?:\.\d{1,2})+\.?\s(?=[A-Z])"
_LIST_ITEM = re.compile(rf"^(?:[{BULLETS}]\ufe0f?\s|{ITEM_NUMBER})")  # "☑️ …": an emoji's variation selector
_BULLET_CHARACTERS = frozenset(re.sub(r"\\", "", BULLETS))
# A list's label without a colon ("Key takeaways", "Policy recommendations"): up to four words that do not end like
# a sentence going on ("The three steps are").
_LIST_LABEL = re.compile(
    r"[*_#\s]*[A-Z][\w'’-]*(?: [\w'’-]+){0,3}(?<!\bare)(?<!\bis)(?<!\bthe)(?<!\bto)(?<!\bof)(?<!\band)(?<!\bor)"
    r"(?<!\bthat)(?<!\binclude)(?<!\bwere)[*_\s]*"
)
_MAX_HEADLINE_WORDS = 25
_MAX_BIO_WORDS = 90
_EDGE_PARAGRAPHS = 2
# Bylines, datelines, author and republication lines are furniture of a document's head and tail: they are recognised
# only in its first and last blocks of lines, never in the middle of a text.
_EDGE_BLOCKS = 3
# A pull quote's length in words (below it, a speech's refrain; above it, a paragraph quoted whole).
_MIN_PULL_QUOTE_WORDS, _MAX_PULL_QUOTE_WORDS = 8, 60
_MAX_PULL_QUOTES = 20  # more quoted paragraphs than that is not a page's display copy (and would cost time)
_DISPLAY_COPY = re.compile(r"\s*(?:[>*_]|[“\"‘'«])")  # a paragraph set off: quoted, or a Markdown quote or emphasis
_EDGE_ONLY = {"author", "bio", "byline", "dateline", "republication", "copyright", "headline"}


@dataclass(frozen=True)
class Region:
    """A stretch ``text[start:end]`` that is either ``"body"`` (may hold claims) or a kind of non-claim."""

    start: int
    end: int
    kind: str


def find_regions(text: str) -> list[Region]:
    """Split ``text`` into body paragraphs and non-claim lines, in order.

    >>> [r.kind for r in find_regions("Talks Now\\nBy Ann Lee\\n\\nTalks must resume. They work.")]
    ['headline', 'byline', 'body']
    """
    lines = list(_lines(text))
    stripped = [text[s:e].strip() for s, e in lines]
    kinds: list[str | None] = ["blank" if not line else None for line in stripped]
    blocks = _blocks(kinds)
    for b, block in enumerate(blocks):
        edge = b < _EDGE_BLOCKS or b >= len(blocks) - _EDGE_BLOCKS
        furniture = all(_is_furniture(stripped[i]) or _strong_kind(stripped[i]) == "copyright" for i in block) or (
            # a report's cover block: its publisher's name over a link and the report's number
            any(_is_furniture(stripped[i]) for i in block)
            and all(_is_furniture(stripped[i]) or _is_title(stripped[i]) for i in block)
        )
        # a letter's signature block; a UN record's heading ("9591st meeting", its date and place) and vote lists
        record = _MEETING.match(stripped[block[0]]) or (_VOTE.match(stripped[block[0]]) and len(block) <= 3)
        if furniture or record or (edge and _VALEDICTION.match(stripped[block[0]])):
            for i in block:
                kinds[i] = "furniture"
            continue
        for pos, i in enumerate(block):
            kind = _strong_kind(stripped[i])
            if kind is None or (kind in _EDGE_ONLY and not edge):
                continue
            following = stripped[block[pos + 1]] if pos + 1 < len(block) else None
            if kind == "headline" and following is not None and _strong_kind(following) is None:
                continue  # a title line stands alone or above a dateline; a wrapped sentence goes on below it
            previous = stripped[block[pos - 1]] if pos else ""
            # At the head of a document a sentence-case or question headline may sit right above the byline.
            previous_is_furniture = (
                pos == 0
                or kinds[block[pos - 1]] is not None
                or _is_title(previous)
                or (b == 0 and _looks_like_heading(previous))
            )
            next_continues = (
                pos + 1 < len(block)
                and not _TERMINAL.search(stripped[i])
                and bool(CONTINUATION.match(stripped[block[pos + 1]]))
            )
            # Never in the middle of a paragraph: a hard-wrapped line that starts with "By Pyongyang's own count"
            # continues the sentence of the line before it, or is continued by the line after it.
            # A letter's note on its writer is the last line of the text's last block, under the signature's lines
            # (which are marked later): anywhere else "The writer is the first to admit …" is prose.
            if kind == "bio" and (b != len(blocks) - 1 or pos != len(block) - 1 or pos == 0):
                continue
            if (previous_is_furniture or kind == "bio") and not next_continues:
                kinds[i] = kind
    _mark_notes(stripped, kinds)
    _mark_link_lists(stripped, kinds)
    _mark_mail(stripped, kinds)
    _mark_page_footnotes(stripped, kinds)
    _mark_comments(stripped, kinds)
    _mark_heading_blocks(stripped, kinds)
    _mark_run_in_headings(stripped, kinds)
    seen_body = False
    for i, kind in enumerate(kinds):
        if kind is None:
            kinds[i] = "body"
            seen_body = True
        elif kind == "section" and not seen_body:
            kinds[i] = "headline"
    return _mark_pull_quotes(text, _mark_edges(text, _merge_body_lines(lines, stripped, kinds)))


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip(LINE_BREAKS)
        yield offset, offset + len(content)
        offset += len(line)


def _blocks(kinds: list[str | None]) -> list[list[int]]:
    """Indices of the runs of non-blank lines."""
    blocks: list[list[int]] = []
    for i, kind in enumerate(kinds):
        if kind == "blank":
            continue
        if blocks and blocks[-1][-1] == i - 1:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return blocks


def _is_title(line: str) -> bool:
    """A headline-like line: no closing full stop and every longer word capitalised."""
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return bool(words) and not _TERMINAL.search(line) and all(w[0].isupper() for w in words)


def _strong_kind(line: str) -> str | None:
    for kind, pattern in _STRONG.items():
        if pattern.search(line) and (kind != "republication" or len(line.split()) <= 30):
            return kind
    return None


def _is_furniture(line: str) -> bool:
    line = line.strip("*_ \t")
    return bool(_FURNITURE.match(line)) and not _ADVOCACY.search(line)


def _mark_notes(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a closing list of notes or references: a "Notes" (or "References", …) line after the body, then to the
    end of the document only entries ("1. See …", "[2] …", "3 Jones …"; a line that wraps an entry goes with it) and,
    after them, lines that look like a page's running footer, most entries citing something (a year, a link, "see",
    "ibid."), as notes do and a meeting's numbered notes do not. A PDF's footnotes below a rule are found by
    :func:`_mark_page_footnotes`."""
    for i in range(len(lines) - 1, 0, -1):
        if _NOTES_HEADING.match(lines[i]) and any(kind is None for kind in kinds[:i]):
            break
    else:
        return
    rest = [j for j in range(i + 1, len(lines)) if kinds[j] != "blank"]
    entries = [j for j in rest if _NOTE_MARKER.match(lines[j])]
    starts = [j for j in rest if j == i + 1 or kinds[j - 1] == "blank"]  # each block must open with an entry
    footer = [j for j in starts if j not in entries and entries and j > entries[-1] and _looks_like_heading(lines[j])]
    rest = [j for j in rest if not footer or j < footer[0]]
    if not entries or any(j not in entries for j in starts if j not in footer):
        return
    if 2 * sum(bool(_CITATION.search(lines[j])) for j in entries) < len(entries):
        return
    kinds[i] = "section"
    for j in rest:
        kinds[j] = "notes"


def _mark_link_lists(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a "See also", "External links" or "Further reading" heading after the body and the list under it, to the
    first blank line after an item or the first line that is not an item of ``_MAX_LINK_WORDS`` words or fewer: a
    page's pointers to other pages."""
    for i, line in enumerate(lines):
        if not _LINK_LIST_HEADING.match(line) or kinds[i] not in (None, "furniture"):
            continue
        if all(kind is not None for kind in kinds[:i]):  # no body before it
            continue
        items: list[int] = []
        for j in range(i + 1, len(lines)):
            if kinds[j] == "blank":
                if items:
                    break
                continue
            if not _LIST_ITEM.match(lines[j]) or len(lines[j].split()) > _MAX_LINK_WORDS:
                break
            items.append(j)
        if items:
            kinds[i] = "section"
            for j in items:
                kinds[j] = "notes"


def _mark_mail(lines: list[str], kinds: list[str | None]) -> None:
    """Mark an e-mail's quoted reply ("On Fri, … wrote:" and the "> " lines under it, someone else's words) and its
    signature: after the text's last "--" line, a name right below it and a few more short lines to the end."""
    for i, line in enumerate(lines):
        if _QUOTE_HEADER.fullmatch(line):
            kinds[i] = "furniture"
            for j in range(i + 1, len(lines)):
                if kinds[j] == "blank" and j + 1 < len(lines) and lines[j + 1].startswith(">"):
                    continue
                if not lines[j].startswith(">"):
                    break
                kinds[j] = "furniture"
    rule = next((i for i in range(len(lines) - 1, -1, -1) if lines[i] == "--"), None)
    if (
        rule is None
        or rule + 1 == len(lines)
        or kinds[rule + 1] == "blank"
        or len(lines[rule + 1].split()) > _MAX_NAME_WORDS
    ):
        return
    after = [j for j in range(rule + 1, len(lines)) if kinds[j] != "blank"]
    if len(after) <= _MAX_SIGNATURE_LINES and all(len(lines[j].split()) <= _MAX_SIGNATURE_WORDS for j in after):
        for j in [rule, *after]:
            kinds[j] = "furniture"


def _mark_page_footnotes(lines: list[str], kinds: list[str | None]) -> None:
    """Mark the footnotes at the foot of a PDF's pages, the last one's included: a rule ("_____") after body text,
    then a block of lines (up to a blank line) that are footnote entries ("1 UN Panel …", "[2] …"; a wrapped line goes
    with its entry), most of them citing something and none arguing or numbered as a list ("1. Congress should …")."""
    for i, line in enumerate(lines):
        if kinds[i] is not None or not _RULE.match(line) or not any(kind is None for kind in kinds[:i]):
            continue
        block = []
        for j in range(i + 1, len(lines)):
            if kinds[j] == "blank":
                break
            block.append(j)
        entries = [j for j in block if _NOTE_MARKER.match(lines[j]) and not _LIST_NUMBER.match(lines[j])]
        if (
            not entries
            or entries[0] != i + 1
            or any(_ADVOCACY.search(lines[j]) for j in block)
            or 2 * sum(bool(_CITATION.search(lines[j])) for j in entries) < len(entries)
        ):
            continue
        kinds[i] = "section"
        for j in block:
            kinds[j] = "notes"


def _mark_comments(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a web page's reader comments: everything after its last "Comments (3)" (or "Reader comments", …) line,
    when body text comes before it. Readers are not the author."""
    for i in range(len(lines) - 1, 0, -1):
        if _COMMENTS_HEADING.match(lines[i]) and any(kind is None for kind in kinds[:i]):
            for j in range(i, len(lines)):
                kinds[j] = "blank" if kinds[j] == "blank" else "furniture"
            return


def _mark_heading_blocks(lines: list[str], kinds: list[str | None]) -> None:
    """Mark runs of unclassified lines in which every line looks like a heading or a name, unless a line goes on in
    the next (a hard-wrapped paragraph whose last line ends without a full stop: "… (Smith, 2021)")."""
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and kinds[i] is None:
            run.append(i)
            continue
        wrapped = any(CONTINUATION.match(lines[j + 1]) for j in run[:-1])
        if run and not wrapped and all(_looks_like_heading(lines[j].strip(" \t")) for j in run):
            for j in run:
                kinds[j] = "section"
        run = []


def _mark_run_in_headings(lines: list[str], kinds: list[str | None]) -> None:
    """Mark a heading set directly above its paragraph or list, without a blank line ("3.1 Sanctions", "Purpose",
    "11:58 GMT", "Option A: Quiet outreach", "Sanctions and Diplomacy" over a sentence): a line of at most
    ``_MAX_RUN_IN_HEADING_WORDS`` words that opens a paragraph (or follows a line that ends a sentence or a heading),
    is under half as long as the line below (shorter, for a section's number, a time or a label), which opens in a
    capital (after a list's marker, if any) and which, or a line after which, ends a sentence; and the line is
    numbered as a section, stamped with a time, a label and a colon, or a heading in title case or of two words at
    most. So a hard-wrapped paragraph's first line (its lines are of about one length), a list's first item ("1.
    Renew the mandate" over "2. Enforce …") and a sentence's opening words ("And so, my fellow Americans") stay where
    they are."""
    # ending[j]: the first line from j on that ends a sentence or is not the body's, found once (the loop below marks
    # only lines above the one it looks at)
    ending = [""] * (len(lines) + 1)
    for j in range(len(lines) - 1, -1, -1):
        ending[j] = lines[j] if kinds[j] is not None or _TERMINAL.search(lines[j]) else ending[j + 1]
    for i in range(len(lines) - 1):
        line, below = lines[i], lines[i + 1]
        words = line.split()
        if kinds[i] is not None or kinds[i + 1] is not None or len(words) > _MAX_RUN_IN_HEADING_WORDS:
            continue
        previous = lines[i - 1] if i else ""
        opens = not i or kinds[i - 1] is not None or bool(_TERMINAL.search(previous) or _is_title(previous))
        item = _LIST_ITEM.match(below)
        first = below[item.end() :].lstrip()[:1] if item else below[:1]
        # under half as long as the line below; a heading's own shape (a section's number) shorter than it will do
        short = (1 if _RUN_IN_HEADING.match(line) else 2) * len(line) < len(below)
        if not opens or not short or not first.isupper() or _OPEN_ENDING.search(line):
            continue
        # a list's items ("1. …" over "2. …", "Step 1: …" over "Step 2: …")
        if (item and _LIST_ITEM.match(line)) or words[0] == below.split()[0]:
            continue
        heading = _RUN_IN_HEADING.match(line) or (
            _looks_like_heading(line) and (len(words) <= 2 or _is_title_case(words))
        )
        if heading and not _TERMINAL.search(line) and _TERMINAL.search(ending[i + 1]):
            kinds[i] = "section"
            above = i - 1  # and the headings stacked over it: "2. Data and Methods" over "2.1 The Dataset"
            while above >= 0 and kinds[above] is None and _looks_like_heading(lines[above]):
                kinds[above] = "section"
                above -= 1


def _looks_like_heading(line: str) -> bool:
    if _TOC_ENTRY.search(line) and any(ch.isalpha() for ch in line):
        return True
    numbered = _NUMBERED_HEADING.match(line)
    if numbered:  # "2. The Enforcement Gap", not "2. Enforce the sanctions on the books"
        rest = line[numbered.end() :].split()
        return len(rest) <= 10 and not _TERMINAL.search(line) and _is_title_case(rest)
    if _LIST_ITEM.match(line):  # "- Enforce the sanctions on the books" is a claim even without a full stop
        return False
    line = line.strip("*_ \t")  # markdown emphasis around a heading or a bio
    words = line.split()
    if not words or len(words) > _MAX_HEADLINE_WORDS:
        return False
    if (
        _INTERNAL_STOP.search(line)
        and len(words) >= _MIN_PROSE_WORDS
        and not _is_title_case(words)
        and not _CREDIT_END.search(line)
    ):
        return False  # two sentences, the last unfinished or closed by a citation, a link or an emoji
    # (the tail only: an emoji run would make a search from every position quadratic)
    if len(words) >= _MIN_PROSE_WORDS and not _is_title_case(words) and _SOCIAL_END.search(line, len(line) - 200):
        return False  # a sentence closed by a footnote marker, hashtags, a thread's counter, an emoji or "-30-"
    if not _TERMINAL.search(line) and not _CITATION_END.search(line) and not line.endswith((":", ",", ";")):
        return True
    if _TERMINAL.search(line) and line[-1] in ".!" and len(words) >= 4 and line.upper() == line:
        return False  # a sentence in capitals, "THE WEST MUST ACT NOW."
    if len(words) <= 10 and _NAME_LINE.match(line):
        return True
    return len(words) <= 12 and _is_title_case(words)


def _is_title_case(words: list[str]) -> bool:
    capitalised = [w for w in words if w[:1].isalpha() and len(w) > 3]
    return bool(capitalised) and all(w[0].isupper() for w in capitalised)


def _merge_body_lines(lines: list[tuple[int, int]], stripped: list[str], kinds: list[str | None]) -> list[Region]:
    """Consecutive body lines form one paragraph (hard-wrapped text); blank and non-claim lines end it, and so do a
    list item (:func:`_starts_item`), so that an item without a full stop is not run into the next, and a line that
    opens with a speaker label ("MR. KIRBY: …"), a transcript's next turn."""
    regions: list[Region] = []
    for i, ((start, end), kind) in enumerate(zip(lines, kinds)):
        if kind == "blank":
            continue
        if (
            kind == "body"
            and i > 0
            and kinds[i - 1] == "body"
            and not _starts_item(stripped[i - 1], stripped[i], label_opens=i < 2 or kinds[i - 2] != "body")
            and not _opens_turn(stripped[i - 1], stripped[i])
        ):
            regions[-1] = Region(regions[-1].start, end, "body")
        else:
            regions.append(Region(start, end, str(kind)))
    return regions


def _opens_turn(previous: str, line: str) -> bool:
    """``line`` opens a transcript's next turn: a speaker named by title ("MR. KIRBY: …") or with the turn's time
    ("Joe Biden: (01:12)"), or any speaker label ("ZAKARIA: …", "Q: …") after a line that ends a sentence, so that a
    wrapped line that happens to open with a word in capitals and a colon ("… it is not the | US: it is China …")
    stays in its sentence."""
    return bool(TITLED_SPEAKER_LINE.match(line)) or (
        bool(_TERMINAL.search(previous)) and bool(SPEAKER_LINE.match(line))
    )


def _starts_item(previous: str, line: str, *, label_opens: bool = False) -> bool:
    """``line`` opens a list item of its own: a marker and a capital ("- Enforce …", "2) Congress must …") after a
    line that ends a sentence, introduces a list (":", or a short label that opens its paragraph, ``label_opens``:
    "Key takeaways") or is an item itself. A wrapped sentence that goes on with a dash or a number ("which the
    Council | – in defiance …", "on page | 12. The …", a bar marking the line break) and items that continue one
    sentence ("three parts: | 1. a ceasefire,") stay in their paragraph."""
    marker = _LIST_ITEM.match(line)
    first = line[marker.end() :].lstrip()[:1] if marker else ""
    if not (first.isupper() or (first.isdigit() and line[0] in _BULLET_CHARACTERS)):  # "- 69 launches were …"
        return False
    return (
        bool(_TERMINAL.search(previous))
        or previous.endswith(":")
        or bool(_LIST_ITEM.match(previous))
        or (label_opens and bool(_LIST_LABEL.fullmatch(previous)))
    )


def _mark_edges(text: str, regions: list[Region]) -> list[Region]:
    """Bios, framing notes and a publisher's "About …" paragraph sit in the first or last paragraphs of a document; a
    text by several authors may close with one bio each, so at the tail the run goes on while the paragraph before is
    a bio or note too."""
    body = [i for i, r in enumerate(regions) if r.kind == "body"]
    marked = list(regions)

    def mark(i: int, *, strict: bool = False) -> bool:
        paragraph = text[regions[i].start : regions[i].end].strip()
        if len(paragraph.split()) > _MAX_BIO_WORDS:
            return False
        # "About CSIS" over the document's last paragraph, or "About the Foundation: …" as it; one that urges is an
        # argument ("About North Korea" over "… the Council should stop pretending …").
        heading = text[regions[i - 1].start : regions[i - 1].end] if i and regions[i - 1].kind == "section" else ""
        about = _ABOUT_HEADING.fullmatch(heading) or _ABOUT_NOTE.match(paragraph)
        last = all(region.kind != "body" for region in regions[i + 1 :])
        if about and last and not _ADVOCACY.search(paragraph):
            marked[i] = Region(regions[i].start, regions[i].end, "republication")
        elif _BIO.match(paragraph) and not _ADVOCACY.search(paragraph):
            if not (strict and _CLAUSE_ABOUT.search(paragraph)):
                marked[i] = Region(regions[i].start, regions[i].end, "bio")
        elif _EDGE_NOTE.match(paragraph) or (
            _THANKS.match(paragraph) and not _ADVOCACY.search(paragraph) and not _TURN.search(paragraph)
        ):
            marked[i] = Region(regions[i].start, regions[i].end, "republication")
        return marked[i].kind != "body"

    for i in body[:_EDGE_PARAGRAPHS]:
        mark(i)
    tail = body[-_EDGE_PARAGRAPHS:]
    for i in tail:
        mark(i)
    # Further back, only while every paragraph after it is already a bio or note, never into the head's, and more
    # strictly: a bio there must be about its subject alone.
    rest = [i for i in body[_EDGE_PARAGRAPHS:] if i < tail[0]] if tail else []
    while rest and all(marked[j].kind != "body" for j in tail) and mark(rest[-1], strict=True):
        tail = [rest.pop(), *tail]
    return marked


def _mark_pull_quotes(text: str, regions: list[Region]) -> list[Region]:
    """A paragraph set as display copy (in quotation marks, or as a Markdown quote or emphasis) that repeats, word for
    word, a stretch of a longer paragraph of the same text is a pull quote (a web page's or magazine's copy of a line
    from the body): the sentence is counted where it was written. Only such paragraphs of ``_MIN_PULL_QUOTE_WORDS``
    words or more, so that a speech's refrain, quoted or not, stays where it stands. Each paragraph's runs of that many
    words are looked up once against at most ``_MAX_PULL_QUOTES`` candidates, so the time is linear in the text's
    length."""
    body = [i for i, r in enumerate(regions) if r.kind == "body"]
    if not any(_DISPLAY_COPY.match(text, regions[i].start, regions[i].end) for i in body):
        return regions  # most texts: no paragraph set off, and nothing more to read
    words = {i: _words(text[regions[i].start : regions[i].end]) for i in body}
    # a candidate's opening words -> its words -> the paragraphs that read so (a page has a few pull quotes at most)
    quotes: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}
    for i, quote in words.items():
        display = _DISPLAY_COPY.match(text, regions[i].start, regions[i].end)
        if display and _MIN_PULL_QUOTE_WORDS <= len(quote) <= _MAX_PULL_QUOTE_WORDS:
            quotes.setdefault(tuple(quote[:_MIN_PULL_QUOTE_WORDS]), {}).setdefault(tuple(quote), []).append(i)
    if not quotes or sum(map(len, quotes.values())) > _MAX_PULL_QUOTES:
        return regions
    found: set[tuple[str, ...]] = set()
    for paragraph in words.values():
        for k in range(len(paragraph) - _MIN_PULL_QUOTE_WORDS + 1):
            for quote in quotes.get(tuple(paragraph[k : k + _MIN_PULL_QUOTE_WORDS]), {}):
                if len(paragraph) > len(quote) and tuple(paragraph[k : k + len(quote)]) == quote:
                    found.add(quote)
    pulled = {
        i for by_words in quotes.values() for quote, indices in by_words.items() if quote in found for i in indices
    }
    return [Region(r.start, r.end, "pull quote") if i in pulled else r for i, r in enumerate(regions)]


def _words(paragraph: str) -> list[str]:
    """The paragraph's words in lower case, without punctuation or quotes: how a pull quote and its source compare."""
    return re.findall(r"\w+(?:['’]\w+)*", paragraph.casefold())
