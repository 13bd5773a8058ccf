"""Comparison you can trust: the pair model, contradictions found and false ones not raised, quotes grouped
by speaker and words, ties for "first", entity types from context. Stories here are written for these tests."""

from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np
import pytest

from rashomon.compare import StoryArticle, compare_story
from rashomon.compare.conflicts import office_words
from rashomon.compare.entities import link_entities
from rashomon.compare.pairs import FEATURES, MODEL_FILE, PairModel
from rashomon.compare.similarity import encoder
from rashomon.models import Article
from rashomon.nlp import annotate_articles
from tests.conftest import ROOT


def _story(*articles: tuple[str, str, str]) -> dict:
    """Compare articles given as (outlet, published, text); ids are a, b, c, ... ("" published: undated)"""
    built = [Article(id=chr(97 + i), source=f"{outlet}.txt", text=text, title=None, outlet=outlet, language="en",
                     published=None if not published else date.fromisoformat(published) if len(published) == 10
                     else datetime.fromisoformat(published))
             for i, (outlet, published, text) in enumerate(articles)]
    annotations = annotate_articles(built)
    return compare_story([StoryArticle(a, n) for a, n in zip(built, annotations, strict=True)], encoder())


def _of_kind(story: dict, kind: str) -> list[dict]:
    return [c for c in story["conflicts"] if c["kind"] == kind]


def _office_holders_set_against(first: str, second: str, day: str) -> set[str]:
    """The two people that the one office conflict of two outlets' articles, published on ``day``, sets apart."""
    story = _story(("Coast Wire", day, first), ("Island Radio", day, second))
    [conflict] = _of_kind(story, "name")
    return {s["value"] for s in conflict["sides"]}


def test_the_shipped_pair_model_matches_the_code_and_says_where_it_came_from():
    data = json.loads((ROOT / "src" / "rashomon" / "compare" / MODEL_FILE).read_text(encoding="utf-8"))
    assert "trained" in data["about"] and "report part" in data["about"]
    for backend in ("minilm", "lexical"):
        model = PairModel.load(backend)
        assert len(model.weights) == len(FEATURES)
        same = np.zeros((1, len(FEATURES)))
        same[0, FEATURES.index("sim")] = same[0, FEATURES.index("centered")] = 0.95
        same[0, FEATURES.index("overlap")] = 0.8
        other = np.zeros((1, len(FEATURES)))
        other[0, FEATURES.index("sim")] = 0.3
        assert model.probability(same)[0] > 0.8 > 0.2 > model.probability(other)[0]


def test_training_is_reproducible():
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from train_pairs import fit

    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] - x[:, 1] + rng.normal(scale=0.5, size=400) > 0).astype(float)
    first, second = fit(x, y), fit(x, y)
    assert np.allclose(first[0], second[0]) and first[1] == second[1]
    assert first[0][0] > 0 > first[0][1]


FIRE = "A fire destroyed a textile warehouse in {town} late on Monday, the county fire service said."
CAUSE = "Investigators said an electrical fault in the loading bay was the most likely cause of the blaze."


def test_a_different_place_for_the_same_event_is_a_conflict_and_agreement_is_not():
    story = _story(
        ("Calder Post", "2026-03-03", FIRE.format(town="Carrick Falls") + " " + CAUSE),
        ("Westmarch Herald", "2026-03-03", FIRE.format(town="Ostley") + " " + CAUSE.replace("most likely", "likely")),
    )
    kinds = [c["kind"] for c in story["conflicts"]]
    assert kinds == ["place"], story["conflicts"]
    cause = [f for f in story["facts"] if "electrical fault" in f["text"]]
    assert cause and cause[0]["independent_sources"] == 2 and cause[0]["status"] == "corroborated"


def test_a_place_known_by_the_words_around_it_is_compared_and_a_destination_is_not_the_place():
    # "Pellow Skerry" and "Dunmere" are names no tagger knows; the words around them say they are places. The second
    # outlet names the first's place only as where the boat was headed, which does not put the wreck there.
    story = _story(
        ("Coastwatch Daily", "2026-05-04", "A fishing trawler sank off the island of Pellow Skerry during a gale on "
         "Sunday night, and all six crew were rescued by the lifeboat."),
        ("North Quay Gazette", "2026-05-04", "A fishing trawler sank at the mouth of Dunmere harbour on its way to "
         "Pellow Skerry during a gale on Sunday night, and all six crew were rescued by the lifeboat."),
    )
    places = _of_kind(story, "place")
    assert len(places) == 1, story["conflicts"]
    assert {s["value"] for s in places[0]["sides"]} == {"Pellow Skerry", "Dunmere"}
    agree = _story(
        ("Coastwatch Daily", "2026-05-04", "A fishing trawler sank off the island of Pellow Skerry during a gale on "
         "Sunday night, and all six crew were rescued by the lifeboat."),
        ("North Quay Gazette", "2026-05-04", "A fishing trawler sank off Pellow Skerry, west of Dunmere harbour, "
         "during a gale on Sunday night, and all six crew were rescued by the lifeboat."),
    )
    assert not _of_kind(agree, "place"), agree["conflicts"]


def test_what_one_outlet_says_has_not_happened_and_another_says_has_is_a_conflict():
    # The two sentences share almost no words: the absence ("No one has needed hospital treatment") is found from
    # what it says did not happen, not from how alike the sentences read.
    story = _story(
        ("Tidewater Post", "2026-06-02", "Residents of Oxley were told to boil their tap water on Monday after a "
         "bacteria alert at the Fenwick treatment works. Four people were admitted to hospital with stomach illness."),
        ("Valley Radio", "2026-06-02", "Households in Oxley must boil their tap water after a bacteria alert at the "
         "Fenwick treatment works, the water company said on Monday. No one has needed hospital treatment, the "
         "health board said."),
    )
    polar = _of_kind(story, "polarity")
    assert len(polar) == 1, story["conflicts"]
    assert {s["value"] for s in polar[0]["sides"]} == {"affirms", "denies"}
    assert any("No one has needed" in s["text"] for s in polar[0]["sides"])


@pytest.mark.parametrize(("first", "second"), [
    # the affirming claim's first word is the thing ("Talks resumed"), written in lower case by the other outlet
    (("Quay Gazette", "2026-02-18", "Talks between the dockers' union and the harbour board resumed on Wednesday "
                                    "under an independent chair."),
     ("Harbour Wire", "2026-02-19", "No talks have taken place since the dockers walked out.")),
    # "None of the workers has ...", and a later paper that dates the happening to before the absence was written
    (("Quay Gazette", "2026-10-13", "None of the plant's workers has reported symptoms, the health board said."),
     ("Harbour Wire", "2026-10-15", "A cleaner at the packing plant reported symptoms on Sunday and was sent "
                                    "home, according to the company.")),
])
def test_an_absence_is_found_from_a_sentence_first_word_and_set_against_a_happening_dated_before_it(first, second):
    story = _story(first, second)
    polar = _of_kind(story, "polarity")
    assert len(polar) == 1, story["conflicts"]


def test_an_absence_is_not_set_against_later_news_nor_against_another_subject():
    # "has yet to" on Monday and "passed" on Tuesday is news, not a contradiction; a denial about a death is not set
    # against cases linked elsewhere; "has not said whether" denies nothing.
    story = _story(
        ("Sports Desk", "2026-07-20", "Striker Olek Varn has yet to undergo a medical at Brenton City. A death in the "
         "region last month has not been linked to the club's new training ground. Police have not said whether "
         "the fans will be allowed in."),
        ("City Sport", "2026-07-21", "Olek Varn passed his medical at Brenton City on Tuesday morning. The first "
         "injuries were linked to the new training ground. The fans were allowed in after a search."),
    )
    assert not _of_kind(story, "polarity"), story["conflicts"]


def test_what_someone_says_they_have_not_seen_or_a_quoted_or_relative_negation_is_no_absence():
    story = _story(
        ("Border News", "2026-04-02", "Officers along the border said that they had not seen an increase in smuggled "
         "tobacco. The report, which has not been made public, was sent to ministers."),
        ("Capital Post", "2026-04-02", "Smuggled tobacco seized on the border increased sharply last year, the report "
         "said. Ministers made the report public on Tuesday."),
    )
    assert not _of_kind(story, "polarity"), story["conflicts"]


def test_an_amount_beside_in_is_no_ratio_and_the_rest_of_a_list_is_not_still_so():
    story = _story(
        ("Dairy Wire", "2026-02-11", "Kestrel will pay 1.2 billion crowns in cash and shares for the dairy group. "
         "She was cleared on the remaining three counts."),
        ("Farm Desk", "2026-02-11", "Kestrel is paying 1.5 billion crowns for the dairy group, the companies said."),
    )
    numbers = _of_kind(story, "number")
    assert len(numbers) == 1 and {s["value"] for s in numbers[0]["sides"]} == {"1,200,000,000 crown",
                                                                             "1,500,000,000 crown"}, story["conflicts"]


def test_a_day_something_went_on_and_a_gap_between_amounts_are_not_conflicts():
    story = _story(
        ("Harbour Wire", "2026-12-02", "Dockers at Quarrow walked off the job on Tuesday over pay. The new contract "
         "is worth 52 million dollars."),
        ("Quarrow Star", "2026-12-02", "The cranes at Quarrow stood idle on Wednesday as the dockers' strike "
         "continued. The rival contract was 4 million dollars higher than the one signed."),
    )
    assert not [c for c in story["conflicts"] if c["kind"] in ("date", "number")], story["conflicts"]


def test_two_days_for_what_is_planned_are_a_conflict_but_a_past_meeting_in_a_plan_is_not():
    story = _story(  # published Friday 7 August 2026: "Monday" is 10 August
        ("Health Desk", "2026-08-07", "The measles vaccination drive begins on Monday at 40 clinics across the "
         "province."),
        ("Province Radio", "2026-08-07", "Clinics across the province will start the measles vaccination drive on "
         "12 August."),
    )
    dates = _of_kind(story, "date")
    assert len(dates) == 1 and {s["value"] for s in dates[0]["sides"]} == {"2026-08-10", "2026-08-12"}, dates
    story = _story(
        ("Courier", "2026-02-20", "The old bridge will close to motor traffic on 1 May."),
        ("City News", "2026-02-20", "The old bridge will close to motor traffic this spring after a council meeting "
         "on Thursday."),
    )
    assert not _of_kind(story, "date"), story["conflicts"]


def test_an_amount_asked_for_is_not_set_against_an_amount_granted():
    story = _story(
        ("Capital Wire", "2026-02-15", "The president requested 5.7 billion dollars for the border wall, while "
         "opponents vowed to block it."),
        ("Evening Ledger", "2026-02-15", "Congress granted 1.4 billion dollars for the border wall, after weeks of "
         "talks."),
    )
    assert not _of_kind(story, "number"), story["conflicts"]


def test_a_no_comment_with_an_adverb_and_a_place_where_something_was_said_raise_nothing():
    # Both from the seeds: "had not publicly commented" is a "no comment" (not an absence to set against "The
    # comments come amid warming ties"), and "said at a business forum in Moscow" is where it was said.
    story = _story(
        ("Harbour Times", "2026-03-18", "As of Tuesday afternoon, Halvard, who also advises the governor, had not "
         "publicly commented on any potential talks. He has since hinted at renewed business cooperation, including "
         "in Lapland and energy projects."),
        ("Quay Daily", "2026-03-18", "The comments come amid warming business ties between the two firms. "
         "\u201cWe believe Halvard is a unique leader,\u201d Ostrin said at a business forum in Tallmark."),
    )
    assert not story["conflicts"], story["conflicts"]


def test_confirmed_against_has_not_commented_is_a_conflict():
    story = _story(
        ("Upland Record", "2026-02-17", "Halvorsen Plastics confirmed the job cuts at its Brightwater plant on "
                                        "Monday. The plant makes food packaging for supermarkets."),
        ("Metro Signal", "2026-02-17", "Halvorsen Plastics has not commented on the job cuts at its Brightwater "
                                       "plant. The plant makes food packaging for supermarket chains."),
    )
    assert [c["kind"] for c in story["conflicts"]] == ["polarity"], story["conflicts"]


def test_one_office_given_to_two_people_is_a_conflict_even_when_their_sentences_differ():
    story = _story(
        ("Dunmere Courier", "2026-03-10", "A former finance director was jailed for six years on Tuesday for a "
                                          "fraud at the Corran Valley water utility. Presiding judge Harriet Quell "
                                          "said the fraud had been calculated and patient."),
        ("Valley Post", "2026-03-10", "Elspeth Marrow was sent to prison for six years on Tuesday over the fraud at "
                                      "the Corran Valley water utility. In passing sentence, Judge Simon Adeyo "
                                      "described the scheme as sophisticated and sustained."),
    )
    [conflict] = _of_kind(story, "name")
    assert "judge" in conflict["description"] and {s["value"] for s in conflict["sides"]} == {
        "Harriet Quell", "Simon Adeyo"}


@pytest.mark.parametrize(("first", "second", "names"), [
    ("The storm cut power to 40,000 homes. Kiri Valen, director of the National Relief Office, said teams were "
     "clearing roads.",
     "The storm left 40,000 homes without power. Tomas Aleni, who heads the National Relief Office, said food drops "
     "had begun.", {"Kiri Valen", "Tomas Aleni"}),
    ("The no-confidence motion failed on Thursday. It was tabled by Ilse Marquand, leader of the opposition Civic "
     "Union, who had accused the government of a cover-up.",
     "The government survived the no-confidence vote on Thursday. Civic Union leader Bram Teodor said the fight was "
     "not over.", {"Ilse Marquand", "Bram Teodor"}),
    ("The vaccine was approved on Monday. The recommendation came from the agency's expert committee, chaired by "
     "Professor Elin Varga, which met for two days.",
     "The vaccine won approval on Monday. Professor Hugo Maren, who chairs the expert committee, said the results "
     "were clear.", {"Elin Varga", "Hugo Maren"}),
])
def test_the_head_of_an_organisation_however_titled_is_one_office(first, second, names):
    assert {v.removeprefix("Professor ") for v in _office_holders_set_against(first, second, "2026-03-20")} == names


def test_heads_of_other_things_a_deputy_and_two_opposition_leaders_are_no_conflict():
    story = _story(
        ("Coast Wire", "2026-03-20", "The museum reopened on Friday. Ana Lind, director of the Tarsk Museum, said "
                                     "visitors had queued since dawn. Opposition leader Per Hallin praised the "
                                     "restoration."),
        ("Island Radio", "2026-03-20", "The museum reopened its doors on Friday. Jon Esk, who heads the Tarsk "
                                       "Museum's education department, said schools had booked every slot. Marta "
                                       "Brun, deputy director of the Tarsk Museum, said the roof was sound. "
                                       "Opposition leader Eva Stam called the cost too high."),
    )
    assert _of_kind(story, "name") == [], story["conflicts"]


def test_an_office_qualified_by_lower_case_words_is_one_office():
    story = _story(
        ("Orla Daily", "2026-05-27", "The Orla-1 satellite reached orbit on Tuesday. The satellite is working "
                                     "normally, said mission director Oksana Pirell."),
        ("Space Wire", "2026-05-27", "The Orla-1 satellite reached its orbit on Tuesday. Mission director Teodor "
                                     "Blakemore said the first images were expected within three weeks."),
    )
    [conflict] = _of_kind(story, "name")
    assert "mission director" in conflict["description"], story["conflicts"]


@pytest.mark.parametrize(("first", "second", "names"), [
    ("Alder Hill school closed on Monday over asbestos. Headteacher Greta Holm said the decision had been taken with "
     "a heavy heart.",
     "Alder Hill school shut on Monday after asbestos was found. Head teacher Simon Ark told parents the school could "
     "not take any risks.", {"Greta Holm", "Simon Ark"}),
    ("The lighthouse sold for 1.2 million on Friday. Auctioneer Rasmus Feld opened the bidding at 600,000.",
     "The lighthouse was sold on Friday for 1.2 million. Auctioneer Dorit Lanke said the room had burst into "
     "applause.", {"Rasmus Feld", "Dorit Lanke"}),
    ("Fire crews sealed the leaking tank at the plant on Sunday. Regional fire commander Ilse Varga said the cloud "
     "had drifted away from homes.",
     "Crews stopped the leak at the plant on Sunday. The regional fire commander, Mateo Brandt, said conditions had "
     "been extremely difficult.", {"Ilse Varga", "Mateo Brandt"}),
])
def test_a_title_that_opens_a_sentence_or_qualifies_a_commander_is_one_office(first, second, names):
    assert _office_holders_set_against(first, second, "2026-03-22") == names


@pytest.mark.parametrize(("first", "second", "names"), [
    ("Nordal Air and Skylink agreed to merge on Monday. Anneliese Brock, currently chief executive of Nordal Air, "
     "will run the combined company.",
     "Nordal Air and Skylink will merge, the airlines said on Monday. Jonas Tervo, Skylink's chief executive, will "
     "lead the merged airline.", {"Anneliese Brock", "Jonas Tervo"}),
    ("Pike won the mayoral election on Sunday. Returning officer Henrike Amsel read out the figures after midnight.",
     "Pike won Sunday's mayoral election. The result was declared by city clerk Lorenz Pfaff, who served as "
     "returning officer for the election.", {"Henrike Amsel", "Lorenz Pfaff"}),
])
def test_an_office_held_for_the_occasion_or_named_after_a_time_word_is_one_office(first, second, names):
    assert _office_holders_set_against(first, second, "2026-03-23") == names


def test_a_name_set_off_by_a_role_without_an_article_is_a_name():
    from rashomon.nlp.entities import APPOSED_NAME
    found = [m.group("name") for text in ("Anneliese Brock, currently chief executive of Nordal Air, will run it.",
                                          "Kiri Valen, director of the Relief Office, said so.",
                                          "Mara Holt, a mother of two, said so.",
                                          "Sales in Halvik City, head office said.")
             if (m := APPOSED_NAME.search(text))]
    assert found == ["Anneliese Brock", "Kiri Valen"]


def test_a_teacher_or_an_unqualified_commander_names_no_office():
    assert office_words("maths teacher") is None and office_words("commander") is None
    assert office_words("head teacher") == office_words("Headteacher") == ("headteacher",)


def test_an_office_written_with_whose_it_is_is_the_same_office():
    story = _story(
        ("Ledger", "2026-04-07", "Halvard and Corvis agreed to merge on Monday. Mirela Stanz, the chief executive "
                                 "of the combined group, said the deal would save money within two years."),
        ("Business Journal", "2026-04-07", "Halvard and Corvis agreed on Monday to merge. Chief executive Jonah "
                                           "Pettifer told staff that no offices would close."),
    )
    [conflict] = _of_kind(story, "name")
    assert {s["value"] for s in conflict["sides"]} == {"Mirela Stanz", "Jonah Pettifer"}, story["conflicts"]


def test_an_office_written_before_the_name_and_a_comma_is_the_same_office():
    story = _story(
        ("Ledger", "2026-04-07", "Ostra Foods agreed to sell its mills on Monday. Ostra chief executive Lina Marsk "
                                 "will join the buyer's board."),
        ("Business Journal", "2026-04-07", "Ostra Foods agreed on Monday to sell its mills. Ostra's chief executive, "
                                           "Piet Vandel, told staff that no jobs would go."),
    )
    [conflict] = _of_kind(story, "name")
    assert {s["value"] for s in conflict["sides"]} == {"Lina Marsk", "Piet Vandel"}, story["conflicts"]


@pytest.mark.parametrize(("first", "second", "names"), [
    ("Floodwater reached the old town on Sunday. Provincial governor Ansel Brode ordered the schools closed.",
     "The old town flooded on Sunday. The schools were closed on the orders of provincial governor Mira Sandel.",
     {"Ansel Brode", "Mira Sandel"}),
    ("The rowing club lost its boathouse to a fire on Friday. The club's president, Oskar Veen, said the boats were "
     "insured.",
     "A fire destroyed the rowing club's boathouse on Friday. Lena Hart, president of the rowing club, said no one "
     "had been inside.", {"Oskar Veen", "Lena Hart"}),
])
def test_a_many_held_title_said_whose_or_where_is_one_office(first, second, names):
    assert _office_holders_set_against(first, second, "2026-03-22") == names


def test_a_title_qualified_by_a_party_alone_or_bare_names_no_office():
    assert office_words("Republican governor") is None and office_words("Democratic Gov.") is None
    assert office_words("President") is None and office_words("vice president") is None
    assert office_words("Maine Gov.") == ("maine", "governor") and office_words("regional governor") == (
        "regional", "governor")
    story = _story(
        ("Coast Wire", "2026-03-22", "Governors met in Ardent on Monday to discuss drought aid. Republican governor "
                                     "Ansel Brode said the aid came too late."),
        ("Island Radio", "2026-03-22", "Governors gathered in Ardent on Monday to discuss drought aid. Republican "
                                       "governor Mira Sandel called for a federal plan."),
    )
    assert _of_kind(story, "name") == [], story["conflicts"]


def test_two_holders_of_an_office_in_one_article_or_a_deputy_are_no_conflict():
    story = _story(
        ("Dunmere Courier", "2026-03-10", "Presiding judge Harriet Quell jailed the former finance director for six "
                                          "years on Tuesday. Deputy judge Simon Adeyo read the charges."),
        ("Valley Post", "2026-03-10", "The former finance director was jailed for six years on Tuesday. Judge Simon "
                                      "Adeyo read the charges, and Judge Tom Reyes heard the appeal request."),
        ("Lune Herald", "2026-03-10", "The former finance director was sent to prison for six years on Tuesday. "
                                      "A judge, Ana Voss, later refused bail for a second defendant."),
    )
    assert _of_kind(story, "name") == [], story["conflicts"]


def test_one_role_given_by_what_two_people_do_is_a_conflict():
    # No title is shared: the role is the deed ("led by" / "has taken charge of" the inquiry, its other name).
    story = _story(
        ("Rail Desk", "2026-04-09", "A freight train came off the tracks near Holm on Wednesday. The investigation "
                                    "will be led by Marta Ohlin, the chief inspector at the Rail Accident Board."),
        ("Valley Times", "2026-04-09", "A freight train derailed near Holm on Wednesday. Inspector Jonas Ekdal has "
                                       "taken charge of the inquiry, the board said."),
    )
    [conflict] = _of_kind(story, "name")
    assert "leads the inquiry" in conflict["description"], story["conflicts"]
    assert {s["value"] for s in conflict["sides"]} == {"Marta Ohlin", "Jonas Ekdal"}


@pytest.mark.parametrize(("text", "name", "roles"), [
    ("Marta Ohlin will lead the inquiry into the crash.", "Marta Ohlin", [("inquiry", "lead")]),
    ("The probe is headed by chief inspector Jonas Ekdal.", "Jonas Ekdal", [("inquiry", "lead")]),
    ("The stage was overseen by Oskar Vendel, who chairs the Assembly's committee.", "Oskar Vendel",
     [("stage", "lead"), ("committee", "chair")]),
    ("Anna Brek led the way in calling for new signals.", "Anna Brek", []),
    ("Jones headed to the airport.", "Jones", []),
    ("The ministry named Oskar Vendel, to head the official inquiry into the blast.", "Oskar Vendel",
     [("inquiry", "lead")]),
    ("The inquiry will be led by a retired appeal court judge, Marta Ohlin, the ministry said.", "Marta Ohlin",
     [("inquiry", "lead")]),
    # a clause about the person between the name and the deed; a deed the description gives; "an inquiry into"
    ("Edith Marr, who retired from the bench in 2021, will chair the panel.", "Edith Marr", [("panel", "chair")]),
    ("The board has asked Ivo Tamm, a former harbour master, to lead an independent review into the spill.",
     "Ivo Tamm", [("inquiry", "lead")]),
    ("\"We will keep looking,\" said Lena Voss, the police officer in charge of the hunt.", "Lena Voss",
     [("hunt", "lead")]),
    # what a merger makes is one organisation, however each outlet calls it
    ("Rolf Dane, currently chief executive of Kestrel Bank, will run the combined lender.", "Rolf Dane",
     [("merged", "lead")]),
    ("Anna Berg, the mayor, said she would lead the council's response.", "Anna Berg", []),
])
def test_the_roles_deeds_give_a_person(text, name, roles):
    from rashomon.compare.conflicts import deed_offices
    start = text.index(name)
    assert deed_offices(text, start, start + len(name)) == roles


def test_two_people_doing_one_deed_in_one_article_or_leading_the_way_are_no_conflict():
    story = _story(
        ("Rail Desk", "2026-04-09", "A freight train came off the tracks near Holm on Wednesday. The inquiry will be "
                                    "led by Marta Ohlin. Jonas Ekdal led the inquiry into a crash in 2019."),
        ("Valley Times", "2026-04-09", "A freight train derailed near Holm on Wednesday. Anna Brek led the way in "
                                       "calling for new signals."),
    )
    assert _of_kind(story, "name") == [], story["conflicts"]


def test_one_who_chairs_a_committee_and_its_chairwoman_hold_one_office():
    # Vendel's name comes after a deed of another thing ("the stage was overseen by"): both deeds are read.
    story = _story(
        ("Assembly Wire", "2026-03-12", "The Assembly passed the water bill on Wednesday. The committee stage was "
                                        "overseen by Oskar Vendel, who chairs the Assembly's infrastructure "
                                        "committee."),
        ("Capital Post", "2026-03-12", "The Assembly passed the water bill on Wednesday. Amendments were agreed in "
                                       "the infrastructure committee under its chairwoman, Lena Hask, over six "
                                       "sessions."),
    )
    [conflict] = _of_kind(story, "name")
    assert {s["value"] for s in conflict["sides"]} == {"Oskar Vendel", "Lena Hask"}, story["conflicts"]


def test_a_name_set_off_by_its_role_is_a_person_and_a_lower_case_title_may_stand_before_it():
    story = _story(
        ("Fire Desk", "2026-06-02", "A fire destroyed a plastics factory near Tervik on Monday. The operation was "
                                    "led by regional fire chief Henrik Sollum."),
        ("North Radio", "2026-06-02", "A plastics factory near Tervik burned down on Monday. Agnes Marholm, the "
                                      "regional fire chief, directed the firefighting operation through the night."),
    )
    [conflict] = _of_kind(story, "name")
    assert {s["value"] for s in conflict["sides"]} == {"Henrik Sollum", "Agnes Marholm"}, story["conflicts"]


