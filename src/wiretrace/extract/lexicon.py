"""The words and forms the line rules read: patterns and the cheap gates in front of them.

Kept apart from the rules (`rules`) so that both the rules and their compiled twins
(`kernels`) read one list. Every entry names a *kind* of line (a share bar, an appeal, a photo
credit), never a particular site.
"""

from __future__ import annotations

import re

WORD = re.compile(r"\w+", re.UNICODE)

SOCIAL = (
    r"facebook|twitter|x|linkedin|pinterest|telegram|e-?mail|reddit|whatsapp|messenger|"
    r"flipboard|tumblr|vk|line|viber|bluesky|threads|mastodon|sms|print|copy link|copy"
)
SHARE = re.compile(
    rf"^(share( this( article| story| page)?)?( on| via| to| by)?\s*({SOCIAL})?|tweet( this)?|"
    rf"pin( it)?|{SOCIAL})\s*[:!]?$",
    re.IGNORECASE,
)
COUNTER = re.compile(
    r"^((total\s+)?(views?|shares?|reads?|comments?|likes?|hits)\s*[:\-]?\s*[\d,.]+\s*[km]?|"
    r"[\d,.]+\s*[km]?\s+(views?|shares?|reads?|comments?|likes?))$",
    re.IGNORECASE,
)
PAGER = re.compile(
    r"^((«|‹|<|prev(ious)?|first)\s*)?(\d[\d,]*\s*[|·…]?\s*){2,}((next|last|»|›|>)\s*)?$|"
    r"^page \d+ (of|/) \d+$",
    re.IGNORECASE,
)
NAV_WORDS = (
    r"next|previous|prev|read more|read next|read also|also read|related|related (posts|articles|"
    r"stories|news|content|topics)|more|more (news|stories|from [\w ]+)|don'?t miss|see also|"
    r"recommended( for you)?|popular|most (read|popular|viewed)|trending( now)?|advertisement|"
    r"sponsored( content)?|you may also like|you might also like|latest( news)?|top stories|"
    r"back to top|skip to (main )?content|tags?|topics?|filed under|continue reading|"
    r"load more|show more|sign up|log ?in|subscribe( now)?|"
    r"(previous|next|prev) (article|story|post)|"
    r"now playing|listen( again| live| now)?|watch( live| now| again)?|on air|up next|"
    r"more (on|about) this( story)?|in (other|related) news|editor'?s picks?"
)
NAV_ALONE = re.compile(rf"^({NAV_WORDS})\s*[:.!»›>]*$", re.IGNORECASE)
NAV_LEAD = re.compile(rf"^[\[(]?({NAV_WORDS})\s*[:»›>|–—-]\s*\S", re.IGNORECASE)
# "Read more: <headline>", "[Related: <headline>]": a pointer to another article
NAV_POINTER = re.compile(
    r"^[\[(]?(read (more|also|next)|also read|see (more|also)|related( story| article)?|"
    r"more( on this)?|watch|listen|recommended|don'?t miss)\s*:\s*\S",
    re.IGNORECASE,
)
NAV_CAPS = re.compile(r"^(NEXT|PREVIOUS|READ MORE|READ NEXT|RELATED|ALSO READ|SEE ALSO)\b\s*\S")
COMMENTS = re.compile(
    r"^(\d+\.\s*)?(\d+\s+)?(replies|repl(y|ies) to|comments?|readers'? comments|reader comments|"
    r"leave a (reply|comment)|post a comment|add a comment|show comments|view comments|"
    r"join the (discussion|conversation)|discussion|responses?|"
    r"what (readers|people|others|you) (are )?say(ing)?|reader (reactions|responses|views)|"
    r"\d+ (comments?|responses?|replies))\s*[:(\d)]*$",
    re.IGNORECASE,
)
PHOTO_IN_PARENS = (
    r"\(\s*([\w.&/-]+\s+){0,3}(pic|pics|photo|photos|file photo|image|picture|photograph)\s*\)"
)
PHOTO_AGENCIES = (
    r"\b(getty images|alamy( stock photo)?|shutterstock|istock(photo)?|ap photo|afp photo|"
    r"epa-efe|reuters/[\w ]+|file photo|stock photo|photo credit)\b[\s\w./-]{0,40}"
)
PHOTO_END = re.compile(rf"({PHOTO_IN_PARENS}|{PHOTO_AGENCIES})\.?$", re.IGNORECASE)
# its two alternatives apart, each searched only where its own gate lets it match
PHOTO_PAREN_END = re.compile(rf"{PHOTO_IN_PARENS}\.?$", re.IGNORECASE)
PHOTO_AGENCY_END = re.compile(rf"{PHOTO_AGENCIES}\.?$", re.IGNORECASE)
PHOTO_LEAD = re.compile(
    r"^(photo|image|picture|pic|file photo|caption|credit|photograph)\s*(\(|:|/|by\b)",
    re.IGNORECASE,
)
SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){7,}\b")
DOMAIN = re.compile(
    r"(https?://\S+|\bwww\.[\w-]+(\.[\w-]+)+|\b[\w-]+\.(com|org|net|co\.uk|news|info|io)\b|"
    r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+)"
)
# what each of `DOMAIN`'s alternatives holds (it is case-sensitive)
DOMAIN_GATE = ("://", "www.", "@", ".com", ".org", ".net", ".co.uk", ".news", ".info", ".io")
URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
SEPARATOR = re.compile(r"^[\W_]*$", re.UNICODE)
BYLINE = re.compile(r"^(by|written by|words by|reporting by)\s+\w", re.IGNORECASE)
# who reported, edited or can be reached: the staff note at the foot of an article; the
# note that opens a line (`CREDITS_LEAD`) or sits inside it (`CREDITS_INSIDE`)
CREDITS_LEAD = re.compile(
    r"^\W{0,2}((additional|with|further) )?(reporting|writing|editing|research|compiled|"
    r"produced|translated|translation)( and (reporting|writing|editing|research))? by\b|"
    r"^(have a (news )?tip\b|(e-?mail|contact|reach) (the )?(author|reporter|writer)s?\b)|"
    r"^(e-?mail|contact|reach|write to) [A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3} (at|on) "
    r"[\w.+-]+@[\w-]+\.",
    re.IGNORECASE,
)
CREDITS_INSIDE = re.compile(
    r"\bcontributed( reporting)? to this (report|story|article)\b|"
    r"\b(may|can) be (reached|contacted) (at|on|via)\b",
    re.IGNORECASE,
)
FOLLOW = re.compile(
    r"^(follow|like|subscribe to) (us|@?[\w'’.&]+( [\w'’.&]+){0,9}) (on|at|via) "
    r"(twitter|facebook|instagram|youtube|linkedin|tiktok|x|https?://)|"
    r"^follow @\w+|^follow (him|her|them|us) on\b",
    re.IGNORECASE,
)
SHARE_IT = re.compile(
    r"\bshare (this|it)( (story|article|post|page))?( with (a friend|your friends|others))?\W*$",
    re.IGNORECASE,
)

QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]{12,}’|«[^»]*»")
ADDRESS = {
    "we",
    "us",
    "our",
    "ours",
    "you",
    "your",
    "yours",
    "you're",
    "you've",
    "we're",
    "we've",
    "you'll",
    "we'll",
    "ourselves",
    "yourself",
}
APPEAL_WORDS = re.compile(
    r"\b(donat\w*|support\w*|subscri\w*|contribut\w*|newsletter|sign up|member(ship)?|"
    r"paywall|advertis\w*|journalism|readers?|help|funding|fund|premium|unlock|"
    r"free trial|inbox|register|patreon)\b",
    re.IGNORECASE,
)


# Cheap gates. A line passes to a costly regex only when it holds, case-folded, a word the
# regex cannot match without: most prose lines hold none, and skip the regex. The gates read
# the line's `ascii_form` lower-cased; a line that has no such form goes to the regexes.
APPEAL_GATE = (
    "donat",
    "support",
    "subscri",
    "contribut",
    "newsletter",
    "sign up",
    "member",
    "paywall",
    "advertis",
    "journalism",
    "reader",
    "help",
    "fund",
    "premium",
    "unlock",
    "free trial",
    "inbox",
    "register",
    "patreon",
)
ADDRESS_GATE = frozenset(
    ["we", "us", "our", "ours", "you", "your", "yours", "ourselves", "yourself"]
)
SALES_GATE = (
    "donat",
    "subscri",
    "newsletter",
    "sign up",
    "membership",
    "paywall",
    "support us",
    "support our",
    "contribute",
    "free trial",
    "unlock",
    "premium",
)
PHOTO_GATE = ("getty", "alamy", "stock", "photo", "epa-efe", "reuters/")
AGENCY_GATE = (  # what a match of `PHOTO_AGENCIES` holds
    *("getty images", "alamy", "shutterstock", "istock", "ap photo", "afp photo", "epa-efe"),
    *("reuters/", "file photo", "stock photo", "photo credit"),
)
# how a line whose credit is in parentheses ends (`$` matches before a final newline too)
PAREN_ENDS = (")", ").", ")\n", ").\n")
CREDITS_GATE = ("contributed", "be reached", "be contacted")
PHRASE_GATE = ("sign up", "free trial")  # the two-word appeal phrases
# Bits of a line's gates: which gates' words its gate form holds, as the compiled line pass
# finds them for every line a rule looks at (see `line_hints`); -1 where not known, and then
# each rule looks for itself.
GATE_APPEAL = 1  # a word of `APPEAL_GATE`
GATE_ADDRESS = 2  # a word addressing the reader (`may_address`)
GATE_AGENCY = 4  # a word of `AGENCY_GATE` in the last 160 characters
GATE_SALES = 8  # a word of `SALES_GATE`
GATE_CREDITS = 16  # a word of `CREDITS_GATE`
GATE_DOMAIN = 32  # a `DOMAIN_GATE` string, lower-cased (where the line may hold it)
GATE_SHARE = 64  # "share "
GATE_PHRASE = 128  # a word of `PHRASE_GATE`
# typographic punctuation common in news text; none of it is a word character
TYPOGRAPHIC = ("’", "“", "”", "—", "–", "‘", "…")
# ASCII word characters -> "a", all else -> " "; and ASCII non-word characters -> " "
WORD_BYTES = bytes((ord("a") if b < 128 and WORD.match(chr(b)) else ord(" ")) for b in range(256))
TOKEN_GAPS = str.maketrans({chr(b): " " for b in range(128) if not WORD.match(chr(b))})
