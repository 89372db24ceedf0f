"""What the lines and paragraphs around a text's claims look like: the patterns and line tests that
:mod:`stance.layout` (which lines are not claims) and :mod:`stance.segment` (what a claim leaves out) read.

Lines of a known kind (bylines, datelines, photo credits, copyright: :func:`line_kind`), a web page's furniture in the
narrow sense (share buttons, captions, cookie notices: :func:`is_furniture`), headings (:func:`looks_like_heading`),
closing notes and reference lists, the paragraphs that frame a text at its edges (bios, republication notes), and a
wire story's dateline. Some patterns describe the claims instead, so that the rules can leave them alone: a sentence's
end (:data:`TERMINAL`), a list's items (:data:`LIST_ITEM`), and wording that urges (:data:`ADVOCACY`). The patterns are
anchored in wording a claim does not have, so that a sentence that merely mentions a photo, a source or an author
stays a claim. Where in a text each is looked for (anywhere, on a line alone, or only at its head and tail) is
:mod:`stance.layout`'s decision.

>>> line_kind("By Ann Lee and Jo Park"), line_kind("SEOUL, 14 May"), line_kind("Talks must resume.")
('byline', 'dateline', None)
>>> is_furniture("Share this article:"), looks_like_heading("The Enforcement Gap"), looks_like_heading("Talks work.")
(True, True, False)
"""

from __future__ import annotations

import re