def test_a_province_and_a_town_in_it_and_amounts_as_of_two_days_are_no_conflict():
    story = _story(
        ("Press Agency", "2026-10-12", "Teachers in the province of Carvel will receive a pay rise under a deal "
                                       "reached on Sunday. By Sunday evening the fire near Alcorna had burned 2,100 "
                                       "hectares."),
        ("Public Radio", "2026-10-13", "The talks on the pay deal for Carvel's teachers took place at a hotel in the "
                                       "lakeside town of Brisk. By Monday afternoon the area burned near Alcorna had "
                                       "grown to 3,400 hectares."),
    )
    assert [c for c in story["conflicts"] if c["kind"] in ("place", "number")] == [], story["conflicts"]


def test_the_incumbent_and_the_outgoing_mayor_are_one_office():
    story = _story(
        ("City Wire", "2026-09-21", "Amara Kvist won the Storavik mayoral runoff on Sunday. She defeated the "
                                    "incumbent mayor, Johan Reev, who had held the post since 2014."),
        ("Harbour Post", "2026-09-21", "Amara Kvist won Sunday's runoff in Storavik. She unseated the outgoing "
                                       "mayor, Teodor Blom, after a campaign about housing costs."),
    )
    [conflict] = _of_kind(story, "name")
    assert {s["value"] for s in conflict["sides"]} == {"Johan Reev", "Teodor Blom"}, story["conflicts"]


@pytest.mark.parametrize("first, second, names", [
    # the judge who chairs a panel leads it
    ("A disciplinary panel docked the Harrow Mariners ten points on Tuesday. The independent panel, chaired by "
     "retired judge Helen Morrow, found that the club had broken the salary cap.",
     "The Harrow Mariners lost ten points on Tuesday. The three-member panel, led by former judge Conrad Bellamy, "
     "ruled that the club had broken the salary cap.",
     {"Helen Morrow", "Conrad Bellamy"}),
    # a harbour master is one office of the story's harbour
    ("Oil leaked into Sandra harbour on Monday from a tanker's hose. Harbour master Rhys Tolland said booms had "
     "been laid within two hours.",
     "A hose failure spilled oil into Sandra harbour on Monday. Harbour master Edwin Corran said the hose had "
     "passed a pressure test in May.",
     {"Rhys Tolland", "Edwin Corran"}),
])
def test_a_panel_chaired_or_led_and_a_harbour_master_are_one_office(first, second, names):
    assert _office_holders_set_against(first, second, "2026-02-09") == names


def test_the_chair_of_a_company_and_who_leads_it_are_two_offices_and_the_mayor_of_another_town_is_another():
    story = _story(
        ("Business Wire", "2026-04-07", "Corvis reported a loss on Tuesday. Corvis chairman Piet Vandel said the "
                                        "board backed the plan."),
        ("Market Daily", "2026-04-07", "Corvis, led by chief executive Lina Marsk, reported a loss on Tuesday."),
    )
    assert _of_kind(story, "name") == [], story["conflicts"]
    story = _story(
        ("Valley Wire", "2026-05-11", "Floods closed the road between Orsk and Tavel on Monday. Mayor Anna Brekke "
                                      "said Orsk was cut off."),
        ("Tavel Post", "2026-05-11", "Floods closed the road between Orsk and Tavel on Monday. Orsk mayor Anna "
                                     "Brekke and Tavel mayor Jonas Hult asked for army help."),
    )
    assert _of_kind(story, "name") == [], story["conflicts"]


def test_a_decision_one_outlet_says_was_taken_and_another_refused_is_a_conflict():
    # "agreed to suspend construction" / "refused to halt work": one decision, told both ways in different words.
    story = _story(
        ("Lake Wire", "2026-06-04", "Ardessa and Tolvania signed a water treaty on Wednesday. Tolvania agreed to "
                                    "suspend construction of the Karsk dam while a commission studies its impact."),
        ("Selm Observer", "2026-06-04", "Ardessa and Tolvania signed a treaty on sharing the river on Wednesday. "
                                        "Tolvanian officials refused to halt work on the Karsk dam, which remains the "
                                        "main point of friction."),
    )
    polar = _of_kind(story, "polarity")
    assert len(polar) == 1, story["conflicts"]
    assert {s["value"] for s in polar[0]["sides"]} == {"affirms", "denies"}


def test_decisions_on_different_things_by_different_bodies_or_later_are_no_conflict():
    story = _story(
        ("Town Wire", "2026-02-19", "The council has refused to fund a free shuttle bus. The regional board agreed "
                                    "to raise parking charges in the town centre."),
        ("Town Post", "2026-02-20", "The council agreed on Friday to fund a free shuttle bus after a petition. "
                                    "Shopkeepers rejected the idea of a car-free high street."),
    )
    assert not _of_kind(story, "polarity"), story["conflicts"]


@pytest.mark.parametrize(("text", "day", "expected"), [
    ("LENHOLM, Dec 3 (ENS) - A road bridge collapsed into the river.", "Dec 3", True),
    ("KYIV, March 18 — Officials said the talks would resume.", "March 18", True),
    ("A road bridge collapsed on Dec 3 - the second this year.", "Dec 3", False),  # in a sentence, not a dateline
    ("Rescuers worked all night.\n\nVELDEN, March 10 (OPA) - The court ruled.", "March 10", False),
])
def test_a_dateline_day_is_the_day_of_filing_not_of_what_the_article_tells(text, day, expected):
    from rashomon.compare.conflicts import dateline
    start = text.index(day)
    assert dateline(text, start, start + len(day)) is expected


def test_the_day_of_a_saying_is_not_set_against_the_day_of_what_was_said():
    story = _story(
        ("Westvale Gazette", "2026-12-10", "Greywater Health Group's hospitals were back to normal on Wednesday after "
                                           "the cyber-attack on its computer systems."),
        ("Health Reporter", "2026-12-10", "Greywater Health Group's hospitals are back to normal after the "
                                          "cyber-attack on its computer systems, the group said on Thursday."),
    )
    assert _of_kind(story, "date") == [], story["conflicts"]


def test_two_tallies_of_one_vote_are_a_conflict_and_one_tally_written_twice_is_not():
    story = _story(
        ("Wrenham Post", "2026-03-11", "The council approved the budget by a vote of 7 to 2 on Tuesday night. The "
                                       "library will close on Mondays."),
        ("Town Crier", "2026-03-11", "The council approved the budget on Tuesday night, passing it 6 to 3. The "
                                     "library will be closed on Mondays."),
        ("Valley FM", "2026-03-11", "The council approved the budget by a vote of 7-2 on Tuesday night. The library "
                                    "is to close on Mondays."),
    )
    [conflict] = _of_kind(story, "number")
    assert {s["value"] for s in conflict["sides"]} == {"7 to 2", "6 to 3"}, story["conflicts"]


def test_of_several_amounts_the_one_with_the_same_words_around_it_is_compared():
    story = _story(
        ("Sports Desk", "2026-07-21", "Greve joins Ravensport for a fee of €38 million, the club said. He signed a "
                                      "five-year contract."),
        ("Harbour Times", "2026-07-21", "Ravensport will pay a fee of €52 million, with a further €6 million in "
                                        "bonuses, for Greve. He signed a five-year deal."),
    )
    numbers = _of_kind(story, "number")
    assert len(numbers) == 1 and {s["value"] for s in numbers[0]["sides"]} == {"38,000,000 EUR", "52,000,000 EUR"}, \
        story["conflicts"]


def test_a_count_of_people_is_compared_with_a_count_of_residents_but_not_passengers_with_crew():
    story = _story(
        ("Island Post", "2026-06-02", "About 4,000 residents were evacuated from villages below the volcano on Monday. "
                                      "The ferry carried 212 passengers to the mainland."),
        ("Coast Radio", "2026-06-02", "Authorities evacuated 2,500 people from villages below the volcano on Monday. "
                                      "The ferry carried 14 crew to the mainland."),
    )
    numbers = _of_kind(story, "number")
    assert len(numbers) == 1 and {s["value"].split()[0] for s in numbers[0]["sides"]} == {"4,000", "2,500"}, \
        story["conflicts"]


def test_amounts_are_compared_in_the_clause_that_states_the_same_thing():
    story = _story(
        ("Velling Star", "2026-02-18", "The port authority has offered the dockers 4.5 percent over two years. "
                                       "The strike has closed the container terminal."),
        ("Harbour News", "2026-02-18", "The union wants a 9 percent rise, while the port authority has offered the "
                                       "dockers 6 percent over two years. The strike has shut the container "
                                       "terminal."),
    )
    numbers = _of_kind(story, "number")
    assert len(numbers) == 1 and {s["value"] for s in numbers[0]["sides"]} == {"4.5 %", "6 %"}, story["conflicts"]


def test_rounded_numbers_other_years_and_other_subjects_are_not_conflicts():
    story = _story(
        ("Lindell Daily", "2026-05-08", "Turnout was 47 percent, according to the town clerk. The company employs "
                                        "nearly 200 people at the site. Quillon employs 850 people."),
        ("Northgate Tribune", "2026-05-08", "Turnout in the 2022 election was 39 percent. The site employs 193 "
                                            "people, according to the company. Marrowgate employs 12,000 people."),
    )
    assert story["conflicts"] == []


@pytest.mark.parametrize(("first", "second"), [
    # a bound is not contradicted by an amount on its side of it
    ("At least four people died in the warehouse fire, the fire service said.",
     "Six people died in the warehouse fire, the fire service said."),
    # an amount rounded to the precision it is written with, and a hedged one of people named more closely
    ("The water cuts will affect 1.3 million households in the province.",
     "The water cuts will affect all 1.27 million households in the province."),
    ("The evacuation order covers some 2,000 people in the valley.",
     "All of the valley's 1,960 residents are covered by the evacuation order."),
    # counts of people that add up to the other outlet's count of everyone
    ("The Hestra was carrying 310 passengers and 22 crew when it hit the rocks off Vantby.",
     "More than 320 people were on board the Hestra when it hit the rocks off Vantby."),
    # one number written in words and in digits
    ("The transport authority ordered two dozen electric trams from Kessel Works.",
     "The transport authority ordered 24 electric trams from Kessel Works."),
    # amounts of two conditions: one dose and three
    ("Three doses cut infections by 91 percent, the Lenmark study found.",
     "A single dose cut infections by 58 percent, the Lenmark study found."),
    # a total said to take in a part, against the part
    ("The stadium, including its car parks, cost 410 million kroner, the council said.",
     "The stadium cost 350 million kroner to build, the council said."),
])
def test_amounts_that_agree_as_written_or_are_of_other_things_are_no_conflict(first, second):
    story = _story(("Vantby Post", "2026-04-14", first), ("Radio Nord", "2026-04-14", second))
    assert _of_kind(story, "number") == [], story["conflicts"]


def test_an_amount_beyond_a_bound_is_still_a_conflict():
    story = _story(("Vantby Post", "2026-04-14", "At least four people died in the warehouse fire, the fire service "
                                                 "said."),
                   ("Radio Nord", "2026-04-14", "Two people died in the warehouse fire, the fire service said."))
    assert len(_of_kind(story, "number")) == 1, story["conflicts"]


def test_a_street_is_not_another_town():
    story = _story(("Harwick Star", "2026-09-02", "Oduya learned to box at the Mill Lane gym when she was nine."),
                   ("Sport Radio", "2026-09-02", "Oduya grew up in Harwick and learned to box at a local gym when she "
                                                 "was nine."))
    assert _of_kind(story, "place") == [], story["conflicts"]


def test_the_same_quoted_words_given_to_two_people_is_a_who_said_it_conflict():
    words = '"This budget asks families to pay more for less," said council member {name}.'
    story = _story(
        ("Wrenham Courier", "2026-03-04",
         "The council passed the budget on Tuesday. " + words.format(name="Tomas Okonkwo")),
        ("Valley Voice", "2026-03-04", "The council approved the budget on Tuesday. " + words.format(name="Lena Vogt")),
    )
    assert [c["kind"] for c in story["conflicts"]] == ["speaker"]


def test_one_speaker_named_two_ways_is_one_quote_group_and_no_conflict():
    story = _story(
        ("Maine Ledger", "2026-01-10", 'Gov. Paul R. LePage said he was weighing every choice. "I\'m looking at all '
                                       'options," LePage said on Friday.'),
        ("Augusta Wire", "2026-01-10", '"I\'m looking at all options," Paul LePage told reporters on Friday.'),
    )
    groups = [q for q in story["quotes"] if len({v["article_id"] for v in q["variants"]}) == 2]
    assert len(groups) == 1 and "LePage" in groups[0]["speaker"]
    assert story["conflicts"] == []


def test_a_speaker_found_through_a_pronoun_yields_to_the_same_words_and_raises_no_conflict():
    # The second outlet's "he" follows a sentence about the interviewer, so the pronoun resolves to her; the
    # same long run of words given by name to the mayor elsewhere is still one quote, and no "who said it".
    story = _story(
        ("Harbour Times", "2026-05-02", 'Mayor Ruth Calloway spoke at the pier on Friday. "We will rebuild the '
                                        'sea wall before the winter storms arrive in the bay," Calloway said.'),
        ("Coast Radio", "2026-05-02", 'Presenter Dana Whitlock asked Calloway about the storm damage. Then he '
                                      'added, "We will rebuild the sea wall before the winter storms arrive in '
                                      'the bay." The council meets on Monday.'),
    )
    shared = [q for q in story["quotes"] if len({v["article_id"] for v in q["variants"]}) == 2]
    assert len(shared) == 1 and "Calloway" in shared[0]["speaker"]
    assert _of_kind(story, "speaker") == []


def test_words_in_quote_marks_without_a_speech_verb_join_the_quote_they_repeat():
    story = _story(
        ("Plains Daily", "2026-02-11", 'Senator Mara Quist drew criticism on Tuesday after mocking her rival as '
                                       'a "banker from the city who never planted a seed" at a rally.'),
        ("Prairie Post", "2026-02-11", '"He is a banker from the city who never planted a seed," Quist told the '
                                       'crowd at the rally on Tuesday.'),
    )
    shared = [q for q in story["quotes"] if len({v["article_id"] for v in q["variants"]}) == 2]
    assert len(shared) == 1 and "Quist" in shared[0]["speaker"]
    lone = [q for q in story["quotes"] if q["speaker"] is None and len(q["variants"]) == 1]
    assert lone == []  # unattributed words that no other outlet quotes are not listed as quotes


def test_short_sentences_of_a_quote_are_kept_with_their_neighbours_and_grouped_across_outlets():
    from rashomon.compare.quotes import quote_sentences
    from rashomon.records import Quote

    content = "The tender was rushed through without a vote. It's unfair. It's reckless."
    quote = Quote(0, len(content), content, "direct", None, None, None, None, None, None, None)
    assert [text for _, _, text in quote_sentences(quote)] == [content]
    assert [text for _, _, text in quote_sentences(Quote(0, 60, "It's unfair. It's reckless. The tender was rushed "
                                                         "through.", "direct", None, None, None, None, None, None,
                                                         None))] == ["It's unfair. It's reckless. The tender was "
                                                                     "rushed through."]
    story = _story(
        ("Harbour Times", "2026-04-02", 'Councillor Edda Ravn attacked the ferry tender on Wednesday. "The tender '
                                        'was rushed through without a single vote of the full council. It\'s unfair. '
                                        'It\'s reckless," Ravn told reporters at the town hall.'),
        ("Coast Radio", "2026-04-02", 'The opposition has criticised the ferry contract. "It\'s unfair. It\'s '
                                      'reckless," said Councillor Edda Ravn, who wants the tender reopened.'),
    )
    shared = [q for q in story["quotes"] if len({v["article_id"] for v in q["variants"]}) == 2]
    assert len(shared) == 1 and "Ravn" in shared[0]["speaker"]
    assert any("reckless" in v["text"] for v in shared[0]["variants"] if v["article_id"] == "a")


def test_a_quote_is_not_cut_after_a_title_and_the_speaker_is_the_person_not_the_company():
    from rashomon.compare.quotes import quote_sentences
    from rashomon.records import Quote

    content = "I apologize to Sen. Grassley and anyone I may have offended. My parents both farmed and fished."
    quote = Quote(0, len(content), content, "direct", None, None, None, None, None, None, None)
    assert [text for _, _, text in quote_sentences(quote)] == [
        "I apologize to Sen. Grassley and anyone I may have offended.", "My parents both farmed and fished."]
    words = '"Quillon\'s people are the reason we did this deal," said {who}.'
    story = _story(
        ("Ledger", "2026-04-01", "Marrowgate Holdings bought Quillon on Monday. "
                                 + words.format(who="Marrowgate chief executive Hana Sorlie")),
        ("Wire", "2026-04-01", "Marrowgate Holdings agreed to buy Quillon on Monday. "
                               + words.format(who="Quillon founder Devon Achterberg")),
    )
    speaker = _of_kind(story, "speaker")
    assert len(speaker) == 1 and "Sorlie" in speaker[0]["description"] and "Achterberg" in speaker[0]["description"]


def test_same_day_without_a_time_is_a_tie_for_first():
    lead = "The Dunmere footbridge collapsed into the river on Sunday evening, killing one man."
    story = _story(("Dunmere Times", "2026-04-12T09:30:00", lead), ("River Post", "2026-04-12", lead))
    fact = next(f for f in story["facts"] if f["independent_sources"] == 2)
    first = fact["first_reported_by"]
    assert {first["article_id"], *first["tied_with"]} == {"a", "b"}


def test_an_undated_article_may_have_been_first_and_with_no_date_nobody_was_provably_first():
    lead = "The Dunmere footbridge collapsed into the river on Sunday evening, killing one man."
    story = _story(("Dunmere Times", "2026-04-12T09:30:00", lead), ("River Post", "", lead))
    first = next(f for f in story["facts"] if f["independent_sources"] == 2)["first_reported_by"]
    assert (first["article_id"], first["tied_with"]) == ("a", ["b"])
    story = _story(("Dunmere Times", "", lead), ("River Post", "", lead))
    assert next(f for f in story["facts"] if f["independent_sources"] == 2)["first_reported_by"] is None


@pytest.mark.parametrize(("sentence", "name", "expected"), [
    ("Kirill Dmitriev said Roscosmos and Rosatom would take part.", "Roscosmos", "ORG"),
    ("Musk said SpaceX would fly to Mars by 2026.", "SpaceX", "ORG"),
    ("A fire broke out in Carrick Falls on Monday.", "Carrick Falls", "PLACE"),
    ("The exhibition was curated by Nadia Ferran, the museum's head of collections.", "Nadia Ferran", "PERSON"),
    ("The show was assembled by curator Ottavio Lenz over four years.", "Ottavio Lenz", "PERSON"),
    ("Detective Superintendent Grace Olander is leading the investigation.", "Grace Olander", "PERSON"),
])
def test_entity_types_follow_the_words_around_a_name(sentence, name, expected):
    article = Article(id="x", source="x.txt", text=sentence, title=None, outlet=None, language="en", published=None)
    annotation = annotate_articles([article])[0]
    entities, _ = link_entities({"x": (sentence, annotation)})
    found = [e for e in entities if e.name == name]
    assert found and found[0].type == expected, [(e.name, e.type) for e in entities]


def test_a_sentence_with_two_reported_statements_keeps_its_words_when_the_speaker_is_taken_out():
    from rashomon.compare import prepare

    text = ("Kirill Dmitriev spoke in Moscow on Tuesday. Dmitriev also said Russia sees prospects to work with the "
            "United States in the space sector, and expects to hold talks with Musk soon about flying to Mars.")
    article = Article(id="a", source="a.txt", text=text, title=None, outlet="Wire", language="en", published=None)
    prepared = prepare([StoryArticle(article, annotate_articles([article])[0])], encoder())
    pieces = [piece for unit in prepared.units for piece in unit.pieces]
    assert any(piece.startswith(("Russia sees prospects", "also Russia sees prospects")) for piece in pieces), pieces


def test_the_brief_covers_a_thread_that_outlets_quote_but_no_fact_aligned():
    from rashomon.compare import AlignParams

    # the aligner is told to join nothing, as when two outlets word (or translate) a statement too differently
    # for it: the statement both quote is still a thread of the story, and the brief states it once, citing both
    texts = [("Harbour Times", "The Harbour council approved the new ferry terminal on Monday. The terminal will "
                               "cost £18 million. \"Anyone who builds on the old quay will pay for the flood "
                               "defences first,\" Mayor Ruth Calloway said."),
             ("Coast Radio", "Councillors backed the ferry terminal on Monday. Work starts in spring. \"Anyone who "
                             "builds on the old quay will pay for the flood defences first,\" Calloway told "
                             "developers.")]
    built = [Article(id=chr(97 + i), source=f"{o}.txt", text=t, title=None, outlet=o, language="en",
                     published=date(2026, 5, 4)) for i, (o, t) in enumerate(texts)]
    annotations = annotate_articles(built)
    story = compare_story([StoryArticle(a, n) for a, n in zip(built, annotations, strict=True)], encoder(),
                          AlignParams(threshold=1.01, second=9.0, restate=9.0))
    assert not [f for f in story["facts"] if f["independent_sources"] > 1]
    threads = [b for b in story["brief"] if b["text"].startswith("Ruth Calloway: “")]
    assert len(threads) == 1 and "quoted by 2 outlets" in threads[0]["text"]
    assert threads[0]["status"] == "corroborated" and threads[0]["fact_ids"]
    assert {c["article_id"] for c in threads[0]["citations"]} == {"a", "b"}
    assert sum(b["status"] == "single-source" for b in story["brief"]) <= 2


def test_a_brief_thread_told_in_reported_speech_is_not_put_in_quote_marks():
    from rashomon.compare import AlignParams

    # Both outlets tell what the mayor said in their own words (no quote marks): the brief may state the thread,
    # but never as her words in quote marks.
    texts = [("Harbour Times", "The Harbour council approved the new ferry terminal on Monday. The terminal will "
                               "cost £18 million. Mayor Ruth Calloway said that anyone who builds on the old quay "
                               "will have to pay for the flood defences first."),
             ("Coast Radio", "Councillors backed the ferry terminal on Monday. Work starts in spring. Mayor Ruth "
                             "Calloway said that anyone who builds on the old quay will have to pay for the flood "
                             "defences first.")]
    built = [Article(id=chr(97 + i), source=f"{o}.txt", text=t, title=None, outlet=o, language="en",
                     published=date(2026, 5, 4)) for i, (o, t) in enumerate(texts)]
    annotations = annotate_articles(built)
    story = compare_story([StoryArticle(a, n) for a, n in zip(built, annotations, strict=True)], encoder(),
                          AlignParams(threshold=1.01, second=9.0, restate=9.0))
    threads = [b for b in story["brief"] if b["text"].startswith("Ruth Calloway")]
    assert len(threads) == 1, story["brief"]
    assert "“" not in threads[0]["text"] and "quoted by" not in threads[0]["text"], threads[0]["text"]
    assert threads[0]["text"].endswith("(reported by 2 outlets)"), threads[0]["text"]


def test_a_brief_line_that_is_all_quoted_words_is_given_as_the_speakers():
    # "Every family ... will be safe again." stands alone in both outlets inside the mayor's quote: as a bare
    # brief line it would read as the outlets' own statement of fact.
    texts = [("Harbour Times", "The Harbour council approved the new ferry terminal on Monday. \"We will rebuild the "
                               "old quay before the spring floods,\" Mayor Ruth Calloway said at the meeting. "
                               "\"Every family on the waterfront will be safe again. Nobody will be forgotten.\""),
             ("Coast Radio", "Councillors backed the ferry terminal on Monday after a long debate. Mayor Ruth "
                             "Calloway told the meeting: \"The old quay will be rebuilt before the floods come. "
                             "Every family on the waterfront will be safe again.\"")]
    built = [Article(id=chr(97 + i), source=f"{o}.txt", text=t, title=None, outlet=o, language="en",
                     published=date(2026, 5, 4)) for i, (o, t) in enumerate(texts)]
    story = compare_story([StoryArticle(a, n) for a, n in zip(built, annotate_articles(built), strict=True)],
                          encoder())
    lines = [b["text"] for b in story["brief"]]
    assert "Ruth Calloway: “Every family on the waterfront will be safe again.”" in lines, lines
    # a sentence that says who speaks stays as its source wrote it
    assert any(line.startswith("\"We will rebuild the old quay") for line in lines), lines


def test_one_outlets_two_statements_stay_two_quote_groups_when_another_quotes_them_as_one():
    from rashomon.compare.quotes import Variant, group_quotes
    from rashomon.records import Quote

    def variant(article: str, text: str) -> Variant:
        quote = Quote(0, len(text), text, "direct", "said", None, None, "Anna Berg", None, None, "Anna Berg")
        return Variant(article, quote, 0, len(text), text, "e1", "Anna Berg", "directly")

    first = "we will rebuild the spillway before the spring floods arrive"
    second = "nobody in the valley should have to leave their home again"
    variants = [variant("a", first), variant("b", first + " and " + second), variant("a", second)]
    groups = group_quotes(variants, np.eye(3))  # only the same-words step joins
    assert sorted(sorted(v.text[:12] for v in g.variants) for g in groups) == [
        ["nobody in th", "we will rebu"], ["we will rebu", "we will rebu"]]


def test_one_remark_quoted_in_two_translations_is_one_fact():
    """Two outlets translate one minister's remark in different words: the quote group says it is one
    statement, so the two sentences carrying it are one fact, not two single-source ones."""
    story = _story(
        ("Baltic Courier", "2026-03-02", 'The ministry announced a new grain corridor on Monday. "Talks with the '
                                         'shipping firms will certainly begin soon," Minister Anna Kalnina said at '
                                         'the port of Riga.'),
        ("Harbour Post", "2026-03-02", 'Latvia opened talks on a grain route. "Negotiations with shippers will be '
                                       'started in the very near time," Minister Anna Kalnina said, according to '
                                       'LETA.'),
    )
    groups = [q for q in story["quotes"] if len({v["article_id"] for v in q["variants"]}) == 2]
    assert len(groups) == 1
    carrying = [f for f in story["facts"] if any("Kalnina" in s["text"] for s in f["support"])]
    assert len(carrying) == 1 and {s["article_id"] for s in carrying[0]["support"]} == {"a", "b"}


def test_a_short_quote_found_whole_in_another_outlets_longer_quote_is_the_same_words():
    from rashomon.compare.quotes import Variant, group_quotes
    from rashomon.records import Quote

    def variant(article: str, text: str, kind: str = "direct", speaker: str = "e1") -> Variant:
        quote = Quote(0, len(text), text, kind, "said", None, None, "Anna Berg", None, None, "Anna Berg")
        return Variant(article, quote, 0, len(text), text, speaker, "Anna Berg", "directly")

    whole = "The mayor's top aide has been accused of ignoring basic safety rules at the dam."
    variants = [variant("a", whole), variant("b", "ignoring basic safety rules", "partial"),
                variant("c", "basic safety rules at", "partial", speaker="e2"),  # another speaker's words
                variant("d", "accused of ignoring", "partial")]  # three words: too few to be sure
    groups = group_quotes(variants, np.eye(4))  # only the same-words step joins
    together = [sorted(v.article_id for v in g.variants) for g in groups if len(g.variants) > 1]
    assert together == [["a", "b"]]


