"""Annotation: quotes and speakers, sources cited, times, numbers, entities, claims, bad input, storage."""

from __future__ import annotations

from datetime import date

import pytest

from rashomon.models import Article
from rashomon.nlp import ANNOTATION_VERSION, Annotation, annotate, annotate_articles
from rashomon.nlp import pipeline as pipeline_module
from rashomon.nlp.document import Working, paragraphs
from rashomon.nlp.numbers import numbers
from rashomon.nlp.quotes import _quoted_spans
from rashomon.nlp.times import times

# Written for these tests (a fictional harbour story).
HARBOUR = (
    "Harbour master Elena Brandt said on Tuesday that the north pier would stay closed until repairs were done.\n\n"
    "\u201cWe cannot let ferries dock there while the pilings are loose,\u201d Brandt told reporters. "
    "\u201cSafety comes first.\u201d\n\n"
    "\u201cThe repairs will take about three weeks,\u201d she said, according to Reuters.\n\n"
    "According to the port authority, 14 vessels were diverted to the south pier.\n\n"
    "The city's mayor, Tomas Lind, said he had discussed the closure with the ferry operators.\n\n"
    "\u201cWe will reopen the pier by the end of 2026 at the latest,\u201d the official added.\n\n"
    "The Harbour Gazette reported that the repair would cost $2 billion over ten years."
)


def article(text: str, published: date | None = date(2025, 3, 18), language: str | None = "en",
            id: str = "a1") -> Article:
    return Article(id=id, source=f"{id}.txt", text=text, published=published, language=language)


@pytest.fixture(scope="module")
def harbour() -> Annotation:
    return annotate_articles([article(HARBOUR)])[0]


def annotated(text: str) -> Annotation:
    return annotate_articles([article(text)])[0]


def quote_with(annotation: Annotation, words: str):
    return next(q for q in annotation.quotes if words in q.content)


def test_spans_point_into_the_text(harbour):
    for record in (*harbour.sentences, *harbour.mentions, *harbour.quotes, *harbour.times, *harbour.numbers,
                   *harbour.claims):
        assert 0 <= record.start < record.end <= len(HARBOUR)
    for quote in harbour.quotes:
        assert HARBOUR[quote.start:quote.end] == quote.content
        if quote.speaker_start is not None:
            assert HARBOUR[quote.speaker_start:quote.speaker_end] == quote.speaker


def test_direct_quotes_with_cue_after_and_continuation(harbour):
    first = quote_with(harbour, "We cannot let ferries dock")
    assert (first.kind, first.speaker, first.cue) == ("direct", "Brandt", "told")
    assert first.speaker_resolved == "Elena Brandt"
    follow = quote_with(harbour, "Safety comes first")
    assert follow.speaker_resolved == "Elena Brandt"


def test_pronoun_speaker_and_attribution_chain(harbour):
    quote = quote_with(harbour, "three weeks")
    assert quote.speaker == "she" and quote.speaker_resolved == "Elena Brandt"
    assert quote.attribution == ("Reuters",)


def test_indirect_speech_and_according_to(harbour):
    said = quote_with(harbour, "north pier would stay closed")
    assert said.kind == "indirect" and said.speaker_resolved == "Elena Brandt"
    according = quote_with(harbour, "14 vessels were diverted")
    assert according.kind == "indirect" and "port authority" in according.speaker
    mayor = quote_with(harbour, "discussed the closure")
    assert mayor.speaker_resolved == "Tomas Lind"


def test_role_description_resolves_to_named_person(harbour):
    quote = quote_with(harbour, "reopen the pier")
    assert quote.speaker == "the official" and quote.speaker_resolved == "Tomas Lind"


def test_media_sources_cited(harbour):
    names = {(s.name, s.kind) for s in harbour.sources}
    assert ("Reuters", "media") in names and ("Harbour Gazette", "media") in names


