"""The bidi control characters, which page text must never get to obey: shown escaped by the
terminal and marked in the report page (light: the CLI imports it at once)."""

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # a character class's body