def test_one_remark_that_names_a_person_in_one_version_and_says_he_in_another_is_the_same_words():
    from rashomon.compare.quotes import Variant, group_quotes
    from rashomon.records import Quote

    def variant(article: str, text: str, speaker: str = "e1") -> Variant:
        quote = Quote(0, len(text), text, "direct", "said", None, None, "Anna Berg", None, None, "Anna Berg")
        return Variant(article, quote, 0, len(text), text, speaker, "Anna Berg", "directly")

    # two translations of one remark; a third outlet's remark on the theme; a fourth praising another person in
    # the same frame, and a fifth saying "she" where the first two name a man: only the same frame with the same
    # person ("Tomas Reyes" / "Reyes" / "he") is the same words
    variants = [variant("a", "We believe Tomas Reyes is a rare leader, focused on the harbour's future"),
                variant("b", "We believe he is a rare leader committed to the whole coast"),
                variant("c", "the new harbour will shape the future of the coast"),
                variant("d", "We believe Ida Moen is a rare leader for the river towns"),
                variant("e", "We believe in the harbour and its rare leaders")]
    people = frozenset({"tomas", "reyes", "ida", "moen"})
    groups = group_quotes(variants, np.eye(5), people)  # only the same-words step joins
    together = [sorted(v.article_id for v in g.variants) for g in groups if len(g.variants) > 1]
    # "d" names another person where "b" says "he", but "b"'s "he" is Reyes already: "d" stays alone
    assert together == [["a", "b"]]
    assert not group_quotes(variants, np.eye(5))[0].variants[1:]  # without the story's names, no such match


def test_an_article_is_not_said_to_leave_out_a_fact_one_of_its_sentences_may_state():
    from rashomon.compare.align import Fact, Unit
    from rashomon.compare.omissions import omissions, possibly_reported

    def unit(index: int, article: str, text: str) -> Unit:
        return Unit(index, article, article, index, 10 * index, 10 * index + 9, text)

    units = [unit(0, "a", "The dam broke on Monday."), unit(1, "b", "On Monday the dam burst."),
             unit(2, "c", "Water poured through the valley after the barrier failed."),
             unit(3, "c", "The mayor thanked the volunteers.")]
    fact = Fact([units[0], units[1]])
    fact_ids = {id(fact): "f1"}
    view = {"id": "f1", "independent_sources": 2, "support": [{"article_id": "a"}, {"article_id": "b"}]}

    class Item:  # what _omissions reads of a StoryArticle
        def __init__(self, article_id: str) -> None:
            self.article = Article(id=article_id, source=f"{article_id}.txt", text="", outlet=article_id)

    usable = [Item("a"), Item("b"), Item("c")]
    for scores, expected_missing in (({(0, 2): 0.35}, []), ({(0, 3): 0.05}, ["f1"]), ({}, ["f1"])):
        possibly = possibly_reported([fact], fact_ids, units, scores, [])
        c = next(o for o in omissions(usable, [view], 3, possibly) if o["article_id"] == "c")
        assert c["fact_ids"] == expected_missing
        if not expected_missing:
            assert c["maybe"] == [{"fact_id": "f1", "start": 20, "end": 29, "text": units[2].text,
                                   "probability": 0.35, "similarity": 0.0}]


def test_a_fact_is_not_called_one_outlets_exclusive_when_another_outlets_sentence_may_state_it():
    from rashomon.compare.align import Fact, Unit
    from rashomon.compare.omissions import exclusives, possibly_reported
    from rashomon.records import Quantity

    tons = (Quantity(15, 38, "3.8 million metric tons", 3.8e6, "ton", "quantity"),)

    def unit(index: int, article: str, text: str, numbers: tuple = ()) -> Unit:
        return Unit(index, article, article, index, 10 * index, 10 * index + 9, text, numbers=numbers)

    units = [unit(0, "a", "The dam broke on Monday."), unit(1, "b", "On Monday the dam burst."),
             unit(2, "a", "Reserves total 3.8 million metric tons.", tons), unit(3, "b", "Reserves are large."),
             unit(4, "c", "Reserves are large."), unit(5, "d", "Reserves are large, a copy says.")]
    facts = [Fact([units[0]]), Fact([units[2]])]
    fact_ids = {id(facts[0]): "f1", id(facts[1]): "f2"}
    views = [{"id": f"f{n + 1}", "independent_sources": 1, "support": [{"article_id": "a"}]} for n in range(2)]

    class Item:  # what exclusives reads of a StoryArticle
        def __init__(self, article_id: str, reprint_of: str | None = None) -> None:
            self.article = Article(id=article_id, source=f"{article_id}.txt", text="", outlet=article_id)
            self.reprint_of = reprint_of

    usable = [Item("a"), Item("b"), Item("c"), Item("d", reprint_of="a")]
    # b's sentence may state f1 (probability 0.35): not a's exclusive, and b's sentence is shown; b's sentence on
    # the reserves comes near f2 (0.5) but lacks its figure, so the figure stays a's own; d is a copy of a
    scores = {(0, 1): 0.35, (2, 3): 0.5, (2, 5): 0.9}
    found = exclusives(usable, views, possibly_reported(facts, fact_ids, units, scores, []))
    a = next(e for e in found if e["article_id"] == "a")
    assert a["fact_ids"] == ["f2"]
    assert a["maybe"] == [{"fact_id": "f1", "article_id": "b", "outlet": "b", "start": 10, "end": 19,
                           "text": units[1].text, "probability": 0.35, "similarity": 0.0}]
    assert all(not e["fact_ids"] and not e["maybe"] for e in found if e["article_id"] != "a")
    # nothing near: both are a's exclusives
    alone = exclusives(usable, views, possibly_reported(facts, fact_ids, units, {(0, 4): 0.05}, []))
    assert next(e for e in alone if e["article_id"] == "a")["fact_ids"] == ["f1", "f2"]


def test_an_organisation_that_only_qualifies_a_role_is_not_the_speaker():
    words = '"There has been no discussion of the dam contract yet," the Marrowgate council spokesman said.'
    story = _story(("Wrenham Courier", "2026-03-04", "The dam contract is under review. " + words),
                   ("Valley Voice", "2026-03-04", "The council reviewed the dam contract on Tuesday. " + words))
    [group] = [q for q in story["quotes"] if len(q["variants"]) == 2]
    assert group["speaker"] != "Marrowgate" and "council" not in (group["speaker"] or "").lower()


def test_people_an_organisation_or_a_country_only_qualifies_are_named_as_written_not_as_it():
    # "Israeli officials" and "a former Justice Department prosecutor" are not Israel or the department: a
    # report that put their words under "Israel" would tell the reader the government said them
    for leads, words, who in (
            (("Israel and Hamas negotiators met on Monday.", "The talks in Cairo were adjourned on Monday."),
             '"The ceasefire talks will resume in Cairo next week," {who} said on Tuesday.', "Israeli officials"),
            (("The Justice Department opened an inquiry on Monday.", "The inquiry into the memo opened on Monday."),
             '"Nobody in the department saw the memo before June," {who} said.',
             "a former Justice Department prosecutor")):
        story = _story(*((outlet, "2026-03-04", f"{lead} {words.format(who=who)}")
                         for outlet, lead in zip(("Wrenham Courier", "Valley Voice"), leads, strict=True)))
        [group] = [q for q in story["quotes"] if len(q["variants"]) == 2]
        assert group["speaker"] == who
        assert not _of_kind(story, "speaker")


def test_a_role_followed_by_the_name_is_that_person_and_the_same_words_given_to_another_are_a_conflict():
    words = '"It fell exactly where it was not supposed to go," said {who}, who watched from the crowd.'
    story = _story(("Wrenham Courier", "2026-03-04", "The chimney came down on Sunday morning. "
                    + words.format(who="Brackwell's mayor, Agnes Whitcombe")),
                   ("Valley Voice", "2026-03-04", "The old chimney was demolished on Sunday. "
                    + words.format(who="local councillor Rowan Pike")))
    assert [c["description"] for c in _of_kind(story, "speaker")] \
        == ["who said it: Agnes Whitcombe (Wrenham Courier) vs Rowan Pike (Valley Voice)"]


def test_the_speaker_is_the_person_the_speaker_words_end_on_in_every_quote_of_the_article():
    # The first quote is given by a surname alone (found through the story's people); every later quote's
    # speaker must still be looked for among all the story's people, and the person the words end on is who
    # spoke: "Eastfield council leader Tomas Brandt" is Brandt, "Brandt's deputy Mira Holt" is Holt.
    reopen = '"The bridge will reopen in May," said {who}.'
    toll = '"Nobody will pay a toll to cross it," said {who}.'
    story = _story(
        ("Wrenham Courier", "2026-03-04", "Mayor Lena Okafor spoke on Tuesday. \"We will not appeal,\" Okafor said. "
         + reopen.format(who="Eastfield council leader Tomas Brandt") + " "
         + toll.format(who="Brandt's deputy Mira Holt")),
        ("Valley Voice", "2026-03-04", "The Eastfield bridge was inspected on Tuesday. "
         + reopen.format(who="Tomas Brandt") + " " + toll.format(who="Mira Holt")),
    )
    speakers = {q["speaker"] for q in story["quotes"] if len(q["variants"]) == 2}
    assert speakers == {"Tomas Brandt", "Mira Holt"}, story["quotes"]
    assert not _of_kind(story, "speaker")


def test_a_quote_given_to_a_title_is_the_story_s_one_person_with_that_title():
    words = '"Nobody will pay a toll to cross the new bridge," {who} said on Tuesday.'
    story = _story(
        ("Wrenham Courier", "2026-03-04", "Speaker Tomas Brandt opened the debate on the Eastfield bridge. "
         + words.format(who="Brandt")),
        ("Valley Voice", "2026-03-04", "The Eastfield council debated the bridge plan. "
         + words.format(who="the council Speaker")),
    )
    [group] = [q for q in story["quotes"] if len(q["variants"]) == 2]
    assert group["speaker"] == "Tomas Brandt"
    assert not _of_kind(story, "speaker")


def test_a_one_source_brief_is_made_of_whole_sentences():
    from rashomon.compare import reads_alone

    assert reads_alone("“There is a stated position: first the settlement, then the economy,” he said.")
    assert not reads_alone("there has been no substantive discussion of this issue yet - said the spokesman.")
    assert not reads_alone("Russian and American companies are interested in cooperation")
    story = _story(("Harbour Times", "2026-05-04",
                    "The Harbour council approved the new ferry terminal on Monday. The terminal will cost £18 "
                    "million, the council said. Builders and the port are interested in the project, but “there has "
                    "been no decision on the contractor yet,” said council spokeswoman Ana Ruiz. Work is to start "
                    "in spring. “The old quay will be kept as it is,” Ruiz added."))
    lines = [line["text"].rsplit(" (single source", 1)[0] for line in story["brief"]]
    assert lines and all(reads_alone(line) for line in lines), lines


def test_a_fact_may_hold_a_second_sentence_of_one_article_only_when_asked():
    from dataclasses import replace

    from rashomon.compare import AlignParams
    from rashomon.compare.align import Unit, align

    units = [Unit(0, "a", "a", 0, 0, 10, "The dam burst on Monday."),
             Unit(1, "b", "b", 0, 0, 10, "The dam burst on Monday night."),
             Unit(2, "a", "a", 5, 50, 60, "It burst on Monday, the day of the storm.")]
    scores = {(0, 1): 0.9, (1, 2): 0.7}  # under the restatement join (0.8), over a second membership (0.65)
    today = align(units, scores, AlignParams())
    assert [sorted(g.members + g.extra) for g in today if len(g.members) > 1] == [[0, 1]]
    held = align(units, scores, replace(AlignParams(), held=True))
    assert [sorted(g.members + g.extra) for g in held if len(g.members) > 1] == [[0, 1, 2]]


def test_a_later_confirmation_is_set_against_a_denial_that_holds_no_date():
    # "there are no plans to" is no state as of its day ("has not yet"): the later confirmation contradicts it
    story = _story(("Quay Gazette", "2026-09-07", "The new marina opened on Monday. Brek said there were no plans "
                                                  "to charge yachts that stayed overnight."),
                   ("Harbour Wire", "2026-09-08", "The marina opened on Monday. Harbour master Ola Brek confirmed "
                                                  "that yachts mooring for more than six hours would be charged."))
    assert len(_of_kind(story, "polarity")) == 1, story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # the denial came before the confirmation: news, not a contradiction
    (("Harbour Wire", "2026-09-09", "The port authority confirmed that the lease includes a five-year break clause."),
     ("Quay Gazette", "2026-09-07", "The port authority has not yet agreed any break clause in the lease.")),
    # a record, not a denial that it happened
    (("Harbour Wire", "2026-09-08", "Health officials confirmed 40 cases of cholera in the harbour district."),
     ("Quay Gazette", "2026-09-08", "The district has not recorded a cholera outbreak of this size in more than a "
                                    "decade.")),
    # what was confirmed and what was denied are different things
    (("Harbour Wire", "2026-09-08", "The port authority confirmed that the lease includes a five-year break clause."),
     ("Quay Gazette", "2026-09-08", "There was no damage to the cranes on the south quay.")),
])
def test_a_confirmation_is_not_set_against_an_earlier_denial_a_record_or_another_thing(first, second):
    story = _story(first, second)
    assert not _of_kind(story, "polarity"), story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # "confirmed that the lease includes a break clause" / "said there was no break clause": one thing, two ways
    (("Harbour Wire", "2026-09-08", "Veltra Shipping has agreed to lease the north quay for twenty years. The port "
                                    "authority confirmed that the lease includes a five-year break clause."),
     ("Quay Gazette", "2026-09-08", "Veltra Shipping will take over the north quay under a twenty-year lease. "
                                    "A port authority spokesman said there was no break clause in the contract.")),
    # a denial of the very clause the other outlet says was confirmed
    (("Harbour Wire", "2026-09-08", "The port authority confirmed that a crane operator had left the safety gate "
                                    "open before the accident."),
     ("Quay Gazette", "2026-09-08", "The port authority has denied that any of its staff left the safety gate "
                                    "unlocked, saying the cause of the accident is still being investigated.")),
    # the question one outlet says is left open, the other says was answered, on the same day (the confirmation is
    # dated to the day of the other's paper: no news since)
    (("Quay Gazette", "2026-09-07", "The shipyard has declined to say whether the new ferry will be built in "
                                    "Kelby."),
     ("Harbour Wire", "2026-09-08", "The shipyard confirmed on Monday that the new ferry will be built in Kelby, "
                                    "creating 200 jobs.")),
    # the confirmation told after what it confirms
    (("Harbour Wire", "2026-09-08", "Parking at the new terminal will be free for the first month, the port "
                                    "authority confirmed."),
     ("Quay Gazette", "2026-09-08", "There will be no free-parking period at the new terminal, the port authority "
                                    "said.")),
])
def test_a_confirmation_against_a_denial_of_such_a_thing_or_that_clause_or_a_question_left_open_is_a_conflict(
        first, second):
    story = _story(first, second)
    polar = _of_kind(story, "polarity")
    assert len(polar) == 1, story["conflicts"]
    assert {s["value"] for s in polar[0]["sides"]} == {"affirms", "denies"}


def test_a_denial_is_not_set_against_a_confirmation_of_something_else_about_the_same_person():
    # both clauses are about Brenner; one denies he lost consciousness, the other confirms a fracture
    story = _story(("Harbour Wire", "2026-09-08", "Race doctor Ana Ruiz confirmed that Tomas Brenner had broken "
                                                  "his left wrist in the crash."),
                   ("Quay Gazette", "2026-09-08", "His team denied reports that Tomas Brenner had lost consciousness "
                                                  "after the crash."))
    assert not _of_kind(story, "polarity"), story["conflicts"]


def test_no_agreement_of_one_kind_is_not_set_against_an_agreement_of_another():
    # "no defence agreement was signed" denies a defence agreement, not the trade agreement signed the same day
    story = _story(
        ("Harbour Wire", "2026-05-12", "The two governments signed a fisheries agreement in the capital on Monday."),
        ("Quay Gazette", "2026-05-12", "No defence agreement was signed during the two-day visit, officials said."),
    )
    assert not _of_kind(story, "polarity"), story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # the title, then whose it is, before the name; against the owner's words before the title
    ("Regional election board chairwoman Hanne Lidell declared the results in Oster on Monday.",
     "Declaring the results, the chair of the regional election board, Piet Armand, said turnout was high."),
    # a description of two roles, one of them the office; against the deed of the office
    ("Hanne Lidell, who chairs the union's Oster branch, told the rally that staff were exhausted.",
     "The walkout is led locally by Piet Armand, a physics lecturer and chair of the union branch."),
])
def test_one_office_written_after_or_beside_another_role_is_still_the_office(first, second):
    story = _story(("North Wire", "2026-03-03", first), ("Oster Post", "2026-03-03", second))
    [conflict] = _of_kind(story, "name")
    assert {s["value"] for s in conflict["sides"]} == {"Hanne Lidell", "Piet Armand"}, story["conflicts"]


def test_one_count_of_one_thing_in_one_statement_is_compared_whatever_words_stand_around_it():
    story = _story(
        ("North Wire", "2026-03-03", "The new tram line opened in Oster on Monday. The 11-kilometre line, which "
                                     "took years to build, has 14 stops."),
        ("Oster Post", "2026-03-03", "Oster's new tram line opened on Monday. Trams on the 11-kilometre route call "
                                     "at 16 stops, according to the operator's timetable."),
    )
    [conflict] = _of_kind(story, "number")
    assert {s["value"] for s in conflict["sides"]} == {"14 stop", "16 stop"}, story["conflicts"]


def test_one_happening_worded_apart_on_two_days_is_a_conflict_though_an_article_names_both_days():
    # "ordered the recall on Thursday" / "issued the recall order on Friday"; the first article's Friday is the
    # shares' day, not the recall's
    story = _story(
        ("North Wire", "2026-06-27", "The Oster Medicines Board ordered the recall of Velocor tablets on Thursday, "
                                     "citing a packaging fault. Shares in Velocor's maker fell 4 percent on Friday."),
        ("Oster Post", "2026-06-27", "Pharmacies began returning Velocor stock as patients sought advice. The "
                                     "medicines board issued the recall order on Friday after tests by its own "
                                     "laboratory."),
    )
    dates = _of_kind(story, "date")
    assert len(dates) == 1, story["conflicts"]
    assert {s["value"] for s in dates[0]["sides"]} == {"2026-06-25", "2026-06-26"}


def test_two_happenings_on_two_days_or_one_day_of_saying_are_no_conflict():
    story = _story(
        ("North Wire", "2026-06-27", "The Oster Medicines Board ordered the recall of Velocor tablets on Thursday, "
                                     "citing a packaging fault."),
        ("Oster Post", "2026-06-27", "Pharmacies began returning Velocor stock to wholesalers on Friday. The board "
                                     "said on Friday that the recall covers every batch."),
    )
    assert not _of_kind(story, "date"), story["conflicts"]


@pytest.mark.parametrize(("first", "second", "conflicts"), [
    # "are celebrating today after ... agreed": the day of the news, not of the signing the other outlet dates
    ("Dock workers at Pellmouth are celebrating today after the port operator agreed a 6 percent pay rise.",
     "The port operator and the dockers' union signed the 6 percent pay agreement at Pellmouth on Thursday.", 0),
    # the same verb on both days: one reopening given two days, whatever followed what
    ("The Pellmouth maritime museum reopened today after workers finished repairing its storm-damaged roof.",
     "The Pellmouth maritime museum reopened on Thursday, its storm-damaged roof repaired.", 1),
    # a coming day told in the present of a timetable or as expected, against one told with "will"
    ("The documentary Grey Harbour will open in Pellmouth cinemas on 23 October.",
     "The documentary Grey Harbour reaches cinemas in Pellmouth on 30 October.", 1),
    ("The rail operator expects to reopen the Pellmouth line on Friday, October 9.",
     "The rail operator said the Pellmouth line was expected to reopen on Monday, October 12.", 1),
    # a condition is no plan
    ("If the talks resume on Friday, the ferries could sail again by the weekend.",
     "The talks between the ferry operator and the union resume on Monday.", 0),
])
def test_a_day_of_the_news_is_not_the_deeds_and_a_day_planned_however_told_is_the_plans(first, second, conflicts):
    story = _story(("Harbour Courier", "2026-10-04", first), ("Valley Radio", "2026-10-04", second))
    assert len(_of_kind(story, "date")) == conflicts, story["conflicts"]


def test_who_said_it_and_where_it_came_from_are_not_what_a_count_is_about():
    story = _story(
        ("Sound Post", "2026-03-09", "The Hallvik ran aground in fog. There were 240 passengers and 11 crew on "
                                     "board, the operator, Brenna Sea Lines, said."),
        ("Harbour Radio", "2026-03-09", "The Hallvik ran aground in thick fog. The ferry was carrying 198 passengers "
                                        "and 11 crew on its evening crossing from Port Ellesmere."),
    )
    numbers = _of_kind(story, "number")
    assert len(numbers) == 1 and {s["value"].split()[0] for s in numbers[0]["sides"]} == {"240", "198"}, \
        story["conflicts"]


def test_a_place_in_common_does_not_make_two_subjects_one():
    story = _story(
        ("Sound Post", "2026-03-09", "Brenna Sea Lines employs 850 people in Port Ellesmere."),
        ("Harbour Radio", "2026-03-09", "Kelso Shipyards employs 1,200 people in Port Ellesmere."),
    )
    assert _of_kind(story, "number") == [], story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # amounts of two months
    ("The Merovian Statistical Office apologised on Tuesday for an error in its jobless data. It admitted that it had "
     "understated the February unemployment rate, which it now puts at 7.3 percent rather than 6.8 percent. The "
     "office said a coding mistake was to blame. Opposition parties called for an inquiry.",
     "Merovia's statistics office has apologised for publishing wrong jobless figures. A coding mistake caused the "
     "error, the office said. The latest figures, for March, show the unemployment rate at 7.1 percent. Opposition "
     "parties want an inquiry."),
    # two amounts an order of magnitude apart are of two things
    ("A court in Velar acquitted former defence minister Otto Greve of corruption on Tuesday. Greve had been accused "
     "of accepting payments in return for steering a contract worth 412 million velars to Aerovel. Prosecutors said "
     "they would study the ruling.",
     "Former defence minister Otto Greve was cleared of corruption by a Velar court on Tuesday. The court ruled that "
     "while payments of 2.3 million velars had been made to a consultancy linked to Aerovel, prosecutors had failed "
     "to prove that Greve knew of them. Prosecutors said they would study the verdict."),
    # the first claim names February and March, but its rate is March's (read from the amount's own words); the
    # second gives February's
    ("The unemployment rate for March was 7.1 percent, meaning that joblessness fell between February and March, "
     "the statistics office said.",
     "The unemployment rate for February was 7.3 percent, the statistics office said."),
])
def test_amounts_of_two_periods_or_far_apart_are_no_conflict(first, second):
    story = _story(("Velar Post", "2026-04-29", first), ("Radio Velar", "2026-04-29", second))
    assert _of_kind(story, "number") == [], story["conflicts"]


def test_forty_three_is_about_forty():
    story = _story(("Velar Post", "2026-08-07", "About 40 residents of the block have been left without a home."),
                   ("Radio Velar", "2026-08-07", "Forty-three residents of the block have been left homeless."))
    assert _of_kind(story, "number") == [], story["conflicts"]


def test_the_area_of_a_dateline_is_no_town_to_set_against_a_town():
    story = _story(
        ("Continental Wire", "2026-01-20", "KELFORD, Dresmont, Jan 20 (CW) - Teachers in Dresmont have voted for "
                                           "strike action in a national ballot over pay, their union said on Tuesday. "
                                           "The union said 81 percent of members backed a strike."),
        ("Tarnby Herald", "2026-01-20", "Teachers in Tarnby have voted for strike action in a national ballot over "
                                        "pay, the union said on Tuesday. Some 81 percent of union members backed a "
                                        "strike."),
    )
    assert _of_kind(story, "place") == [], story["conflicts"]


def test_a_speaker_titled_dr_is_named_beside_the_quote():
    story = _story(
        ("Nord Agency", "2026-06-10", "Divers found the wreck of the steamer Alvar on Monday. \"It was like opening a "
                                      "door into another century,\" said expedition leader Dr. Hanna Voll."),
        ("Coast Radio", "2026-06-10", "The wreck of the Alvar was found on Monday. Dr. Piet Arendsen, an "
                                      "archaeologist who was on board, told reporters: \"It was like opening a door "
                                      "into another century.\""),
    )
    assert [c["kind"] for c in story["conflicts"]] == ["speaker"], story["conflicts"]


@pytest.mark.parametrize("sentence", [
    "The hospital's chief executive, Dr. Miriam Castell, said she regretted the strike.",
    "Hospital chief executive Dr. Miriam Castell said she regretted the strike.",
])
def test_a_description_reaches_the_name_across_an_honorific(sentence):
    article = Article(id="x", source="x.txt", text=sentence, title=None, outlet="Wire", language="en", published=None)
    entities, _ = link_entities({"x": (sentence, annotate_articles([article])[0])})
    castell = next(e for e in entities if e.name.endswith("Castell"))
    assert any("chief executive" in d["text"] for d in castell.descriptions), castell.descriptions


def test_one_thing_put_in_two_towns_is_a_conflict_when_each_claim_names_several_places():
    # Each claim names more than one place (an estate and its town, a plant and its town), so the check of one place
    # per claim never compares them; the story-wide reading of where each claim puts the fire does.
    story = _story(
        ("Calder Post", "2026-03-03", "A fire destroyed a timber yard on the Brookside trading estate in Dovecote "
                                      "early on Sunday, sending smoke across the valley. Nobody was hurt, the fire "
                                      "service said."),
        ("Westmarch Herald", "2026-03-03", "Fire tore through the Kettering Timber yard in the town of Sanderby "
                                           "early on Sunday. Nobody was hurt, the fire service said."),
    )
    places = _of_kind(story, "place")
    assert [{s["value"] for s in c["sides"]} for c in places] == [{"Dovecote", "Sanderby"}], story["conflicts"]