from stance.speakers import STAGE_DIRECTION

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
TERMINAL = re.compile(
    rf"[.!?…。！？][\"'”’)\]*_]*(?:(?:{FOOTNOTE_MARKER})+|{PLAIN_FOOTNOTE}|\s*{STAGE_DIRECTION}"
    r"|\s*[\[(](?i:AP|AFP|Reuters|Yonhap|KCNA|citation needed)[.!]?[\])])?\s*$"
)
# A sentence's end inside a line, before the next sentence's capital: a heading rarely holds two sentences.
_INTERNAL_STOP = re.compile(r"[a-z][.!?…][\"'”’)]*\s+[\"'“‘(]*[A-Z]")
_MIN_PROSE_WORDS = 8  # a line of this many words or more, not in title case, may be a sentence
_MAX_HEADLINE_WORDS = 25  # a longer line is no heading
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
# An emoji (with its variation selector), a dingbat or a flag (two regional letters): what the segmenter cuts off a
# post's claim.
EMOJI = r"(?:[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?|[\U0001F1E6-\U0001F1FF]{2})"
# What closes a post's or a wire story's sentence in place of its full stop, or after it: hashtags ("… shrinking.
# #NorthKorea #DPRK"), a thread's counter ("… warning. 2/7"), an emoji, a wire story's end ("-30-", "-0-"); with a
# footnote marker ("… programme[6]"), what makes a line without a full stop prose (``_SOCIAL_END``). Pictographs only,
# not EMOJI's dingbats: a page's headline may end in one ("Why the regime is failing ★").
SOCIAL_END = (
    r"(?:(?:\s+#\w+|\s*[\U0001F300-\U0001FAFF]\ufe0f?)+(?:\s+\d{1,2}/\d{1,2})?"  # tags or emoji, then a counter
    r"|(?<=[.!?…\"”’])\s+\d{1,2}/\d{1,2}|\s+-(?:0|30)-)\s*$"  # a counter after a full stop ("after 9/11" is a date)
)
_SOCIAL_END = re.compile(rf"(?:{FOOTNOTE_MARKER}\s*$|{SOCIAL_END})")
# The heading of a closing list of notes or references, and the marker that opens each entry ("1.", "[2]", "³", or an
# author and a year: "Drezner, Daniel W. 1999. …").
NOTES_HEADING = re.compile(
    r"^[#*_\s]*(?:end ?notes|foot ?notes|notes|references|sources|bibliography|works cited)\s*:?[*_\s]*$",
    re.IGNORECASE,
)
LINK_LIST_HEADING = re.compile(
    r"^[#*_\s]*(?:see also|external links|further reading|related (?:links|reading|articles))\s*:?[*_\s]*$",
    re.IGNORECASE,
)
RULE = re.compile(r"^[_—–-]{5,}\s*$")  # the rule a PDF sets above a page's footnotes
LIST_NUMBER = re.compile(r"^\d{1,3}[.)]\s")
NOTE_MARKER = re.compile(
    r"^(?:\[\d{1,3}\]|\d{1,3}[.)]?\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}"
    # an author, given names or initials, co-authors, a year: "Haggard, Stephan, and Marcus Noland. 2017."
    r"|[A-Z][\w'’-]+, [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,4}(?:,? (?:and|&) [A-Z][^.\n]{0,60}?)?\.? \(?(?:1[89]|20)\d\d[a-z]?\)?\.)"
)
CITATION = re.compile(
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
WIRE_DATELINE = re.compile(
    rf"(?:{_CAPS_PLACE}(?:{_REGION})?(?:{_DATELINE_DATE}(?:{_ASIDE})?|{_ASIDE})"
    rf"|{_NEWS_CITY}(?:{_REGION})?"
    rf"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)?(?:{_REGION})?(?:{_DATELINE_DATE})? {WIRE_AGENCY})"
    r"(?:\s*(?:—|–|--)\s*|\s+-\s+)(?=[\"“A-Z0-9])"
)
_MAX_REPUBLICATION_WORDS = 30
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
    # "… originally appeared in The Diplomat": an outlet's name follows, not "in a 1994 memo" (a line of at most
    # _MAX_REPUBLICATION_WORDS words).
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
# lists, reading times, figure captions, and press copy's like. Layout takes it anywhere, but only on a line that
# stands alone between blank lines; this module, only if it does not urge (:data:`ADVOCACY`), and that each alternative matches whole: "Read
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
    # rose at 11.35 a.m." (its heading, "9591st meeting", is :data:`MEETING`'s)
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
COMMENTS_HEADING = re.compile(
    r"^[#*_\s]*(?:\d+ (?:reader )?comments?|(?:reader |user )?comments(?: \(\d+\))?|join the (?:discussion|conversation)"
    r"|leave a (?:comment|reply)|show comments)[*_\s]*:?$",
    re.IGNORECASE,
)
# A post's or a statement's sign-off after its text (a whole line's match): "- Senator Ruth Calder", "— Korean Central
# News Agency".
SIGN_OFF = re.compile(r"[-—–]{1,2}\s*[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’&-]*|\([\w.,-]+\)|of|de|al-\w+)){0,7}")
# A UN record's meeting line, and the heading of a recorded vote's list of members: "In favour:", "Against:".
MEETING = re.compile(r"^\d{1,5}(?:st|nd|rd|th) (?:plenary )?meeting$", re.IGNORECASE)
VOTE = re.compile(r"^(?:in favou?r|against|abstaining|abstentions?)\s*:$", re.IGNORECASE)
# The closing of a letter or newsletter, alone on its line above the signature: "Best,", "Sincerely yours,".
VALEDICTION = re.compile(
    r"^(?:(?:with )?(?:best|kind|warm|warmest)(?: wishes| regards)?|regards|sincerely(?: yours)?|yours(?: sincerely|"
    r" truly)?|cheers|all the best|respectfully(?: yours)?),?$",
    re.IGNORECASE,
)
# Notes that frame a text ("Adapted from remarks…"); layout looks for them in the first and last paragraphs only.
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
# author" opens a bio (:data:`BIO`).
_ABOUT = (
    r"about (?:us|the (?:[\w'’-]+ ){0,3}(?-i:Foundation|Institute|Institution|Cent(?:er|re)|Council|Organi[sz]ation|"
    r"Program(?:me)?|Project|Publisher|Series|Network|Society|Association|Forum|Initiative|Journal|Magazine|"
    r"Newsletter|Podcast|Press)|(?-i:[A-Z][\w&.'’-]*)(?:\s+(?:(?-i:[A-Z0-9&][\w&.'’-]*)|of|the|and|for|on)){0,6})"
)
ABOUT_HEADING = re.compile(rf"[*_#\s]*{_ABOUT}[*_\s]*", re.IGNORECASE)
ABOUT_NOTE = re.compile(rf"[*_\s]*{_ABOUT}[*_]*\s*[:—–]", re.IGNORECASE)
EDGE_NOTE = re.compile(
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
BIO = re.compile(
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
THANKS = re.compile(
    r"^[*_\s]*the authors? (?:(?:also |would like to |wishes to )?thanks?\b|(?:is|are) (?:grateful|indebted) to\b)",
    re.IGNORECASE,
)
TURN = re.compile(r"\b(?:but|yet|however)\b", re.IGNORECASE)
# Bios describe; claims that open like one ("Kim Jong Un runs a criminal enterprise, and sanctions should …") urge.
ADVOCACY = re.compile(r"\b(?:must|should|ought to|needs? to|cannot|will not|won[’']t)\b", re.IGNORECASE)
_NAME_LINE = re.compile(r"^[A-Z][\w.'’-]*(?:,?\s+(?:[A-Z][\w.'’-]*|\([\w.]+\)|of|the|and|de|van|von)){1,9}$")
# A table of contents' entry, with its dot leaders and page number, and a numbered section heading.
_TOC_ENTRY = re.compile(r"(?:\s?\.){4}\s*\d{1,4}$")  # searched: dot leaders and a page number end the line
_NUMBERED_HEADING = re.compile(r"\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=[A-Z])")
# The marks that open a list's items: bullets of every shape, and numbers or letters ("2.", "(b)", "iii)").
BULLETS = r"\-*•–—▪◦■●◾▸►‣⁃➢➤✓✔→✅☑❌✖👉🔹🔸🔴🟢🔵"  # for a character class
# "1.", "2)", "(iv)", "(b)", a section's number before a capital ("4.1 Washington should …") and a keycap emoji ("1️⃣")
ITEM_NUMBER = r"\(?(?:\d{1,2}[.)]|(?:[ivx]{1,4}|[a-h])\))\s|\d{1,2}(?:\.\d{1,2})+\.?\s(?=[A-Z])|\d\ufe0f?\u20e3\s"
LIST_ITEM = re.compile(rf"^(?:[{BULLETS}]\ufe0f?\s|{ITEM_NUMBER})")  # "☑️ …": an emoji's variation selector
_MAX_HEADLINE_WORDS = 25


def is_title(line: str) -> bool:
    """A headline-like line: no closing full stop and every longer word capitalised.

    >>> is_title("Sanctions and the Art of Waiting"), is_title("Sanctions work.")
    (True, False)
    """
    return not TERMINAL.search(line) and is_title_case(line.split())


def line_kind(line: str) -> str | None:
    """The kind of a line that is not a claim wherever it stands, or ``None``: the first that matches of ``author``,
    ``byline``, ``photo_credit``, ``dateline``, ``republication`` (a line of at most
    :data:`_MAX_REPUBLICATION_WORDS` words), ``bio`` (a letter's "The writer is …"), ``copyright``, ``headline`` (a
    delivered text's title line) and ``section`` (a Markdown heading).

    >>> line_kind("Photo: Reuters"), line_kind("This article originally appeared in The Diplomat.")
    ('photo_credit', 'republication')
    """
    for kind, pattern in _STRONG.items():
        if pattern.search(line) and (kind != "republication" or len(line.split()) <= _MAX_REPUBLICATION_WORDS):
            return kind
    return None


def is_furniture(line: str) -> bool:
    """A web page's furniture (a share button, a newsletter prompt, a caption, a cookie notice), matched whole and
    not urging anything.

    >>> is_furniture("Read more: How sanctions bite"), is_furniture("Read more closely, the resolution bans coal.")
    (True, False)
    """
    line = line.strip("*_ \t")
    return bool(_FURNITURE.match(line)) and not ADVOCACY.search(line)


def looks_like_heading(line: str) -> bool:
    """A heading or a name line: short and unpunctuated, title-cased, a numbered section or a table of contents' entry,
    not a list item or a sentence.

    >>> looks_like_heading("2. The Enforcement Gap"), looks_like_heading("2. Enforce the sanctions on the books")
    (True, False)
    """
    if _TOC_ENTRY.search(line) and any(ch.isalpha() for ch in line):
        return True
    numbered = _NUMBERED_HEADING.match(line)
    if numbered:  # "2. The Enforcement Gap", not "2. Enforce the sanctions on the books"
        rest = line[numbered.end() :].split()
        return len(rest) <= 10 and not TERMINAL.search(line) and is_title_case(rest)
    if LIST_ITEM.match(line):  # "- Enforce the sanctions on the books" is a claim even without a full stop
        return False
    line = line.strip("*_ \t")  # markdown emphasis around a heading or a bio
    words = line.split()
    if not words or len(words) > _MAX_HEADLINE_WORDS:
        return False
    if (
        _INTERNAL_STOP.search(line)
        and len(words) >= _MIN_PROSE_WORDS
        and not is_title_case(words)
        and not _CREDIT_END.search(line)
    ):
        return False  # two sentences, the last unfinished or closed by a citation, a link or an emoji
    # (the tail only: an emoji run would make a search from every position quadratic)
    if len(words) >= _MIN_PROSE_WORDS and not is_title_case(words) and _SOCIAL_END.search(line, len(line) - 200):
        return False  # a sentence closed by a footnote marker, hashtags, a thread's counter, an emoji or "-30-"
    if not TERMINAL.search(line) and not _CITATION_END.search(line) and not line.endswith((":", ",", ";")):
        return True
    if TERMINAL.search(line) and line[-1] in ".!" and len(words) >= 4 and line.upper() == line:
        return False  # a sentence in capitals, "THE WEST MUST ACT NOW."
    if len(words) <= 10 and _NAME_LINE.match(line):
        return True
    return len(words) <= 12 and is_title_case(words)


def is_title_case(words: list[str]) -> bool:
    """Every word of four letters or more capitalised (and one at least): "Talks and the Art of Waiting"."""
    capitalised = [w for w in words if w[:1].isalpha() and len(w) > 3]
    return bool(capitalised) and all(w[0].isupper() for w in capitalised)
