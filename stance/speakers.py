"""How transcripts mark who speaks and what the audience does: speaker labels ("THE PRESIDENT:", "MR. KIRBY:",
"Vladimir Putin:", Hansard's and the UN's forms) and stage directions ("(Applause.)"). Patterns only, shared by
:mod:`stance.layout` (a line that opens a turn starts a paragraph), :mod:`stance.furniture` (a stage direction after a
full stop ends a sentence) and :mod:`stance.segment` (labels and directions are left out of claims).

>>> import re
>>> bool(re.match(SPEAKER_LABEL, "MR. KIRBY: We will not."))
True
"""

from __future__ import annotations

import re

# A transcript's stage direction ("(Applause.)", "[Laughter and applause]", "[crosstalk 00:12]"): a bracket that holds
# only such words, so "(Silence is itself a policy.)" is prose.
_STAGE_WORD = (
    r"(?i:applause|laughter|laughs|cheers|cheering|booing|inaudible|cross ?talk|pauses?|silence|standing ovation|music"
    r"|audio break|off mic)"
)
# In angle brackets, asterisks or dashes only an audience's reactions: "*Silence* is all that came back" is prose.
_REACTION = (
    r"(?i:applause|laughter|laughs|cheers|cheering|booing|inaudible|cross ?talk|standing ovation|audio break|off mic)"
)
STAGE_DIRECTION = (
    rf"(?:[\[(]{_STAGE_WORD}(?: (?i:and|&) {_STAGE_WORD})?(?: \d{{1,2}}:\d{{2}}(?::\d{{2}})?)?[.!]?[\])]"
    rf"|[<*]{_REACTION}(?: (?i:and|&) {_REACTION})?[.!]?[>*]"  # "<applause>", "*applause*"
    rf"|--\s?{_REACTION}\s?--)"  # "-- applause --"
)
# A transcript's speaker label ("THE PRESIDENT:", "MR. KIRBY:", "SENATOR McCAIN:", "Q:", "ZAKARIA:", "SPEAKER 2:"). One
# of two words or more opens with a title, so that a capitalised lead-in ("WE MUST NOT LIFT SANCTIONS: …", "THE BOTTOM
# LINE: …") is not one.
_TITLES = (
    "MR|MRS|MS|DR|SEC|SECRETARY|PRESIDENT|VICE|PRIME|MINISTER|FOREIGN|DEFEN[CS]E|DEPUTY|UNDER|ASSISTANT|AMB|"
    "AMBASSADOR|SEN|SENATOR|REP|REPRESENTATIVE|GOV|GOVERNOR|GEN|GENERAL|ADM|ADMIRAL|COL|COLONEL|CHAIR|CHAIRMAN|"
    "CHAIRWOMAN|SPEAKER|SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|MODERATOR|PARTICIPANT|QUESTIONER|ENVOY|DIRECTOR|"
    "CHANCELLOR|LEADER|MAYOR|ATTORNEY|JUDGE|JUSTICE|COMMISSIONER|KING|QUEEN|PRINCE|CROWN|SUPREME|AUDIENCE"
)
_TITLE = rf"(?:{_TITLES})\.?"
# UN verbatim records and the House of Commons' Hansard name speakers in mixed case: "The President:", "Mr. Nebenzia
# (Russian Federation) (spoke in Russian):", "Dame Margaret Hollis (Bristol North) (Lab):", "The Minister for Asia and
# the Pacific (Mr Graham Allen):", "Hon. Members:".
_UN_SPEAKER = (
    r"The (?:President|Acting President|Chair|Chairman|Chairperson|Secretary-General)(?: \((?:spoke|interpretation)"
    r" (?:in|from) [A-Z][a-z]+\))?"
    r"|(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness)\.? [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}"
    r"(?: \([^()\n]{2,60}\)){1,2}"
    r"|The (?:Prime Minister|Minister|Secretary of State|Parliamentary Under-Secretary of State)(?: [\w'’,-]+){0,10}"
    r" \((?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness) [^()\n]{2,40}\)"
    r"|(?:Several )?[Hh]on\. Members"
)
# A label that names a speaker by title ("THE PRESIDENT", "MR. KIRBY", "SPEAKER 2"), or a UN record's.
_TITLED_SPEAKER = (
    rf"(?:THE {_TITLE}(?: {_TITLE})*(?: [A-Z][\w.'’-]*){{0,3}}|{_TITLE}(?: {_TITLE})*(?: [A-Z][\w.'’-]*){{1,3}}"
    rf"|{_TITLE} \d{{1,2}}|{_UN_SPEAKER})"
)
# A timed transcript names each turn's speaker with the time it starts: "Joe Biden: (00:00)", "Ursula von der Leyen:
# (12:05)", "Moderator: (00:00)", "Speaker 1: (01:12:05)", alone on its line or before the turn's first words. Not a
# number after a name but "Speaker"'s, nor a rubric's word, so that "Phase 2: (1:30) …" or "Update: (10:30) …" keeps
# its lead-in.
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w.'’-]*"
_NAME_PARTICLE = r"(?:von|van|der|den|de|del|da|di|du|la|le|bin|al|el)"
_TIMED_SPEAKER = (
    r"(?!(?:Update|Phase|Step|Part|Stage|Item|Note|Time|Day|Round|Session|Breaking|Live|Watch|Chapter|Section)\b)"
    rf"(?:{_NAME_WORD}(?: (?:{_NAME_PARTICLE}|{_NAME_WORD})){{0,4}}|Speaker \d{{1,2}}): \((?:\d{{1,2}}:)?\d{{1,2}}:\d{{2}}\)"
)
# A transcript that names its speakers in mixed case without times ("Vladimir Putin: Good afternoon.", "Wang Wenbin: …"):
# one to four names and a colon before a capital or a quote at the start of a line (group 1: the name). Prose has such
# lead-ins too ("Wage-Price Guidelines: …", "Bottom Line: …"), so :class:`stance.segment.Segmenter` takes one for a
# label only in a transcript: where its name opens two lines or more (or one, set in bold beside a bold label that
# opens two), beside another speaker's label, and labels open a third of the text's lines or more.
NAMED_SPEAKER = rf"({_NAME_WORD}(?: (?:{_NAME_PARTICLE}|{_NAME_WORD})){{0,3}}):[*_]*[ \t]+(?=[\"“‘A-Z])"
# A hearing record names each speaker by title and name, then a full stop and the speech on the same line: "Senator
# Van Hollen. Sanctions …", "The CHAIRMAN. …", which the sentence recognisers cut off as a sentence of its own.
HEARING_SPEAKER = (
    r"(?:The (?i:chairman|chairwoman|chair|president)"
    r"|(?:Senator|Chairman|Chairwoman|Mr|Mrs|Ms|Dr|Secretary|Ambassador|Representative|Congressman|Congresswoman"
    r"|General|Admiral)\.? [A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}"
    r"(?: of (?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)?)\."  # the House's form names the member's state: "Mrs. Kim of California."
)
# A news transcript's caption of a speaker: "KIM JONG UN, NORTH KOREAN LEADER (through translator):", a name and, after
# a comma, a description in capitals that names an office or a translator ("IN SHORT, SANCTIONS FAIL:" is prose).
_OFFICE = (
    r"(?:LEADER|SECRETARY|MINISTER|PRESIDENT|PREMIER|CHANCELLOR|SPOKES(?:MAN|WOMAN|PERSON)|AMBASSADOR|ENVOY|SENATOR|"
    r"REPRESENTATIVE|GOVERNOR|GENERAL|ADMIRAL|COMMANDER|ADVISE[RO]|CORRESPONDENT|ANALYST|CHAIR(?:MAN|WOMAN)?|"
    r"DIRECTOR|OFFICIAL|PROFESSOR|FELLOW|REPORTER|ANCHOR|HOST|CHIEF)"
)
_CAPTIONED_SPEAKER = (
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}, "
    rf"(?:(?:[A-Z][A-Z.'’-]+ ){{0,5}}{_OFFICE}(?: [A-Z][A-Z.'’-]+){{0,5}}(?: \([a-z ]{{3,30}}\))?"
    r"|[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,5} \(through (?:a )?translator\))"
)
# Every label: a titled one, a single word in capitals ("ZAKARIA:"), "Q:"/"A:" or "Question:"/"Answer:", each with its
# colon and any Markdown emphasis around it ("**Q:**"); a timed one; and a White House transcript's "Q", set apart by a
# tab or three spaces instead of a colon before a capital or a quote ("Q    Will …?", not "Q fever is …").
_CAPS_SURNAME = r"(?:Mr|Mrs|Ms|Dr)\.? [A-Z]{2,}(?:[ -][A-Z]{2,}){0,2}"  # "Mr. KOBAYASHI", after a sentence's end
SPEAKER_LABEL = (
    rf"(?:[*_]*(?:{_TITLED_SPEAKER}|{_CAPS_SURNAME}|{_TITLE}|[A-Z][A-Z'’-]+|Q|A|Question|Answer):[*_]*"
    rf"|{_CAPTIONED_SPEAKER}:(?=\s+[\"“‘A-Z])|{_TIMED_SPEAKER}"
    r"|Q(?=(?:\t| {3})[ \t]*[\"“‘A-Z]))(?=\s)"
)
# A line that opens a transcript's turn: with a titled or timed speaker anywhere, with any label after a sentence's end
# (:func:`stance.layout.find_regions`).
TITLED_SPEAKER_LINE = re.compile(rf"^(?:[*_]*{_TITLED_SPEAKER}:[*_]*|{_TIMED_SPEAKER})(?=\s)")
SPEAKER_LINE = re.compile(rf"^{SPEAKER_LABEL}")