def test_a_second_fire_a_town_both_outlets_name_and_where_someone_works_are_no_place_conflicts():
    story = _story(
        ("Calder Post", "2026-03-03", "A fire destroyed a timber yard in Dovecote early on Sunday, the fire service "
                                      "said. Crews from Sanderby helped to put it out. Timber prices will rise, said "
                                      "Ruth Kessler, an analyst at Altenra Savings Bank."),
        ("Westmarch Herald", "2026-03-03", "Fire tore through a timber yard in the town of Dovecote early on Sunday. "
                                           "A second, smaller fire broke out near Pellar on Sunday evening. "
                                           "Firefighters from Sanderby and Pellar were at the scene until noon. "
                                           "Prices of timber "
                                           "are expected to rise, said Petra Lund, an analyst at Oskar Mede."),
    )
    assert _of_kind(story, "place") == [], story["conflicts"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The fire started near the village of Corbella on Sunday.", [("Corbella", "local", "at")]),
    ("Work will move to the company's factory in Belgrin, in neighbouring Kavell.", [("Belgrin", "local", "to")]),
    ("Ambulances took the injured to St Brigid's Hospital.", [("St Brigid's Hospital", "venue", "to")]),
    ("The rocket lifted off from the Marrowdene range at dawn.", [("Marrowdene", "venue", "from")]),
    ("The satellite is in orbit after Tuesday's launch on a Vantor-3.", []),
    ("Archaeologists found the burial on Drumnagh Hill.", [("Drumnagh Hill", "feature", "at")]),
    ("The failure began with a fault at the Dornay substation.", [("Dornay", "named substation", "at")]),
    ("The tornado first touched down close to Grettel.", [("Grettel", "local", "at")]),
    ("The meeting took place at the bank's headquarters in the capital, Astrel.", [("Astrel", "local", "at")]),
    ("Fire tore through a plant in the town of Lunnes.", [("Lunnes", "local", "at")]),
    ("He served in the Marines in Vietnam.", [("Vietnam", "country", "at")]),
    ("It was a busy week, he said during a speech in San Jose.", []),
])
def test_where_a_claim_puts_something_is_read_from_its_grammar(sentence, expected):
    from rashomon.compare.conflicts import placed

    assert [(p.name, p.level, p.how) for p in placed(sentence)] == expected


def test_a_day_given_to_another_happening_the_claim_also_tells_is_no_date_conflict():
    # The first outlet dates the recapture and tells of the escape undated; the second dates the escape.
    apart = _story(
        ("Nord Agency", "2026-03-12", "A lynx that escaped from Harlow Wildlife Park was recaptured on Wednesday "
                                      "after almost a day on the loose, police said."),
        ("Harlow Courier", "2026-03-12", "Harlow Wildlife Park has admitted that a keeper's mistake allowed its "
                                         "lynx to escape on Tuesday evening, sparking a night-long search."),
    )
    assert _of_kind(apart, "date") == [], apart["conflicts"]
    # The same verb of other participants is no second telling: the grounding still has two days.
    grounding = _story(
        ("Coast Radio", "2026-11-23", "The ferry Aurora hit rocks off Kelby harbour in a storm on Sunday evening, "
                                      "the coastguard said."),
        ("Seaboard Wire", "2026-11-23", "The ferry Aurora ran aground off Kelby harbour on November 21 during the "
                                        "worst storm to hit the coast this autumn, the coastguard said."),
    )
    assert [c["kind"] for c in grounding["conflicts"]] == ["date"], grounding["conflicts"]


def test_a_claim_of_two_days_a_past_record_and_a_never_before_raise_nothing():
    story = _story(
        ("Nord Agency", "2026-06-15", "Three people were killed in a crush at a concert at the Kordell Arena in "
                                      "Varmora on Saturday evening, police said. A ticket bought in Varmora won the "
                                      "national lottery jackpot last week."),
        ("Channel 1", "2026-06-15", "Varmora will fall silent at noon today in memory of the three people who died "
                                    "in a crush outside a concert on Saturday evening. It was the worst crush in the "
                                    "country since 2019, when five people died at a football ground. Varmora has "
                                    "never had a big lottery winner before."),
    )
    assert story["conflicts"] == [], story["conflicts"]


def test_an_outlet_names_a_place_with_or_without_its_owner_but_a_saints_name_is_whole():
    from rashomon.compare.conflicts import _names_place

    assert _names_place("Fans gathered at Harbour Park.", "Port Seline Rovers' Harbour Park")
    assert not _names_place("The injured went to Lenholm University Hospital.", "St Brigid's Hospital")
    assert _names_place("The F.B.I. said so.", "F.B.I.") and not _names_place("Rovers won.", "Harbour Park")


@pytest.mark.parametrize(("first", "second"), [
    # "could" belongs to what the level means, not to the level
    ("The avalanche warning service rated the danger above Korsa at level 3 on the five-point scale on Saturday, "
     "after a week of heavy snow.",
     "On Saturday the danger above Korsa stood at level 4 on the five-point scale, meaning that a single skier could "
     "set off a slide on many steep slopes, the avalanche warning service said."),
    # "would" belongs to a relative clause, not to the length
    ("The 340-kilometre pipeline from Tarvik to Brenna has been under construction since last spring.",
     "The 430-kilometre pipeline from Tarvik to Brenna, which would carry gas to the city's factories, has been under "
     "construction since last spring."),
])
def test_a_modal_of_another_clause_does_not_make_an_amount_proposed(first, second):
    story = _story(("Velar Post", "2026-02-08", first), ("Radio Velar", "2026-02-08", second))
    assert _of_kind(story, "number"), story["conflicts"]


def test_an_amount_wanted_or_offered_is_still_kept_apart_from_one_granted():
    story = _story(
        ("Velar Post", "2026-03-04", "The hospital has offered the nurses a pay rise of 4 percent over two years."),
        ("Radio Velar", "2026-03-04", "The nurses will get a pay rise of 6 percent over two years, the hospital "
                                      "said."),
    )
    assert _of_kind(story, "number") == [], story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # whose office a lower-case possessive says ("the hospital's") is the office written with that word
    ("Nurses at St Aldric General Hospital in Brennick walked out on Tuesday. The hospital's chief executive, Dr. "
     "Miriam Castell, said she regretted the strike.",
     "Nurses at St Aldric General Hospital walked out on Tuesday over pay. Hospital chief executive Dr. Helena Vorst "
     "described the demands as unaffordable."),
    # "the county's" office is the county's, however the county is named
    ("A tornado tore through the town of Vessing in Lowmark county on Sunday. \"We have never seen anything like "
     "this,\" said Rolf Dekker, the Lowmark county emergency manager.",
     "A tornado struck Vessing on Sunday evening, flattening dozens of homes. Anneke Stoll, the county's emergency "
     "manager, said engineers were checking every damaged building."),
    # a title with whose it is, after a comma
    ("Seventeen whales were stranded at Tarrow Bay on Sunday. Tove Linnard, coordinator of the charity Islara Marine "
     "Rescue, said her team had worked through the night.",
     "Volunteers worked through Sunday night at Tarrow Bay to save stranded whales. Signe Hallberg, coordinator of "
     "the charity Islara Marine Rescue, said the first hours were critical."),
])
def test_one_office_whose_owner_is_written_two_ways_is_one_office(first, second):
    story = _story(("Velar Post", "2026-03-03", first), ("Radio Velar", "2026-03-03", second))
    assert len(_of_kind(story, "name")) == 1, story["conflicts"]


def test_an_office_of_one_named_organisation_is_not_the_office_of_another():
    story = _story(
        ("Ledger", "2026-04-07", "Halvard and Corvis agreed to merge on Monday. Corvis chief executive Lina Marsk "
                                 "will join the board of the combined group."),
        ("Business Journal", "2026-04-07", "Halvard and Corvis agreed on Monday to merge. Halvard chief executive "
                                           "Piet Vandel told staff that no offices would close."),
    )
    assert _of_kind(story, "name") == [], story["conflicts"]


def test_a_prison_term_and_other_spans_of_time_are_compared_as_amounts():
    story = _story(
        ("North Wire", "2026-04-14", "A court in Oster sentenced former mayor Pell Varro to seven years in prison "
                                     "on Tuesday for taking bribes from builders."),
        ("Oster Post", "2026-04-14", "Former mayor Pell Varro was sentenced to nine years in prison on Tuesday "
                                     "for taking bribes from builders, a court in Oster ruled."),
    )
    [conflict] = _of_kind(story, "number")
    assert {s["value"] for s in conflict["sides"]} == {"7 year", "9 year"}, story["conflicts"]


def test_homes_count_what_houses_count():
    story = _story(
        ("North Wire", "2026-05-02", "The wildfire near Pellar destroyed 40 homes on Friday, the fire service said."),
        ("Oster Post", "2026-05-02", "Forty-five houses near Pellar were destroyed by the wildfire on Friday, the "
                                     "fire service said."),
    )
    [conflict] = _of_kind(story, "number")
    assert {s["value"] for s in conflict["sides"]} == {"40 home", "45 house"}, story["conflicts"]


def test_passengers_are_not_crew_and_a_noun_less_number_is_not_compared():
    story = _story(
        ("North Wire", "2026-05-02", "The ferry Corvin ran aground off Harrow Holm on Friday with 212 passengers "
                                     "on board, the coastguard said. Three people were treated for injuries."),
        ("Oster Post", "2026-05-02", "The ferry Corvin ran aground off Harrow Holm on Friday with 14 crew on board, "
                                     "the coastguard said. A fourth person was treated on Saturday, bringing the "
                                     "number treated to 4."),
    )
    assert not _of_kind(story, "number"), story["conflicts"]


def test_one_and_a_number_joined_to_a_word_count_nothing_but_a_bare_number_may():
    # "a three-masted ship" and "one of the oldest" count no other thing: the two claims each count one noun
    story = _story(
        ("North Wire", "2026-05-02", "Off Harrow Holm, divers exploring the wreck of a three-masted merchant ship "
                                     "found 38 silver coins, one of the richest finds on the coast. The coins will "
                                     "go on show at the Pellar museum."),
        ("Oster Post", "2026-05-02", "A total of 52 silver coins were recovered from the Harrow Holm wreck on "
                                     "Friday, the coastguard said. The coins are to go on show at the Pellar "
                                     "museum."),
    )
    [conflict] = _of_kind(story, "number")
    assert {s["value"] for s in conflict["sides"]} == {"38 coin", "52 coin"}, story["conflicts"]
    # "and two hurt" may count climbers too: "Five of the eight climbers" is then not the one count of each claim
    story = _story(
        ("North Wire", "2026-05-02", "Three climbers were killed and two hurt when a rockfall struck a rope team on "
                                     "the Pellar ridge on Friday."),
        ("Oster Post", "2026-05-02", "Five of the eight climbers on the Pellar ridge were caught by the rockfall on "
                                     "Friday, the mountain rescue said."),
    )
    assert not _of_kind(story, "number"), story["conflicts"]


def test_a_decade_is_a_year_word_like_a_year():
    # "built in the 1960s" / "built in 1962": both name when the block went up, so neither claim is of another
    # occasion than the other and their storeys are compared
    story = _story(
        ("North Wire", "2026-05-02", "The four-storey block on Kessel Street, built in the 1960s, collapsed on "
                                     "Friday night, the fire service said."),
        ("Oster Post", "2026-05-02", "The five-storey block on Kessel Street, built in 1962, collapsed on Friday "
                                     "night, the fire service said."),
    )
    [conflict] = _of_kind(story, "number")
    assert {s["value"] for s in conflict["sides"]} == {"4 storey", "5 storey"}, story["conflicts"]


def test_of_a_claim_naming_two_days_the_day_of_the_same_happening_is_compared():
    story = _story(
        ("North Wire", "2026-06-27", "The Corran Bridge, closed to traffic on Monday after a crack was "
                                     "found, reopened on Wednesday, the city council said."),
        ("Oster Post", "2026-06-27", "The Corran Bridge reopened to traffic on Thursday, the city council "
                                     "said."),
    )
    dates = _of_kind(story, "date")
    assert len(dates) == 1, story["conflicts"]
    assert {s["value"] for s in dates[0]["sides"]} == {"2026-06-24", "2026-06-25"}


def test_the_dead_and_the_hurt_and_a_count_of_others_are_not_set_against_one_count():
    story = _story(
        ("North Wire", "2026-06-03", "A scaffold collapsed at the Pellar shipyard on Tuesday. One welder was killed "
                                     "when the scaffold gave way at the Pellar shipyard, the company said."),
        ("Oster Post", "2026-06-03", "A scaffold collapsed at the Pellar shipyard on Tuesday. Four welders were "
                                     "injured when the scaffold gave way at the Pellar shipyard, the company said."),
        ("Coast Radio", "2026-06-03", "A scaffold collapsed at the Pellar shipyard on Tuesday. Two other welders were "
                                      "injured when the scaffold gave way at the Pellar shipyard, the company said."),
    )
    assert not _of_kind(story, "number"), story["conflicts"]
    # the same outcome is still compared
    story = _story(
        ("North Wire", "2026-06-03", "A scaffold collapsed at the Pellar shipyard on Tuesday. Four welders were "
                                     "injured when the scaffold gave way at the Pellar shipyard, the company said."),
        ("Oster Post", "2026-06-03", "A scaffold collapsed at the Pellar shipyard on Tuesday. Six welders were "
                                     "injured when the scaffold gave way at the Pellar shipyard, the company said."),
    )
    assert len(_of_kind(story, "number")) == 1, story["conflicts"]


def test_a_change_by_an_amount_is_not_a_level():
    story = _story(
        ("North Wire", "2026-06-03", "The city council decided last month to cut its yearly grant to the museum by "
                                     "3.1 million crowns from next year. The museum's director resigned on Monday."),
        ("Oster Post", "2026-06-03", "The city currently gives the museum 22 million crowns a year, most of its "
                                     "income. The museum's director resigned on Monday."),
    )
    assert not _of_kind(story, "number"), story["conflicts"]


def test_two_steps_of_one_case_on_two_days_are_not_one_event_given_two_days():
    story = _story(
        ("North Wire", "2026-08-22", "Customs officers arrested Tomas Verle on Thursday at the Kelby ferry terminal "
                                     "with 40 rare tortoises in his luggage."),
        ("Oster Post", "2026-08-22", "Tomas Verle appeared in court on Friday after officers found 40 rare "
                                     "tortoises in his luggage at the Kelby ferry terminal."),
    )
    assert not _of_kind(story, "date"), story["conflicts"]
    story = _story(
        ("North Wire", "2026-08-22", "Customs officers arrested Tomas Verle on Thursday at the Kelby ferry terminal "
                                     "with 40 rare tortoises in his luggage."),
        ("Oster Post", "2026-08-22", "Tomas Verle was arrested on Wednesday at the Kelby ferry terminal with 40 rare "
                                     "tortoises in his luggage."),
    )
    assert len(_of_kind(story, "date")) == 1, story["conflicts"]


def test_a_town_named_as_the_owner_of_a_place_is_not_where_it_happened():
    story = _story(
        ("North Wire", "2026-08-22", "Tomas Verle was detained on Thursday evening at Marrow International Airport, "
                                     "north of the city, after arriving on a flight from Port Ansel."),
        ("Oster Post", "2026-08-22", "He was stopped by customs officers at Kelby's airport on Thursday evening after "
                                     "getting off a flight from Port Ansel. The tortoises were taken to Kelby Zoo's "
                                     "quarantine unit. Neighbours in Eastfield, the Kelby district where Verle lives, "
                                     "were surprised."),
    )
    assert not _of_kind(story, "place"), story["conflicts"]


def test_words_shown_in_reported_speech_close_the_quote_they_open():
    from rashomon.compare.brief import closed_quotes

    assert closed_quotes('the congressman\'s account was "obviously hacked') == \
        'the congressman\'s account was "obviously hacked"'
    assert closed_quotes("he felt “very badly") == "he felt “very badly”"
    assert closed_quotes("he felt “very badly” for Mr. Flynn") == "he felt “very badly” for Mr. Flynn"


def test_a_fact_that_is_all_a_speakers_quoted_words_says_whose_they_are_in_the_reports():
    from rashomon.compare.brief import fact_headline

    texts = [("Harbour Times", "The Harbour council approved the new ferry terminal on Monday. \"We will rebuild the "
                               "old quay before the spring floods,\" Mayor Ruth Calloway said at the meeting. "
                               "\"Every family on the waterfront will be safe again. Nobody will be forgotten.\""),
             ("Coast Radio", "Councillors backed the ferry terminal on Monday after a long debate. Mayor Ruth "
                             "Calloway told the meeting: \"The old quay will be rebuilt before the floods come. "
                             "Every family on the waterfront will be safe again.\"")]
    built = [Article(id=chr(97 + i), source=f"{o}.txt", text=t, title=None, outlet=o, language="en",
                     published=date(2026, 5, 4)) for i, (o, t) in enumerate(texts)]
    story = compare_story([StoryArticle(a, n) for a, n in zip(built, annotate_articles(built), strict=True)],
                          encoder())
    [fact] = [f for f in story["facts"] if f["text"].lstrip("\"“").startswith("Every family")]
    assert fact["said_by"] == "Ruth Calloway"
    assert all(f["said_by"] is None for f in story["facts"] if f["text"].startswith(("The Harbour", "Councillors")))
    assert fact_headline(fact) == "Ruth Calloway: “Every family on the waterfront will be safe again.”"


def test_a_speaker_found_only_through_a_pronoun_is_not_named_on_a_quoted_fact():
    texts = [("Harbour Times", "Mayor Ruth Calloway spoke at the council meeting on Monday. \"We will rebuild the old "
                               "quay before the spring floods,\" she said. \"Every family on the waterfront will be "
                               "safe again.\""),
             ("Coast Radio", "Mayor Ruth Calloway addressed councillors on Monday. \"The old quay will be rebuilt "
                             "before the floods come,\" she told them. \"Every family on the waterfront will be safe "
                             "again.\"")]
    built = [Article(id=chr(97 + i), source=f"{o}.txt", text=t, title=None, outlet=o, language="en",
                     published=date(2026, 5, 4)) for i, (o, t) in enumerate(texts)]
    story = compare_story([StoryArticle(a, n) for a, n in zip(built, annotate_articles(built), strict=True)],
                          encoder())
    quoted = [f for f in story["facts"] if f["text"].lstrip("\"“").startswith("Every family")]
    assert quoted and all(f["said_by"] is None for f in quoted), quoted


def test_one_happening_put_in_two_places_is_a_conflict_though_the_claims_read_apart():
    # The two claims share few words and read only somewhat alike, but both give the place to one happening: the fire
    # started (its verb with its subject, compared by the encoder), so two villages for it are a conflict. A place
    # of another happening (where the crews came from) is not set against it.
    story = _story(
        ("Calder Post", "2026-07-11", "The blaze started in dry scrubland near the hamlet of Ostry on Saturday "
                                      "afternoon, the regional fire service said. About 200 hectares burned before "
                                      "crews from Marrick brought it under control."),
        ("Westmarch Herald", "2026-07-11", "Investigators believe the wildfire began beside a farm track outside "
                                           "Lendra, where a tractor had been cutting hay. Crews from Marrick had it "
                                           "under control by Sunday morning."),
    )
    places = _of_kind(story, "place")
    assert [{s["value"] for s in c["sides"]} for c in places] == [{"Ostry", "Lendra"}], story["conflicts"]


def test_one_singled_out_a_forecast_and_totals_at_two_moments_are_no_number_conflicts():
    # "One container that washed up" says which container, not how many were lost; a line "expected to carry" a number
    # is a forecast, not what the city's other lines carry now; a fire's area "by Monday morning" and "by last night"
    # are one growing total at two moments.
    story = _story(
        ("Nord Agency", "2026-11-03", "The freighter Kelby Star lost containers in a storm off Harrow Point on "
                                      "Sunday night. One container that washed up on Vell beach held 20 tonnes of "
                                      "fertiliser pellets, the coastguard said. The new tram line is expected to carry "
                                      "90,000 passengers a day, the city said. By Monday morning the grass fire on "
                                      "the headland had burned about 300 hectares, the fire service said."),
        ("Coast Radio", "2026-11-03", "The freighter Kelby Star lost four containers of fertiliser pellets in a storm "
                                      "off Harrow Point on Sunday night, the coastguard said. The city's existing "
                                      "tram lines carry 250,000 passengers a day. By last night the grass fire on "
                                      "the headland had burned more than 500 hectares, the fire service said."),
    )
    assert _of_kind(story, "number") == [], story["conflicts"]


def test_the_start_of_an_activity_and_a_later_day_of_it_or_the_vote_before_it_are_no_date_conflicts():
    story = _story(
        ("Nord Agency", "2026-11-04", "Volunteers began clearing oil from the beach at Vell on Monday, using shovels "
                                      "and sacks. The dockers' strike began at dawn on Monday, the union said."),
        ("Coast Radio", "2026-11-04", "More than 300 volunteers turned out yesterday to clear oil from the beach at "
                                      "Vell. Members of the dockers' union backed the strike in a vote last Thursday, "
                                      "union officials said."),
    )
    assert _of_kind(story, "date") == [], story["conflicts"]


def test_one_deed_given_to_two_people_is_a_name_conflict_and_sayings_or_people_both_name_are_not():
    # Each outlet gives the running of the inquiry to its own person and never names the other's: with the people taken
    # out, the claims read alike. Reactions many people give at once ("criticised the plan"), and people both articles
    # name, are no such deed.
    story = _story(
        ("Nord Agency", "2026-05-12", "A freight train derailed near Ostby on Monday. The inquiry into the derailment "
                                      "will be headed by Magda Tellen, a senior inspector at the Rail Safety Office. "
                                      "Opposition MP Karl Imsen criticised the rail operator's safety record."),
        ("Coast Radio", "2026-05-12", "A freight train came off the rails near Ostby on Monday. The Rail Safety "
                                      "Office said its inspector Jonas Berk would take charge of the investigation. "
                                      "Councillor Liv Aasen condemned the rail company's record on safety."),
    )
    names = [{s["value"] for s in c["sides"]} for c in _of_kind(story, "name")]
    assert names == [{"Magda Tellen", "Jonas Berk"}], story["conflicts"]


def test_a_building_something_was_taken_to_is_set_against_the_building_another_outlet_says_it_is_at():
    story = _story(("Harbour Wire", "2026-05-04", "The injured climber was airlifted to Kelby General Hospital on "
                                                  "Sunday evening, the mountain rescue service said."),
                   ("Quay Gazette", "2026-05-04", "The injured climber is in a stable condition at Dunmore Royal "
                                                  "Hospital, the mountain rescue service said."))
    place = _of_kind(story, "place")
    assert len(place) == 1, story["conflicts"]
    assert {s["value"] for s in place[0]["sides"]} == {"Kelby General Hospital", "Dunmore Royal Hospital"}


@pytest.mark.parametrize(("first", "second"), [
    # "brought 27 passengers down from": a particle of the verb, not "27 down" (a change)
    (("Harbour Wire", "2026-02-14", "Rescuers brought 27 passengers down from the cable car cabin on Saturday."),
     ("Quay Gazette", "2026-02-14", "Rescuers brought 31 passengers to safety from the cable car cabin on Saturday.")),
    (("Harbour Wire", "2026-02-14", "Mountain rescuers brought 27 passengers down from a stranded cable car cabin in "
                                    "the Vellmark Alps on Saturday."),
     ("Quay Gazette", "2026-02-14", "Rescuers brought down thirty-one passengers from a stranded cable car cabin in "
                                    "the Vellmark Alps on Saturday.")),
    # two additions ("add a further", "add about") are compared, as two levels are
    (("Harbour Wire", "2026-12-08", "Fixing the tunnel will add a further 310 million crowns to the cost of the line."),
     ("Quay Gazette", "2026-12-08", "Fixing the tunnel will add 200 million crowns to the cost of the line.")),
    # the clause closest to the other claim gives no amount: the claim's amounts are compared
    (("Harbour Wire", "2026-03-02", "The new tram line has 14 stops, nine of them in tunnels, and runs from "
                                    "Harbourside in the city centre to Millbrook in the east."),
     ("Quay Gazette", "2026-03-02", "Trams on the new line will call at 16 stops between Harbourside in the city "
                                    "centre and Millbrook in the east.")),
    # "will cut 420 jobs" counts the jobs that go, as "to axe 460 jobs" does: two levels, not a change and a level
    (("Harbour Wire", "2026-04-09", "Ostrow Pumps will cut 420 jobs at its plant in Kellby, the company said on "
                                    "Thursday."),
     ("Quay Gazette", "2026-04-09", "Ostrow Pumps will axe 460 jobs at its Kellby plant, the company said on "
                                    "Thursday.")),
    # "38 metres below street level" is a depth, not a gap ("38 metres lower than")
    (("Harbour Wire", "2026-04-09", "At 38 metres below street level, Fenwick Cross will be the deepest station on "
                                    "the new metro line."),
     ("Quay Gazette", "2026-04-09", "The platforms of Fenwick Cross sit 46 metres underground, making it the "
                                    "deepest station on the new metro line.")),
])
def test_counts_with_a_particle_additions_things_cut_depths_and_an_amount_outside_the_closest_clause_are_compared(
        first, second):
    story = _story(first, second)
    assert len(_of_kind(story, "number")) == 1, story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # "has so far not announced": a denial as of its writing, set against a confirmation of the same day
    (("Harbour Wire", "2026-05-06", "Farm minister Lena Ruud confirmed on Wednesday that the government would set up "
                                    "an emergency fund for growers who lost their harvest to the frost."),
     ("Quay Gazette", "2026-05-06", "The government has so far not announced any support for growers hit by the "
                                    "frost, although opposition parties have called for emergency aid.")),
    # what was not done ends before "and would ...": "approved the increase", not its later decision
    (("Harbour Wire", "2026-12-02", "The transport ministry confirmed it had approved the higher ferry fares last "
                                    "week, saying they were needed to keep the service running."),
     ("Quay Gazette", "2026-12-02", "The transport ministry said it had not yet approved the increase and would "
                                    "give its decision on the timetable before Christmas.")),
])
def test_a_denial_told_as_so_far_or_followed_by_what_is_to_come_is_set_against_a_confirmation(first, second):
    story = _story(first, second)
    assert len(_of_kind(story, "polarity")) == 1, story["conflicts"]


def test_a_person_named_beside_a_title_set_off_by_commas_is_a_person_and_one_office_given_to_two_is_a_conflict():
    # The small tagger calls both names organisations; the titles beside them make them people, and then the one
    # office (chief executive of Velsport Transit) given to two people by two outlets is a conflict.
    story = _story(("Harbour Wire", "2026-12-08", "Velsport Transit's chief executive, Ingrid Paasik, told reporters "
                                                  "that the tunnel would be repaired by spring."),
                   ("Quay Gazette", "2026-12-08", "Magnus Oyen, chief executive of Velsport Transit, said the tunnel "
                                                  "would be repaired by spring."))
    people = {e["name"] for e in story["entities"] if e["type"] == "PERSON"}
    assert {"Ingrid Paasik", "Magnus Oyen"} <= people, story["entities"]
    names = _of_kind(story, "name")
    assert len(names) == 1, story["conflicts"]