def test_a_quote_opened_by_a_colon_belongs_to_the_name_before_it_not_to_the_next_he_said():
    annotation = annotated("The council closed the quay on Monday.\n\nPer Lund, who chairs the Osk Anglers' "
                           "Association, said: \"Nobody has seen damage like this on the quay.\" He said members had "
                           "spent the weekend clearing debris by hand.")
    direct = [q for q in annotation.quotes if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Per Lund"]


@pytest.mark.parametrize(("lead", "speaker"), [
    ("Deputy Mayor Ilse Varna summed up the council's mood:", "Deputy Mayor Ilse Varna"),
    ("Deputy leader Tom Asker, who holds the finance portfolio, was more blunt:", "Deputy leader Tom Asker"),
])
def test_a_full_name_before_a_colon_speaks_the_quote_whatever_its_verb(lead, speaker):
    annotation = annotated(f"The council closed the quay on Monday.\n\n{lead} \"Nobody has seen damage like this "
                           "on the quay.\" He said members had spent the weekend clearing debris by hand.")
    assert [q.speaker for q in annotation.quotes if q.kind == "direct"] == [speaker]


def test_unclosed_quote_and_dash_cue():
    text = ("Officials were cautious, but \u201cthere has been no decision on this yet - said ministry spokesman "
            "Karl Ode.\n\n\u201cWe will wait for the inspectors,\u201d he said.")
    annotation = annotated(text)
    first = quote_with(annotation, "no decision")
    assert first.content == "there has been no decision on this yet"
    assert first.speaker_resolved == "Karl Ode"
    assert quote_with(annotation, "wait for the inspectors").speaker_resolved == "Karl Ode"


def test_a_quote_left_open_runs_on_to_the_paragraph_that_closes_it():
    # the continuation paragraphs' opening marks were dropped (as some sites print a long letter)
    text = ("Ana Ruiz, the chief engineer, wrote to the council on Monday. "
            "\u201cThe dam was inspected in March and passed. We found nothing wrong with the spillway.\n\n"
            "Nobody could have seen a flood of this size coming to the valley.\n\n"
            "The river rose faster than any of our models predicted.\u201d\n\n"
            "The council will meet again on Friday to discuss the repairs.")
    annotation = annotated(text)
    for words in ("Nobody could have seen", "river rose faster"):
        quote = quote_with(annotation, words)
        assert quote.kind == "direct" and quote.speaker_resolved == "Ana Ruiz", quote
    assert not any("council will meet" in q.content for q in annotation.quotes)
    # a paragraph after an unclosed quote that never closes is the reporter's again
    loose = annotated("Ana Ruiz said: \u201cThe dam held for forty years.\n\nThe council will meet on Friday.\n\n"
                      "Repairs are expected to start next month.")
    assert not any("council will meet" in q.content or "Repairs" in q.content for q in loose.quotes)


def test_a_quote_nested_in_a_quote_with_the_same_marks_leaves_the_outer_one_whole():
    # a letter quoted whole that quotes the man it answers with the same double marks (as some sites print it)
    text = ("Ana Ruiz, the council's chief engineer, wrote to the mayor on Monday. \u201cThe flood was not "
            "\u201can act of God.\u201d The spillway had been neglected for ten years. The council knew it.\u201d "
            "The mayor did not answer.")
    annotation = annotated(text)
    quote = quote_with(annotation, "neglected for ten years")
    assert quote.content.startswith("The flood was not") and quote.content.endswith("The council knew it.")
    assert not any("mayor did not answer" in q.content for q in annotation.quotes)
    # a quote that never closed before a new one opens is still cut there
    loose = annotated("\u201cWe will rebuild the bridge. \u201cIt will take a year,\u201d Ana Ruiz said.")
    assert quote_with(loose, "year").content == "It will take a year"
    # an outer quote closed by a straight mark while its nested one is open leaves nothing open after it
    mixed = "\u201cWe said \u201cno\" twice\u201d then\u201d. Later \u201cyes\u201d came."
    assert [mixed[start:end] for start, end, _ in _quoted_spans(mixed)] == ["We said \u201cno", "yes"]


def test_speakers_are_people_not_their_words_nor_a_verb_inside_the_quote():
    text = ("The minister's decision has \u201cinjected a degree of partisanship, which is not only unfortunate, "
            "I think it is destructive of the whole relationship,\u201d Ms. Ana Ruiz said in an interview.\n\n"
            "Her comments, said Tomas Lind, the council spokesman, are \u201centirely consistent with what the "
            "mayor has already said.\u201d\n\n"
            "Ruiz's comments came as the mayor turned down an invitation to meet the unions, saying such a "
            "session could \u201cdeepen the misperception of partisanship\u201d around the dam.")
    annotation = annotated(text)
    assert not any(q.speaker == "I" for q in annotation.quotes)
    assert quote_with(annotation, "destructive of the whole").speaker_resolved == "Ana Ruiz"
    assert quote_with(annotation, "entirely consistent").speaker == "Tomas Lind"
    assert quote_with(annotation, "deepen the misperception").speaker == "the mayor"
    assert not any("comments" in (q.speaker or "") for q in annotation.quotes)


def test_transcript_turns_and_signed_quotes():
    text = ("Harbour radio asked the mayor about the pier on Tuesday morning.\n\n"
            "HOST: Will the south pier reopen before the summer season starts?\n\n"
            "\"LIND: We expect the engineers to finish by June, and the ferries will be back then.\n\n"
            "UPDATE: The council later confirmed the June date.\n\n"
            "Readers told us what they think of the closure.\n\n"
            "\u201cThe pier has been falling apart for years and nobody listened to us.\u201d \u2015 Marta Solberg\n\n"
            "\u201cI just want my ferry back.\u201d \u2014 Ivo K. Brandt.")
    annotation = annotated(text)
    host = quote_with(annotation, "reopen before the summer")
    assert host.speaker == "HOST" and host.kind == "direct" and host.content.startswith("Will the south pier")
    lind = quote_with(annotation, "engineers to finish")
    assert lind.speaker == "LIND" and not lind.content.startswith("LIND")
    assert not any(q.speaker == "UPDATE" for q in annotation.quotes)
    assert quote_with(annotation, "falling apart").speaker == "Marta Solberg"
    assert quote_with(annotation, "my ferry back").speaker == "Ivo K. Brandt"


def test_doubled_apostrophe_quotes_and_name_before_the_cue():
    text = ("The ferry company cut two routes on Monday.\n\n"
            "''That would be a very big loss for the islands,'' Councillor Anna Brill, chair of the transport "
            "board, told the council as it met. ''We will fight it.''\n\n"
            "''Is the company running against the islands?'' asked Mr. Oskar Vinter, referring to the cuts.\n\n"
            "Or, as Tom Ridge, a former ferry captain, put it: ''The boats are no longer full. They're empty.''")
    annotation = annotated(text)
    loss = quote_with(annotation, "very big loss")
    assert loss.content == "That would be a very big loss for the islands"
    assert (loss.kind, loss.speaker, loss.cue) == ("direct", "Councillor Anna Brill", "told")
    assert quote_with(annotation, "We will fight it").speaker_resolved == "Anna Brill"
    assert quote_with(annotation, "running against").speaker_resolved == "Oskar Vinter"
    assert quote_with(annotation, "boats are no longer").speaker_resolved == "Tom Ridge"


def test_pronouns_agree_in_gender_with_their_person():
    text = ("Mayor Elena Brandt met union leader Peter Kask on Monday. Kask said the strike would go on.\n\n"
            "She said the city had made its last offer.")
    annotation = annotated(text)
    assert quote_with(annotation, "last offer").speaker_resolved == "Elena Brandt"
    assert quote_with(annotation, "strike would go on").speaker_resolved == "Peter Kask"


def test_a_role_description_finds_the_person_titled_with_it():
    text = ("Talks between Norwegian Prime Minister Ola Berg and Swedish Prime Minister Karin Lund ended on "
            "Monday. Lund said the quota was fair.\n\n"
            "Despite the talks, Norway's prime minister issued a warning to fishing firms that he said had "
            "ignored the quota for years.\n\n"
            "The Swedish prime minister said the firms would be fined.")
    annotation = annotated(text)
    assert quote_with(annotation, "ignored the quota").speaker_resolved == "Ola Berg"
    assert quote_with(annotation, "would be fined").speaker_resolved == "Karin Lund"


def test_a_quote_paragraph_continues_the_speech_closing_the_paragraph_before():
    text = ("The inspector, Mari Tamm, admitted the report was late, but she argued the delay was unavoidable.\n\n"
            "\u201cIf anyone wonders why the inspection is not done, this report is the answer.\u201d\n\n"
            "\"And I am not being paid!\" Tamm declared, a point she likes to make after every radio appearance "
            "in which callers ask how much money she is getting.\n\n"
            "After the vote, Tamm issued a statement, \u201cThe pier is safe again.\u201d")
    annotation = annotated(text)
    assert quote_with(annotation, "If anyone wonders").speaker_resolved == "Mari Tamm"
    assert quote_with(annotation, "not being paid").speaker_resolved == "Mari Tamm"
    assert quote_with(annotation, "pier is safe").speaker_resolved == "Mari Tamm"


def test_possessive_glued_onto_a_name_is_split():
    annotation = annotate_articles([article("The envoy praised cooperation with Elon Musk\u2019s SpaceX on Tuesday "
                                            "during a long meeting in the capital.")])[0]
    labels = {m.text: m.label for m in annotation.mentions}
    assert "Elon Musk\u2019s SpaceX" not in labels
    assert labels.get("Elon Musk") == "PERSON" and labels.get("SpaceX") == "ORG"


def test_claims_skip_headings_and_split_independent_clauses():
    text = ("Warning From The Council\n\n"
            "The council closed the bridge on Monday, and the police diverted all traffic to the ring road.")
    annotation = annotated(text)
    assert all("Warning From" not in c.text for c in annotation.claims)
    assert len(annotation.claims) == 2
    assert annotation.claims[1].text.startswith("the police diverted")


def _work(text: str, published: date | None) -> Working:
    return Working(text=text, published=published, docs=[])


@pytest.mark.parametrize(("phrase", "value", "precision", "relation", "kind"), [
    ("on Tuesday", "2025-03-18", "day", "present", "weekday"),
    ("last Monday", "2025-03-17", "day", "past", "weekday"),
    ("next Friday", "2025-03-21", "day", "future", "weekday"),
    ("Feb. 18, 2025", "2025-02-18", "day", "past", "absolute"),
    ("18 March 2025", "2025-03-18", "day", "present", "absolute"),
    ("in February", "2025-02", "month", "past", "absolute"),
    ("last month", "2025-02", "month", "past", "relative"),
    ("next week", "2025-03-24", "week", "future", "relative"),
    ("yesterday", "2025-03-17", "day", "past", "relative"),
    ("two years ago", "2023", "year", "past", "relative"),
    ("by the end of 2026", "2026", "year", "future", "deadline"),
    ("in 2014", "2014", "year", "past", "absolute"),
])
def test_time_expressions(phrase, value, precision, relation, kind):
    work = _work(f"It happened {phrase} as planned.", date(2025, 3, 18))
    times(work)
    found = work.times[0]
    assert found.text in phrase and phrase.endswith(found.text)
    assert (found.value, found.precision, found.relation, found.kind) == (value, precision, relation, kind)


@pytest.mark.parametrize(("sentence", "value", "relation"), [
    ("The council said it would decide on Thursday when the pier reopens.", "2025-03-20", "future"),
    ("The council said on Monday that the pier would stay shut.", "2025-03-17", "past"),
    ("The ferry would have sailed on Monday had the storm passed.", "2025-03-17", "past"),
])
def test_reported_future_governs_only_what_follows_it(sentence, value, relation):
    annotation = annotate_articles([article(sentence)])[0]  # published Tuesday 2025-03-18
    found = annotation.times[0]
    assert (found.value, found.relation) == (value, relation)


def test_a_past_verb_right_before_a_weekday_dates_a_past_event_whatever_the_sentence_plans():
    annotation = annotate_articles([article("The strike began on Monday and is scheduled to last ten days. The vote "
                                            "is scheduled on Monday.")])[0]  # published Tuesday 2025-03-18
    assert [(t.value, t.relation) for t in annotation.times] == [("2025-03-17", "past"), ("2025-03-24", "future")]


@pytest.mark.parametrize("sentence", [
    "Teachers will receive a rise under a deal reached in the early hours of Sunday.",
    "The union will put the offer to members after a deal struck shortly after midnight on Sunday.",
    "Talks that will resume next month broke down late on Sunday.",
])
def test_a_past_verb_before_a_time_of_day_dates_a_past_event_though_the_sentence_has_a_will(sentence):
    annotation = annotate_articles([article(sentence)])[0]  # published Tuesday 2025-03-18
    assert [(t.value, t.relation) for t in annotation.times if t.precision == "day"] == [("2025-03-16", "past")]


def test_a_timetable_verb_in_the_present_before_a_weekday_dates_what_is_to_come():
    annotation = annotate_articles([article("The tram service begins on Monday. The depot opened on Monday.")])[0]
    assert [(t.value, t.relation) for t in annotation.times] == [("2025-03-24", "future"), ("2025-03-17", "past")]


@pytest.mark.parametrize(("sentence", "text", "value", "relation"), [
    # a weekday written with its date is one day, and tells the date's year
    ("The ferry line will hand over to the port on Wednesday, July 1, under the contract.", "Wednesday, July 1",
     "2026-07-01", "future"),
    ("A by-election is expected to be held on Sunday, 13 September.", "Sunday, 13 September", "2026-09-13", "future"),
    ("The depot had held a drill on Monday 12 January.", "Monday 12 January", "2026-01-12", "past"),
    # what is expected, set or due on a weekday is to come
    ("The first results are expected on Monday, once the counting machines are tested.", "Monday", "2026-06-15",
     "future"),
    ("The hearing is set for Friday at the district court.", "Friday", "2026-06-12", "future"),
    # a plain past verb dates a past event, however far it stands from the day
    ("Divers found the crack on Monday during a scheduled underwater check.", "Monday", "2026-06-08", "past"),
    # ...but the copula of what is to come is the day's own verb, not the saying above it
    ("The final vote will be on Friday, the council said.", "Friday", "2026-06-12", "future"),
])
def test_a_day_is_read_with_its_weekday_and_the_tense_of_its_own_verb(sentence, text, value, relation):
    annotation = annotate_articles([article(sentence, published=date(2026, 6, 10))])[0]  # a Wednesday
    assert [(t.text, t.value, t.relation) for t in annotation.times] == [(text, value, relation)]


def test_time_without_publication_date_keeps_the_expression():
    work = _work("They met on Tuesday.", None)
    times(work)
    assert work.times[0].value is None and work.times[0].relation is None


@pytest.mark.parametrize(("phrase", "value", "unit", "kind"), [
    ("3.8 million metric tons", 3.8e6, "t", "quantity"),
    ("$2 billion", 2e9, "USD", "money"),
    ("\u20ac450,000", 450_000, "EUR", "money"),
    ("12 percent", 12, "%", "percent"),
    ("4.5%", 4.5, "%", "percent"),
    ("fifth-largest", 5, "largest", "rank"),
    ("1.8 metres", 1.8, "m", "quantity"),
    ("67-year-old", 67, "years", "age"),
    ("aged 31", 31, "years", "age"),
    ("sixty-five percent", 65, "%", "percent"),
    ("ninety kilometres", 90, "km", "quantity"),
])
def test_numbers(phrase, value, unit, kind):
    work = _work(f"The report cites {phrase} in total.", None)
    numbers(work)
    found = work.numbers[0]
    assert (found.text, found.value, found.unit, found.kind) == (phrase, pytest.approx(value), unit, kind)


@pytest.mark.parametrize(("sentence", "found"), [
    ("The budget passed by a vote of 7 to 2.", [("7 to 2", "tally", 7 * 100_000 + 2)]),
    ("The reform passed 312 votes to 289 on Thursday.", [("312 votes to 289", "tally", 312 * 100_000 + 289)]),
    ("Rovers beat Hull City 2-0 on Saturday.", [("2-0", "tally", 200_000)]),
    ("The breach exposed the data of 2.3 million customers.", [("2.3 million customers", "count", 2.3e6)]),
    ("The clinic treated 10 to 15 patients a day.", None),  # a range, not a tally
    ("Councillors backed the plan 15 to 8.", [("15 to 8", "tally", 15 * 100_000 + 8)]),
    ("The 980-kilogram probe flew on Monday.", [("980-kilogram", "quantity", 980)]),
    ("The city ordered two dozen electric trams.", [("two dozen electric trams", "count", 24)]),
    ("About two hundred people came.", [("two hundred people", "count", 200)]),
])
def test_tallies_and_scaled_counts(sentence, found):
    annotation = annotate_articles([article(sentence)])[0]
    if found is None:
        assert all(q.kind != "tally" for q in annotation.numbers)
        return
    assert [(q.text, q.kind, q.value) for q in annotation.numbers] == [(t, k, pytest.approx(v)) for t, k, v in found]


def test_an_age_after_a_name_is_an_age_and_a_list_is_not():
    annotation = annotate_articles([article("Kirill Dmitriev, 49, is one of the closest aides. Wards 3, 4 and 5 "
                                            "were closed, and Team Smith, 3, and Team Jones, 4 and 6, lost.")])[0]
    ages = [(q.text, q.value) for q in annotation.numbers if q.kind == "age"]
    assert ages == [("49", 49.0)]


def test_counts_take_the_counted_noun():
    annotation = annotate_articles([article("Fourteen people were injured and 3 bridges were closed by the "
                                            "regional authority on Monday evening.")])[0]
    counts = {(n.value, n.unit) for n in annotation.numbers if n.kind == "count"}
    assert (14, "people") in counts and (3, "bridge") in counts


def test_a_count_takes_the_noun_it_is_of_or_the_value_of():
    annotation = annotate_articles([article("A crowd of 31,450 watched the final at Corran Park. The death toll "
                                            "was 12 by the evening. The river rose to 4 on the gauge.")])[0]
    counts = {(n.value, n.unit) for n in annotation.numbers if n.kind == "count"}
    # "rose to 4": the parse names no counted noun, so the number stays without a unit (never compared)
    assert counts == {(31450, "crowd"), (12, "toll"), (4, None)}, counts


def test_a_count_takes_the_noun_put_at_it_but_not_the_noun_it_is_some_of():
    annotation = annotate_articles([article("Seven of the children needed hospital treatment. The institute put "
                                            "its magnitude at 3.8. Officials put the number of confirmed cases at "
                                            "147.")])[0]
    counts = {(n.value, n.unit) for n in annotation.numbers if n.kind == "count"}
    # "Seven of the children" is a part of a whole the sentence does not count: no unit, never compared
    assert counts == {(7, None), (3.8, "magnitude"), (147, "case")}, counts


def test_bad_input_is_recorded_per_article_and_the_batch_goes_on():
    odd = [
        article("Der Bürgermeister sagte am Dienstag, die Brücke bleibe geschlossen.", language="de", id="de"),
        article("1234 5678 — 9999", id="nowords"),
        article("\u201cThis quote never closes and the page ends here " + "\x00\x07 \U0001F600 " * 3, id="odd"),
        article(("The council met again on Monday and approved the budget. " * 40 + "\n\n") * 3, id="long"),
        article(HARBOUR, id="fine"),
    ]
    settings = pipeline_module.Settings(max_annotate_chars=5000)
    results = {a.article_id: a for a in annotate_articles(odd, settings)}
    assert results["de"].status == "skipped" and "only English" in results["de"].problems[0]
    assert results["nowords"].status == "skipped"
    assert results["odd"].status == "ok" and results["odd"].quotes
    assert any("max_annotate_chars" in p for p in results["long"].problems)
    assert results["fine"].status == "ok" and results["fine"].quotes


def test_a_failing_step_is_recorded_and_the_others_run(monkeypatch):
    def broken(work):
        raise RuntimeError("boom")

    steps = tuple(pipeline_module.Step(s.name, broken) if s.name == "times" else s for s in pipeline_module.STEPS)
    monkeypatch.setattr(pipeline_module, "STEPS", steps)
    result = annotate_articles([article(HARBOUR)])[0]
    assert result.status == "partial"
    assert any("step times failed" in p and "boom" in p for p in result.problems)
    assert result.quotes and result.numbers and not result.times


def test_paragraphs_cut_long_lines_at_sentence_ends():
    text = "Short one.\n\n" + "A sentence of some length here. " * 1500
    pieces = paragraphs(text)
    assert pieces[0] == (0, "Short one.")
    assert len(pieces) > 2 and all(len(p) <= 20_000 for _, p in pieces)
    assert "".join(p for _, p in pieces[1:]) == text[12:]


def test_annotate_stores_once_and_resumes(store):
    from rashomon.models import RawDocument

    for name, text in (("one", HARBOUR), ("two", "Nothing is quoted here, the council met and agreed a plan.")):
        raw = RawDocument(source=f"{name}.txt", format="text", content=text.encode(), text=text,
                          encoding="utf-8")
        store.add_document(raw, Article(id=raw.id, source=raw.source, text=text, raw_id=raw.id))
    first = annotate(store)
    assert first.annotated == 2
    assert annotate(store).annotated == 0  # nothing left to do
    stored = store.annotation(store.articles()[0].id)
    assert stored is not None and stored.version == ANNOTATION_VERSION
    assert Annotation.from_dict(stored.to_dict()) == stored


def test_a_description_speaker_with_an_odd_space_resolves():
    annotation = annotate_articles([article("\u201cNothing was decided,\u201d the\u00a0council said on Monday.")])[0]
    assert not annotation.problems
    quote = quote_with(annotation, "Nothing was decided")
    assert quote.speaker_resolved == "council"


def test_a_quote_finishing_the_reporters_clause_is_partial_inside_the_reported_speech():
    annotation = annotated("Mayor Ines Calder said the harbour fund has \u201calways paid its own way and will go on "
                           "doing so.\u201d")
    partial = next(q for q in annotation.quotes if q.kind == "partial")
    assert partial.content.startswith("always paid its own way") and partial.speaker_resolved == "Ines Calder"
    outer = next(q for q in annotation.quotes if q.kind == "indirect")
    assert outer.content.startswith("the harbour fund has") and outer.content.endswith("doing so.\u201d")
    assert outer.start <= partial.start and partial.end <= outer.end


def test_a_long_quote_after_a_cue_word_stays_direct():
    annotation = annotated("Calder said \u201cthe harbour will reopen to ferries before the end of the month.\u201d")
    assert quote_with(annotation, "the harbour will reopen").kind == "direct"


def test_a_wire_dateline_is_not_part_of_the_claim():
    annotation = annotated("HARBOURTON, Oct 6 (Coast Wire) - The ferry terminal opened on Monday after two years "
                           "of work.")
    assert annotation.claims[0].text == "The ferry terminal opened on Monday after two years of work."
    plain = annotated("The ferry terminal - long delayed - opened on Monday after two years of work.")
    assert plain.claims[0].text.startswith("The ferry terminal - long delayed")


@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("Forty-three residents have been left homeless.", 43, "resident"),
    ("The council said twenty one houses were flooded.", 21, "house"),
    ("Ninety firefighters fought the blaze.", 90, "firefighter"),
])
def test_a_number_written_in_two_words_is_one_count(sentence, value, unit):
    annotation = annotate_articles([article(sentence)])[0]
    assert [(q.value, q.unit) for q in annotation.numbers] == [(value, unit)]


