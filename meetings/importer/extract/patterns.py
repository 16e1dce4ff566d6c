"""Patterns both languages' rules share: meeting cues, offices and who counts as an official.

English-only name patterns live in `english.py`, Japanese ones in `japanese.py`.
"""

from __future__ import annotations

import re

from meetings.importer.wordlists import word_list

JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
MEETING_CUE = re.compile(
    r"\b(?:held|hold|holds|met|meet|meets|meeting|co-chaired|co-chair|hosted|dialogue|talks|"
    r"signed|sign|signing|visited|call|discussed|attended|attends|joined|consultations?|"
    r"committee|partnership)\b|会談|会合|対話|署名|開催|出席|協議|面会|電話|表敬|会見|懇談|テレビ会議|ビデオ会議|オンライン会議",
    re.IGNORECASE,
)
SIDE_EVENT = re.compile(
    r"\b(?:seminar|symposium|reception|forum organi[sz]ed|business roundtable|luncheon|"
    r"keynote|lecture|quoted|said in a statement)\b|セミナー|シンポジウム|挨拶|講演|レセプション",
    re.IGNORECASE,
)
FUTURE_CUE = re.compile(
    r"\b(?:will|next|planned|plan to|upcoming|look(?:ed|s)? forward|to be held|later this year|"
    r"intend)\b",
    re.IGNORECASE,
)
VIRTUAL_CUE = re.compile(
    r"\b(?:video ?conference|videoconference|video call|virtual(?:ly)?|online|telephone|"
    r"phone call|by phone|teleconference|tele-conference)\b|電話会談|テレビ会議|テレビ会談|ビデオ会議|オンライン",
    re.IGNORECASE,
)

HONORIFIC = (
    r"(?:(?:the\s+)?(?:Honou?rable|Hon\.?)|H\.\s?E\.|HE|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Prof\.?|"
    r"Senator|Sen\.|His Excellency|Her Excellency|Excellency|Madam|Minister|Secretary|Ambassador|"
    r"Commissioner)"
)
# Styles only (no office words): what may stand between an office and the name it belongs to.
STYLE = (
    r"(?:(?:the\s+)?(?:Honou?rable|Hon\.?)|H\.\s?E\.|HE|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Prof\.?|"
    r"Senator|Sen\.|His Excellency|Her Excellency|Excellency|Madam)"
)
OFFICE_HEAD = (
    r"(?:Minister|Secretary|Representative|Ambassador|Commissioner|Vice[- ]President|"
    r"Director[- ]General|Director|Administrator|Undersecretary|Chancellor|President|Premier|"
    r"Governor|Deputy|Chair|Chairman|Chairperson|Head|Counsellor|Envoy|Senator|Attorney General)"
)
OFFICIAL_OFFICE = re.compile(
    r"Minister|Secretary(?! General of (?:the )?(?:Keidanren|Association))|Trade Representative|"
    r"Ambassador|Commissioner|Director[- ]General|Vice[- ]President of the European Commission|"
    r"Executive Vice[- ]President|Undersecretary|Administrator|Envoy|Director General|"
    r"Executive Director|"
    r"大臣|長官|次官|大使|通商代表|局長|審議官",
    re.IGNORECASE,
)
NOT_A_PARTICIPANT_OFFICE = re.compile(
    r"(?<!Vice )(?<!Vice-)\bPresident\b(?! of the European Commission)|"
    r"(?<!Deputy )(?<!Vice )Prime Minister|Premier\b|"
    r"\bKing\b|\bEmperor\b|\bMayor\b|\bGovernor\b|\bCEO\b|Chief Executive|\bChair(?:man|woman)?\b|"
    r"\bInc\b|Corporation|\bCorp\b|\bCo\.|\bLtd\b|Company|Holdings|\bGroup\b|University|"
    r"Institute|\bCSIS\b|Chamber of Commerce|Association|Federation|Keidanren|Congress|"
    r"^Representative$|^Senator$|Senior Vice President|Director of Research|首相|総理|大統領",
    re.IGNORECASE,
)
# Capitalised words that are never part of a person's name (data/name_stopwords.txt).
NAME_STOPWORDS = frozenset(word_list("name_stopwords"))
NAME_TOKEN = r"(?:[A-ZÀ-Þ][a-zß-ÿ]+(?:[A-Z][a-z]+)?(?:[-’'][A-Za-zß-ÿ]+)*|[A-Z]{2,}(?:-[A-Z]+)?|(?:[A-Z]\.)+)"
NAME_RUN = re.compile(rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN})+")
SURNAME_AFTER_OFFICE = re.compile(
    r"\b(?:Minister|Secretary|Ambassador|Commissioner|Representative|Vice[- ]President|"
    r"Director[- ]General|Vice[- ]Minister|Mr\.?|Ms\.?|Mrs\.?)\s+"
    r"(?P<surname>[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?|[A-Z]{3,})\b(?!\.\w)(?P<next>\s+[\w.’'-]+)?"
)
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][A-Za-z.]+(?:\s+\d{1,2})?)*)\s*"
    r"(?:\([A-Za-z]+\)\s*)?"
    r"(?:--|[-–—])\s*"
)

OFFICE_LOWER_WORDS = (
    r"trade|economy|industry|energy|commerce|foreign|affairs|economic|security|international|"
    r"digital|people|works|an|that|resources|investment|tourism|climate|action|relations|"
    r"competition|internal|market|industrial|strategy|innovation|research|budget|finance"
)
SERIES_HEADS = r"(?:Dialogue|Partnership|Committee|Consultations?|Council|Commission|Forum)"
SERIES_CONNECT = r"(?:\s*[-–]\s*|\s+and\s+)"

# A named standing forum between governments, recorded as a dialogue: "… Economic Dialogue",
# "Digital Partnership Council", 「日米経済対話」,
# 「エネルギー・イニシアティブ協議会」, 「政府間委員会」.
DIALOGUE_NAME = re.compile(
    r"\bDialogue\b|\b(?:Partnership|Economic|Strategic|Policy)\s+Council\b|"
    r"対話|協議会|政府間委員会|"
    r"\bIntergovernmental\s+(?:Commission|Committee)\b",
    re.IGNORECASE,
)