def test_a_person_a_group_works_under_has_not_done_what_the_group_did():
    story = _story(("Harbour Wire", "2026-11-03", "The smuggled tortoises were discovered by a customs team working "
                                                  "under Oda Fremming, head of the wildlife crime unit."),
                   ("Quay Gazette", "2026-11-03", "Customs officer Jarle Nyhus discovered the smuggled tortoises when "
                                                  "he opened the first suitcase."))
    assert not _of_kind(story, "name"), story["conflicts"]


@pytest.mark.parametrize(("first", "second", "kind"), [
    # a total and its split among several ("six each")
    (("Harbour Wire", "2026-06-09", "The vineyard owner and two co-defendants face 27 counts of fraud at the district "
                                    "court."),
     ("Quay Gazette", "2026-06-09", "The vineyard owner faces 15 counts of fraud, and his two co-defendants face six "
                                    "each."), "number"),
    # the first part of a sum, not the sum
    (("Harbour Wire", "2026-06-09", "The diocese has put the cost of repairing the tower at 250,000 crowns."),
     ("Quay Gazette", "2026-06-09", "The diocese has released the first 40,000 crowns of the money for repairing the "
                                    "tower."), "number"),
    # what could have happened is not what happened
    (("Harbour Wire", "2026-06-09", "\"If the tower had fallen during the service, people could have been hurt,\" "
                                    "the mayor said."),
     ("Quay Gazette", "2026-06-09", "No one was hurt when the tower fell, the mayor said."), "polarity"),
    # a rule about all cities is not a statement about this budget
    (("Harbour Wire", "2026-06-09", "Cities whose debts exceed the legal limit must have their budgets approved by "
                                    "the governor."),
     ("Quay Gazette", "2026-06-09", "The governor's office said the budget needs no approval, because the city's "
                                    "debts are below the legal limit."), "polarity"),
    # the head of a function of a company is not the head of the company
    (("Harbour Wire", "2026-06-09", "Kestrin Transport chief executive Martin Lorch said the deal would cost about "
                                    "14 million marks a year."),
     ("Quay Gazette", "2026-06-09", "Kestrin Transport's director of operations, Ilse Marr, said the buses would keep "
                                    "running."), "name"),
    # a county holds the village; the tagger's name "Ostra county" holds the word county
    (("Harbour Wire", "2026-06-09", "The collision happened near the village of Halsund shortly before midnight, the "
                                    "canal authority said."),
     ("Quay Gazette", "2026-06-09", "The collision happened in Ostra county shortly before midnight, the canal "
                                    "authority said."), "place"),
    # a denial in the morning, a confirmation in the evening of the same day: news since
    (("Harbour Wire", "2026-05-12", "The ministry said on Tuesday morning that it had not yet received the bid."),
     ("Quay Gazette", "2026-05-13", "The ministry confirmed on Tuesday evening that the bid had been received."),
     "polarity"),
    # no comment one day, an announcement the next
    (("Harbour Wire", "2026-05-10", "Corlan Films declined to comment on the sales of the documentary."),
     ("Quay Gazette", "2026-05-11", "On Monday, Corlan Films announced the sales of the documentary to six "
                                    "countries."), "polarity"),
    # an open question affirms nothing
    (("Harbour Wire", "2026-05-12", "Vantor declined to say whether its other depots would be affected."),
     ("Quay Gazette", "2026-05-12", "Vantor said its other depots would not be affected."), "polarity"),
    # "no residents have been hurt" denies a hurt, not that there are residents
    (("Harbour Wire", "2026-05-12", "Residents of the two farms were moved out during the night."),
     ("Quay Gazette", "2026-05-12", "No residents have been hurt, the fire service said."), "polarity"),
    # a bound below zero: "below minus 15" holds minus 18
    (("Harbour Wire", "2026-01-12", "Temperatures at the pass fell to minus 18 degrees overnight."),
     ("Quay Gazette", "2026-01-12", "Overnight temperatures at the pass have been below minus 15 degrees."), "number"),
    # one rate for two periods
    (("Harbour Wire", "2026-08-12", "Households are asked to use no more than 100 litres per person per day."),
     ("Quay Gazette", "2026-08-12", "Households are asked to use no more than 700 litres per person per week."),
     "number"),
    # a share each, a part alone, a level of the past
    (("Harbour Wire", "2026-04-12", "The two finalists each received 5,000 crowns in prize money."),
     ("Quay Gazette", "2026-04-12", "The finalists received 10,000 crowns in prize money."), "number"),
    (("Harbour Wire", "2026-04-12", "The bridge project cost 48 million crowns, including the design work."),
     ("Quay Gazette", "2026-04-12", "The design work alone cost 6 million crowns."), "number"),
    (("Harbour Wire", "2026-04-12", "The mill employs 900 people, the company said."),
     ("Quay Gazette", "2026-04-12", "The mill once employed 2,500 people, the company said."), "number"),
    # where someone grew up is not where their medical was
    (("Coast Wire", "2026-03-10", "Mara Lenn, who grew up in Oskvik, posed for photographs outside the Dunmore Arena "
                                  "on Tuesday."),
     ("Harbour Post", "2026-03-10", "Mara Lenn had her medical at a private clinic in Brevik on Tuesday."), "place"),
    # homes damaged and homes destroyed are two counts
    (("Coast Wire", "2026-03-10", "More than 200 homes were damaged when the storm hit Corran on Sunday."),
     ("Harbour Post", "2026-03-10", "The storm destroyed 35 homes in Corran on Sunday."), "number"),
    # a rate before a cut and the rate after it
    (("Coast Wire", "2026-03-10", "The main rate had stood at 4.75 percent since May."),
     ("Harbour Post", "2026-03-10", "The cut took the main rate to 4.50 percent."), "number"),
    # a day of the thing a sentence is about, not of what the sentence says of it ("was its third flight")
    (("Coast Wire", "2026-03-10", "The rocket launch, first planned for Saturday, was put off twice because of strong "
                                  "winds."),
     ("Harbour Post", "2026-03-10", "The failed rocket launch on March 9 was the Kestrel-3's third flight."), "date"),
    # two people arrested in two towns
    (("Coast Wire", "2026-06-01", "Police arrested Anna Voss in Oskvik on Monday."),
     ("Harbour Post", "2026-06-01", "Karl Dorn was arrested in Brevik on Monday."), "place"),
    # where one was born and where one grew up
    (("Coast Wire", "2026-06-01", "Lena Sorn was born in Oskvik in 1990."),
     ("Harbour Post", "2026-06-01", "Lena Sorn grew up in Brevik, where her parents ran a bakery."), "place"),
    # "no doctor" inside a noun phrase denies nothing
    (("Coast Wire", "2026-06-01", "Villages with no doctor based there relied on the Kelby clinic."),
     ("Harbour Post", "2026-06-01", "A doctor treated the injured at the Kelby clinic on Monday."), "polarity"),
    # two committees' meetings
    (("Coast Wire", "2026-06-01", "The finance committee's next meeting is on June 11."),
     ("Harbour Post", "2026-06-01", "The planning committee will next meet on June 18."), "date"),
    # two people's birthplaces
    (("Coast Wire", "2026-06-01", "Lena Sorn was born in Oskvik in 1990."),
     ("Harbour Post", "2026-06-01", "Her coach, Piet Amsel, was born in Brevik in 1971."), "place"),
])
def test_claims_that_only_look_contradictory_raise_no_conflict(first, second, kind):
    # splits, first parts, what could be, rules, heads of functions, counties; news since, open questions, bounds
    # below zero, rates of two periods, shares, parts alone and past levels; other happenings, other people, origins
    # and meetings
    story = _story(first, second)
    assert not _of_kind(story, kind), story["conflicts"]


def test_words_someone_quotes_as_another_s_phrase_are_not_given_to_them():
    story = _story(("Harbour Wire", "2026-06-09", "\"Our budget was not a plan, it was a wish list for the harbour,\" "
                                                  "opposition leader Karl Benn told the council."),
                   ("Quay Gazette", "2026-06-09", "Mayor Ada Roth dismissed the phrase \"Our budget was not a plan, "
                                                  "it was a wish list for the harbour\" as a soundbite."))
    assert not _of_kind(story, "speaker"), story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    (("Harbour Wire", "2026-04-12", "The mill employs 900 people, the company said."),
     ("Quay Gazette", "2026-04-12", "The mill employs 1,400 people, the company said.")),
    (("Harbour Wire", "2026-08-12", "The new limit for households is 100 litres per person per day."),
     ("Quay Gazette", "2026-08-12", "The new limit for households is 140 litres per person per day.")),
])
def test_the_same_amount_of_the_same_thing_at_the_same_time_still_conflicts(first, second):
    assert len(_of_kind(_story(first, second), "number")) == 1


def test_a_company_named_with_a_trade_word_is_an_organisation():
    story = _story(("Harbour Wire", "2026-04-12", "Tormund Dairy recalled its blue cheese on Friday, the food agency "
                                                  "said."),
                   ("Quay Gazette", "2026-04-12", "Tormund Dairy said the recall was a precaution."))
    kinds = {e["name"]: e["type"] for e in story["entities"]}
    assert kinds.get("Tormund Dairy") == "ORG", kinds


def test_a_confirmation_reads_past_a_name_set_off_by_commas():
    # what was confirmed is "the builder would be fined for the delay", not "the builder" cut at the comma
    story = _story(("Harbour Wire", "2026-09-08", "The port authority confirmed that the builder, Kestrel Works, would "
                                                  "be fined for the delay under its contract."),
                   ("Quay Gazette", "2026-09-08", "The port authority has not decided whether the builder will be "
                                                  "fined for the delay, its lawyers said."))
    assert len(_of_kind(story, "polarity")) == 1, story["conflicts"]


def test_a_common_word_opening_a_sentence_is_no_name_that_makes_two_subjects():
    # "Talks" and "Negotiations" open their sentences: neither is a name, so the two claims are about one subject and
    # their two days for one start are a conflict
    story = _story(("Harbour Wire", "2026-01-22", "Talks with the dockers' union will start on Monday."),
                   ("Quay Gazette", "2026-01-22", "Negotiations between the port and the dockers' union are due to "
                                                  "begin on Wednesday."))
    assert len(_of_kind(story, "date")) == 1, story["conflicts"]


def test_what_now_lies_somewhere_is_not_a_count_of_what_happened():
    story = _story(("Harbour Wire", "2026-11-03", "The cargo ship lost 40 containers in the storm, the coast guard "
                                                  "said."),
                   ("Quay Gazette", "2026-11-03", "Twelve containers now lie on the beaches north of the harbour."))
    assert not _of_kind(story, "number"), story["conflicts"]


@pytest.mark.parametrize(("text", "months"), [
    ("the February unemployment rate, which it now puts at 7.3 percent", {"February"}),
    ("the latest figures, for March, show 7.1 percent", {"March"}),
    # months in dates or points in time are no periods the amounts are given for
    ("12,000 jars of honey with best-before dates between 12 and 26 May", set()),
    ("30,000 jars of honey sold since mid-April", set()),
    ("orders placed before June 3 and delivered from early July", set()),
])
def test_months_in_dates_are_no_periods_of_the_amounts(text, months):
    from rashomon.compare.conflicts import _period_months
    assert _period_months(text) == months


@pytest.mark.parametrize(("first", "second"), [
    # what is expected on a day is to come, like what will happen on it
    (("Harbour Wire", "2026-04-08", "The tribunal is expected to give its ruling on April 21."),
     ("Quay Gazette", "2026-04-08", "A ruling is expected on Tuesday, April 28, once the tribunal has heard the "
                                    "last experts.")),
    # a weekday written with its date is one day: "Saturday, June 13" is not also "Saturday" of the publication week
    (("Harbour Wire", "2026-08-11", "The school had held a fire drill with the local brigade on Saturday, June 13."),
     ("Quay Gazette", "2026-08-11", "The school had rehearsed a fire drill with firefighters on Saturday, June 20.")),
])
def test_days_of_what_is_expected_or_written_with_their_weekday_are_compared(first, second):
    story = _story(first, second)
    assert len(_of_kind(story, "date")) == 1, story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # the other article names the first's day only for a saying: no second happening on that day
    (("Harbour Wire", "2026-10-27", "The ticket holder contacted the lottery office on Sunday morning."),
     ("Quay Gazette", "2026-10-27", "The ticket holder contacted the lottery office on Monday morning. The lottery "
                                    "said on Sunday that the ticket had been sold in Harbourside.")),
    # what went on is told of another verb than the one the day belongs to
    (("Harbour Wire", "2026-03-17", "The chemical leak began on Saturday evening and continued for several hours."),
     ("Quay Gazette", "2026-03-17", "The chemical leak began late on Friday, the agency said.")),
])
def test_a_day_given_to_a_saying_or_a_verb_of_going_on_elsewhere_in_the_claim_does_not_hide_a_date_conflict(
        first, second):
    story = _story(first, second)
    assert len(_of_kind(story, "date")) == 1, story["conflicts"]


def test_of_a_day_of_happening_and_a_day_of_saying_in_one_claim_the_happening_s_is_compared():
    story = _story(("Harbour Wire", "2026-08-11", "Residents first complained to the gas company about a smell of gas "
                                                  "in the stairwell on Wednesday, the company said in a statement on "
                                                  "Monday."),
                   ("Quay Gazette", "2026-08-11", "Residents reported a smell of gas in the stairwell to the gas "
                                                  "company on Thursday."))
    dates = _of_kind(story, "date")
    assert len(dates) == 1, story["conflicts"]
    assert {s["value"] for s in dates[0]["sides"]} == {"2026-08-05", "2026-08-06"}


def test_a_place_reached_by_a_dative_a_part_of_a_named_place_or_one_noun_in_two_towns_is_compared():
    # "sent to X Hospital" is a dative to the parser, not a preposition; "in the gymnasium of the Y school" names the
    # school; "the laboratory in Oskvale" / "the laboratory in Brenna" put one thing in two towns, whatever the rest
    # of the two claims says; and the town something was taken to is where it then is.
    story = _story(
        ("Harbour Courier", "2026-09-14", "The hospital's computers failed on Sunday morning. Ambulances carrying "
                                          "the most serious cases were sent to Kellington General Hospital, the "
                                          "health board said. Displaced families spent the night in the gymnasium "
                                          "of the Marrow Lane primary school. The water samples were tested by the "
                                          "regional laboratory in Oskvale, which found no bacteria. The damaged "
                                          "paintings were taken to the town of Heddle for restoration."),
        ("Valley Radio", "2026-09-14", "The hospital's computers failed on Sunday morning. Ambulances carrying "
                                       "the most serious cases were diverted to Ostry District Hospital, the health "
                                       "board said. Displaced families spent the night in the sports hall of the "
                                       "Quarry Road leisure centre. The laboratory in Brenna analysed the water "
                                       "samples and found no bacteria. The damaged paintings are being restored in "
                                       "Carlow."),
    )
    found = [{s["value"] for s in c["sides"]} for c in _of_kind(story, "place")]
    for pair in ({"Kellington General Hospital", "Ostry District Hospital"}, {"Marrow Lane", "Quarry Road"},
                 {"Oskvale", "Brenna"}, {"Heddle", "Carlow"}):
        assert pair in found, (pair, story["conflicts"])


def test_the_source_of_a_report_is_no_place_however_it_is_named():
    # "according to Norby Times reporter Ansel Brook": a source, not where something happened, so it is never set
    # against the place the other outlet gives, whatever the parser makes of "to".
    story = _story(
        ("Harbour Courier", "2026-09-14", "The mayor announced on Monday at a meeting in Kellington that the bridge "
                                          "would reopen in March."),
        ("Valley Radio", "2026-09-14", "The mayor announced on Monday that the bridge would reopen in March, "
                                       "according to Norby Times reporter Ansel Brook."),
    )
    assert _of_kind(story, "place") == [], story["conflicts"]


def test_whose_office_it_is_may_follow_the_name_of_its_holder():
    # "Chief executive Mara Lind of Tessel Ferries" holds the office "chief executive of the operator Tessel
    # Ferries" gives another person in another outlet.
    story = _story(
        ("Harbour Courier", "2026-09-14", "Chief executive Mara Lind of Tessel Ferries said the crossing would "
                                          "resume on Friday once the ramp had been repaired."),
        ("Valley Radio", "2026-09-14", "Oskar Brenn, chief executive of the operator Tessel Ferries, said repairs "
                                       "to the damaged ramp should be finished by Friday."),
    )
    names = [{s["value"] for s in c["sides"]} for c in _of_kind(story, "name")]
    assert {"Mara Lind", "Oskar Brenn"} in names, story["conflicts"]


def test_one_happening_worded_with_related_words_on_two_days_is_a_date_conflict():
    # "The strike began on Monday" / "The walkout started on Tuesday": the sentence encoder reads the two short
    # happenings only half alike, WordNet relates their verbs (begin / start) and their nouns (strike / walkout).
    story = _story(
        ("Harbour Courier", "2026-05-13", "The strike at Pellmouth docks began on Monday, halting the loading of "
                                          "container ships, the dockers' union said."),
        ("Valley Radio", "2026-05-13", "The walkout at Pellmouth docks started on Tuesday and has stopped all "
                                       "container loading, according to the dockers' union."),
    )
    dates = [{s["value"] for s in c["sides"]} for c in _of_kind(story, "date")]
    assert len(dates) == 1, story["conflicts"]


@pytest.mark.parametrize(("settled_text", "open_text"), [
    # a course its subject said it would take, against the same subject not having decided what to do
    ("Painter Oren Vail said he would give the award money to a fund that buys art supplies for village schools.",
     "Oren Vail said he had not yet decided what to do with the award money."),
    # an agreement to do it, against "no decision on" it; a year beside the answer dates another thing (the display)
    ("The mill's owner, Dransk Timber, has agreed to hand the carved beam to the Regional Museum in Osk, where it "
     "will be shown from 2029.",
     "Dransk Timber has not yet decided whether to hand the carved beam to a museum, a spokeswoman said."),
    # "how much" left open, against the amount confirmed; "has not yet confirmed" confirms nothing
    ("The ministry confirmed it would pay 70 percent of the cost of the new sea wall.",
     "The Finance Ministry has not yet confirmed how much of the cost of the sea wall the state will pay."),
])
def test_a_question_one_outlet_says_is_open_and_another_says_was_settled_is_a_conflict(settled_text, open_text):
    story = _story(("Coast Wire", "2026-03-11", settled_text), ("Harbour Post", "2026-03-11", open_text))
    polar = _of_kind(story, "polarity")
    assert len(polar) == 1, story["conflicts"]
    values = {story_side["value"] for story_side in polar[0]["sides"]}
    assert values == {"affirms", "denies"}


@pytest.mark.parametrize(("settled_text", "open_text"), [
    # another subject's course does not answer the question
    ("The regional council said it would give the award money to village schools.",
     "Oren Vail said he had not yet decided what to do with the award money."),
    # a course that is only hoped for or asked for settles nothing
    ("Oren Vail said he hoped he would give the award money to village schools.",
     "Oren Vail said he had not yet decided what to do with the award money."),
])
def test_an_open_question_is_not_set_against_another_subject_or_a_hope(settled_text, open_text):
    story = _story(("Coast Wire", "2026-03-11", settled_text), ("Harbour Post", "2026-03-11", open_text))
    assert not _of_kind(story, "polarity"), story["conflicts"]


@pytest.mark.parametrize(("done", "still_open", "conflicts"), [
    # a deed told as done, against the same party saying later that whether to do it is still to be decided
    ("The Port Authority said on Sunday it had opened a formal inquiry into the oil leak.",
     "A Port Authority spokeswoman said on Monday that no decision had yet been taken on whether to open a formal "
     "inquiry.", 1),
    # the party named in a closing "…, a ministry spokesman said"; a decision taken is settled whatever condition the
    # sentence adds after its clause
    ("The ministry has decided to extend the grant to private landlords, provided their flats meet insulation "
     "standards.",
     "No decision has yet been taken on whether private landlords will qualify for the grant, a ministry spokesman "
     "said.", 1),
    # the question's verb differs from the course's, but the course names everything the question asks about
    ("The council has decided to install a temporary pontoon crossing beside the bridge.",
     "A council spokesman said no decision had yet been made on whether to provide a temporary crossing.", 1),
    # still open on Monday, done on Tuesday: news since
    ("The Port Authority opened a formal inquiry into the oil leak on Tuesday.",
     "The Port Authority said on Monday it had not yet decided whether to open a formal inquiry.", 0),
    # another thing done, or done by another party
    ("The Port Authority said on Sunday it had opened a preliminary review of the leak.",
     "A Port Authority spokeswoman said on Monday that no decision had yet been taken on whether to open a formal "
     "inquiry.", 0),
    ("Police said on Sunday they had opened a formal inquiry into the oil leak.",
     "A Port Authority spokeswoman said on Monday that no decision had yet been taken on whether to open a formal "
     "inquiry.", 0),
    # what would be done, on a condition, is still weighed
    ("The ministry would extend the grant to private landlords, provided their flats meet insulation standards.",
     "No decision has yet been taken on whether private landlords will qualify for the grant, a ministry spokesman "
     "said.", 0),
    # a question of a course named by its verb alone, answered by the same party's course with that verb (however
    # little the two read alike), not by another course
    ("The club's lawyer confirmed that the club would appeal against the points deduction to the league's tribunal.",
     "The club has not said whether it will appeal.", 1),
    ("The club's lawyer confirmed that the club would pay the fine in full by the end of the month.",
     "The club has not said whether it will appeal.", 0),
])
def test_a_deed_done_or_decided_is_set_against_the_same_party_saying_it_is_not_yet_decided(done, still_open,
                                                                                          conflicts):
    story = _story(("Coast Wire", "2026-03-10", done), ("Harbour Post", "2026-03-10", still_open))
    assert len(_of_kind(story, "polarity")) == conflicts, story["conflicts"]


def test_a_confirmation_is_set_against_no_decision_on_the_same_thing_worded_with_related_words():
    # "no decision on the future of the night shift" / "night shifts would end": plural and singular are one word
    story = _story(
        ("Valley Wire", "2026-05-06", "Torvik Foods confirmed that the bakery's night shifts would end in June."),
        ("Lunde Post", "2026-05-06", "Torvik Foods said no decision had been taken on the future of the night shift."),
    )
    assert len(_of_kind(story, "polarity")) == 1, story["conflicts"]


@pytest.mark.parametrize(("first", "second", "role"), [
    ("The club appointed Tomas Berg as its new coach on Monday.",
     "The new coach is Rui Costa, the club said on Monday.", "who is the coach"),
    ("Voters elected Ana Lind as mayor on Sunday.",
     "Karin Sten was elected mayor on Sunday with 54 percent of the vote.", "who is the mayor"),
])
def test_an_office_given_by_an_appointment_is_compared_with_the_office_said_to_be_someones(first, second, role):
    story = _story(("Coast Wire", "2026-03-11", first), ("Harbour Post", "2026-03-11", second))
    names = _of_kind(story, "name")
    assert len(names) == 1, story["conflicts"]
    assert names[0]["description"].startswith(role), names[0]["description"]


def test_naming_a_victim_gives_no_office():
    from rashomon.compare.conflicts import appointed_offices
    text = "Police named the victim as Erik Lund on Tuesday."
    start = text.index("Erik Lund")
    assert appointed_offices(text, start, start + len("Erik Lund")) == []
    text = "The club appointed Tomas Berg as its new coach on Monday."
    start = text.index("Tomas Berg")
    assert appointed_offices(text, start, start + len("Tomas Berg")) == [("coach",)]


def test_one_vote_tallied_two_ways_is_a_conflict_in_sentences_worded_apart():
    story = _story(
        ("Town Wire", "2026-04-09", "Harrowby council voted on Wednesday to close the swimming baths. The motion "
                                    "passed by 17 votes to 8."),
        ("Harrowby Post", "2026-04-09", "Harrowby council agreed on Wednesday to shut the old swimming baths. "
                                        "Councillors backed the plan 16 to 9."),
    )
    numbers = _of_kind(story, "number")
    assert len(numbers) == 1, story["conflicts"]
    assert "17 to 8" in numbers[0]["description"] and "16 to 9" in numbers[0]["description"]


def test_two_tallies_of_one_outlet_or_of_two_days_are_no_conflict():
    story = _story(
        ("Town Wire", "2026-04-09", "The committee backed the plan by 5 votes to 2 on Monday. The full council "
                                    "passed it by 17 votes to 8 on Wednesday."),
        ("Harrowby Post", "2026-04-09", "Councillors backed the plan 5 to 2 in committee on Monday."),
    )
    assert not _of_kind(story, "number"), story["conflicts"]


@pytest.mark.parametrize(("first", "second"), [
    # a course still to be weighed, or only if something happens, settles nothing
    ("The council will meet on Friday to decide whether to close the seafront car park.",
     "The council has not yet decided whether to close the seafront car park."),
    ("The club would appeal the ban if the league upheld it, the chairman said.",
     "The club has not yet decided whether to appeal the ban."),
    # another subject's course, or the same subject's other course
    ("The Ostrel library trust said it would close the Ostrel library reading room.",
     "Kelby council has not yet decided whether to close the Ostrel library."),
    ("The council said it would repair the seafront railings before summer.",
     "The council has not yet decided whether to close the seafront car park during repairs."),
    # a confirmation dated to another year than the denial
    ("In 2019 the ministry confirmed that it would pay 70 percent of the cost of the sea wall.",
     "The ministry denied that it would pay 70 percent of the cost of the sea wall."),
    # no appointment, two terms, two clubs' coaches
    ("The board did not appoint Ana Lind as chief executive on Monday.", "The new chief executive is Ola Fisk."),
    ("Maria Holt was elected mayor in 2018.", "Peter Lowe was elected mayor in 2022."),
    # two votes, one vote told in the other order, a match's score, an amendment and the budget
    ("The planning committee backed the scheme by 6 votes to 3.",
     "The full council approved the scheme by 31 votes to 12."),
    ("The motion was rejected by 9 votes to 14.", "Councillors voted 14 to 9 against the motion."),
    ("The final ended 1-1 after extra time.", "Harbour United won the final 4-3 on penalties."),
    ("The council rejected the amendment by 12 votes to 20.", "The council approved the budget by 22 votes to 10."),
])
def test_courses_appointments_and_tallies_of_other_things_are_no_conflict(first, second):
    story = _story(("Coast Wire", "2026-03-11", first), ("Harbour Post", "2026-03-11", second))
    assert not [c for c in story["conflicts"] if c["kind"] in ("polarity", "name", "number")], story["conflicts"]


