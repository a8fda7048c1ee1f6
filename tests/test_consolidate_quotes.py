"""Quotes and their speakers (consolidate.quotes), on our own sentences and on the seed pages."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES
from wiretrace.consolidate.quotes import moved_quotes, quotes, spans, story_quotes
from wiretrace.engines.local import run


def said(body: str) -> list[tuple[str, str | None]]:
    """(text, speaker) of every quote found in a body."""
    return [(q["text"], q["speaker"]) for q in quotes(body)]


def test_offsets_point_into_the_body() -> None:
    body = "Harbour master Elin Brask said: “The cranes stop at noon.”\n\nNothing else."
    found = quotes(body)
    assert len(found) == 1
    assert (
        body[found[0]["start"] : found[0]["end"]] == found[0]["text"] == "The cranes stop at noon."
    )
    assert found[0]["cue"] == "said"


def test_cue_after_the_quote_and_inverted() -> None:
    body = (
        "“We will reopen the bridge on Friday,” Mayor Tomas Verhoek said.\n\n"
        "“The repairs took longer than anyone hoped,” said Ana Lindqvist, an engineer at the firm."
    )
    assert said(body) == [
        ("We will reopen the bridge on Friday", "Tomas Verhoek"),
        ("The repairs took longer than anyone hoped", "Ana Lindqvist"),
    ]


def test_surname_pronoun_and_title_resolved() -> None:
    body = (
        "Port Elvan's Deputy Mayor Ruth Okonkwo-Baines spoke on Monday.\n\n"
        "“Nobody will lose their job,” Okonkwo-Baines said.\n\n"
        "“We have the money for it,” she added."
    )
    assert said(body) == [
        ("Nobody will lose their job", "Ruth Okonkwo-Baines"),
        ("We have the money for it", "Ruth Okonkwo-Baines"),
    ]


def test_apposition_and_told() -> None:
    body = (
        "Hendrik Vos, a professor of logistics at the Coastal Institute, told reporters that "
        "the strike would “cost every importer dearly”."
    )
    assert said(body) == [("cost every importer dearly", "Hendrik Vos")]


def test_organisation_and_the_noun_resolved() -> None:
    body = (
        "“The line will run again by June,” the transport ministry said in a statement.\n\n"
        "“Passengers will be refunded in full,” the ministry added."
    )
    assert said(body) == [
        ("The line will run again by June", "the transport ministry"),
        ("Passengers will be refunded in full", "the transport ministry"),
    ]


def test_participle_and_coordination_take_the_subject() -> None:
    body = (
        "Councillor Mia Sørensen praised the plan, saying it was “long overdue”, and said the "
        "town “cannot wait another winter”."
    )
    assert said(body) == [
        ("long overdue", "Mia Sørensen"),
        ("cannot wait another winter", "Mia Sørensen"),
    ]


def test_multi_paragraph_quote_keeps_its_speaker() -> None:
    body = (
        "Captain Idris Mahmoud described the night. “The waves came over the bow for an hour.\n\n"
        "“Then the engine stopped and we drifted until morning,” he said."
    )
    found = said(body)
    assert found == [
        ("The waves came over the bow for an hour.", "Idris Mahmoud"),
        ("Then the engine stopped and we drifted until morning", "Idris Mahmoud"),
    ]


def test_follow_on_quote_in_a_paragraph_keeps_the_speaker() -> None:
    body = "“We are ready,” said coach Lena Moravec. “The team has trained all summer.”"
    assert said(body) == [
        ("We are ready", "Lena Moravec"),
        ("The team has trained all summer.", "Lena Moravec"),
    ]


def test_marks_of_other_languages() -> None:
    french = "« Nous ne céderons pas », a déclaré la ministre Claire Dubois."
    german = "„Wir werden das Werk nicht schließen“, sagte Jonas Keller."
    japanese = "田中氏は「計画は予定通り進んでいる」と述べた。"
    assert said(french) == [("Nous ne céderons pas", "Claire Dubois")]
    assert said(german) == [("Wir werden das Werk nicht schließen", "Jonas Keller")]
    assert [q["text"] for q in quotes(japanese)] == ["計画は予定通り進んでいる"]


def test_nested_single_marks_stay_inside() -> None:
    body = "“They called it an ‘arsenal for autocracy’ in public,” said Sam Oduya."
    assert said(body) == [("They called it an ‘arsenal for autocracy’ in public", "Sam Oduya")]


def test_single_curly_marks_and_apostrophes() -> None:
    body = "‘We’ll be back in the spring,’ the captain’s mate Ola Fenn said."
    assert said(body) == [("We’ll be back in the spring", "Ola Fenn")]


def test_straight_marks_inches_and_apostrophes() -> None:
    body = 'The 6\'2" striker didn\'t play. "It is a small knock, nothing more," said Dario Pintor.'
    assert said(body) == [("It is a small knock, nothing more", "Dario Pintor")]


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    body = (
        "The so-called “quiet week” ended early. Critics reviewed “The Long Harbour Road” and "
        "the “smart” buoys."
    )
    assert quotes(body) == []


def test_called_for_is_no_cue() -> None:
    body = "Eva Lund said the talks had “run their course” and called for a new mediator."
    assert [(q["speaker"], q["cue"]) for q in quotes(body)] == [("Eva Lund", "said")]


def test_unclosed_quote_runs_to_the_paragraph_end() -> None:
    body = "He called the deal “a lifeline for the valley.\n\nOther news followed."
    assert [s[3] for s in spans(body)] == [False]


def test_story_quotes_merge_wordings() -> None:
    merged = story_quotes(
        [
            ("a", [{"text": "It is really a breakthrough document", "speaker": "Vladimir Putin"}]),
            ("b", [{"text": "It is really a breakthrough document,", "speaker": "Putin"}]),
            ("c", [{"text": "it is really a breakthrough document", "speaker": "Vladimir Putin"}]),
            ("c", [{"text": "An unrelated remark about the weather", "speaker": None}]),
        ]
    )
    assert len(merged) == 2
    first = merged[0]
    assert first["documents"] == ["a", "b", "c"]
    assert first["speaker"] == "Vladimir Putin"
    assert len(first["wordings"]) == 3
    assert merged[1]["documents"] == ["c"]


def test_examples_report_carries_quotes(tmp_path) -> None:
    report = run([EXAMPLES], tmp_path / "db.duckdb").report
    assert report is not None
    for doc in report["documents"]:
        for quote in doc["quotes"]:
            assert doc["body"][quote["start"] : quote["end"]] == quote["text"]
    assert any(story["quotes"] for story in report["stories"])


def test_seed_quotes(seeds, tmp_path) -> None:
    out = tmp_path / "out"
    run([seeds], tmp_path / "db.duckdb", out=out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (story,) = report["stories"]
    by_text = {q["text"]: q for q in story["quotes"]}
    breakthrough = by_text["It is really a breakthrough document"]
    assert "Putin" in breakthrough["speaker"]
    assert sorted(breakthrough["documents"]) == [
        "000_d6ab0ccc07055236",
        "001_c23270e702e2eccb",
        "004_dfca311f56d9f9bf",
    ]
    friend = next(q for q in story["quotes"] if "dearest friend of the Korean people" in q["text"])
    assert "Kim" in friend["speaker"]
    for doc in report["documents"]:
        for quote in doc["quotes"]:
            assert doc["body"][quote["start"] : quote["end"]] == quote["text"]


@pytest.mark.parametrize("body", ["", "No marks at all here.", "“", "”“", "\"'\"'"])
def test_odd_bodies(body: str) -> None:
    for quote in quotes(body):
        assert body[quote["start"] : quote["end"]] == quote["text"]


def test_moved_quotes_follow_a_cut_body() -> None:
    old = "Share this story\n\n“We will rebuild the pier,” said Mayor Ines Aaberg.\n\nSubscribe now"
    new = "“We will rebuild the pier,” said Mayor Ines Aaberg."
    moved = moved_quotes(old, new, quotes(old))
    assert moved == quotes(new)
    assert moved_quotes(new, old, quotes(new)) is None  # text added: found afresh
    assert moved_quotes(old, new, None) is None


def test_dash_signature_names_the_speaker() -> None:
    body = "“The harbour will be busy again by spring.” — Port director Ola Nygaard"
    assert said(body) == [("The harbour will be busy again by spring.", "Ola Nygaard")]


def _speakers(body: str) -> list[tuple[str, str | None]]:
    """(quote text, speaker) of a body's quotes."""
    return [(q["text"], q["speaker"]) for q in quotes(body)]


def _each(bodies: list[str]) -> list[list[str | None]]:
    """The speakers of each body's quotes."""
    return [[speaker for _, speaker in _speakers(body)] for body in bodies]


def test_a_quote_without_a_cue_is_spoken_by_its_sentences_subject() -> None:
    body = (
        "Senator Jane Roe has long complained that the agency gave its contractors “a free pass "
        "for years of bad work on the bridges of the north” in letters to the minister."
    )
    quote = "a free pass for years of bad work on the bridges of the north"
    assert _speakers(body) == [(quote, "Jane Roe")]