def test_spans_of_time_are_durations_but_ages_and_times_ago_are_not():
    annotation = annotate_articles([article("The 61-year-old was sentenced to seven years in prison, after a "
                                            "trial that lasted 36 hours over three weeks. Prosecutors had sought a "
                                            "nine-year sentence. The raid took place two days ago.")])[0]
    durations = [(q.text, q.value, q.unit) for q in annotation.numbers if q.kind == "duration"]
    assert durations == [("seven years", 7, "year"), ("36 hours", 36, "hour"), ("three weeks", 3, "week"),
                         ("nine-year", 9, "year")]
    assert [(q.value, q.kind) for q in annotation.numbers if q.kind == "age"] == [(61, "age")]


def test_a_counted_noun_that_only_sheds_its_s_keeps_its_e():
    text = "The ministry said 120,000 doses were delivered. Another 14 buses and six lenses were found."
    article = Article(id="n", source="n.txt", text=text, title=None, outlet="o", language="en",
                      published=date(2026, 1, 5))
    units = [q.unit for q in annotate_articles([article])[0].numbers]
    assert units == ["dose", "bus", "lens"]  # the small pipeline's lemmas: "dos", "bus", "lens"


def test_a_dateline_is_no_speaker_the_words_after_it_are():
    """The parser may read a dateline as the speech verb's subject ("LONDON (Reuters) - Britain's finance minister
    said"): the speaker is the phrase between the dateline and the verb, or nobody when a clause stands there."""
    text = ("LONDON (Reuters) - Britain's finance minister said on Friday that growth would slow this winter.\n\n"
            "The minister spoke in Leeds.")
    quote = next(q for q in annotated(text).quotes if "growth" in q.content)
    assert quote.speaker == "Britain's finance minister"
    assert text[quote.speaker_start:quote.speaker_end] == quote.speaker
    # a speaker that opens the line with a dash after it is no dateline
    text = "Smith -- a Republican from Ohio -- said on Friday that the bill would pass.\n\nThe vote is due next week."
    assert next(q for q in annotated(text).quotes if "bill" in q.content).speaker_resolved == "Smith"


def test_it_said_is_the_body_that_spoke_last_and_they_stays_unresolved():
    text = ("WASHINGTON \u2014 The White House said on Monday that it would veto the measure.\n\n"
            "It said the bill was badly flawed.\n\n"
            "They said the vote would come on Thursday.")
    quotes = {q.content[:12]: q for q in annotated(text).quotes}
    assert quotes["the bill was"].speaker_resolved == "White House"
    assert quotes["the vote wou"].speaker == "They" and quotes["the vote wou"].speaker_resolved is None
    # after a person spoke, "it" is nobody the article named
    text = ("Mayor Ana Ruiz said on Monday that the pool would reopen.\n\n"
            "It said the repairs were finished.")
    assert next(q for q in annotated(text).quotes if "repairs" in q.content).speaker_resolved is None