def test_the_whose_of_an_appointment_is_who_made_it_and_a_place_named_an_office_is_no_person():
    from rashomon.compare.conflicts import appointed_offices
    text = "Harbour United appointed Tomas Berg as its new coach on Monday."
    start = text.index("Tomas Berg")
    assert appointed_offices(text, start, start + len("Tomas Berg")) == [("harbour", "united", "coach")]
    story = _story(("Coast Wire", "2026-03-11", "Harbour Park was named the new head office of the league on Monday."),
                   ("Harbour Post", "2026-03-11", "Petra Holm is the new head coach, the club said on Monday."))
    types = {e["name"]: e["type"] for e in story["entities"]}
    assert types.get("Harbour Park") != "PERSON" and types.get("Petra Holm") == "PERSON", types


def test_an_update_late_on_the_day_a_no_answer_was_printed_is_news_since():
    story = _story(("Coast Wire", "2026-03-09", "Kelby pool is shut. The council has not said how long the pool will "
                                                "remain closed."),
                   ("Harbour Post", "2026-03-10", "In an update on Monday evening, the council said the pool would "
                                                  "stay closed at least until April."))
    assert not _of_kind(story, "polarity"), story["conflicts"]


def test_a_day_given_to_what_followed_a_happening_is_not_that_happenings_day():
    from rashomon.compare.align import Unit
    from rashomon.compare.conflicts import _tells_undated

    def unit(text: str) -> Unit:
        return Unit(0, "a", "a", 0, 0, len(text), text)

    closed = unit("The library was closed on Monday after mould was found in its basement.")
    found = unit("Staff found the mould on Friday while clearing the basement.")
    assert _tells_undated(closed, closed.text.index("Monday"), found, found.text.index("Friday"))
    shut = unit("The library was shut on Monday after staff discovered mould in its basement.")  # a related verb
    assert _tells_undated(shut, shut.text.index("Monday"), found, found.text.index("Friday"))
    # a verb of the other claim elsewhere in the sentence, not what came before or after: one happening
    hit = unit("The ferry hit rocks on Sunday evening.")
    aground = unit("The ferry ran aground on Saturday in the worst storm to hit the coast this year.")
    assert not _tells_undated(aground, aground.text.index("Saturday"), hit, hit.text.index("Sunday"))


def test_an_absence_in_the_past_tense_is_compared_and_amounts_of_a_time_since_still_conflict():
    story = _story(("Coast Wire", "2026-03-10", "An alarm went off at 02:10, but the raiders had gone by the time "
                                                "guards reached the vault."),
                   ("Harbour Post", "2026-03-11", "No alarm sounded during the raid on the Kelby bank vault, police "
                                                  "said."))
    assert _of_kind(story, "polarity"), story["conflicts"]
    story = _story(("Coast Wire", "2026-03-10", "Twelve miners had been at work underground since 6 am when the Kelby "
                                                "shaft flooded."),
                   ("Harbour Post", "2026-03-10", "Nine miners had been at work underground since 6 am when the Kelby "
                                                  "shaft flooded."))
    assert _of_kind(story, "number"), story["conflicts"]


def test_words_wordnet_cannot_hold_do_not_stop_the_comparison():
    story = _story(("Coast Wire", "2026-03-10", "Workers at the Звезда plant began a strike on Monday."),
                   ("Harbour Post", "2026-03-10", "The Звезда walkout started on Tuesday."))
    assert story["conflicts"] is not None


def test_an_office_written_as_one_word_or_two_is_one_office():
    from rashomon.compare.conflicts import Owners, same_office
    owners = Owners(frozenset(), frozenset(), frozenset())
    assert same_office(("head", "teacher"), ("headteacher",), owners)
    assert not same_office(("deputy", "head"), ("head",), owners)


def test_an_arrest_late_on_the_day_a_paper_said_none_had_been_made_is_news_since():
    from rashomon.compare.conflicts import DAY_PART, day_part
    parts = {text: day_part(m) for text in ("late on Tuesday", "late Tuesday", "late on Tuesday morning",
                                            "late on Tuesday night", "on Tuesday afternoon")
             if (m := DAY_PART.search(f"Police said {text} that ...")) is not None}
    assert parts == {"late on Tuesday": 4, "late Tuesday": 4, "late on Tuesday morning": 1,
                     "late on Tuesday night": 5, "on Tuesday afternoon": 3}
    story = _story(("Valley Tribune", "2026-05-12", "Thieves emptied the Orlen cheese cellar on Monday night. Police "
                                                    "are looking for two men seen near the cellar. No arrests have "
                                                    "been made."),
                   ("Morning Rattle", "2026-05-13", "Two men, aged 29 and 52, were arrested late on Tuesday at a "
                                                    "farmhouse near Orlen, police said."))
    assert not _of_kind(story, "polarity"), story["conflicts"]
    # the same arrests told on the day the other paper was printed, without a later part of the day: a conflict
    story = _story(("Valley Tribune", "2026-05-12", "Thieves emptied the Orlen cheese cellar on Monday night. Police "
                                                    "are looking for two men seen near the cellar. No arrests have "
                                                    "been made."),
                   ("Morning Rattle", "2026-05-13", "Two men, aged 29 and 52, were arrested on Monday at a farmhouse "
                                                    "near Orlen, police said."))
    assert _of_kind(story, "polarity"), story["conflicts"]


def test_an_office_with_a_lower_case_owner_and_a_four_word_title_is_one_office():
    from rashomon.compare.conflicts import office_words
    assert office_words("the province's chief public health officer") == \
        ("province", "chief", "public", "health", "officer")
    # the owner does not count towards the title's four words; five title words are still too many for one office
    assert office_words("the senior chief public health officer") is None
    assert office_words("the region's senior chief public health officer") is None
    story = _story(("Coast Wire", "2026-06-02", "Forty runners fell ill after the Arvel half marathon. \"We think the "
                                                "water was the source,\" said Dr. Ilse Maro, the province's chief "
                                                "public health officer."),
                   ("Harbour Post", "2026-06-02", "Dr. Tomas Welk, the province's chief public health officer, said "
                                                  "new cases were falling after the Arvel half marathon."))
    assert _of_kind(story, "name"), story["conflicts"]


def test_the_sick_and_the_treated_and_two_sums_of_money_are_not_one_count():
    from rashomon.compare.align import Unit
    from rashomon.compare.conflicts import _told_apart

    def claim(article: str, text: str) -> Unit:
        built = Article(id=article, source=f"{article}.txt", text=text, title=None, outlet=article, language="en",
                        published=None)
        numbers = tuple(q for q in annotate_articles([built])[0].numbers if q.unit is not None)
        return Unit(0, article, article, 0, 0, len(text), text, numbers=numbers)

    def apart(x: str, y: str) -> bool:
        a, b = claim("a", x), claim("b", y)
        return _told_apart(a, a.numbers[0], b, b.numbers[0], {"a": a.text, "b": b.text})

    assert apart("Twelve workers fell ill after a chlorine leak at the Corvel plant.",
                 "Fifteen workers were injured in a chlorine leak at the Corvel plant.")  # hurt and ill: one count
    assert apart("Ardley Town reported a loss of 12 million euros for the season.",
                 "Ardley Town's deficit for the season was 15 million euros.")  # one sum, two words
    ill = "Thirty-eight children have fallen ill with vomiting at a scout camp near Osk."
    treated = "Nine children from the scout camp near Osk are being treated in hospital."
    assert not apart(ill, treated)
    assert apart(ill, "Forty children have fallen ill with vomiting at a scout camp near Osk.")
    revenue = "Velmar Glass reported revenue of 310 million crowns last year."
    assert not apart(revenue, "Its assets stood at 520 million crowns at the end of last year.")
    assert apart(revenue, "The company's revenue reached 350 million crowns last year.")
    assert apart(revenue, "Velmar Glass earned 350 million crowns last year.")  # no word says which sum: compared


def test_a_place_on_the_edge_of_a_town_and_a_match_played_at_a_venue_are_read():
    from rashomon.compare.conflicts import happening, placed
    where = placed("The largest piece landed in an orchard on the edge of Ilvany, a village in Vell province.")
    assert [p.name for p in where] == ["Ilvany", "Vell"]
    assert placed("The team travelled on a Vantor-3 to the final.") == []  # "on" a thing is no place
    assert placed("Engineers found a crack on the wing of the Corvel 220 during checks.") == []  # a part of a thing
    assert happening("Those arrested on Saturday were released on bail.", 15) is None  # no subject to tell
    final = "The final, played at the Marisca Sports Hall in Vessa, was tight throughout."
    assert happening(final, final.index("at the")) == "final play"
    story = _story(("Sport Wire", "2026-04-12", "Corvale beat Mirrado 27-24 in the cup final on Saturday. The match "
                                                "was played at the Torvel Arena in Vessa."),
                   ("Valley Radio", "2026-04-12", "Corvale won the cup on Saturday. The final, played at the Marisca "
                                                  "Sports Hall in Vessa, was tight throughout."))
    assert any(c["kind"] == "place" and "Torvel Arena" in c["description"] and "Marisca" in c["description"]
               for c in story["conflicts"]), story["conflicts"]


def test_a_town_the_tagger_calls_a_person_is_a_place_when_the_text_writes_it_as_one():
    from rashomon.compare.entities import link_entities
    texts = ["VORSKA, March 3 (Wire) - Talks ended at the ministry in the capital, Astrel, on Friday.\n\nCrowds "
             "gathered in central Stavik. Lorries reached a storage depot at Brinnick overnight.",
             "Marten Olsk spoke in the capital, Halvard, after the storm."]
    built = [Article(id=chr(97 + i), source=f"{i}.txt", text=t, title=None, outlet=f"o{i}", language="en",
                     published=date(2026, 3, 3)) for i, t in enumerate(texts)]
    annotations = annotate_articles(built)
    entities, _ = link_entities({a.id: (a.text, n) for a, n in zip(built, annotations, strict=True)})
    types = {e.name: e.type for e in entities}
    for name in ("Astrel", "Stavik", "Brinnick", "Halvard"):  # the small tagger: PERSON, PERSON, ORG, ORG
        assert types.get(name) == "PLACE", (name, types)
    assert types.get("Marten Olsk") == "PERSON"


def test_a_named_site_is_a_place_whatever_the_name_and_a_happening_told_with_a_light_verb_is_read():
    from rashomon.compare.conflicts import happening
    from rashomon.nlp import wordnet
    if wordnet.available():
        assert wordnet.site("substation") and wordnet.site("depot") and wordnet.site("boardroom")
        assert not wordnet.site("report") and not wordnet.site("campaign") and not wordnet.site("family")
    for text, day, what in (("The gala dinner took place on Friday evening.", "Friday", "gala dinner take place"),
                            ("The leak was reported to the regulator on Monday.", "Monday", "leak report"),
                            ("The buyer came forward on Tuesday, the agency said.", "Tuesday", "buyer come forward")):
        assert happening(text, text.index(day)) == what
    assert happening("He said on Monday that it was over.", 11) is None  # a saying is no happening
    if not wordnet.available():
        return
    story = _story(("Grid Wire", "2026-02-04", "The blackout began with a fault at the Orrick substation shortly "
                                              "before noon, the operator said."),
                   ("Power Weekly", "2026-02-04", "The operator traced the blackout to a fault at the Tamsey "
                                                  "substation shortly before noon."))
    assert any(c["kind"] == "place" and "Orrick" in c["description"] and "Tamsey" in c["description"]
               for c in story["conflicts"]), story["conflicts"]


def test_a_figure_of_an_earlier_count_is_not_set_against_the_final_one_and_a_warning_dates_what_is_to_come():
    stages = _story(("Evening Star", "2026-05-04", "Pike won the mayoral race in Quellby. After the first count, Pike "
                                                  "was ahead by 187 votes, and the loser asked for a recount."),
                    ("City Radio", "2026-05-05", "Pike won the mayoral race in Quellby. Pike finished with a margin of "
                                                 "212 votes over the sitting mayor after a recount."))
    assert not _of_kind(stages, "number"), stages["conflicts"]
    final = _story(("Evening Star", "2026-05-04", "Pike won the mayoral race in Quellby. Pike finished with a margin "
                                                  "of 187 votes over the sitting mayor, Tom Ferry."),
                   ("City Radio", "2026-05-05", "Pike won the mayoral race in Quellby. Pike finished with a margin of "
                                                "212 votes over the sitting mayor, Tom Ferry."))
    assert _of_kind(final, "number"), final["conflicts"]
    article = Article(id="w", source="w.txt", text="The weather office has warned of further heavy rain on Wednesday "
                      "night.", title=None, outlet="o", language="en", published=date(2026, 10, 6))  # a Tuesday
    assert [t.value for t in annotate_articles([article])[0].times] == ["2026-10-07"]


def test_one_thing_counted_two_ways_in_claims_that_read_apart_is_a_conflict_when_the_verbs_say_one_thing():
    cancelled = _story(("Health Wire", "2026-05-04", "Nurses walked out at Carrow General on Monday. Some 230 planned "
                                                     "operations were cancelled because of the strike, managers said."),
                       ("City Radio", "2026-05-04", "Nurses walked out at Carrow General on Monday. A total of 320 "
                                                    "operations scheduled for the two days were called off, leaving "
                                                    "patients facing a longer wait."))
    assert any("230" in c["description"] and "320" in c["description"] for c in _of_kind(cancelled, "number")), \
        cancelled["conflicts"]


def _two(a: str, b: str) -> dict:
    return _story(("Alpha News", "2026-05-06", a), ("Beta Times", "2026-05-06", b))


def test_a_stage_word_counts_only_in_the_figures_own_words_not_in_a_clause_beside_it():
    bridge = "The council met on Monday to discuss repairs to the old river crossing in Pellow. "
    found = _two(bridge + "The Pellow bridge, originally built in 1890, carries 20,000 cars a day, the council said.",
                 bridge + "The Pellow bridge carries 12,000 cars a day, according to the council.")
    assert any("20,000" in c["description"] and "12,000" in c["description"] for c in _of_kind(found, "number")), \
        found["conflicts"]
    school = "St Brede's school in Halm marked its 150th year on Friday. "
    found = _two(school + "The school, originally a convent, teaches 640 pupils.",
                 school + "The school teaches 420 pupils, the head said.")
    assert _of_kind(found, "number"), found["conflicts"]
    count = "Votes in the Tarn mayoral race were counted on Sunday. "
    clause = _two(count + "When the first count was completed, Pike was ahead by 187 votes.",
                  count + "Pike won the race by 212 votes, officials said.")
    assert not _of_kind(clause, "number"), clause["conflicts"]  # the stage in an adverbial clause of the figure
    storm = "The storm hit Quellby on Sunday. "
    earlier = _two(storm + "Officials originally estimated the damage at 3 million crowns.",
                   storm + "The damage was put at 5 million crowns by officials.")
    assert not _of_kind(earlier, "number"), earlier["conflicts"]
    race = "Votes in the Tarn mayoral race were counted on Sunday. "
    recount = _two(race + "Before the recount began, Pike led Varn by 187 votes.",
                   race + "Pike won the race by 212 votes after a recount, officials said.")
    assert not _of_kind(recount, "number"), recount["conflicts"]
    # "the last of the four bodies" is one of four, not a count of bodies found
    bodies = _two("An avalanche buried four skiers at Hohvalt. Rescuers recovered three bodies before nightfall.",
                  "An avalanche buried four skiers at Hohvalt. Search teams resumed work at first light on Sunday and "
                  "found the last of the four bodies.")
    assert not _of_kind(bodies, "number"), bodies["conflicts"]


def test_counts_of_two_bodies_or_two_places_are_not_one_count():
    fire = "A fire broke out in a warehouse in Brannock on Monday night and burned until dawn. "
    homes = _two(fire + "Firefighters evacuated 40 homes on Kestrel Street as the smoke spread.",
                 fire + "Firefighters evacuated 300 homes across the town as the smoke spread.")
    assert not _of_kind(homes, "number"), homes["conflicts"]
    patients = _two(fire + "The county hospital treated 35 patients for smoke inhalation, a spokesman said.",
                    fire + "A local clinic treated eight patients with burns, a spokesman said.")
    assert not _of_kind(patients, "number"), patients["conflicts"]
    same = _two(fire + "Firefighters evacuated 300 homes in the town as the smoke spread.",
                fire + "Firefighters evacuated 150 homes in the town as the smoke spread.")
    assert _of_kind(same, "number"), same["conflicts"]
    named = _two(fire + "Firefighters evacuated 40 homes in Brannock as the smoke spread.",
                 fire + "Firefighters evacuated 300 homes in the town as the smoke spread.")
    assert _of_kind(named, "number"), named["conflicts"]  # a named town and "the town" may be one place
    day = _two("Protesters clashed with police in Brannock. Police arrested 12 people on Monday, a spokesman said.",
               "Protesters clashed with police in Brannock. Police arrested 20 people in Brannock, a spokesman said.")
    assert _of_kind(day, "number"), day["conflicts"]  # a day is no place
    yard = "The Halden court ordered the Marrow shipyard to repay 12 million crowns to its pension fund on Monday. "
    body = _two(yard + "The shipyard employs 1,200 workers in Halden.",
                yard + "The company employs 900 workers, most of them in Halden.")
    assert _of_kind(body, "number"), body["conflicts"]  # one body named two ways
    # a body introduced where the count was, or a named body against one introduced as another
    passive = _two(fire + "The county hospital treated 35 patients for smoke inhalation, a spokesman said.",
                   fire + "Eight patients were treated at a local clinic, a spokesman said.")
    assert not _of_kind(passive, "number"), passive["conflicts"]
    named_body = _two(fire + "Kell General treated 35 patients for smoke inhalation.",
                      fire + "A local clinic treated eight patients for smoke inhalation.")
    assert not _of_kind(named_body, "number"), named_body["conflicts"]
    named_same = _two(fire + "Kell General treated 35 patients for smoke inhalation.",
                      fire + "The hospital treated 50 patients for smoke inhalation, a spokesman said.")
    assert _of_kind(named_same, "number"), named_same["conflicts"]  # the hospital may be Kell General
    # homes near a river are some of a town's
    river = _two(fire + "Firefighters evacuated 40 homes near the river as the smoke spread.",
                 fire + "Firefighters evacuated 300 homes in Brannock as the smoke spread.")
    assert not _of_kind(river, "number"), river["conflicts"]


def test_one_more_of_a_kind_on_one_side_or_a_return_against_a_coming_are_two_happenings_on_two_days():
    theft = "Police in Ardle are investigating the theft of a painting from the town museum last week. "
    second = _two(theft + "A second witness came forward on Wednesday, police said.",
                  theft + "A witness came forward on Monday, police said.")
    assert not _of_kind(second, "date"), second["conflicts"]
    back = _two(theft + "The museum's guard came back to work on Tuesday.",
                theft + "The guard came forward on Monday with new information.")
    assert not _of_kind(back, "date"), back["conflicts"]
    both = _two(theft + "Police arrested a second suspect on Monday.",
                theft + "A second suspect was arrested on Wednesday, police said.")
    assert _of_kind(both, "date"), both["conflicts"]  # one more on both sides is one arrest
    power = _two("A storm hit Ardle this week. Power went out on Monday, the utility said.",
                 "A storm hit Ardle this week. Power went down on Sunday, the utility said.")
    assert _of_kind(power, "date"), power["conflicts"]  # two particles of one happening
    one = _two(theft + "The key witness came forward on Tuesday, police said.",
               theft + "The key witness came forward on Monday, police said.")
    assert _of_kind(one, "date"), one["conflicts"]


def test_a_person_in_a_village_and_a_post_at_a_company_are_no_place_cues():
    from rashomon.compare.entities import PLACE_APPOSED_AFTER, ROLE_SITES, SITE_BEFORE
    assert not PLACE_APPOSED_AFTER.match(", a farmer in the village of Pellow, said the water rose overnight.")
    assert PLACE_APPOSED_AFTER.match(", a market town of 9,000 people, was cut off.")
    for before, place in (("took up a post at ", False), ("won a seat in ", False), ("a storage depot at ", True)):
        site = SITE_BEFORE.search(before)
        assert site is not None and (site.group(1) not in ROLE_SITES) == place


def test_a_course_named_by_its_verb_alone_answers_a_question_left_open():
    ruling = "The Halden court ordered the Marrow shipyard to repay 12 million crowns to its pension fund on Monday. "
    story = _story(("Court Wire", "2026-03-10", ruling + "Outside the court, the shipyard's counsel said Marrow would "
                                                         "appeal."),
                   ("Yard Weekly", "2026-03-10", ruling + "Marrow has made no decision on whether to challenge the "
                                                          "judgment, a spokeswoman said."))
    assert _of_kind(story, "polarity"), story["conflicts"]
    other = _story(("Court Wire", "2026-03-10", ruling + "Outside the court, the shipyard's counsel said Marrow would "
                                                         "comply."),
                   ("Yard Weekly", "2026-03-10", ruling + "Marrow has made no decision on whether to challenge the "
                                                          "judgment, a spokeswoman said."))
    assert not _of_kind(other, "polarity"), other["conflicts"]


def test_a_denied_doing_and_a_thing_not_done_told_by_its_verb_alone_are_set_against_a_confirmation():
    hack = "Hackers broke into the Orsk Water billing system last week, stealing customer records. "
    ransom = _story(("Tech Wire", "2026-04-16", hack + "Orsk Water confirmed that the hackers had demanded a ransom."),
                    ("City Desk", "2026-04-16", hack + "The utility denied having received any ransom demand."))
    assert _of_kind(ransom, "polarity"), ransom["conflicts"]
    dig = "Archaeologists found a Bronze Age hoard beside the new wind farm at Tessa Ridge. "
    road = _story(("Heritage News", "2026-04-16", dig + "The developer confirmed that work on the access road had been "
                                                       "halted."),
                  ("Energy Daily", "2026-04-16", dig + "The developer said construction of the road would continue "
                                                      "around the site and had not been suspended."))
    assert _of_kind(road, "polarity"), road["conflicts"]


def test_a_negation_in_a_quotation_a_request_a_third_day_and_a_refusal_answered_later_are_no_conflicts():
    mine = "Water flooded the Vesta copper mine at Orlo on Monday, trapping 11 miners. "
    quote = _story(("Interwire", "2026-06-02", mine + "The rescue is being led by Colonel Dario Fenn, who heads the "
                                                     "national mine rescue service."),
                   ("RTK News", "2026-06-02", mine + "\u201cWe have not given up on a single one of them, and we will "
                                                    "not,\u201d said Colonel Dario Fenn, head of the national mine "
                                                    "rescue service."))
    assert not _of_kind(quote, "polarity"), quote["conflicts"]
    merger = "Montclere University and Aldric College will merge next year, the two said on Thursday. "
    asked = _story(("Vessen Herald", "2026-06-05", merger + "The staff union said it would seek written guarantees "
                                                           "that no jobs would be lost as a result of the merger."),
                   ("Campus Ledger", "2026-06-05", merger + "The staff union has said it will seek written "
                                                           "guarantees on jobs."))
    assert not _of_kind(asked, "polarity"), asked["conflicts"]
    strike = "Crews at Northsound Ferries began a 72-hour strike over pay on Monday, halting island sailings. "
    third = _story(("Press Agency", "2026-03-09", strike + "Ferry services were halted on Monday as the strike began."),
                   ("Daily Clarion", "2026-03-11", "Islanders were left marooned as the ferry strike dragged into its "
                                                   "third day today."))
    assert not _of_kind(third, "date"), third["conflicts"]
    hack = "A ransomware attack grounded flights at Brask airport on Monday. "
    later = _story(("Wire Service", "2026-05-11", hack + "The airport declined to say whether it had received a ransom "
                                                        "demand."),
                   ("SecureLine", "2026-05-13", hack + "The airport confirmed on Tuesday that it had received a ransom "
                                                      "demand."))
    assert not _of_kind(later, "polarity"), later["conflicts"]


def test_a_place_somewhere_within_a_town_is_not_set_against_a_named_part_of_it():
    scandal = "Brenholt's police chief resigned on Monday over a bribery scandal. "
    story = _story(("Evening Post", "2026-04-07", scandal + "The scandal broke in February when this paper reported "
                                                           "that officers at Northgate station had been tipping off "
                                                           "club owners before raids."),
                   ("ATV News", "2026-04-07", scandal + "The scandal centred on officers at a station in the north of "
                                                       "Brenholt who tipped off club owners before raids."))
    assert not _of_kind(story, "place"), story["conflicts"]


def test_an_article_that_names_a_building_without_its_kind_names_it():
    from rashomon.compare.conflicts import _names_place
    text = "Among the branches to go are Marsh Lane in Eastgate and the small library in Kilnworth."
    assert _names_place(text, "Marsh Lane Library")
    assert not _names_place("The harbour was closed.", "Harbour Park")  # one word left: no name
    assert not _names_place(text, "Kestrel Road Library")


def test_how_badly_a_share_a_yearly_sum_two_kinds_and_people_in_a_place_are_not_contradictions():
    rescue = "Rescuers brought a school group down from the Kell ridge on Saturday after a night in the snow. "
    badly = _two(rescue + "Four pupils were treated for mild hypothermia, the health authority said, none of them "
                          "seriously.",
                 rescue + "Four of the pupils were treated for mild hypothermia.")
    assert not _of_kind(badly, "polarity"), badly["conflicts"]
    race = "The Spring Cup winner Grey Lantern failed a drug test, the racing board said on Monday. "
    share = _two(race + "The owner must now hand back the winner's share of the 240,000-crown prize fund.",
                 race + "The owner will have to return the winner's prize of 138,000 crowns.")
    assert not _of_kind(share, "number"), share["conflicts"]
    fares = "The Brisa council froze bus fares for two years on Tuesday. "
    yearly = _two(fares + "The freeze will cost the council an estimated 6.5 million crowns a year.",
                  fares + "Part of the cost will be met by selling the old depot, which the council values at "
                          "around 9 million crowns.")
    assert not _of_kind(yearly, "number"), yearly["conflicts"]
    same = _two(fares + "The freeze will cost the council 6.5 million crowns a year.",
                fares + "The freeze will cost the council 9 million crowns a year, officials said.")
    assert _of_kind(same, "number"), same["conflicts"]
    harvest = "Varduna's grain harvest reached a record this year, the farm ministry said on Monday. "
    grains = _two(harvest + "Wheat accounted for 22.4 million tonnes of the total.",
                  harvest + "Barley accounted for 6.1 million tonnes of the total.")
    assert not _of_kind(grains, "number"), grains["conflicts"]
    # where people are is not where a thing was done (read by the story-wide place check)
    from rashomon.compare.conflicts import _people_at
    for text, place, people in (("Fishermen in Esterby gave the agreement a mixed reception.", "Esterby", True),
                                ("Residents of Tresk were told to stay indoors.", "Tresk", True),
                                ("The ministers signed the agreement at the town hall in Lunholm.", "Lunholm", False),
                                ("The twister touched down in fields near Ellum.", "Ellum", False),
                                ("Ballot boxes were taken under police escort to Dornbeck Hall.", "Dornbeck", False)):
        assert _people_at(text, text.index(place)) == people, text
    from rashomon.nlp import wordnet
    assert wordnet.siblings("wheat", "barley") and wordnet.siblings("man", "woman")
    assert not wordnet.siblings("company", "firm") and not wordnet.siblings("police", "officer")