def test_a_cue_that_names_no_one_falls_back_to_the_subject() -> None:
    body = (
        "Speaking before a committee on Tuesday, General Tom Reyes claimed that the reports "
        "from the harbour were “completely false” in every part."
    )
    assert _speakers(body) == [("completely false", "Tom Reyes")]


def test_a_statement_speaks_for_who_issued_it() -> None:
    body = (
        "In a notice issued on Friday, the Harbour Authority advised sailors to stay in port.\n\n"
        "“The storm poses a danger to every small boat on the coast,” the statement read. “Stay "
        "ashore until Monday.”"
    )
    found = _speakers(body)
    assert [speaker for _, speaker in found] == ["Harbour Authority", "Harbour Authority"]


def test_read_before_a_quote_is_no_cue() -> None:
    body = "The copyright lines on the old pages read “2008” at the foot of every one of them."
    assert quotes(body) == []


def test_a_pronoun_after_a_subject_quote_is_that_speaker() -> None:
    body = (
        "Governor Ann Lake spoke to reporters at the dock.\n\n"
        "On Friday, Mayor Tom Hale looked at the plans, saying “the harbour needs new walls”.\n\n"
        "He added, “We will start before the winter storms arrive on the coast.”"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Tom Hale", "Tom Hale"]


def test_a_speaker_after_two_titles_joined_by_and() -> None:
    body = (
        "“We are finding the same boats in every port of the coast,” said Director and "
        "Founder Maria Alvarez of the harbour watch."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Maria Alvarez"]


def test_a_body_or_filing_opening_the_sentence_speaks() -> None:
    body = (
        "The lawsuit describes the new rule as unlawful and argues it leaves the port in an "
        "“impossible position” for the rest of the year."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["the lawsuit"]


def test_a_middle_initial_keeps_its_full_stop_whichever_way_the_speaker_is_found() -> None:
    """A speaker named after the cue ("said Mark D. Herlach") and one named before it are
    the same person, written the way the text writes them."""
    after = "“We will appeal the ruling,” said Tomas J. Varga, a lawyer for the growers."
    before = "Tomas J. Varga, a lawyer for the growers, spoke first. “We will appeal,” he said."
    assert [q["speaker"] for q in quotes(after)] == ["Tomas J. Varga"]
    assert [q["speaker"] for q in quotes(before)] == ["Tomas J. Varga"]


def test_a_pronoun_means_the_person_with_a_middle_initial_named_before() -> None:
    """A "he" after "said Tomas J. Varga, a partner at X" is Varga, not the firm: a middle
    initial is no sign of an abbreviation such as "N.C."; an office's words before such a
    name are no part of it."""
    body = (
        "The port may have had no choice but to act, said Tomas J. Varga, a partner at the "
        "firm Holloway Brandt. “No one wants to be seen doing nothing,” he told the paper.\n\n"
        "Harbour Chief of Staff Ines K. Lund said the board agreed. “We move on Monday,” she "
        "added."
    )
    assert [q["speaker"] for q in quotes(body)] == ["Tomas J. Varga", "Ines K. Lund"]


def test_a_name_and_colon_opening_a_paragraph_speaks_and_a_label_does_not() -> None:
    """A paragraph opening "Lund: “...”" (a space before the mark, as in a transcript) is
    Lund's, by the full name the text gives; "Writes Lund:" and "MUST WATCH Lund:" too;
    "Related: “...”" is no one's, not even the last speaker's."""
    body = (
        "Harbour master Ines Lund and councillor Per Dahl met the press on the quay.\n\n"
        "Lund: “We will open the north gate before the storms come in.”\n\n"
        "Dahl: “The council has not agreed to pay for the north gate yet.”\n\n"
        "Related: “Gates, walls and the long winter of the harbour board”\n\n"
        "Writes Lund: “Nobody on the board wants another flooded winter on the quay.”\n\n"
        "MUST WATCH Dahl: “We will vote on it next week”"
    )
    assert [speaker for _, speaker in _speakers(body)] == [
        "Ines Lund",
        "Per Dahl",
        None,
        "Ines Lund",
        "Per Dahl",
    ]


def test_a_full_name_is_not_taken_across_a_paragraph_break_nor_a_speech_verb() -> None:
    """A surname's full name is the name around its first mention within its paragraph: a
    line such as "Story Continued Below" before it is no part of it, nor a speech verb
    opening the sentence ("Says Tove Rask ...")."""
    body = (
        "Story Continued Below\n\n"
        "Ola Brekke runs the ferry line to the islands and has done so for years.\n\n"
        "“The boats are full every morning of the summer,” Brekke said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ola Brekke"]
    inverted = (
        "Says Tove Rask of the harbour board, the walls are late.\n\n"
        "“We need two more years before the walls are done,” Rask said."
    )
    assert [speaker for _, speaker in _speakers(inverted)] == ["Tove Rask"]


def test_a_pronoun_later_in_a_sentence_means_the_name_it_opens_with() -> None:
    """ "Mr. Brekke took a swipe at X when he said “...”" is Brekke's, not the last speaker's,
    and so is the next "he"; a sentence opening with a clause ("When Ann Lake asked, he
    said") or an owner ("Lake's aide") names no one for it."""
    body = (
        "“We will not fund the new pier,” said Governor Ann Lake.\n\n"
        "Mr. Brekke took a swipe at the governor and her budget when he said the harbour "
        "could not wait for “another round of studies”.\n\n"
        "“This is not a debate club,” he fumed.\n\n"
        "When Lake was asked about the pier again, he said “the money was never there”."
    )
    assert [speaker for _, speaker in _speakers(body)] == [
        "Ann Lake",
        "Brekke",
        "Brekke",
        "Brekke",
    ]


def test_a_capitalised_title_after_the_is_a_role_and_a_lesser_role_is_its_own() -> None:
    """ "the Ambassador called X, ..., a “...”" is the person the text names Ambassador,
    even with the call's object between; "the vice president" is whom the text names Vice
    President, "the President" not that one; a name's possessive is cut."""
    body = (
        "President Tom Hale’s envoy, Ambassador Ines Lund, spoke in Geneva.\n\n"
        "Vice President Per Dahl stayed home.\n\n"
        "At a dinner this month, the Ambassador called the harbour council, a body that "
        "has met twice in ten years and approved nothing, a “club of idle men”.\n\n"
        "“We will talk to every port on the coast,” the President said.\n\n"
        "“The ports will wait for the summer,” the vice president said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund", "Tom Hale", "Per Dahl"]


def test_a_time_phrase_between_the_speaker_and_the_cue_is_passed_over() -> None:
    """ "X on Tuesday said", "X on March 27 called", "X last week said": the speaker is X,
    not the words after the cue; a name that is also a month ("Theresa May") stays whole."""
    bodies = [
        "Councillor Ann Lake on Tuesday said the plan was “a waste of time and money”.",
        "Councillor Ann Lake on March 27 called the plan “a waste of time and money”.",
        "Councillor Ann Lake last week said the plan was “a waste of time and money”.",
        "Harbour master Tove May said the plan was “a waste of time and money”.",
    ]
    assert _each(bodies) == [["Ann Lake"], ["Ann Lake"], ["Ann Lake"], ["Tove May"]]


def test_a_quote_after_a_colon_is_spoken_by_the_owner_of_the_sentences_subject() -> None:
    """A sentence owned by a name and ending in a colon ("One of Lund’s sharper lines came
    later:") introduces that name's words, by the full name the text gives; "Let’s start
    with this:" no one's."""
    body = (
        "Harbour master Ines Lund took questions for an hour.\n\n"
        "One of Lund’s sharper lines came near the end: “The quay is not for sale.”\n\n"
        "Let’s start with the first line of the plan: “Every berth will be rebuilt.”"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund", None]


def test_a_body_named_in_an_apposition_before_the_cue_speaks() -> None:
    """ "The port operator, the Coastal Harbour Board (CHB), on Monday asked ... “...”" is
    the board's; "the Harbour Union’s Per Dahl" in the apposition is Dahl's."""
    bodies = [
        "The port operator, the Coastal Harbour Board (CHB), on Monday asked residents to "
        "keep off the quay “as much as possible”.",
        "One of the critics, the Harbour Union’s Per Dahl, said the plan was “far too late”.",
    ]
    assert _each(bodies) == [["Coastal Harbour Board"], ["Per Dahl"]]


def test_a_quote_after_a_colon_is_spoken_by_the_author_of_the_text_named_before_it() -> None:
    """ "... was reflected in a Harbour Gazette report: “...”" is the Gazette's, and so is
    "Here is the Gazette’s statement: “...”"."""
    bodies = [
        "The mood on the quay was reflected in a Harbour Gazette report: “Nobody expected "
        "the board to give way so soon.”",
        "Here is the Gazette’s statement: “We stand by every word of our reporting.”",
    ]
    assert _each(bodies) == [["Harbour Gazette"], ["Gazette"]]


def test_a_past_tense_verb_closed_by_a_comma_after_a_quote_is_its_cue() -> None:
    """ "“...,” Lund objected, before turning to the board's next point of order" is Lund's:
    the verb's clause ends at the comma, however long the sentence goes on."""
    body = (
        "Harbour master Ines Lund chaired the meeting.\n\n"
        "“Wait a minute, the harbour is not for sale,” Lund objected, before turning to the "
        "board and its long list of questions about the new berths on the north quay."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund"]


def test_a_quote_told_as_reported_is_the_reporters() -> None:
    """ "The Harbour Gazette reported ... The chair reportedly “...”": the Gazette's words
    about the chair, not the chair's own."""
    body = (
        "The Harbour Gazette reported that the meeting ran late. The chair reportedly “asked "
        "the members to stay until every question had been answered” before closing it."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Harbour Gazette"]


def test_a_pronoun_after_a_quote_means_the_person_named_just_before_it() -> None:
    """A "he tells" after a quote means the person the text names right before the quote,
    even when no space after the marks ends that sentence ('...now.”Per Dahl ...'), not the
    last speaker."""
    body = (
        "Harbour master Ola Brekke tells the Gazette: “The berths are fine for now.”"
        "Per Dahl, a crane driver on the north quay, who has worked there for years, tells the "
        "Gazette he is tired of waiting.“We have asked for new cranes every spring,” he tells "
        "the Gazette."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ola Brekke", "Per Dahl"]


def test_a_person_named_after_a_role_in_lower_case_speaks() -> None:
    """ "said former Harbour Board inspector Ines Lund" is Lund's, not the board's."""
    body = "“The berths were never safe,” said former Harbour Board inspector Ines Lund."
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund"]


def test_a_party_word_before_a_name_is_cut_like_a_title() -> None:
    """ "ranking Democrat Per Dahl" is Per Dahl."""
    body = "“We will vote no on the ferry budget,” ranking Democrat Per Dahl wrote in a letter."
    assert [speaker for _, speaker in _speakers(body)] == ["Per Dahl"]


def test_an_acronym_takes_the_name_the_text_spells_it_from() -> None:
    """ "said HSA" is the Harbour Safety Authority when the text names it whole, also after
    a sentence's "The"; an acronym the text never spells out stays as it is."""
    body = (
        "The Harbour Safety Authority published its review on Monday.\n\n"
        "“The north quay needs new railings,” said HSA.\n\n"
        "“We agree,” said NPA."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Harbour Safety Authority", "NPA"]


def test_a_party_word_before_an_organisation_stays() -> None:
    """ "the Republican National Committee" keeps its first word; "one Nordland Democrat"
    is no person to cut a party word from."""
    bodies = [
        "“We will appeal,” the Republican National Committee said.",
        "“It was a draw,” said one Nordland Democrat.",
    ]
    assert _each(bodies) == [["Republican National Committee"], ["one Nordland Democrat"]]


def test_a_long_subject_with_a_place_of_work_is_the_person_it_opens_with() -> None:
    """ "Ann Lee of the Centre for Harbour Safety at the University of Nordland told the
    paper" is Ann Lee's, however long the place of work."""
    body = (
        "“The railings were never tested,” Ann Lee of the Centre for Harbour Safety at the "
        "University of Nordland told the paper."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ann Lee"]


def test_said_then_adding_is_the_person_who_said() -> None:
    """ "No one else was hurt, Lund said, adding that the crews “...”" is Lund's, not the
    sentence's first word's."""
    body = (
        "Harbour master Ines Lund spoke on Monday.\n\n"
        "No one else was hurt, Lund said, adding that the crews “did everything right.”"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund"]


def test_a_sentence_opening_word_the_body_never_capitalises_elsewhere_is_no_name() -> None:
    """ "Likewise, the board called it “...”" names no speaker "Likewise"; a name the body
    also writes inside a sentence (after "Mr.") still speaks."""
    bodies = [
        "The board met on Monday.\n\nLikewise, the chair sees the plan as “a serious "
        "mistake that nobody on the quay wanted.”",
        "Mr. Dahl spoke first.\n\nDahl warned the council on Monday evening that the plan "
        "was “a serious mistake that nobody on the quay wanted.”",
    ]
    found = _each(bodies)
    assert found[0] != ["Likewise"]
    assert found[1] == ["Dahl"]


def test_a_quote_opening_a_sentence_after_one_closed_by_its_cue_is_that_speakers() -> None:
    """ "Parents should not blame themselves, she said. “...”" is hers: the sentence before
    closes with its cue; one closed by another verb names no one."""
    bodies = [
        "Ines Lund runs the harbour clinic.\n\nParents should not blame themselves, she said. "
        "“There will always be families who feel they should have known sooner.”",
        "Ines Lund runs the harbour clinic.\n\nThe clinic opened in May. “There will always be "
        "families who feel they should have known sooner.”",
    ]
    assert _each(bodies) == [["Ines Lund"], [None]]


def test_speech_with_no_cue_goes_on_from_the_last_speaker_nearby() -> None:
    """A quote no cue or subject attributes, soon after a cued one, is the last speaker's."""
    body = (
        "“The berths are ready,” harbour master Ines Lund said on Monday.\n\n"
        "The first ferry docks in May.\n\n"
        "“We have waited long enough for this.”"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund", "Ines Lund"]


def test_a_pronoun_is_not_given_to_a_person_the_titles_show_of_the_other_gender() -> None:
    """ "she said" after Per Dahl spoke (whom the body calls Mr. Dahl) goes to the last
    speaker the body calls Ms."""
    body = (
        "Harbour master Ines Lund opened the meeting. “The quay stays open,” Ms. Lund said.\n\n"
        "Treasurer Per Dahl said on Monday the plan cost too much, and Mr. Dahl asked for a "
        "vote.\n\n"
        "“We have paid for the new gate already,” she said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund", "Ines Lund"]


def test_a_cue_before_a_lost_paragraph_break_is_read() -> None:
    """'..." Lund said.Turning to the budget, ...': a text whose paragraphs ran together
    still names the speaker after the quote."""
    body = (
        'Ines Lund chaired the board. Per Dahl, 38, returned to the quay and left early."There '
        'is no excuse for this, and obviously the crews know it," Lund said.Turning to the '
        "budget, she asked for more."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund"]


def test_a_pronoun_means_the_latest_person_named_beside_a_cue_even_by_surname() -> None:
    """ "Dahl said he would not fight the plan. “...,” he said." is Dahl's (the text gives
    his full name earlier), not that of a full name cued before him."""
    body = (
        "“We will vote on it,” said councillor Per Dahl.\n\n"
        "The budget will depend on what treasurer Ines Lund says when she reports in May.\n\n"
        "Dahl said he would not fight the harbour board over the gate.\n\n"
        "“I think we have a way to do this,” he said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Per Dahl", "Per Dahl"]


def test_a_pronoun_means_the_person_opening_the_sentence_before_its_quote() -> None:
    """ "... insists Rep. Ines Lund, D-Nordland. Rep. Per Dahl, D-Sund, agrees. “...,” he
    says" is Dahl's: he opens the sentence right before, after Lund was cued; a label line
    ("Hide Caption 4 of 6") opens no clause and names no one."""
    bodies = [
        "Critics want more. “We are wasting the summer,” insists Rep. Ines Lund, D-Nordland. "
        "Rep. Per Dahl, D-Sund, agrees. “The gate should be built now,” he says.",
        "“We are wasting the summer,” insists harbour master Ines Lund.\n\nHide Caption 4 of "
        "6\n\n“The gate should be built now,” she says.",
    ]
    assert _each(bodies) == [["Ines Lund", "Per Dahl"], ["Ines Lund", "Ines Lund"]]


def test_a_surname_cued_after_a_capitalised_opening_word_is_the_person() -> None:
    """ "But Dahl, who chairs the board, says ..." cues Per Dahl (the text gives his full
    name before), for a later "he says"."""
    body = (
        "“The quay will flood again,” harbour master Ines Lund tells the Gazette.\n\n"
        "That is the debate former Sen. Per Dahl, R-Nord., says the vote should be about.\n\n"
        "But Dahl, who chairs the board, says the money is not there.\n\n"
        "“We cannot build the gate this year,” he says."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund", "Per Dahl"]


def test_a_persons_epithet_means_who_the_sentence_before_opens_with() -> None:
    """ "“...,” the Nordland lawmaker told the Gazette" is Per Dahl's when the sentence before
    opens with him; "the letter said" and "the official said" stay as they are written."""
    bodies = [
        "Councillor Per Dahl, who chairs the port board, said on Monday the vote would wait.\n\n"
        "“There is a concern that we have gone too far,” the Nordland lawmaker told the Gazette.",
        "Councillor Per Dahl said on Monday the vote would wait.\n\n"
        "“The gate will cost more than planned,” the letter said.",
        "Councillor Per Dahl said on Monday the vote would wait.\n\n"
        "“The gate will cost more than planned,” the official said.",
    ]
    assert _each(bodies) == [["Per Dahl"], ["the letter"], ["the official"]]


def test_a_name_the_body_writes_after_the_is_no_person_for_a_pronoun() -> None:
    """ "he said" with only "the North Harbour" named before is no one's: the body writes
    the name after "the", as it does a place or a body, never a person."""
    body = (
        "Ferries to the North Harbour stopped on Monday, and crews waited on the quay.\n\n"
        "“We will not sail until the gate is fixed,” he said."
    )
    assert [speaker for _, speaker in _speakers(body)] == [None]


def test_a_credit_line_after_an_excerpt_names_its_author() -> None:
    """A roundup: each excerpt (one or more paragraphs) is the person its credit line names,
    on the next line or right after the closing mark; a photo credit or a heading is none."""
    body = (
        "From the Left\n\n"
        "One writer notes, “the gate was never the problem. The money was.\n\n"
        "“Nobody on the board asked where the money went.”\n\n"
        "Ines Lund, The Harbour Gazette\n\n"
        "“The board will not survive another winter like this one.” Per Dahl, Nordland Post\n\n"
        "“Ferries are the only thing that works on this coast.”\n\n"
        "Photo: Ola Berg/Harbour Gazette"
    )
    assert [speaker for _, speaker in _speakers(body)] == [
        "Ines Lund",
        "Ines Lund",
        "Per Dahl",
        None,
    ]


def test_the_listener_of_told_is_not_the_pronouns_speaker() -> None:
    """ "he told Nordland Radio: “...”" is the man named before, not the station he told;
    nor is a person the text shows being told ("told Ann Lee")."""
    bodies = [
        "Harbour master Per Dahl seems torn. After all, he told Nordland Radio in 2011: “The "
        "gate is the only thing that will save this quay.”",
        "Harbour master Per Dahl seems torn. He told Ann Lee in 2011: “The gate is the only "
        "thing that will save this quay.”",
    ]
    assert _each(bodies) == [["Per Dahl"], ["Per Dahl"]]


def test_the_last_person_named_counts_a_surname_the_text_names_whole() -> None:
    """The last person named before a place is Per Dahl when the text last writes "Dahl"
    (and "Per Dahl" before), not the full name written before that; "Nordland Radio", the
    listener of "told", is no one."""
    from wiretrace.consolidate.quotes.layout import layout
    from wiretrace.consolidate.quotes.state import State

    body = (
        "Councillor Per Dahl chairs the harbour board. The board had Ines Lund read out the "
        "plan to Dahl, who told Nordland Radio"
    )
    assert State(body, layout(body).sentences).last_person(len(body)) == "Per Dahl"


def test_a_headline_in_title_case_does_not_make_a_full_name() -> None:
    """ "Dahl Calls Gate A Waste" as the first line says nothing of where Dahl's name ends:
    the full name is the one the text gives, "Per Dahl"."""
    body = (
        "In First Interview, Dahl Calls Gate A 'Waste' Of Money\n\n"
        "Councillor Per Dahl spoke to the Gazette on Monday.\n\n"
        "“The gate was never needed,” Dahl said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Per Dahl"]


def test_a_described_speaker_keeps_its_article_and_the_phrase_after_its_noun() -> None:
    """An unnamed source is named as the text describes it: "one official", "an
    ex-boyfriend", the noun a phrase after it hangs on ("a spokeswoman for the Harbour
    Authority", "the minutes of the board meeting"), not the phrase's own last words; "at one
    point" is no speaker, nor a phrase that does not end a noun phrase."""
    bodies = [
        "“The quay will close,” one official said.",
        "Her story was questioned after an ex-boyfriend told the Gazette that “she made up "
        "every part of it” and left.",
        "“The gate will be built this year,” a spokeswoman for the Harbour Authority said.",
        "“Members want the gate built by the spring,” the minutes of the board meeting said.",
        "A spokesman for the ministry said “the gate is a matter for the town alone”.",
        "Per Dahl at one point said “the gate is a waste of money for the town”.",
    ]
    assert _each(bodies) == [
        ["one official"],
        ["an ex-boyfriend"],
        ["a spokeswoman for the Harbour Authority"],
        ["the minutes of the board meeting"],
        ["A spokesman for the ministry"],
        ["Per Dahl"],
    ]


def test_a_credit_line_overrides_a_speaker_given_by_a_description() -> None:
    """ "A professor of economics notes, “...”" in a roundup, then a credit line: the
    excerpt is the credited person's, and the description goes no further."""
    body = (
        "From the Left\n\n"
        "A professor of economics notes, “harbour gates are rarely worth what they "
        "cost.”\n\n"
        "Ann Lee, The Gazette\n\n"
        "“The town should spend the money on its schools instead of on a gate.”\n\n"
        "Per Dahl, Nordland Radio"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ann Lee", "Per Dahl"]


def test_a_role_before_a_name_gives_the_person_after_it() -> None:
    """ "said harbour board aide Per Dahl" and "former board aide Per Dahl made the same
    point, saying" name Per Dahl, not the board or no one; "told Nordland Radio" names the
    listener, who is no speaker."""
    bodies = [
        "“The gate is a waste,” said Harbour Board aide Per Dahl.",
        "On the radio, former Harbour Board aide Per Dahl made the same point, saying of the "
        "plan, “The gate is a waste of money.”",
        "Ines Lund, the mayor, was asked about it. “I like the gate,” she told Nordland Radio. "
        "“It is ours.”",
    ]
    assert _each(bodies) == [["Per Dahl"], ["Per Dahl"], ["Ines Lund", "Ines Lund"]]


def test_two_names_joined_by_and_speak_together() -> None:
    """ "Lund and Dahl wrote" is both, and their "they" after; one office's name with an
    "and" in it ("Health and Harbour Services Secretary Ines Lund") is no pair."""
    bodies = [
        "“The vote is unsafe,” Lund and Dahl wrote. “It must be moved,” they added.",
        "“The ferry will run,” Health and Harbour Services Secretary Ines Lund said.",
        "Former Health and Harbour Services Secretary Ines Lund told the board it was late. "
        "“The gate should have been built years ago,” she said.",
    ]
    assert _each(bodies) == [["Lund and Dahl", "Lund and Dahl"], ["Ines Lund"], ["Ines Lund"]]


def test_people_in_the_plural_mean_the_last_pair_and_two_titled_people_are_no_office() -> None:
    """ "the two councillors wrote" after "Lund and Dahl wrote" is that pair; "Harbour
    Secretary Ines Lund and Ferry Secretary Per Dahl said" names two people, not Per Dahl
    after an office's name."""
    bodies = [
        "“The vote is unsafe,” Lund and Dahl wrote.\n\nThe board met on Monday.\n\n"
        "“It must be moved to the spring,” the two councillors wrote.",
        "“The ferry will run all winter,” Harbour Secretary Ines Lund and Ferry Secretary Per "
        "Dahl said.",
    ]
    result = _each(bodies)
    assert result[0] == ["Lund and Dahl", "Lund and Dahl"]
    assert result[1] != ["Per Dahl"]


def test_an_opening_phrase_with_a_place_and_its_region_is_passed_over() -> None:
    """ "At a rally in Lund, Norway, on Monday night, Dahl talked ... and said" is Dahl's,
    not Norway's; "During the debate, Dahl called" still Dahl's."""
    bodies = [
        "At a rally in Lund, Norway, on Monday night, Per Dahl talked about the gate and said "
        "it was “a waste of money for the whole town”.",
        "During the debate, Per Dahl called the gate “a waste of money for the whole town”.",
    ]
    assert _each(bodies) == [["Per Dahl"], ["Per Dahl"]]


def test_a_past_participle_opening_is_passed_over_but_not_a_title_before_a_name() -> None:
    """ "Asked about Lund’s remarks, Dahl advised ... “...,” he said" is Dahl's, the
    subject after the opening phrase, not Lund; "Retired Colonel Ines Lund called it “...”"
    is Lund's, "Retired" no opening phrase."""
    bodies = [
        "Harbour director Ines Lund said the gate was late. Councillor Per Dahl disagreed.\n\n"
        "Asked about Lund’s remarks, Dahl advised the director to mind her own budget.\n\n"
        "“I don’t think she has read the plan,” he said.",
        "Retired Colonel Ines Lund, a harbour pilot, called the gate “a waste of money for "
        "the town”.",
    ]
    assert _each(bodies) == [["Per Dahl"], ["Ines Lund"]]


def test_a_line_without_a_stop_ends_the_sentence_before_a_pronouns_quote() -> None:
    """A caption line ("Slideshow (3 Images)") with no full stop before "Asked ..., Dahl was
    not clear ..." does not make the caption the subject: "he told reporters" is Dahl."""
    body = (
        "Councillor Per Dahl and Mayor Ines Lund met on Friday.\n\n"
        "“We will move fast,” Lund said of the gate.\n\n"
        "Slideshow (3 Images)\n\n"
        "Asked whether he wanted a long debate, Dahl was not clear about his preference.\n\n"
        "“I will do whatever I want,” he told reporters."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund", "Per Dahl"]


def test_a_sentence_opening_with_but_or_a_place_and_role_has_the_person_for_subject() -> None:
    """ "But Per Dahl, head of the board, ran the numbers and concluded ... “...,” he said" is
    Dahl's; "Harbour Board press secretary Ines Lund also said ..., saying “...”" is Lund's,
    not the board's; "But I am saying that “...”" is no one named."""
    bodies = [
        "“The gate is late,” a Nordland official told the Gazette.\n\n"
        "But Per Dahl, head of the harbour board, ran the numbers and concluded that the gate "
        "was on time. “The numbers are simple, and the gate will open in the spring,” he said.",
        "Harbour Board press secretary Ines Lund also said the gate was late, saying it was "
        "“a waste of money for the whole town”.",
    ]
    assert _each(bodies) == [["a Nordland official", "Per Dahl"], ["Ines Lund"]]


def test_a_partys_epithet_means_the_one_person_the_sentence_before_names() -> None:
    """ "... a retort from Harbour Board leader Per Dahl. “...,” the Nordland Democrat said"
    is Dahl, not a name "Nordland Democrat"; with two people in that sentence, no guess."""
    bodies = [
        "The plan drew a quick retort from Harbour Board leader Per Dahl.\n\n"
        "“The gate is a waste of money for the whole town,” the Nordland Democrat said.",
        "The plan drew retorts from Per Dahl and Ines Lund.\n\n"
        "“The gate is a waste of money for the whole town,” the Nordland Democrat said.",
    ]
    assert _each(bodies) == [["Per Dahl"], ["the Nordland Democrat"]]


def test_the_group_means_the_one_body_the_sentence_before_names() -> None:
    """ "The Harbour Pilots Association hit back. “...,” the group said" is the association;
    with two bodies in that sentence, "the group" as written."""
    bodies = [
        "The ferry will stop in May.\n\nThe Harbour Pilots Association hit back on Tuesday. "
        "“The gate has always been a waste of money for the town,” the group said.",
        "The Harbour Pilots Association and the Nordland Ferry Company hit back on Tuesday. "
        "“The gate has always been a waste of money for the town,” the group said.",
    ]
    assert _each(bodies) == [["Harbour Pilots Association"], ["the group"]]


def test_a_pronoun_follows_a_chain_of_he_back_to_the_name_that_opened_it() -> None:
    """ "Mr. Dahl has never backed a candidate, but he said ... And he disagreed that ... Mr.
    Ola Nygaard or Mr. Eirik Berg. “...,” he said" is Dahl's, not Berg's: the sentence before
    opens with "he", so the one before that names him."""
    body = (
        "“Most will back it,” said Councillor Per Dahl, a Harbour Party member.\n\n"
        "Mr. Dahl has never backed a candidate for mayor, but he said that could change. And "
        "he disagreed that his colleagues were afraid to back Mr. Ola Nygaard or Mr. Eirik "
        "Berg.\n\n"
        "“Most people are a little slow to decide,” he said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Per Dahl", "Per Dahl"]
    body = (
        "“Young adults move home more than ever,” says Per Dahl, a professor at Nordland "
        "University.\n\n"
        "Ines Lund moved back home to Lund while working a part-time job. She says her life at "
        "home is very good so far.\n\n"
        "“I knew from the beginning that I would pay my share,” she says."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Per Dahl", "Ines Lund"]


def test_a_pronoun_is_not_given_to_a_person_whose_first_name_is_of_the_other_gender() -> None:
    """ "“...,” Ines Lund said. An ally, Eirik Nygaard, came to Lund’s defense. “...,” he
    said" is Nygaard's: no title shows a gender, but nearly all who are called Ines are women
    and nearly all called Eirik men (the shipped first-name table)."""
    body = (
        "“The gate will be finished by the spring,” Ines Lund said.\n\n"
        "An ally, Eirik Nygaard, came to Lund’s defense on Monday.\n\n"
        "“If I thought that was in her heart, I would say so,” he said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ines Lund", "Eirik Nygaard"]


def test_first_names_give_a_gender_only_when_nearly_all_who_carry_them_share_it() -> None:
    from wiretrace.consolidate.quotes.build_names import gendered
    from wiretrace.consolidate.quotes.gender import name_gender

    reference = {  # name -> [sources, people counted, share female]
        "ines": [9, 5000, 0.99],
        "eirik": [9, 4000, 0.01],
        "kim": [9, 9000, 0.66],  # both: no gender
        "rare": [1, 20, 1.0],  # too few people
        "o'neil": [9, 900, 0.02],
        "x1": [9, 900, 0.0],  # no name's letters
    }
    assert gendered(reference) == {"ines": "f", "eirik": "m", "o'neil": "m"}
    assert [name_gender(n) for n in ("Ines Lund", "Eirik Nygaard", "Kim Lund", "Lund")] == [
        "f",
        "m",
        "",
        "",
    ]


def test_the_bodys_own_pronouns_outweigh_a_first_names_usual_gender() -> None:
    """Shawn is mostly a man's name, but the body says "Shawn Lund said she ...": her
    gender is the body's, so "she said" after a man's quote stays hers."""
    from wiretrace.consolidate.quotes.layout import layout
    from wiretrace.consolidate.quotes.state import State

    body = (
        "“The gate is late,” Per Dahl said.\n\n"
        "Shawn Lund said she was worried about the cost of the gate. Lund runs the ferry.\n\n"
        "“We cannot pay for both,” she said."
    )
    state = State(body, layout(body).sentences)
    assert state.gender("Shawn Lund") == "m"  # the first name alone
    assert state.agrees("Shawn Lund", "f") and not state.agrees("Per Dahl", "f")
    assert [speaker for _, speaker in _speakers(body)] == ["Per Dahl", "Shawn Lund"]


def test_a_pronoun_means_the_one_person_the_sentence_before_names_when_none_opens_it() -> None:
    """ "That drew a quick response from Per Dahl, who pointed to ... “...,” he said" is
    Dahl's, not the man quoted before: the sentence before names one person (a known first
    name), though none opens it."""
    body = (
        "“We should be playing the leading role,” Ola Nygaard said.\n\n"
        "That drew a quick response from Per Dahl, who pointed to the harbour aid. “We are "
        "making sure those we help will be our friends,” he said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ola Nygaard", "Per Dahl"]


def test_the_one_quoted_as_saying_speaks_not_who_quoted_them() -> None:
    """ "The Gazette quoted X as saying “...”" is X's (a name, a description, a pronoun);
    "X was quoted by the Gazette as saying" stays with its subject, X."""
    bodies = [
        "The Harbour Gazette quoted Mayor Ann Lee as saying that “the ferry will run again "
        "by spring, whatever it costs.”",
        "Radio Lund, citing a senior port official as saying the plan was “dead on arrival "
        "for now,” gave no date.",
        "Ann Lee chairs the board. One e-mail quoted her as saying: “Time for some changes at "
        "the port, and soon.”",
        "Ann Lee was quoted by the Harbour Gazette as saying the fare “will have to rise "
        "again next year, sadly.”",
    ]
    assert _each(bodies) == [
        ["Ann Lee"],
        ["a senior port official"],
        ["Ann Lee"],
        ["Ann Lee"],
    ]


def test_a_day_named_from_the_writers_own_is_no_part_of_a_speaker() -> None:
    """ "quoted a port official yesterday as saying" names a port official."""
    body = (
        "The Gazette quoted a port official yesterday as saying the fare “will have to rise "
        "again next year, sadly.”"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["a port official"]


def test_a_surname_ending_in_ly_is_a_name_not_an_adverb() -> None:
    """ "“...,” Kelly said." is Kelly's: only a word in lower case ending in -ly ("X
    reportedly said") is passed over before a cue."""
    body = (
        "Port director Mary Kelly spoke on Tuesday.\n\n"
        "“We will open the new quay by spring,” Kelly said.\n\n"
        "“The ferry will run,” Ola Lund reportedly said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Mary Kelly", "Ola Lund"]


def test_a_headlines_bare_surname_takes_the_full_name_the_text_gives_later() -> None:
    """A headline says "Lund"; the text later says "Port director Ola Lund": "Lund said"
    is Ola Lund, and a headline's capitals ("Behind Lund") make no name."""
    body = (
        "Lund to ferry critics: change the rules\n\n"
        "Behind Lund, a board that wants more\n\n"
        "Port director Ola Lund spoke on Tuesday in the harbour hall.\n\n"
        "“We will open the new quay by spring,” Lund said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ola Lund"]


def test_an_offices_name_is_cut_at_the_first_name_after_it() -> None:
    """ "Secretary of State Mary Lund" is Mary Lund: with no middle initial, the name starts
    at its first name."""
    body = (
        "Former Secretary of State Mary Lund visited the port on Monday.\n\n"
        "“We will open the new quay by spring,” Lund said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Mary Lund"]


def test_that_after_a_cue_opens_a_clause_not_a_speaker() -> None:
    """ "the WHO stated that there was “...”" is the WHO's: "that there was" names no one,
    and "WHO" in capitals is the body, not the pronoun of "X, who said"."""
    body = (
        "On Monday the WHO stated that there was “no clear evidence of any spread between "
        "people at all.”"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["WHO"]


def test_a_passive_cue_gives_no_speaker_of_its_subject() -> None:
    """ "... what were described as “...”" are someone else's words about it, not the words
    of the noun before the verb."""
    body = (
        "Ola Lund left the quay on Monday. He was taken to a local hospital for what were "
        "described as “minor injuries that will heal within a week.”"
    )
    assert [speaker for _, speaker in _speakers(body)] != ["a local hospital for what"]
    assert "a local hospital" not in str(_speakers(body))


def test_a_weekday_after_a_name_is_no_part_of_it() -> None:
    """ "Mayor Ann Lee Thursday called the plan “...”" is Ann Lee's; "Earlier Friday, X ..."
    names no one called Friday."""
    bodies = [
        "Mayor Ann Lee Thursday called the harbour plan “a kick in the gut for every family "
        "in town.”",
        "“We will open the new quay by spring and not a day later,” said Ola Lund Friday.",
    ]
    assert _each(bodies) == [["Ann Lee"], ["Ola Lund"]]


def test_a_surname_the_body_writes_after_a_title_is_a_persons_for_a_pronoun() -> None:
    """ "In a tweet, Hale insisted ... “...,” he wrote" is Hale's when the body calls him
    "President Hale" though it never gives his first name; not the man quoted before."""
    body = (
        "President Hale met the board on Monday.\n\n"
        "“The plan is dead,” Ola Lund said.\n\n"
        "In yet another tweet, Hale insisted the plan was alive.\n\n"
        "“Unless the board gives up, the plan is not dead at all!” he wrote."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ola Lund", "Hale"]


def test_a_role_opening_the_sentence_is_its_speaker_when_a_verb_follows() -> None:
    """ "The mayor later announced ..., saying “...”" is the mayor's (Mayor Ann Lee); "The
    former harbour master described ..." opens with no role of its own ("former")."""
    body = (
        "Mayor Ann Lee met the board on Monday.\n\n"
        "The mayor later announced the new fares on the radio, saying, “This is the right "
        "call for the town.”"
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ann Lee"]


def test_a_quote_opened_curly_and_closed_straight_ends_before_its_cue() -> None:
    """ "“...,\" Lund said. \"...”" (marks mixed by hand editing) is two quotes of Lund's; a
    straight pair nested in a curly quote ("“... \"The Sopranos\" ...”") stays inside it."""
    body = (
        "Port director Ola Lund spoke on Monday.\n\n"
        '“This is not for one party or the other, and not to embarrass anybody," Lund said. '
        '"This is to make sure the town knows the facts.”\n\n'
        '“He starred in "The Harbour" for years and loved every day of it,” Lund added.'
    )
    assert _speakers(body) == [
        ("This is not for one party or the other, and not to embarrass anybody", "Ola Lund"),
        ("This is to make sure the town knows the facts.", "Ola Lund"),
        ('He starred in "The Harbour" for years and loved every day of it', "Ola Lund"),
    ]


def test_a_sentence_adverb_opening_the_sentence_is_passed_over_for_its_subject() -> None:
    """ "Meanwhile, Ann Lee, the first nurse ..., said ... “x,” adding: “...”" is Ann Lee's."""
    body = (
        "“The rules are clear,” Ola Lund said.\n\n"
        "Meanwhile, Ann Lee, the first nurse held at the port, said her isolation was "
        "“inhumane,” adding: “We have to be very careful about letting officials decide.”"
    )
    assert [speaker for _, speaker in _speakers(body)][-1] == "Ann Lee"


def test_a_pronoun_means_the_titled_person_an_apposition_follows() -> None:
    """ "Sen. Karl Dahl, Hale's rival on the board, has declined ... There is a “...,” he
    said" is Dahl's, not that of the man who opened an earlier sentence."""
    body = (
        "“Fares will rise,” Tom Hale said.\n\n"
        "Ann Lee has repeatedly said she never raised the fares.\n\n"
        "Sen. Karl Dahl, Hale's rival on the board, has declined to talk about it.\n\n"
        "There is a “legal process in place, which should proceed as it is,” he said."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Tom Hale", "Karl Dahl"]


def test_a_role_or_a_verb_before_a_first_name_is_no_part_of_the_name() -> None:
    """ "Climatologist Mary Lund said" is Mary Lund, as "Watched Mary Lund"; "New York Times"
    and "South Carolina Republican" keep their first words."""
    from wiretrace.consolidate.quotes.names import name_of

    assert name_of(["Climatologist", "Mary", "Lund"]) == "Mary Lund"
    assert name_of(["Watched", "Mary", "Lund"]) == "Mary Lund"
    assert name_of(["Justices", "Mary", "Lund"]) == "Mary Lund"
    assert name_of(["New", "York", "Times"]) == "New York Times"
    assert name_of(["South", "Carolina", "Republican"]) == "South Carolina Republican"
    assert name_of(["Mary", "Louise", "Lund"]) == "Mary Louise Lund"


def test_a_cue_after_a_quote_stops_where_a_lost_paragraph_break_was() -> None:
    """'“...” said Lund.Further, he said ...' (paragraphs run together) is Lund's, not
    "Lund Further"'s."""
    body = (
        "Port director Ola Lund spoke on Monday.\n\n"
        "“Anyone who has followed the port at all knows the fares will rise,” said "
        "Lund.Further, he said the board had known for a year."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ola Lund"]


def test_an_according_to_between_the_subject_and_its_cue_names_no_speaker() -> None:
    """ "Bob Lund, who according to the Gazette wrote on Facebook, “...”" is Lund's; "according
    to an aide who said “...”" stays the aide's."""
    bodies = [
        "The praise irked Bob Lund, who according to the Harbour Gazette wrote on Facebook, "
        "“Exactly what part of our town was built by them at all?”",
        "Ann Lee pushes hard, according to a former aide who said she thinks the board has "
        "played “nice guy politics for far too long now.”",
    ]
    assert _each(bodies) == [["Bob Lund"], ["a former aide"]]


def test_a_word_opening_a_sentence_or_a_label_is_no_part_of_a_name() -> None:
    """ "Even Ann Lee", "Close Ann Lee" (a video's button) and "Special Counsel Ann Lee" are
    Ann Lee."""
    from wiretrace.consolidate.quotes.names import name_of

    assert name_of(["Even", "Ann", "Lee"]) == "Ann Lee"
    assert name_of(["Close", "Ann", "Lee"]) == "Ann Lee"
    assert name_of(["Special", "Counsel", "Ann", "Lee"]) == "Ann Lee"
    assert name_of(["Will", "Lee"]) == "Will Lee"


def test_a_name_written_twice_and_run_into_the_next_word_is_its_second_spelling() -> None:
    """A page's link text leaves "Lund Ola Erik LundHarbour board ..."; the name is "Ola Erik
    Lund". A name with a capital inside ("VanderSloot") stays whole."""
    from wiretrace.consolidate.quotes.names import name_of

    assert name_of(["Lund", "Ola", "Erik", "LundHarbour"]) == "Ola Erik Lund"
    assert name_of(["Ann", "Lund", "Ann", "Marie", "LundYes"]) == "Ann Marie Lund"
    assert name_of(["Frank", "VanderSloot"]) == "Frank VanderSloot"
    assert name_of(["Whip", "Ola", "Lund", "Ola", "Erik", "LundYes"]) == "Ola Erik Lund"


def test_the_person_a_pronoun_was_resolved_to_is_whom_the_next_one_means() -> None:
    """ "“...,” he said." resolved to Tom Hale makes Hale the one a later "he added" means, not
    a man named before him."""
    body = (
        "“They held me for three days with no reason at all,” Karl Dahl said on Monday.\n\n"
        "Gov. Tom Hale defended the order on the radio.\n\n"
        "“I don't think you can count on a voluntary system in a case this serious,” he said.\n\n"
        "“I think this is a policy that will become the rule sooner or later,” he added."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Karl Dahl", "Tom Hale", "Tom Hale"]


def test_a_person_named_after_an_owners_role_opens_the_sentence() -> None:
    """ "Sen. Lund's spokesman Ann Lee issued a statement, saying, “...”" is Ann Lee's; "Pfc."
    ends no sentence ("Mr. Dahl said that Pfc. Ann Lee ... wants “...”" is Dahl's clause)."""
    bodies = [
        "Sen. Lund's spokesman Ann Lee issued a statement on Monday, saying, “The senator "
        "enjoyed the meal and thanks the staff for it.”",
        "Mr. Karl Dahl said that Pfc. Ann Lee does not want to move, but instead wants “to be "
        "comfortable in her skin and to be who she is.”",
    ]
    assert _each(bodies) == [["Ann Lee"], ["Karl Dahl"]]


def test_a_spokesman_described_by_the_body_s_own_words_is_the_one_it_named() -> None:
    """ "Harbour spokesman Ola Lund ... “...,” the Harbour spokesman said" is Ola Lund's; "a
    spokesman said" with no such naming stays as written."""
    bodies = [
        "In Lund, Harbour spokesman Ola Lund also called the report “nonsense of the first "
        "order.”\n\nThese claims, like any nonsense, “cannot have any grounds at all,” the "
        "Harbour spokesman said.",
        "“The ferry will run again by spring, whatever it costs,” a spokesman said.",
    ]
    assert _each(bodies) == [["Ola Lund", "Ola Lund"], ["a spokesman"]]


def test_a_name_before_an_apposition_left_unclosed_is_the_speaker() -> None:
    """'“...” Ann Lee, a port spokeswoman told the Gazette.' (the apposition's closing comma
    left out) is Ann Lee's, not "a port spokeswoman"'s."""
    body = (
        "“To our knowledge, the port has never closed the quay for a day,” Ann Lee, a port "
        "spokeswoman told the Gazette on Tuesday night."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ann Lee"]


def test_a_person_after_an_outlets_possessive_in_an_inverted_cue_is_the_speaker() -> None:
    """ "“...,” tweeted the Harbour Gazette’s Ann Lee" is Ann Lee's, not the Gazette's."""
    body = (
        "“I would be very interested in reading the board's own notes on the fares,” tweeted "
        "Harbour Gazette’s Ann Lee, who read each of them."
    )
    assert [speaker for _, speaker in _speakers(body)] == ["Ann Lee"]


def test_an_owners_role_and_its_holder_after_an_inverted_cue() -> None:
    """ "said Lund's communications director, Ann Lee" is Ann Lee's; "according to Dahl’s
    sources" names Dahl, not "Dahl’s"."""
    bodies = [
        "“Ola has a message for the young,” said Lund's communications director, Ann Lee.",
        "Karl Dahl wrote the story. Then, according to Dahl’s sources, the mayor “started "
        "complaining about the inquiry and the way it was run.”",
    ]
    assert _each(bodies) == [["Ann Lee"], ["Karl Dahl"]]


def test_a_groups_words_of_function_and_a_span_of_time_name_no_speaker() -> None:
    """ "two-thirds of voters said" names the voters, "as pundits told me" the pundits, and
    "10 days later said" no one called "days"."""
    from wiretrace.consolidate.quotes.cues import _group_back, _words_before

    words = _words_before("So in these midterms, two-thirds of voters")
    assert _group_back(words, len(words)).text == "voters"
    words = _words_before("while privately believing, as several conservative pundits")
    assert _group_back(words, len(words)).text == "several conservative pundits"
    words = _words_before("on March 9 and 10 days")
    assert _group_back(words, len(words)) is None


def test_a_titles_word_naming_a_body_is_no_title() -> None:
    """ "the Justice Department said" is the Justice Department's, not "Department"'s; "Justice
    Ann Lee" is still Ann Lee."""
    from wiretrace.consolidate.quotes.names import name_of

    assert name_of(["Justice", "Department"]) == "Justice Department"
    assert name_of(["Justice", "Ann", "Lee"]) == "Ann Lee"
    assert name_of(["President"]) == ""


def test_reporting_verbs_beyond_said_are_cues() -> None:
    """ "maintains", "quipped", "lamented" report speech as "said" does; "reasons" (mostly a
    noun) is no cue."""
    body = (
        "Tom Hale, a lawmaker, toured the site. Hale maintains, “It is every project we have.”\n\n"
        "“That would be an understatement,” Ruth Ames quipped.\n\n"
        "“Nobody asked us,” Ana Vell lamented."
    )
    assert _each([body]) == [["Tom Hale", "Ruth Ames", "Ana Vell"]]


def test_a_photo_credit_before_a_name_is_no_part_of_it() -> None:
    """A caption's credit ("Jon Kell/GETTY", "Ann Roe/Getty Images") run into the next words
    is cut from the name after it."""
    from wiretrace.consolidate.quotes.names import name_of

    assert name_of(["Jon", "Kell/GETTY", "Ruth", "Ames"]) == "Ruth Ames"
    assert name_of(["Ann", "Roe/Getty", "Images", "Ruth", "Ames"]) == "Ruth Ames"


def test_a_titles_word_before_a_suffix_is_a_surname() -> None:
    """ "Martin Luther King Jr." is a name whose surname is a title's word; "King Abdullah" is
    still Abdullah."""
    from wiretrace.consolidate.quotes.names import name_of

    assert name_of(["Martin", "Luther", "King", "Jr."]) == "Martin Luther King"
    assert name_of(["King", "Abdullah"]) == "Abdullah"
    assert name_of(["President"]) == ""


def test_a_speakers_noun_with_a_phrase_in_after_it_is_the_speaker() -> None:
    body = "The vote was close.\n\nA source in the room said the mayor “did not raise the tax.”"
    assert _each([body]) == [["A source in the room"]]


def test_an_inverted_cue_with_a_role_then_a_named_apposition_gives_the_person() -> None:
    """ "said the city spokesman, the Rev. Paul Ardent": Paul Ardent, and "Rev." ends no
    sentence; "says the Rev. Ann Lee" too."""
    body = (
        "The council approved the plan.\n\n"
        "“It is a recognition,” said the city spokesman, the Rev. Paul Ardent.\n\n"
        "“We are glad,” says the Rev. Ann Lee, pastor of the church."
    )
    assert _each([body]) == [["Paul Ardent", "Ann Lee"]]


def test_an_auxiliary_before_a_cue_is_no_speaker() -> None:
    body = "The board met.\n\nThe agency does say it is “under review” now."
    assert _each([body]) == [["The agency"]]


def test_a_cue_after_a_semicolon_is_the_next_quotes() -> None:
    """'“...”; X says, “...”': the cue opens a clause of its own and introduces the next quote,
    so the first is its own sentence's subject's."""
    body = (
        "The study is new.\n\nResearcher Phil Cook rated it “a B or B-plus”; epidemiologist "
        "Cassandra Crifasi says, “We are approaching pretty darn convincing.”"
    )
    assert _each([body]) == [["Phil Cook", "Cassandra Crifasi"]]


def test_a_pronoun_after_a_quote_means_the_titled_person_the_sentence_before_names() -> None:
    """The sentence before the quote opens with a phrase, not its subject; the one titled
    person it names is whom "he" means, not the last one quoted."""
    body = (
        "A veteran named Mark said it was “a shame.”\n\n"
        "In a visit to Ohio, Deputy Secretary Sloan Gibson admitted the agency was at fault. "
        "“I apologize to veterans. We have let you down,” he said."
    )
    assert _each([body]) == [["Mark", "Sloan Gibson"]]


def test_a_name_with_an_adverb_set_off_by_commas_opens_its_sentence() -> None:
    body = (
        "Sen. Cory Booker and Rep. John Lewis testified.\n\n"
        "“Those who are committed,” Lewis said.\n\n"
        "Booker, meanwhile, sought to channel a hero of his, when he said, "
        "“The arc of the moral universe is long.”"
    )
    assert _each([body]) == [["John Lewis", "Cory Booker"]]


def test_a_titled_person_of_a_place_is_the_speaker_not_the_place() -> None:
    """ "Rep. Ann Lee of Ohio said" after or before a quote is Ann Lee's, not Ohio's."""
    body = (
        "The debt talks went on.\n\n"
        "“We are ready for it now,” Rep. Ann Lee of Ohio said.\n\n"
        "Sen. Per Dahl of Iowa said the deal was “a good start.”\n\n"
        "“There are a number of elements,” Senate Whip Bo Ek of Texas told The Hill."
    )
    assert _each([body]) == [["Ann Lee", "Per Dahl", "Bo Ek"]]


def test_a_person_of_a_body_described_in_two_role_words_is_the_speaker() -> None:
    body = (
        "Refunds will be late, experts warned Monday.\n\n“Your checks are going to come "
        "later,” Dana Kell of the think tank Third Way told Politico."
    )
    assert _each([body]) == [["Dana Kell"]]


def test_a_cue_before_a_quote_is_read_from_a_lost_paragraph_break() -> None:
    body = (
        "Floyd Williams, a tax expert, spoke.\n\nThe cuts hurt, Ann Roe wrote in a letter."
        "Williams told Politico, “Any time there is a drop in enforcement, fraud grows.”"
    )
    assert _each([body]) == [["Floyd Williams"]]


def test_a_statement_from_a_named_person_is_theirs() -> None:
    body = (
        "The Navy spoke.\n\n“A request was made to hide the ship,” according to a statement "
        "from Rear Adm. Charlie Brown, Chief of Navy Information."
    )
    assert _each([body]) == [["Charlie Brown"]]


def test_an_inverted_cue_with_one_or_another_describes_the_speaker() -> None:
    """ "said one U.S. intelligence official, who ..." is that official, not "U.S"; "said one
    source who works there" stops before its clause; "said another Iowa Democrat" whole."""
    body = (
        "The talks went on.\n\n“Hamas has been working on rockets,” said one U.S. intelligence "
        "official, who spoke on condition of anonymity.\n\n“It was easy so far,” said one "
        "source who works in the office.\n\n“We are tired of it,” said another Iowa Democrat."
    )
    assert _each([body]) == [
        ["one U.S intelligence official", "one source", "another Iowa Democrat"]
    ]


def test_an_office_after_a_role_is_cut_from_the_person_named_after_it() -> None:
    body = (
        "The envoy spoke.\n\n“We warned as early as 2012,” said former U.S. ambassador to "
        "Syria Robert Ford."
    )
    assert _each([body]) == [["Robert Ford"]]


def test_a_person_of_a_place_with_a_known_first_name_is_the_speaker() -> None:
    body = (
        "The bill stalled.\n\nMitch McConnell of Kentucky, the Senate leader, told reporters "
        "the bill was “written in a back room.”"
    )
    assert _each([body]) == [["Mitch McConnell"]]


def test_a_noun_ending_in_ly_is_no_adverb() -> None:
    """ "the family said", "a Clinton ally said": nouns, not adverbs to pass over; a described
    speaker ends before a word of function ("a top Trump ally in Ohio")."""
    body = (
        "The fire spread.\n\n“We are heartbroken by this,” said the family.\n\n"
        "“He will run again,” said a top Trump ally in Ohio."
    )
    assert _each([body]) == [["the family", "a top Trump ally"]]


def test_a_quote_followed_by_who_quoted_whom_as_saying_is_the_cited_ones() -> None:
    body = "Ann Lee spoke on radio.\n\n“The board has no leadership,” Bo Ek quoted Lee as saying."
    assert _each([body]) == [["Ann Lee"]]


def test_a_party_apposition_left_unclosed_after_a_titled_surname() -> None:
    body = (
        "Sen. Per Dahl defended the stand.\n\n“I would do anything to stop it,” Mr. Dahl, "
        "Texas Republican said on the radio."
    )
    assert _each([body]) == [["Per Dahl"]]


def test_which_after_a_described_speaker_hangs_the_cue_on_it() -> None:
    body = (
        "Half the tests failed, drawing criticism from the weapons testing office, which says "
        "the system has “a limited capability” to defend the country."
    )
    assert _each([body]) == [["the weapons testing office"]]


def test_a_title_that_is_also_a_surname_ends_a_name_after_a_first_name() -> None:
    """ "Bernice King said" is Bernice King's ("King" is no title last after a first name);
    "the King said" still names no one, and "King Abdullah" is Abdullah."""
    from wiretrace.consolidate.quotes.names import name_of

    body = "The march ended.\n\n“The only way we get it is through peace,” Bernice King said."
    assert _each([body]) == [["Bernice King"]]
    assert name_of(["The", "King"]) == ""
    assert name_of(["King", "Abdullah"]) == "Abdullah"


def test_a_pronoun_after_but_opens_the_clause_of_a_participle_cue() -> None:
    body = (
        "Ann Lee spoke.\n\nLee said it was “hard to believe it.” But she also declined to "
        "criticize her party, saying, “I am not interested in berating them.”"
    )
    assert _each([body]) == [["Ann Lee", "Ann Lee"]]


def test_a_short_phrase_after_a_quote_before_its_named_cue_is_passed_over() -> None:
    """'“...” for automakers, Bo Ek, an analyst, said' and '“...” from Syria, Secretary of
    State Ann Lee says' are Bo Ek's and Ann Lee's."""
    body = (
        "Shares fell.\n\n“Trade remains a major overhang” for automakers, Bo Ek, an analyst "
        "with a bank, said in an interview.\n\nThe US will work to “expel every last boot” from "
        "Syria, Secretary of State Ann Lee says."
    )
    assert _each([body]) == [["Bo Ek", "Ann Lee"]]


def test_a_described_subject_speaks_for_a_participle_cue() -> None:
    """ "The state Democratic Party posted ..., calling X “...”" is the party's; "A Pentagon
    spokeswoman declined ..., calling the reports “...”" the spokeswoman's ("the reports" is a
    noun, no cue); "The Washington Post reported" stays the Post's."""
    body = (
        "The debate was tense.\n\nThe state Democratic Party posted a video of the tiff, calling "
        "Mr. Brown “clueless” in the description online.\n\nA Pentagon spokeswoman declined to "
        "comment, calling the reports “speculation at best.”\n\nThe Washington Post reported "
        "that the plan was “dead on arrival.”"
    )
    assert _each([body]) == [
        ["the state Democratic Party", "a Pentagon spokeswoman", "Washington Post"]
    ]


def test_a_name_after_an_article_before_a_cue_is_a_things_not_a_pronouns() -> None:
    """ "Tim Jost, a professor who tracks the 2010 Affordable Care Act, said ...": the later
    "he" is Tim Jost, not the act the long apposition ends with."""
    body = (
        "The law is in court.\n\nTim Jost, a professor at Washington and Lee University who "
        "closely tracks the 2010 "
        "Affordable Care Act, said the law allows it.\n\n“I think this would be another "
        "example of that,” he said of the fix."
    )
    assert _each([body]) == [["Tim Jost"]]


def test_hyphened_titles_and_link_text_repeats_are_cut_from_names() -> None:
    """ "President-elect Ann Lee" is Ann Lee; link text that repeats a name with its spaces
    kept ("Jon Tester Jonathan Tester", "Steny Hoyer Steny Hamilton Hoyer") is the short name;
    "New York Daily News" stays whole."""
    from wiretrace.consolidate.quotes.names import name_of

    assert name_of(["President-elect", "Ann", "Lee"]) == "Ann Lee"
    assert name_of(["Secretary-General", "Per", "Dahl"]) == "Per Dahl"
    assert name_of(["Jon", "Tester", "Jonathan"]) == "Jon Tester"
    assert name_of(["Steny", "Hoyer", "Steny", "Hamilton", "Hoyer", "Hoyer"]) == "Steny Hoyer"
    assert name_of(["New", "York", "Daily", "News"]) == "New York Daily News"


def test_an_office_before_a_named_subject_is_cut_at_the_first_name() -> None:
    body = "Talks stalled.\n\nSpecial envoy to Ukraine Kurt Volker said the plan was “on track.”"
    assert _each([body]) == [["Kurt Volker"]]


def test_two_roles_joined_by_and_before_a_name_are_one_persons() -> None:
    body = (
        "Delegates voted.\n\n“This is going to turn some people off,” said Maine Republican "
        "National Committee member and delegate Rick Bennett."
    )
    assert _each([body]) == [["Rick Bennett"]]


def test_a_bodys_name_with_of_opens_its_sentence_and_I_alone_is_no_name() -> None:
    """ "The Department of Justice did not say ..., saying" is the department's (it was
    "Department"); "So", "Now" or "I’m" alone name no one."""
    from wiretrace.consolidate.quotes.names import name_of

    body = (
        "The rules were struck down.\n\nThe Department of Justice did not say whether it "
        "would appeal, saying only that it will “continue to defend religious liberty.”"
    )
    assert _each([body]) == [["Department of Justice"]]
    assert name_of(["So"]) == name_of(["I’m"]) == name_of(["I've"]) == ""
    assert name_of(["Ann", "Lee"]) == "Ann Lee"


def test_an_apposed_person_after_another_and_initials_before_a_name() -> None:
    """ "Another Democratic candidate, Sen. Ann Lee, weighed in ..., remarking that X “...”"
    is Ann Lee's; "F.B.I. Alberto Gonzales" is Alberto Gonzales and "E.J. Dionne" keeps its
    initials; "Instead" or "Not" alone names no one."""
    from wiretrace.consolidate.quotes.names import name_of

    body = (
        "Booker spoke first.\n\nAnother Democratic presidential candidate, Sen. Ann Lee, also "
        "weighed in Sunday, remarking that the firm “has put its growth over its users.”"
    )
    assert _each([body]) == [["Ann Lee"]]
    assert name_of(["F.B.I.", "Alberto", "Gonzales"]) == "Alberto Gonzales"
    assert name_of(["E.J.", "Dionne"]) == "E.J. Dionne"
    assert name_of(["J.", "Christopher", "Stevens"]) == "J. Christopher Stevens"
    assert name_of(["Instead"]) == name_of(["Not"]) == ""