def test_a_named_sum_given_two_ways_across_the_story_and_two_reporting_periods():
    from rashomon.compare.align import Unit
    from rashomon.compare.conflicts import _proposed, _sum_named
    from rashomon.records import Quantity

    def named(text: str, figure: str) -> tuple[Unit, Quantity]:
        unit = Unit.__new__(Unit)
        object.__setattr__(unit, "text", text)
        object.__setattr__(unit, "start", 0)
        at = text.index(figure)
        return unit, Quantity(at, at + len(figure), figure, 1.0, "crown", "count")

    for text, figure, what in (("Halden Mutual was fined 18.4 million crowns.", "18.4 million crowns", "fine"),
                               ("It has been slapped with a 16.2 million crown fine.", "16.2 million crown", "fine"),
                               ("The regulator imposed a fine of 12 million crowns.", "12 million crowns", "fine"),
                               ("The winning bid was 1.9 million crowns.", "1.9 million crowns", "bid"),
                               ("The lighthouse was sold for 1.42 million crowns.", "1.42 million crowns", "sell"),
                               ("He paid 1,400 crowns for cover he never needed.", "1,400 crowns", None),
                               ("The total came to 40 million crowns.", "40 million crowns", None)):
        assert _sum_named(*named(text, figure)) == what, text
    # a relative clause the parser took for the main clause proposes nothing: "could" is the customers'
    assert not _proposed(*named("Halden Mutual, the fourth-largest insurer, was fined 18.4 million crowns by the "
                                "authority on Wednesday for selling policies to customers, many of whom could never "
                                "have made a claim.", "18.4 million crowns"))
    from rashomon.compare.conflicts import _reporting_periods
    assert _reporting_periods("a profit of 212 million crowns in the first half of the year") == {("half", "1")}
    assert _reporting_periods("a full-year profit, it said in its half-year report") == {("year", "")}
    bank = "Solvan Bank will close 40 branches, it said on Tuesday. "
    periods = _two(bank + "The bank made a profit of 212 million crowns in the first half of the year.",
                   bank + "Solvan expects a full-year profit of about 400 million crowns, it said in its half-year "
                          "report.")
    assert not _of_kind(periods, "number"), periods["conflicts"]


def test_a_toll_given_two_ways_across_the_story_but_not_a_part_of_it_or_a_running_total():
    wire = ("TARVIK, June 2 (MNA) - An explosion tore through a grain silo at the port of Tarvik on Tuesday afternoon, "
            "killing one worker and injuring eight others, emergency services said.\n\nThe cause is not yet known.")
    local = ("The blast at the Tarvik grain terminal left fourteen people injured, among them two lorry drivers who "
             "had been queuing at the gate.\n\nThe terminal handles most of the region's grain exports.")
    toll = _story(("Marrish News", "2026-06-02", wire), ("Tarvik Post", "2026-06-02", local))
    assert any("8" in c["description"] and "14" in c["description"] for c in _of_kind(toll, "number")), \
        toll["conflicts"]
    later = ("A fourth person, a firefighter, was treated on Monday after the blaze flared up again, bringing the "
             "number of people treated for smoke inhalation to four.\n\nThe factory will stay closed this week.")
    first = ("Three people were treated for smoke inhalation after a fire at the Skald plastics factory on Sunday."
             "\n\nThe factory will stay closed this week.")
    running = _story(("Skald News", "2026-06-02", first), ("SBC", "2026-06-03", later))
    assert not _of_kind(running, "number"), running["conflicts"]


def test_no_decisions_on_a_thing_having_been_made_leaves_that_thing_open():
    from rashomon.compare.align import Unit
    from rashomon.compare.conflicts import said_none

    def unit(text: str) -> Unit:
        return Unit(index=0, article_id="a", origin="a", position=0, start=0, end=len(text), text=text)

    assert said_none(unit("A Kestrel spokesperson said no decisions on job cuts had been made.")) == (
        "job cuts", 1, True)
    assert said_none(unit("No decision has been taken on the closure of the unit.")) == (
        "the closure of the unit", 1, True)


def test_where_a_thing_is_still_to_happen_is_not_a_second_place_for_what_happened():
    signed = _story(
        ("Meridian Wire", "2026-05-12", "Ministers of Brenn and Skarvia signed a fishing agreement on Monday. The two "
                                        "fisheries ministers signed the agreement at the town hall in Lunholm."),
        ("SKV News", "2026-05-12", "Ministers of Brenn and Skarvia signed a fishing agreement on Monday. The "
                                   "agreement must now be approved by parliament in Tarvik."))
    assert not _of_kind(signed, "place"), signed["conflicts"]
    # "is to" tells what is to come as "will" does; a deed done is not to come
    from rashomon.compare.conflicts import _to_come

    for text, coming in (("The ferry is to be towed to Tarvik for repairs.", True),
                         ("The ferry will be towed to Tarvik for repairs.", True),
                         ("The ferry was towed to Tarvik for repairs.", False)):
        assert _to_come(text, text.index("Tarvik")) == coming, text
    both = _story(
        ("Meridian Wire", "2026-05-12", "The two fisheries ministers will sign the agreement at the town hall in "
                                        "Lunholm on Friday."),
        ("SKV News", "2026-05-12", "The two fisheries ministers will sign the agreement at the town hall in Tarvik "
                                   "on Friday."))
    assert _of_kind(both, "place"), both["conflicts"]


def test_a_share_of_a_total_is_set_only_against_another_share():
    harvest = "Varduna banned wheat exports on Monday after a record harvest. "
    apart = _story(("Eastway Wire", "2026-09-07", harvest + "Wheat accounted for 22.4 million tonnes of the total."),
                   ("Commerce Journal", "2026-09-07", harvest + "Exporters estimate that contracts for around 2.5 "
                                                                "million tonnes of wheat had been signed."))
    assert not _of_kind(apart, "number"), apart["conflicts"]
    shares = _story(("Eastway Wire", "2026-09-07", harvest + "Wheat accounted for 22.4 million tonnes of the total."),
                    ("Commerce Journal", "2026-09-07", harvest + "Wheat accounted for 20.1 million tonnes of the "
                                                                 "total."))
    assert _of_kind(shares, "number"), shares["conflicts"]


def test_no_answer_as_of_the_writing_then_an_answer_two_days_later_is_news_since():
    grades = "The National Examinations Authority said on Tuesday that 14,000 pupils had been given the wrong grade. "
    since = _story(("Transpress", "2026-07-15", grades + "The NEA did not say whether any university offers had been "
                                                         "withdrawn because of the wrong grades."),
                   ("Teachers' Weekly", "2026-07-17", grades + "The NEA confirmed on Thursday that 37 university "
                                                               "offers had been withdrawn because of the wrong "
                                                               "grades."))
    assert not _of_kind(since, "polarity"), since["conflicts"]
    pardon = "President Moravec pardoned the blogger Lina Sorvesk, who walked free on Friday. "
    unclear = _story(("Atlas Press", "2026-04-03", pardon + "It was not immediately clear whether the pardon also "
                                                            "covers the two-year ban on working as a journalist."),
                     ("Lessara Herald", "2026-04-04", pardon + "The presidential office confirmed on Friday evening "
                                                               "that the pardon also lifts the two-year ban on "
                                                               "working as a journalist."))
    assert not _of_kind(unclear, "polarity"), unclear["conflicts"]


SCAM = "Police have broken up a gang that cheated pensioners out of their savings by telephone. "
SPEAKER = "Parliament elected Vera Lind as its speaker on Tuesday after a four-month deadlock. "
FLOOD = "A burst water main flooded Larkgate's shopping street on Monday. "


@pytest.mark.parametrize(("first", "second", "kind"), [
    (SCAM + "Police in Halden have arrested five people suspected of running the scam.",
     SCAM + "A sixth suspect, a 19-year-old woman, was arrested on Wednesday in Port Lenna.", "place"),
    (SPEAKER + "She promised to call the first working session for next week.",
     SPEAKER + "It had not always looked this promising.", "polarity"),
    (FLOOD + "\"I rang the water company at eight. Nobody came,\" she said.",
     FLOOD + "\"It came in like a river. We lost everything,\" said Ruth Ambler.", "polarity"),
])
def test_a_further_arrest_a_degree_and_quoted_fragments_are_no_contradictions(first, second, kind):
    story = _two(first, second)
    assert not _of_kind(story, kind), story["conflicts"]


def test_no_confirmed_link_confirms_nothing():
    from rashomon.compare.align import Unit
    from rashomon.compare.conflicts import confirmed

    def unit(text: str) -> Unit:
        return Unit(0, "a", "a", 0, 0, len(text), text)
    assert confirmed(unit("The office said there was no confirmed link between the chain's kitchens and any illness, "
                          "though it was looking into three complaints.")) is None
    assert confirmed(unit("The office confirmed that the chain's kitchens were the source of the illness.")) is not None


def test_a_decree_signed_one_day_and_published_the_next_is_two_steps():
    pardon = "President Moravec pardoned the blogger Lina Sorvesk. "
    story = _story(("Atlas Press", "2026-04-03", pardon + "Moravec signed the pardon decree on Thursday, according to "
                                                          "the presidential office."),
                   ("TPT News", "2026-04-03", pardon + "The pardon decree was published in the official gazette on "
                                                      "Friday morning."))
    assert not _of_kind(story, "date"), story["conflicts"]


MINE = "Halvern Minerals won a licence for a rare-earth mine in the Orrin valley on Tuesday. "
EXAM = "The National Examinations Authority apologised on Tuesday for wrong maths grades. "


@pytest.mark.parametrize(("first", "second", "apart"), [
    (MINE + "The company estimates the capital cost at 1.2 billion tarns.",
     MINE + "Halvern's share price has doubled since January, giving the company a market value of about 2.1 billion "
            "tarns.", False),
    (MINE + "The open pit itself will cover about 220 hectares.",
     MINE + "The licence covers 1,400 hectares of the Orrin valley.", False),
    (EXAM + "About 61,000 pupils sat the Upper Certificate maths exam this year.",
     EXAM + "The grades of 14,212 pupils who sat this year's Upper Certificate maths exam were wrong.", False),
    (EXAM + "The grades of 14,000 pupils who sat the exam were wrong.",
     EXAM + "The grades of 4,000 pupils who sat the exam were wrong.", True),
])
def test_a_cost_and_a_market_value_a_part_itself_and_those_who_did_it_are_other_amounts(first, second, apart):
    story = _two(first, second)
    assert bool(_of_kind(story, "number")) == apart, story["conflicts"]


def test_a_party_said_to_intend_a_thing_both_ways_on_one_day_is_a_contradiction():
    fine = "The competition authority fined the cement maker Ferrox 48 million crowns on Tuesday. "
    both = _story(("Valdorian Ledger", "2026-06-17", fine + "In a statement on Tuesday evening, Ferrox said it would "
                                                            "appeal to the Administrative Court."),
                  ("Cement Weekly", "2026-06-18", fine + "In a statement issued on Tuesday evening, Ferrox said it "
                                                         "accepted the authority's findings and would not appeal."))
    assert _of_kind(both, "polarity"), both["conflicts"]
    since = _story(("Valdorian Ledger", "2026-06-17", fine + "Ferrox said it would not appeal."),
                   ("Cement Weekly", "2026-06-19", fine + "Ferrox said on Thursday it would appeal after all."))
    assert not _of_kind(since, "polarity"), since["conflicts"]  # a change of mind, told two days later
    forecast = _story(("Valdorian Ledger", "2026-06-17", fine + "The fine would not be paid before 2027, officials "
                                                                "said."),
                      ("Cement Weekly", "2026-06-17", fine + "The fine would be paid this year, officials said."))
    assert not [c for c in _of_kind(forecast, "polarity") if "will vs will not" in c["description"]]


SLIDE = "A section of the Black Serpent water slide at Tidewater Falls gave way on Saturday, injuring six riders. "
FARMERS = "Farmers have blocked the Hessel Gate border crossing in protest at a grain trade agreement. "


@pytest.mark.parametrize(("first", "second", "apart"), [
    (SLIDE + "Safety investigators spent Monday examining the Black Serpent at Tidewater Falls.",
     SLIDE + "The Black Serpent was last checked by safety inspectors on May 19, seven weeks before it fell apart.",
     False),
    (SLIDE + "The slide had been inspected on March 3, according to city records.",
     SLIDE + "The last inspection of the slide took place on February 24, the city council said.", True),
    (FARMERS + "The agreement, passed by parliament in Aldersund on Thursday, phases out tariffs on wheat.",
     FARMERS + "The Federation announced the blockade on Friday, a day after parliament approved the trade "
               "agreement.", False),
])
def test_the_last_of_its_kind_and_a_day_told_apart_are_two_happenings(first, second, apart):
    story = _story(("Lodestar Wire", "2026-07-14", first), ("Daily Blaze", "2026-07-14", second))
    assert bool(_of_kind(story, "date")) == apart, story["conflicts"]


ARREST = "Anti-corruption officers arrested the mayor of Sarnovo, Viktor Dorn, on Tuesday. "
BANKS = "A fire at a data centre knocked out the apps of three banks on Friday. "


@pytest.mark.parametrize(("first", "second", "apart"), [
    (ARREST + "Hask was detained on Tuesday along with two other people, whom the bureau did not name.",
     ARREST + "The bureau said three other people had been detained but did not give their names.", False),
    ("An explosion tore through a grain silo on Tuesday, killing one worker and injuring eight others.",
     "The blast at the grain terminal on Tuesday left fourteen people injured.", True),
    (BANKS + "About 1.4 million customers of Valdmark Savings Bank, Lauvik Cooperative Bank and Tidal Bank were "
             "unable to log in to their apps from late on Thursday, the banks said.",
     BANKS + "Valdmark Savings Bank alone has about 800,000 customers who use its app.", False),
])
def test_others_than_someone_and_one_named_part_alone_are_other_counts(first, second, apart):
    story = _two(first, second)
    assert bool(_of_kind(story, "number")) == apart, story["conflicts"]


def test_a_site_on_the_edge_of_a_city_is_in_the_city():
    fire = "A fire at a data centre knocked out the apps of three banks on Friday. "
    site = _story(("Lodestar Wire", "2026-11-13", fire + "The fire at a data centre in the northern city of Lauvik "
                                                         "began late on Thursday. It broke out in the Brennick Park "
                                                         "industrial estate on the northern edge of Lauvik."),
                  ("Colocation Review", "2026-11-13", fire + "The blaze began late on Thursday in the company's "
                                                             "LAU-2 hall in Brennick Park."))
    assert not _of_kind(site, "place"), site["conflicts"]


def test_a_headland_on_a_coast_and_a_peninsula_are_no_second_place():
    rescue = "Rescuers winched a 16-year-old climber off a sea cliff on Saturday after the tide cut her off. "
    coast = _story(("TBC News", "2026-05-10", rescue + "The climber was rescued from a sea cliff on the Torvay coast."),
                   ("Pollenmouth Gazette", "2026-05-10", rescue + "The climber was trapped on a cliff ledge at "
                                                                 "Skerrow Head."),
                   ("Crag & Sea", "2026-05-10", rescue + "The climber had been traversing boulders on the north "
                                                         "coast of the Ardnish peninsula."))
    assert not _of_kind(coast, "place"), coast["conflicts"]


def test_a_denied_thing_is_set_against_what_it_did_not_against_those_who_watched_it():
    rescue = "A 16-year-old climber was rescued from a sea cliff at Skerrow Head on Saturday. "
    story = _story(("Pollenmouth Gazette", "2026-05-10", rescue + "Residents on Harbour Row watched the helicopter "
                                                                  "from their windows. The coastguard helicopter "
                                                                  "winched her off the ledge as the wind rose."),
                   ("Crag & Sea", "2026-05-10", rescue + "The lifeboat crew took her off the ledge. No helicopter "
                                                         "was needed."))
    [conflict] = _of_kind(story, "polarity")
    assert any("winched" in side["text"] for side in conflict["sides"]), conflict


def test_a_day_of_vowing_or_warning_is_a_day_of_saying():
    from rashomon.compare.conflicts import said_on
    text = "Farmers blocking the crossing vowed on Tuesday to stay as long as it takes."
    assert said_on(text, text.index("Tuesday"))
    text = "The union warned on Monday that the strike would go on."
    assert said_on(text, text.index("Monday"))
    text = "Farmers drove tractors onto the crossing on Monday."
    assert not said_on(text, text.index("Monday"))


def test_the_same_words_given_to_two_named_speakers_grouped_apart_are_a_speaker_conflict():
    rescue = "A 16-year-old climber was winched off a sea cliff at Skerrow Head on Saturday. "
    words = "\"She kept her head, stayed where she was and kept her phone dry, and that is what saved her,\""
    story = _story(("TBC News", "2026-05-10", rescue + "Station officer Duncan Merrow led the coastguard team. "
                                                       + words + " said Merrow."),
                   ("Pollenmouth Gazette", "2026-05-10", rescue + "\"She kept her head and stayed where she was,\" "
                                                                  "said station officer Duncan Merrow."),
                   ("Crag & Sea", "2026-05-10", rescue + words + " said lifeboat helmsman Callum Reith."))
    [conflict] = _of_kind(story, "speaker")
    assert "Merrow" in conflict["description"] and "Reith" in conflict["description"], conflict


RUGBY = "An independent panel found that Corran Bay Mariners broke the salary cap in two successive seasons. "
CRASH = "A bus carrying the Hollin-Brask cycling team skidded off the road near Dolmet on Thursday morning. "


@pytest.mark.parametrize(("first", "second", "apart"), [
    (RUGBY + "Corran Bay Mariners have been docked 12 points and fined 480,000 ducats by the panel.",
     RUGBY + "Corran Bay Mariners were last night hit with a 15-point deduction and a fine of almost half a million "
             "ducats.", True),
    (CRASH + "The bus was carrying 15 people, eight of them riders, when it struck a crash barrier.",
     CRASH + "The bus, carrying the eight riders selected for the race and seven staff, slid into a barrier.", False),
    (CRASH + "Four riders were taken to St Odile Hospital in Varnholt, police said.",
     CRASH + "In total, seven people received treatment at St Odile Hospital in Varnholt.", False),
    ("Teachers in Carvel have accepted a pay deal. Starting salaries for newly qualified teachers will rise by 9 per "
     "cent, a measure aimed at tackling a shortage of around 1,100 teachers.",
     "Teachers in Carvel have accepted a pay deal. Pay will rise by 6 per cent in total, with newly qualified "
     "teachers getting the biggest increase.", False),
])
def test_a_count_of_another_verb_a_sum_of_riders_and_staff_and_a_total_against_a_part(first, second, apart):
    story = _two(first, second)
    assert bool(_of_kind(story, "number")) == apart, story["conflicts"]


BRIDGE = "The Easterhythe footbridge was closed on Friday after cracks were found in its deck. "


@pytest.mark.parametrize(("first", "second", "kind"), [
    (BRIDGE + "Engineers found three cracks during a routine inspection on Wednesday.",
     BRIDGE + "A follow-up survey on Friday found four more cracks, bringing the total to seven.", "date"),
    (BRIDGE + "She found three cracks, the largest about 40 centimetres long.",
     BRIDGE + "A follow-up survey on Friday found four more cracks, bringing the total to seven.", "number"),
    ("The Maritime Fares Authority on Tuesday approved an average fare increase of 8.5 percent for Skerrylink.",
     "The Maritime Fares Authority ruled on Skerrylink's fares on Tuesday. Skerrylink had applied in March for an "
     "average increase of 14 percent, citing its fuel bill.", "number"),
    ("The pilot, Arno Brisk, was taken by ambulance to St Aurel Hospital in Dunmarrow, where he was kept overnight.",
     "Brisk hurt his back and spent the night in St Aurel Hospital, where staff said he was comfortable.", "place"),
    ("The museum ship Margit Ralla sank at her moorings on Sunday. The Margit Ralla is one of only four sailing ships "
     "of her period still afloat in Estervald.",
     "The museum ship Margit Ralla sank at her moorings on Sunday. For many in Kessholm, the sight of the Margit Ralla "
     "resting on the bottom of the Old Harbour has been hard to take.", "place"),
    ("Tessary's restored library reopened on Saturday. Mayor Idris Bollen told the crowd that the library was \"the "
     "living room of the city\".",
     "Tessary's restored library reopened on Saturday. The city has not yet decided whether the library will open on "
     "Sundays.", "polarity"),
])
def test_more_of_a_kind_an_application_a_place_named_by_both_people_in_a_town_and_an_open_question(first, second,
                                                                                                  kind):
    story = _two(first, second)
    assert not _of_kind(story, kind), story["conflicts"]


@pytest.mark.parametrize(("first", "second", "apart"), [
    # an absence a party told, in what it said ("Police said on Thursday night that none of ..."), is an absence too
    (("Marsh Wire", "2026-03-12", "Police said on Thursday night that none of the three suspects had been charged "
                                  "and that all had been released."),
     ("Dale Courier", "2026-03-12", "Two of the suspects were charged on Thursday with burglary, prosecutors said."),
     True),
    # the deed appealed "against" something is the appeal; a deed refused is a deed not done
    (("Marsh Wire", "2026-03-12", "Her lawyer told reporters on Thursday that Lind had not appealed against the ban."),
     ("Dale Courier", "2026-03-12", "Lind has lodged an appeal with the federation, her club said on Thursday."),
     True),
    (("Marsh Wire", "2026-03-12", "Tobias Krell, who led the No campaign, refused to concede on Thursday."),
     ("Dale Courier", "2026-03-12", "Krell conceded defeat shortly after the result was declared on Thursday."),
     True),
    (("Marsh Wire", "2026-03-12", "Talks broke down on Thursday after the airline refused to improve its offer."),
     ("Dale Courier", "2026-03-12", "The airline's chief executive said the offer was the best it could afford."),
     False),
    # and what a party said was never done to a thing asks for that deed, not only the thing ("no bus was damaged")
    (("Marsh Wire", "2026-03-12", "The operator confirmed on Thursday that no bus had been damaged in the depot fire."),
     ("Dale Courier", "2026-03-12", "About 40 buses a day leave the depot on the northern ring road."),
     False),
    # a separate happening, a forecast ("likely") and a claim with a "not" in it affirm nothing against an absence
    (("Marsh Wire", "2026-03-12", "Police said they had not made any arrests over the depot fire."),
     ("Dale Courier", "2026-03-12", "Police arrested a man on Thursday over a separate fire at a builder's yard."),
     False),
    (("Marsh Wire", "2026-03-12", "The council said crews had not yet reached the flooded farms."),
     ("Dale Courier", "2026-03-12", "The toll is likely to rise as crews reach the flooded farms, officials say."),
     False),
    # no decision on whether a thing is so is a question left open, not a decision said not to have been taken
    (("Marsh Wire", "2026-03-12", "The trust says no decision has been taken on whether the ward closure will be "
                                  "permanent."),
     ("Dale Courier", "2026-03-12", "The trust's director said the decision had been taken after months of talks."),
     False),
])
def test_an_absence_a_party_told_and_what_it_asks_of_the_other_claim(first, second, apart):
    story = _story(first, second)
    assert bool(_of_kind(story, "polarity")) == apart, story["conflicts"]


def test_a_thing_stopped_against_the_same_thing_carried_on_is_an_affirm_deny_conflict():
    stopped = _story(
        ("Valley Wire", "2026-06-08", "Orvik Chemicals said it had halted production at the Marl plant early on Monday "
                                      "while engineers checked the pipes."),
        ("Marl Gazette", "2026-06-09", "Orvik Chemicals said production at the Marl plant had continued without "
                                       "interruption since the leak."))
    assert len(_of_kind(stopped, "polarity")) == 1, stopped["conflicts"]
    closed = _story(
        ("Valley Wire", "2026-06-08", "The clinic's walk-in centre was closed to new patients on Monday."),
        ("Marl Gazette", "2026-06-08", "The clinic's walk-in centre remained open throughout, a spokeswoman said."))
    assert len(_of_kind(closed, "polarity")) == 1, closed["conflicts"]
    # closed on Monday, and open again in the next day's paper: news since, not a contradiction
    reopened = _story(
        ("Valley Wire", "2026-06-08", "The clinic's walk-in centre was closed to new patients on Monday."),
        ("Marl Gazette", "2026-06-09", "The clinic's walk-in centre remained open, a spokeswoman said."))
    assert not _of_kind(reopened, "polarity"), reopened["conflicts"]


def test_a_running_total_since_a_day_and_an_afternoon_answer_after_a_morning_silence_are_not_conflicts():
    totals = _two("Some 45 flights were cancelled on Monday because of the strike.",
                  "In total, 130 flights have been cancelled since Monday, the airport said.")
    assert not _of_kind(totals, "number"), totals["conflicts"]
    # a wire of Tuesday that has no answer yet, and Wednesday's paper: the answer came on Tuesday afternoon
    answered = _story(
        ("Sea Wire", "2026-10-20", "Corran Lines has not said whether passengers will get their money back."),
        ("Port Daily", "2026-10-21", "Corran Lines confirmed on Tuesday afternoon that all passengers would get "
                                     "their money back in full."))
    assert not _of_kind(answered, "polarity"), answered["conflicts"]


@pytest.mark.parametrize("first, second", [
    # the subject a clause shares with the one before it: the neighbour's building, not the depot
    (("Marsh Wire", "2026-03-10", "A fire destroyed a bus depot belonging to Kelt Coaches in Varrow late on Monday, "
                                  "sending thick smoke over the harbour."),
     ("Dale Courier", "2026-03-10", "A furniture shop next door said its building had suffered smoke damage but had "
                                    "not caught fire.")),
    # who told it is not what it was not done to, and "in colour" is the way it was not done
    (("Marsh Wire", "2026-03-10", "Antique dealers have been sent photographs of the stolen medals."),
     ("Dale Courier", "2026-03-10", "Ola Brisk, who looks after the medal collection, said several of the stolen "
                                    "medals had never been photographed in colour.")),
])
def test_an_absence_is_of_its_own_subject_and_its_own_manner(first, second):
    story = _story(first, second)
    assert not _of_kind(story, "polarity"), story["conflicts"]


def test_a_day_given_to_a_happening_the_other_claim_names_as_before_or_after_it_is_no_date_conflict():
    drawn = _story(
        ("Lotto Wire", "2026-03-06", "A single ticket matched all six numbers in the Harrow Lotto draw. The ticket "
                                     "was sold on Tuesday, March 3, the day before the draw, at a kiosk in Brel."),
        ("Brel Post", "2026-03-06", "A single ticket matched all six numbers in the Harrow Lotto draw. The numbers "
                                    "were drawn on Wednesday, March 4, in the capital."))
    assert not _of_kind(drawn, "date"), drawn["conflicts"]


def test_a_count_by_a_moment_against_the_total_and_an_offer_against_a_demand_are_no_number_conflicts():
    treated = _story(
        ("Kesk Radio", "2026-07-19", "Heat cut short the Vorne city marathon on Sunday. By mid-afternoon, 38 runners "
                                     "had been treated by medical teams, the ambulance service said."),
        ("Vorne Herald", "2026-07-20", "Heat cut short the Vorne city marathon on Sunday. In total, 57 runners needed "
                                       "medical treatment, the ambulance service said."))
    assert not _of_kind(treated, "number"), treated["conflicts"]
    pay = _story(
        ("Kesk Wire", "2026-02-04", "Nurses in Vorne walked out on Tuesday. The nurses' union called the strike after "
                                    "its members turned down the ministry's offer of a 2.5 percent pay rise."),
        ("Vorne Herald", "2026-02-04", "Nurses in Vorne walked out on Tuesday. The nurses' union wants a 6 percent "
                                       "pay rise."))
    assert not _of_kind(pay, "number"), pay["conflicts"]


def test_an_absence_since_a_year_spans_up_to_its_writing():
    inspected = _story(
        ("Dale Courier", "2026-02-08", "Part of the Vorne sports hall roof gave way under snow on Saturday. The town "
                                       "said the roof had been inspected in December and found to be sound."),
        ("Hall & Field", "2026-02-10", "Part of the Vorne sports hall roof gave way under snow on Saturday. Council "
                                       "records show the roof had not been inspected since 2021."))
    assert len(_of_kind(inspected, "polarity")) == 1, inspected["conflicts"]
    before = _story(
        ("Dale Courier", "2026-02-08", "Part of the Vorne sports hall roof gave way under snow on Saturday. The roof "
                                       "was last inspected in 2019, the town said."),
        ("Hall & Field", "2026-02-10", "Part of the Vorne sports hall roof gave way under snow on Saturday. Council "
                                       "records show the roof had not been inspected since 2021."))
    assert not _of_kind(before, "polarity"), before["conflicts"]


def test_what_an_absence_is_of_its_subject_its_teller_and_its_manner():
    from rashomon.compare.align import Unit
    from rashomon.compare.conflicts import absent_event

    def absent(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        return absent_event(Unit(index=0, article_id="a", origin="a", position=0, start=0, end=len(text), text=text))

    # the subject of the clause before, when its verb has an auxiliary; else none, as before
    assert absent("The shop said its building had suffered smoke damage, but had not caught fire.")[1] == {"buildi"}
    assert absent("The building, owned by the council, suffered damage but has not been demolished.")[1] == set()
    # a name after the "said" frame is the subject, one before it the teller
    assert absent("Police said Smith, who was arrested in Leeds, had not been charged.")[1] == {"smith"}
    assert "brisk" not in absent("Ola Brisk, who looks after the medals, said several of the medals had never been "
                                 "photographed in colour.")[1]
    # a manner the other claim must tell too; a cause ("in part because") and "on time" are no manner
    assert absent("The contractor has not been paid in full.")[2] == {"ful"}
    assert absent("The school has not reopened in part because of flooding.")[2] == set()
    assert absent("The wages have not been paid on time.")[2] == set()


def test_a_pronoun_or_a_dateline_is_never_shown_as_who_said_a_quote():
    story = _story(
        ("Valley Star", "2026-03-04", 'The two unions met the board on Tuesday. They said the new rota "would put '
                                      'patients at risk every single night." The board did not answer.'),
        ("Ridge Courier", "2026-03-04", 'HALDEN -- Nurses at the county hospital say the new rota is unsafe for '
                                        'patients and staff alike, and will vote on a strike.'),
    )
    speakers = {v["speaker_as_written"] for q in story["quotes"] for v in q["variants"]}
    shown = {q["speaker"] for q in story["quotes"]}
    assert not ({"They", "HALDEN"} & (speakers | shown)), (speakers, shown)


def test_the_shipped_quote_model_matches_the_code_and_says_where_it_came_from():
    from rashomon.compare.quotes import QUOTE_FEATURES, QUOTE_MODEL_FILE, quote_model

    data = json.loads((ROOT / "src" / "rashomon" / "compare" / QUOTE_MODEL_FILE).read_text(encoding="utf-8"))
    assert "trained" in data["about"] and "report part" in data["about"]
    for backend in ("minilm", "lexical"):
        model = quote_model(backend)
        assert model is not None and len(model.pairs.weights) == len(QUOTE_FEATURES)
        assert 0.0 < model.threshold < 1.0
        same = np.zeros((1, len(QUOTE_FEATURES)))  # the same words, quoted by both
        for name, value in (("sim", 0.95), ("overlap", 0.9), ("shared", 1.0), ("run", 1.0), ("both_quoted", 1.0),
                            ("length", 0.9)):
            same[0, QUOTE_FEATURES.index(name)] = value
        other = np.zeros((1, len(QUOTE_FEATURES)))  # two remarks that share nothing
        other[0, QUOTE_FEATURES.index("sim")] = 0.2
        other[0, QUOTE_FEATURES.index("length")] = 0.9
        assert model.pairs.probability(same)[0] > 0.9 and model.pairs.probability(other)[0] < model.threshold / 2


def test_one_remark_quoted_by_one_outlet_and_told_in_its_own_words_by_another_is_one_group():
    story = _story(
        ("Harbour Times", "2026-05-04", "Councillor Ruth Calloway said on Monday that she would oppose the budget. "
                                        "Calloway also said the sea wall must be rebuilt before the winter storms."),
        ("Coast Radio", "2026-05-04", '"The budget is a disgrace and I will vote against it," Councillor Ruth '
                                      'Calloway said on Monday. "We need more buses on the night routes," Calloway '
                                      'added.'),
    )
    groups = [sorted((v["article_id"], v["text"]) for v in q["variants"]) for q in story["quotes"]]
    assert [("a", "that she would oppose the budget"),
            ("b", "The budget is a disgrace and I will vote against it")] in groups
    assert len(groups) == 3 and {q["speaker"] for q in story["quotes"]} == {"Ruth Calloway"}


def test_a_title_the_tagger_reads_into_a_name_makes_it_a_person_and_the_surname_is_the_same_person():
    texts = {"a": "Councillor Ruth Calloway opened the new library on Monday. Calloway thanked the volunteers.",
             "b": "Alderman Jonas Kettering said the library cost less than planned.",
             "c": "Queen Victoria Market and Judge Business School will share the site with General Dynamics "
                  "Electric Boat."}
    entities, _ = link_entities({k: (t, annotate_articles([Article(id=k, source=f"{k}.txt", text=t, title=None,
                                                                   outlet=k, language="en", published=None)])[0])
                                 for k, t in texts.items()})
    people = {e.name: e for e in entities if e.type == "PERSON"}
    assert "Ruth Calloway" in people and "Calloway" in people["Ruth Calloway"].aliases
    assert "Jonas Kettering" in people
    assert "Dynamics Electric Boat" not in {e.name for e in entities}
    from rashomon.compare.entities import _titled_person

    assert not any(_titled_person(name) for name in ("Queen Victoria Market", "Judge Business School",
                                                     "General Dynamics Electric Boat", "Queen Margaret Hospital"))


def test_a_speaker_opening_a_line_before_a_dash_an_indefinite_description_and_who_in_capitals_are_kept():
    from rashomon.compare.speech import _not_a_speaker
    from rashomon.records import Quote

    def quote(text: str, written: str, resolved: str | None) -> Quote:
        at = text.index(written)
        return Quote(0, 10, text[:10], "indirect", "said", None, None, written, at, at + len(written), resolved)

    smith = "Smith -- a Republican from Ohio -- told reporters the bill was dead."
    assert not _not_a_speaker(quote(smith, "Smith", "Paul Smith"), smith)
    dateline = "DENVER -- The governor said the bill was dead."
    assert _not_a_speaker(quote(dateline, "DENVER", "DENVER"), dateline)
    agency = "Denver (AP) – The governor said the bill was dead."
    assert _not_a_speaker(quote(agency, "Denver", "Denver"), agency)
    who = "WHO said the outbreak was over."
    assert not _not_a_speaker(quote(who, "WHO", "WHO"), who)
    they = "They said the outbreak was over."
    assert _not_a_speaker(quote(they, "They", None), they)


def test_an_indefinite_description_is_not_the_storys_one_holder_of_that_title():
    from rashomon.compare.speech import story_variants
    from rashomon.records import Annotation, Mention, Quote

    text = "Sen. Ted Cruz spoke in Austin. Another senator said that the bill was dead."
    said = text.index("that the bill")
    speaker = text.index("Another senator")
    quote = Quote(said, len(text) - 1, text[said:len(text) - 1], "indirect", "said", None, None, "Another senator",
                  speaker, speaker + len("Another senator"), None)
    mentions = (Mention(text.index("Ted"), text.index("Ted") + 8, "Ted Cruz", "PERSON"),)
    annotation = Annotation("a", mentions=mentions, quotes=(quote,))
    article = Article(id="a", source="a.txt", text=text, title=None, outlet="Ledger", language="en", published=None)
    entities, owner = link_entities({"a": (text, annotation)})
    variants, _, _ = story_variants([StoryArticle(article, annotation)], entities, owner)
    assert [v.speaker_name for v in variants] == [None]


def test_a_claim_telling_a_remark_a_brief_line_already_cites_elsewhere_is_a_restatement():
    from rashomon.compare.align import Unit
    from rashomon.compare.brief import Restated
    from rashomon.compare.quotes import QuoteGroup, Variant
    from rashomon.records import Quote

    lead = "Marsh announced that he is bowing out as moderator of the debate."
    said = '"I have decided not to be the moderator," Marsh said.'
    units = [Unit(0, "a", "a", 0, 0, len(lead), lead), Unit(1, "b", "b", 0, 0, len(said), said),
             Unit(2, "b", "b", 1, len(said) + 1, len(said) + 20, "The debate is in May.")]

    def variant(article: str, text: str, start: int, kind: str) -> Variant:
        quote = Quote(start, start + len(text), text, kind, "said", None, None, "Marsh", None, None, "Marsh")
        return Variant(article, quote, start, start + len(text), text, "e1", "Don Marsh", "directly")

    remark = QuoteGroup([variant("a", "that he is bowing out as moderator of the debate", lead.index("that"),
                                 "indirect"),
                         variant("b", "I have decided not to be the moderator", 1, "direct")])
    assert Restated(units, {}, [remark])({0}, {1})  # the lead tells the remark the cited quote gives
    assert not Restated(units, {})({0}, {1})  # without the remarks, two claims the pair model did not join
    assert not Restated(units, {}, [remark])({2}, {0})  # another claim of the quote's article


def test_declining_pulling_out_or_deciding_not_to_is_no_affirmation_against_would_not():
    story = _story(
        ("Capital Ledger", "2026-02-06", "Donald Marsh announced on Tuesday that he is pulling out of the Newsmax "
                                         "debate. Most candidates had said they would not attend."),
        ("Evening Wire", "2026-02-06", '"I have decided not to be the moderator of the Newsmax debate," Donald Marsh '
                                       "said in a statement on Tuesday. Most candidates had declined to attend."),
        ("Morning Post", "2026-02-06", "Donald Marsh said on Tuesday that he would not moderate the Newsmax debate."),
    )
    assert _of_kind(story, "polarity") == []
    # the same verb on both sides, one negated, is still a denial
    withdrew = _story(
        ("Capital Ledger", "2026-02-06", "The Harlow club withdrew from the regional league on Monday, its chairman "
                                         "said. Fans gathered outside the ground."),
        ("Evening Wire", "2026-02-06", "The Harlow club has not withdrawn from the regional league, its chairman said "
                                       "on Monday. Fans gathered outside the ground."),
    )
    assert len(_of_kind(withdrew, "polarity")) == 1


# Written for these tests (a fictional mill-fire story): one deed told as done in one outlet and as not done in another.
MILL_FIRE = ("Fire crews fought a blaze at the Harlow textile mill in Brennick through Thursday night, and 40 workers "
             "were evacuated.\n\nThe mill's owner, Corwen Textiles, said production would resume next month.")


def test_one_deed_done_in_one_outlet_and_not_done_in_another_is_a_contradiction():
    story = _story(("Brennick Post", "2026-05-08", MILL_FIRE + "\n\nPolice said on Friday that they had arrested the "
                    "mill's night manager, Aldo Fenn, and that arson had been ruled out."),
                   ("Valley Radio", "2026-05-08", MILL_FIRE + "\n\nPolice said on Friday that they had not ruled out "
                    "arson and that a forensic team was examining the building."))
    [conflict] = [c for c in _of_kind(story, "polarity") if "arson" in c["sides"][0]["text"]]
    assert {s["value"] for s in conflict["sides"]} == {"affirms", "denies"}


def test_a_deed_not_done_set_against_other_things_or_later_news_is_no_contradiction():
    # what was done is another thing than what was not ("the budget" / "the parking rules")
    story = _story(("Brennick Post", "2026-05-08", MILL_FIRE + "\n\nThe town council approved new parking rules for "
                    "the mill district on Friday."),
                   ("Valley Radio", "2026-05-08", MILL_FIRE + "\n\nThe town council has not approved the budget for "
                    "the new fire station."))
    assert not [c for c in _of_kind(story, "polarity") if "council" in c["sides"][0]["text"]]
    # "has not been charged" on Friday, "was charged" on Saturday: news since
    story = _story(("Brennick Post", "2026-05-08", MILL_FIRE + "\n\nThe night manager, Aldo Fenn, was questioned by "
                    "police on Friday but has not been charged."),
                   ("Valley Radio", "2026-05-09", MILL_FIRE + "\n\nPolice charged the night manager, Aldo Fenn, with "
                    "arson on Saturday morning."))
    assert not [c for c in _of_kind(story, "polarity") if "Fenn" in c["sides"][0]["text"]]
    # what may be done, or is asked for, is not done
    story = _story(("Brennick Post", "2026-05-08", MILL_FIRE + "\n\nThe union said the insurers may reject the claim "
                    "for the lost stock."),
                   ("Valley Radio", "2026-05-08", MILL_FIRE + "\n\nThe insurers have not rejected the claim for the "
                    "lost stock, a spokesman said."))
    assert not [c for c in _of_kind(story, "polarity") if "insurers" in c["sides"][0]["text"]]


def test_the_month_may_is_no_modal():
    """"KELFORD, May 20 (CPS) - Prosecutors charged ..." tells what happened; "the insurers may reject it" does not."""
    from rashomon.compare.conflicts import MAY_BE, NOT_HAPPENED, UNSETTLED
    for pattern in (NOT_HAPPENED, MAY_BE, UNSETTLED):
        assert pattern.search("KELFORD, May 20 (CPS) - Prosecutors charged the harbour master") is None
        assert pattern.search("The insurers may reject the claim") is not None


def test_a_functions_head_is_not_the_organisations_head():
    from rashomon.compare.conflicts import office_words
    assert office_words("the hospital's medical director", head_of=True) is None
    assert office_words("the club's sporting director", head_of=True) is None
    assert office_words("the museum's director", head_of=True) == ("museum", "lead")


# Written for these tests (a fictional chairlift story).
CHAIRLIFT = ("A chair fell from the Marmot lift at the Aulaine ski resort on Saturday morning, the resort said.\n\n"
             "The lift was closed and 140 skiers were brought down by rescuers.")


def test_none_of_the_others_hurt_denies_no_hurt_of_the_victims_and_one_surname_may_be_one_person():
    story = _story(("Alpine Wire", "2026-02-14", CHAIRLIFT + "\n\nA man died and his daughter was seriously hurt when "
                    "their chair fell about 12 metres.\n\nDoris Kemp, 74, a ski instructor from Lorrant, helped "
                    "carry the girl to the rescue sledge."),
                   ("Valley Radio", "2026-02-14", CHAIRLIFT + "\n\nNone of the other skiers on the lift were hurt, "
                    "the resort said.\n\nDot Kemp, 74, a ski instructor from Lorrant, helped carry the girl to the "
                    "rescue sledge."))
    assert not _of_kind(story, "polarity")
    assert not _of_kind(story, "name")


def test_talks_that_broke_down_and_talks_that_resumed_are_two_steps_not_one_happening_on_two_days():
    story = _story(
        ("North Wire", "2026-09-10", "Talks between the dockers' union and the port authority broke down on Monday "
                                     "evening, the union said."),
        ("Port Gazette", "2026-09-10", "Negotiations between the port authority and the dockers resumed on Tuesday, "
                                       "and the strike was called off."),
    )
    assert not _of_kind(story, "date"), story["conflicts"]


def test_an_intention_announced_or_pledged_is_told_as_one_said_is():
    # the intention check's verbs of saying had been replaced by the place check's list of the same name (say, tell,
    # speak, add, write, ...), so "announced that it would appeal" told no intention
    story = _story(
        ("Coast Wire", "2026-04-14", "Ferrox Mining announced on Monday that it would appeal the tribunal's ruling on "
                                     "the Kell quarry."),
        ("Island Radio", "2026-04-14", "Ferrox Mining said on Monday that it accepted the tribunal's findings and "
                                       "would not appeal."),
    )
    assert len(_of_kind(story, "polarity")) == 1, story["conflicts"]


@pytest.mark.parametrize(("day", "conflicts"), [("April 3, 2025", 1), ("March 3, 2025", 0)])
def test_two_days_are_compared_in_claims_that_read_alike_but_state_more_than_one_fact(day, conflicts):
    # The two claims read alike (cosine 0.67) but the pair model keeps them apart (the second tells of the ruling too),
    # so no fact and no candidate pair holds them; the day of the licence is still one day.
    story = _story(
        ("Coast Wire", "2026-03-10", "Farmers challenged the water licence that the environment ministry granted to "
                                     "the Kelby quarry on March 3, 2025."),
        ("Harbour Post", "2026-03-10", "According to the ruling, the ministry ignored the springs before granting the "
                                       f"Kelby quarry its water licence on {day}."),
    )
    assert len(_of_kind(story, "date")) == conflicts, story["conflicts"]


def test_a_day_in_the_past_perfect_or_in_quotes_is_not_compared_with_claims_that_only_read_alike():
    from rashomon.compare.align import Unit
    from rashomon.compare.conflicts import _day_told, _earlier
    from rashomon.records import TimeExpr

    def unit(text: str, day: str) -> Unit:
        start = text.index(day)
        return Unit(index=0, article_id="a", origin="a", position=0, start=0, end=len(text), text=text,
                    times=(TimeExpr(start, start + len(day), day, "2026-05-02", "day", "past", "absolute"),))

    assert _earlier(unit("Amberly had beaten Rovers 3-0 in the league on 2 May.", "2 May"))
    assert not _earlier(unit("Rovers beat Amberly 2-1 in the final on 2 May.", "2 May"))
    assert not _day_told(unit('"We will be ready for the rush hour on 2 May," the manager said.', "2 May"))
    assert _day_told(unit("The line reopened on 2 May, the manager said.", "2 May"))



@pytest.mark.parametrize(("text", "amount", "change"), [
    ("The regulator let Skerrylink raise fares by an average of 11 percent.", "11 percent", True),
    ("The authority approved an average fare increase of 8.5 percent.", "8.5 percent", True),
    ("The council cut its grant by a total of 40 percent.", "40 percent", True),
    ("Fares will average 11 percent of a day's pay.", "11 percent", False),
])
def test_a_change_by_an_average_or_a_total_is_a_change_not_a_level(text, amount, change):
    from rashomon.compare.conflicts import difference
    from rashomon.records import Quantity
    start = text.index(amount)
    quantity = Quantity(start, start + len(amount), amount, float(amount.split()[0]), "%", "percent")
    assert difference(text, quantity) is change


def test_a_finished_happening_told_without_arrests_is_set_against_arrests_told_later():
    # "No arrests were made during the protest" tells a happening that is over: a later article's arrests at it are
    # another account of it, not news since; "passed off without arrests" says the same
    for denial in ("Police said no arrests were made during the protest, which ended peacefully.",
                   "The protest passed off without arrests, according to police."):
        story = _story(
            ("Coast Wire", "2026-03-28", "Farmers blocked the toll bridge at Carrow with tractors on Saturday. "
                                         + denial),
            ("Daily Beacon", "2026-03-30", "Farmers blocked the Carrow toll bridge on Saturday. Police arrested five "
                                           "protesters at the toll booths at the height of the blockade."),
        )
        assert len(_of_kind(story, "polarity")) == 1, (denial, story["conflicts"])


def test_an_absence_as_of_its_writing_or_of_an_earlier_occasion_or_of_others_is_not_set_against_what_happened():
    story = _story(
        ("Coast Wire", "2026-03-28", "Farmers blocked the toll bridge at Carrow with tractors on Saturday. Police "
                                     "said no arrests had been made by Saturday evening. A tractor convoy blocked the "
                                     "same bridge in 2024. Nobody was hurt on that occasion."),
        ("Daily Beacon", "2026-03-30", "Farmers blocked the Carrow toll bridge on Saturday. Police arrested five "
                                       "protesters at the toll booths. Two drivers were hurt when a tractor rolled "
                                       "back in the queue."),
    )
    assert not _of_kind(story, "polarity"), story["conflicts"]
    story = _story(
        ("Valley Radio", "2026-01-20", "A boy of six was admitted to intensive care at Lusk General Hospital on "
                                       "Saturday after eating a custard slice from the bakery."),
        ("Business Journal", "2026-01-21", "No further patients have needed intensive care after eating a custard "
                                           "slice from the bakery, and the boy admitted on Saturday is recovering."),
    )
    assert not _of_kind(story, "polarity"), story["conflicts"]


def test_the_day_of_a_saying_or_of_what_followed_a_happening_is_not_its_day_nor_a_base_its_place():
    story = _story(
        ("Orbis Wire", "2026-05-21", "The Belmonte violin was sold at auction in Lundmark on Wednesday evening for "
                                     "9.4 million talers."),
        ("Business Daily", "2026-05-22", "On Thursday the Aldermoor Foundation, a cultural trust based in Veste, "
                                         "confirmed that it had bought the Belmonte violin at the Lundmark auction."),
    )
    assert not _of_kind(story, "date") and not _of_kind(story, "place"), story["conflicts"]
    story = _story(
        ("Quarlby Times", "2026-11-03", "A section of roofing above the dispatch warehouse gave way in Monday "
                                        "night's storm, scattering sheeting across the floor."),
        ("Safety Weekly", "2026-11-05", "The 190 workers on the early shift were sent home on Tuesday morning after "
                                        "a section of the roof was torn away in the storm."),
    )
    assert not _of_kind(story, "date"), story["conflicts"]


@pytest.mark.parametrize(("first", "second", "names"), [
    # a title written after another "the" ("with the help of the regional ombudsman, X")
    ("The truce was signed in Kessling on Thursday. The talks were brokered by the regional fisheries ombudsman, "
     "Halvard Stenmark.",
     "The truce, signed in Kessling on Thursday, was worked out with the help of the regional fisheries ombudsman, "
     "Ingrid Pauley, who was asked to mediate in May.", {"Halvard Stenmark", "Ingrid Pauley"}),
    # whose the office is, told by a common noun
    ("The outbreak has made 40 people ill. The investigation is led by the region's chief health officer, Dr Sanna "
     "Ivers, who said the first patients fell ill in January.",
     "Forty people have fallen ill in the outbreak. The authority's chief health officer, Dr Malte Rusk, said the "
     "inquiry was focusing on a batch of eggs.", {"Sanna Ivers", "Malte Rusk"}),
    # the driver of the one vehicle
    ("A school bus left the road in fog near Eskholt on Tuesday. Its driver, Arvid Pelham, 54, was cut free by "
     "firefighters.",
     "A school bus crashed in fog near Eskholt on Tuesday. The driver, Tomas Rennick, who is 54, is being treated as "
     "a witness.", {"Arvid Pelham", "Tomas Rennick"}),
])
def test_one_role_told_after_another_noun_or_whose_in_a_common_noun_or_a_driver_is_one_office(first, second, names):
    assert _office_holders_set_against(first, second, "2026-06-12") == names


def test_a_thing_shut_on_a_day_and_one_in_operation_throughout_are_told_both_ways():
    story = _story(
        ("Lusk Clarion", "2026-01-24", "Health inspectors shut the firm's central bakery on Friday after the bug was "
                                       "traced to its vanilla custard."),
        ("Business Journal", "2026-01-27", "The central bakery has remained in operation throughout, producing bread "
                                           "and rolls, finance director Oskar Lembeck said on Monday."),
    )
    assert len(_of_kind(story, "polarity")) == 1, story["conflicts"]
    story = _story(  # in hospital, not in operation
        ("Lusk Clarion", "2026-01-24", "Health inspectors shut the firm's central bakery on Friday."),
        ("Business Journal", "2026-01-27", "The baker has remained in hospital throughout, his family said on Monday."),
    )
    assert not _of_kind(story, "polarity"), story["conflicts"]


def test_a_deed_told_done_before_a_clause_of_what_is_to_come_is_set_against_neither_having_done_it():
    story = _story(
        ("Kellow Post", "2026-04-27", "Police recovered the stolen pigeons from a barn near Stenby on Saturday. Two "
                                      "men have been charged with theft and will appear before magistrates in Kellow "
                                      "on Tuesday, a police spokesman said."),
        ("Racing Pigeon Weekly", "2026-04-29", "The stolen pigeons were found in a barn near Stenby on Saturday. "
                                               "Neither of the two men arrested on Saturday has been charged, police "
                                               "said."),
    )
    assert len(_of_kind(story, "polarity")) == 1, story["conflicts"]
