"""Cross-source comparison: the demo story against its gold, the seeds as a journalist reads them,
bad input (one article, other languages, no quotes or dates, too many articles), and the analysis files."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from rashomon import compare as compare_module
from rashomon.analysis import SCHEMA, build_analysis, story_articles
from rashomon.cli import app
from rashomon.cluster import cluster
from rashomon.compare import StoryArticle, compare_story
from rashomon.compare.entities import link_entities
from rashomon.compare.pairs import stems
from rashomon.compare.quotes import same_words
from rashomon.compare.similarity import encoder
from rashomon.ingest import ingest
from rashomon.models import Article
from rashomon.nlp import annotate, annotate_articles
from rashomon.records import Annotation
from rashomon.report import write_analysis
from rashomon.settings import Settings
from rashomon.store import Store
from tests.conftest import DEMO, SEEDS

GOLD = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))


def _analysed(store: Store, corpus: str) -> dict:
    settings = Settings(workers=1)
    ingest([corpus], store, settings)
    annotate(store, settings=settings)
    cluster(store)
    return build_analysis(store, encoder())


@pytest.fixture(scope="module")
def demo_analysis(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("demo") / "r.db") as store:
        yield _analysed(store, str(DEMO / "corpus"))


def _dam(analysis: dict) -> dict:
    return max(analysis["stories"], key=lambda s: s["article_count"])


def _outlet_of(analysis: dict) -> dict[str, str]:
    return {a["id"]: a["outlet"] for a in analysis["articles"]}


def test_every_cited_span_is_the_text_it_quotes(demo_analysis):
    texts = {a["id"]: a["text"] for a in demo_analysis["articles"]}
    assert demo_analysis["schema"] == SCHEMA
    for story in demo_analysis["stories"]:
        spans = [s for f in story["facts"] for s in f["support"]]
        spans += [s for c in story["conflicts"] for s in c["sides"]]
        spans += [v for q in story["quotes"] for v in q["variants"]]
        spans += [s for t in story["timeline"] for s in t["support"]]
        assert spans
        for span in spans:
            assert texts[span["article_id"]][span["start"]:span["end"]] == span["text"]
        for sentence in story["brief"]:
            assert sentence["citations"] and sentence["fact_ids"]


def test_facts_and_timeline_read_as_their_sources(demo_analysis):
    for story in demo_analysis["stories"]:
        facts = {f["id"]: f for f in story["facts"]}
        for fact in story["facts"]:  # the wording shown is one of the fact's own supporting sentences
            assert any(s["article_id"] == fact["text_from"]["article_id"] and s["text"] == fact["text"]
                       for s in fact["support"])
        dated = [(t["date"], t["text"]) for t in story["timeline"]]
        assert len(dated) == len(set(dated))  # a sentence stating two facts is one entry
        for entry in story["timeline"]:
            assert all(fact_id in facts for fact_id in entry["fact_ids"])
        supports: dict[tuple[str, int], int] = {}
        for fact in story["facts"]:
            for span in fact["support"]:
                supports[(span["article_id"], span["start"])] = supports.get((span["article_id"], span["start"]), 0) + 1
        assert max(supports.values(), default=0) <= 2  # a claim supports its fact and at most one other


def test_demo_injury_numbers_are_a_contradiction_with_both_sides_cited(demo_analysis):
    story = _dam(demo_analysis)
    outlets = _outlet_of(demo_analysis)
    numbers = [c for c in story["conflicts"] if c["kind"] == "number"]
    assert len(numbers) == 1, story["conflicts"]
    sides = {(outlets[s["article_id"]], s["value"]) for s in numbers[0]["sides"]}
    assert ("Valley Courier", "14 people") in sides
    assert ("The Northgate Herald", "12 people") in sides
    fact = next(f for f in story["facts"] if f["id"] in numbers[0]["fact_ids"])
    assert fact["status"] == "contested"
    # The river's "1.8 metres" and "almost two metres" are one hedged figure, not a contradiction.
    assert not any(c["description"].split(":")[0] == "m" for c in story["conflicts"])


def test_demo_quote_variants_are_grouped_with_their_attribution_chains(demo_analysis):
    story = _dam(demo_analysis)
    outlets = _outlet_of(demo_analysis)
    group = next(q for q in story["quotes"] if q["speaker"] == "Pavel Dronov" and "model" in q["variants"][0]["text"])
    by_outlet = {outlets[v["article_id"]]: v for v in group["variants"]}
    assert {"The Northgate Herald", "Meridian Press Agency", "The Capital Ledger"} <= set(by_outlet)
    assert by_outlet["The Northgate Herald"]["attribution"] == "via Meridian Press Agency"
    assert by_outlet["Meridian Press Agency"]["attribution"] == "directly"
    assert by_outlet["Tolsk Daily"]["attribution"] == "reprinted copy"
    assert "rose" in by_outlet["The Capital Ledger"]["unique_words"]


def test_demo_facts_count_reprints_once_and_exclusives_belong_to_their_outlet(demo_analysis):
    story = _dam(demo_analysis)
    outlets = _outlet_of(demo_analysis)
    collapse = story["facts"][0]
    assert collapse["status"] == "corroborated"
    support_outlets = [outlets[s["article_id"]] for s in collapse["support"]]
    assert "Tolsk Daily" in support_outlets and "Meridian Press Agency" in support_outlets
    assert collapse["independent_sources"] == len(set(support_outlets)) - 1  # the reprint counts once
    assert collapse["first_reported_by"]["outlet"] == "Meridian Press Agency"
    built = next(f for f in story["facts"] if "1968" in f["text"])
    assert built["status"] == "single-source"
    exclusives = {outlets[e["article_id"]]: e["fact_ids"] for e in story["exclusives"]}
    assert built["id"] in exclusives["The Northgate Herald"]
    assert not exclusives["Tolsk Daily"]  # a reprint has nothing of its own
    strong = {f["id"] for f in story["facts"] if f["independent_sources"] >= 3}
    lantern = next(o for o in story["omissions"] if outlets[o["article_id"]] == "The Lantern")
    assert strong & set(lantern["fact_ids"])


def test_demo_fact_pairs_reach_the_gold(demo_analysis):
    """At least half of the gold's cross-article sentence pairs are aligned, and most aligned pairs are gold."""
    story = _dam(demo_analysis)
    texts = {a["id"]: a["text"] for a in demo_analysis["articles"]}
    gold_pairs = set()
    for fact in GOLD["facts"]:
        if fact["story"] == "dam-collapse":
            sentences = set(fact["support"].values())
            gold_pairs |= {frozenset((a, b)) for a in sentences for b in sentences if a != b}
    found = set()
    for fact in story["facts"]:
        support = [(s["article_id"], s["text"]) for s in fact["support"]]
        for article_a, a in support:
            for article_b, b in support:
                if article_a != article_b:
                    gold_a = next((g for g in _gold_sentences() if a in g or g in a), None)
                    gold_b = next((g for g in _gold_sentences() if b in g or g in b), None)
                    if gold_a and gold_b and gold_a != gold_b:
                        found.add(frozenset((gold_a, gold_b)))
    assert texts
    assert len(found & gold_pairs) >= 0.5 * len(gold_pairs)


def _gold_sentences() -> list[str]:
    return sorted({s for f in GOLD["facts"] for s in f["support"].values()}, key=len, reverse=True)


def test_entities_merge_surnames_acronyms_and_vote_on_type():
    text = ("Kirill Dmitriev, the CEO of the Russian Direct Investment Fund (RDIF), spoke. Dmitriev said RDIF would "
            "invest. Kremlin spokesman Dmitry Peskov agreed.")
    from rashomon.records import Mention

    def mention(name: str, label: str, after: int = 0) -> Mention:
        start = text.index(name, after)
        return Mention(start, start + len(name), name, label)

    first = Annotation("a", mentions=(mention("Kirill Dmitriev", "PERSON"),
                                      mention("Russian Direct Investment Fund", "ORG"),
                                      mention("Dmitriev", "PERSON", 60), mention("RDIF", "ORG", 90),
                                      mention("Dmitry Peskov", "PERSON")))
    second = Annotation("b", mentions=(Mention(0, 8, "Dmitriev", "ORG"), Mention(9, 13, "RDIF", "ORG")))
    entities, owner = link_entities({"a": (text, first), "b": ("Dmitriev RDIF", second)})
    by_name = {e.name: e for e in entities}
    dmitriev = by_name["Kirill Dmitriev"]
    assert dmitriev.type == "PERSON" and "Dmitriev" in dmitriev.aliases
    assert owner[("b", 0)] == dmitriev.id  # the other article's ORG tag is outvoted
    fund = by_name["Russian Direct Investment Fund"]
    assert "RDIF" in fund.aliases and owner[("b", 1)] == fund.id
    descriptions = {d["text"] for d in dmitriev.descriptions}
    assert "the CEO of the Russian Direct Investment Fund (RDIF)" in descriptions
    assert {d["text"] for d in by_name["Dmitry Peskov"].descriptions} == {"Kremlin spokesman"}


def test_dotted_acronyms_merge_and_descriptions_start_at_a_role():
    text = "The U.S. team met officials of the United States. Ms. Vale is set to call Harbour Mayor Ines Calder."
    from rashomon.records import Mention

    def mention(name: str, label: str) -> Mention:
        start = text.index(name)
        return Mention(start, start + len(name), name, label)

    annotation = Annotation("a", mentions=(mention("U.S", "PLACE"), mention("United States", "PLACE"),
                                           mention("Ines Calder", "PERSON")))
    entities, _ = link_entities({"a": (text, annotation)})
    by_name = {e.name: e for e in entities}
    assert "U.S" in by_name["United States"].aliases
    assert {d["text"] for d in by_name["Ines Calder"].descriptions} == {"Harbour Mayor"}


def test_a_role_of_another_role_describes_the_name_as_the_first_role():
    # Seeds (UNN): "Special Representative of the Russian President Kirill Dmitriev" listed Dmitriev as "Russian
    # President"; he is the President's representative.
    text = ("Special Representative of the Harbour Mayor Tomas Reyes met investors. Reyes spoke later. "
            "Reyes, an adviser to the Harbour Mayor Ines Calder, left.")
    from rashomon.records import Mention

    def mention(name: str) -> Mention:
        start = text.index(name)
        return Mention(start, start + len(name), name, "PERSON")

    annotation = Annotation("a", mentions=(mention("Tomas Reyes"), mention("Ines Calder")))
    entities, _ = link_entities({"a": (text, annotation)})
    by_name = {e.name: e for e in entities}
    assert {d["text"] for d in by_name["Tomas Reyes"].descriptions} == {"Special Representative of the Harbour Mayor"}
    assert {d["text"] for d in by_name["Ines Calder"].descriptions} == {"Harbour Mayor"}


def _story(*texts: str, outlets: tuple[str, ...] = ()) -> list[StoryArticle]:
    articles = [Article(id=f"t{i}", source=f"t{i}.txt", text=t, outlet=(outlets[i] if outlets else f"Outlet {i}"),
                        language="en") for i, t in enumerate(texts)]
    return [StoryArticle(a, n) for a, n in zip(articles, annotate_articles(articles), strict=True)]


def test_a_story_of_one_article_says_there_is_nothing_to_compare():
    result = compare_story(_story("The council approved the new ferry terminal on Monday. It will cost £18 million "
                                  "and open in 2028, the transport committee said."), encoder("lexical"))
    assert any("nothing to compare" in note for note in result["notes"])
    assert all(f["status"] == "single-source" for f in result["facts"])
    assert result["brief"] and all("single source" in b["text"] for b in result["brief"])


def test_a_one_source_brief_follows_the_article_lead_first_without_credit_lines():
    text = ("The harbour council approved the new ferry terminal after a long debate. "
            "Building work starts in March 2027 and will cost £18 million. "
            "Residents had collected 4,000 signatures against the plan. "
            "This is stated in the material of the Harbour Gazette, reports Coast News.")
    brief = [b["text"] for b in compare_story(_story(text), encoder("lexical"))["brief"]]
    assert brief[0].startswith("The harbour council approved the new ferry terminal")
    assert [b.split(" (single source")[0][:20] for b in brief] == ["The harbour council ", "Building work starts",
                                                                  "Residents had collec"]


def test_a_one_source_brief_keeps_a_sentence_whose_quote_its_source_never_closed():
    # Seeds (UNN): 'cooperation ... is “the key to solving world problems.' opens a quote the article never
    # closes; it is a whole sentence and belongs in the brief. A quote that runs over two sentences does not: each
    # of its sentences is a fragment.
    text = ("The harbour council approved the new ferry terminal after a long debate.\n\n"
            "The mayor wrote on Monday that the terminal is “the key to the town's future.\n\n"
            "“Work starts in March and the cost is fixed. Nobody will pay more than agreed,” the mayor said.\n\n"
            "Residents had collected 4,000 signatures against the plan.")
    brief = [b["text"].split(" (single source")[0] for b in compare_story(_story(text), encoder("lexical"))["brief"]]
    assert brief == ["The harbour council approved the new ferry terminal after a long debate.",
                     "The mayor wrote on Monday that the terminal is “the key to the town's future.",
                     "Residents had collected 4,000 signatures against the plan."], brief


def test_articles_without_quotes_or_dates_and_in_other_languages_are_explained():
    story = _story("Workers repaired the old bridge over the river and painted its railings green again.",
                   "The old bridge over the river was repaired by workers, who painted the railings green.")
    german = Article(id="de", source="de.txt", text="Die alte Brücke wurde repariert.", language="de")
    story.append(StoryArticle(german, Annotation("de", language="de", status="skipped")))
    story.append(StoryArticle(replace(german, id="none"), None))
    result = compare_story(story, encoder("lexical"))
    assert any("language 'de'" in note for note in result["notes"])
    assert any("not annotated" in note for note in result["notes"])
    assert result["compared_article_ids"] == ["t0", "t1"]
    assert result["quotes"] == [] and result["timeline"] == []
    shared = [f for f in result["facts"] if f["independent_sources"] == 2]
    assert len(shared) == 1 and shared[0]["status"] == "corroborated"


def test_a_story_beyond_the_article_limit_is_bounded_and_says_so(monkeypatch):
    monkeypatch.setattr(compare_module, "MAX_ARTICLES", 2)
    story = _story(*[f"Crews restored power to {n} homes in the district after the storm on Monday." for n in
                     (100, 200, 300)])
    result = compare_story(story, encoder("lexical"))
    assert len(result["compared_article_ids"]) == 2 and len(result["article_ids"]) == 3
    assert any("the first 2" in note for note in result["notes"])


def test_markdown_report_escapes_untrusted_text(tmp_path, store):
    hostile = "<script>alert(1)</script> [click](javascript:alert(1)) | *bold*"
    story = _story(f"{hostile} The mayor opened the new library on Monday, the council said.",
                   "The mayor opened the new library on Monday, officials said.", outlets=(hostile, "Daily"))
    analysis = {"schema": SCHEMA, "generator": "test", "similarity": "lexical",
                "articles": [s.article.to_dict() for s in story],
                "stories": [{"id": 1, "title": hostile, "storyline_id": None, "first_published": None,
                             "last_published": None, "outlets": [hostile], "article_count": 2,
                             "independent_count": 2, **compare_story(story, encoder("lexical"))}]}
    report = write_analysis(analysis, tmp_path)[1].read_text(encoding="utf-8")
    assert "<script>" not in report and "&lt;script&gt;" in report
    assert "[click](javascript:" not in report and "\\[click\\]" in report


def test_analyze_command_writes_the_analysis_and_report(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "r.db"), "analyze", str(DEMO / "corpus"),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["schema"] == SCHEMA and len(analysis["stories"]) == 3
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "### Contradictions" in report and "Pavel Dronov" in report
    # the command ends with what it found, one row per story, and where the files are
    found = result.stdout[result.stdout.index("What the comparison found"):]
    assert "facts in 2+" in found and "contradictions" in found and "exclusives" in found
    biggest = max(analysis["stories"], key=lambda s: s["article_count"])
    row = next(line for line in found.splitlines() if line.strip().startswith(f"{biggest['id']} "))
    facts = sum(f["independent_sources"] >= 2 for f in biggest["facts"])
    assert row.split()[-3:-1] == [str(facts), str(len(biggest["conflicts"]))]
    assert "report.html" in found
    with Store(tmp_path / "r.db") as store:
        story_id = max(analysis["stories"], key=lambda s: s["article_count"])["id"]
        assert len(story_articles(store, story_id)) == 7


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is absent")
def test_seeds_read_as_a_journalist_would(store):
    analysis = _analysed(store, str(SEEDS))
    story = max(analysis["stories"], key=lambda s: s["article_count"])
    # The "discussions with Musk" remark: three translations, three attribution chains, one group.
    group = next(q for q in story["quotes"] if any("Discussions with Musk" in v["text"] for v in q["variants"]))
    assert group["speaker"] == "Kirill Dmitriev"
    chains = {v["attribution"] for v in group["variants"]}
    assert {"directly", "via Reuters", "via TASS"} <= chains
    # The USGS 3.8 million tons figure: an exclusive of the one article that gives it.
    usgs = [f for f in story["facts"] if "3.8 million" in f["text"]]
    assert len(usgs) == 1 and usgs[0]["status"] == "single-source"
    owner = usgs[0]["support"][0]["article_id"]
    assert usgs[0]["id"] in next(e["fact_ids"] for e in story["exclusives"] if e["article_id"] == owner)
    # Moldova's EU loan (a sidebar) is nowhere in the analysis.
    assert "Moldova" not in json.dumps(analysis)
    assert any(f["independent_sources"] >= 3 for f in story["facts"])
    # The brief says once that Dmitriev expects talks with Musk soon (the lead's paraphrase and the quoted remark
    # were two lines), and it covers the story's second thread, Putin's warning to Western firms.
    soon = [b["text"] for b in story["brief"] if "Musk" in b["text"] and re.search(r"\bsoon\b|near", b["text"])]
    assert len(soon) == 1, soon
    assert any("Western companies" in b["text"] or "Western firms" in b["text"] for b in story["brief"])
    # A brief line in a speaker's words cites only the outlets whose version shares some of those words: The Kyiv
    # Independent's "the future of humanity" is not cited for another outlet's "Musk is a unique leader".
    texts = {article_id: store.article(article_id).text for article_id in story["article_ids"]}
    for line in story["brief"]:
        if "(quoted by" in line["text"]:
            shown = stems(line["text"].split("“", 1)[1].rsplit("”", 1)[0])
            cited = [texts[c["article_id"]][c["start"]:c["end"]] for c in line["citations"]]
            assert all(len(stems(text) & shown) >= 2 for text in cited), (line["text"], cited)
            # the outlets that give these very words are "quoted by"; the others are said to word it otherwise
            # (the seeds hold no reprints: one citation per outlet)
            words = line["text"].split("“", 1)[1].rsplit("”", 1)[0]
            verbatim = sum(same_words(text, words) for text in cited)
            others = len(cited) - verbatim
            assert verbatim >= 1
            assert line["text"].endswith(f"(quoted by {len(cited)} outlets)" if not others else
                                         f"(quoted by {verbatim} outlet{'s' * (verbatim > 1)}, in other words by "
                                         f"{others} more)"), (line["text"], cited)


def test_numbers_conflict_only_when_they_count_the_same_thing():
    conflicting = compare_story(_story("Fourteen people were injured in the fire at the depot on Monday, police said.",
                                       "Twelve people were injured in the fire at the depot on Monday, police said."),
                                encoder("lexical"))
    assert [c["kind"] for c in conflicting["conflicts"]] == ["number"]
    hedged = compare_story(_story("The river rose by 1.8 metres within two hours of the dam failure, officials said.",
                                  "The river rose by almost two metres within two hours of the dam failure."),
                           encoder("lexical"))
    odds = compare_story(_story("The speaker said there was a one-in-three chance of losing the House in November.",
                                "The speaker said there was a two-in-three chance of holding the House in November."),
                         encoder("lexical"))
    assert hedged["conflicts"] == [] and odds["conflicts"] == []
    crowd = compare_story(_story("A crowd of 31,450 watched the cup final at Corran Park on Saturday.",
                                 "A crowd of 27,900 watched the cup final at Corran Park on Saturday."),
                          encoder("lexical"))
    assert [c["description"] for c in crowd["conflicts"]] == [
        "crowd: 31,450 crowd (Outlet 0) vs 27,900 crowd (Outlet 1)"]


def test_without_minilm_the_lexical_backend_still_compares_the_demo(tmp_path):
    with Store(tmp_path / "r.db") as store:
        settings = Settings(workers=1)
        ingest([str(DEMO / "corpus")], store, settings)
        annotate(store, settings=settings)
        cluster(store)
        analysis = build_analysis(store, encoder("lexical"))
    story = _dam(analysis)
    assert analysis["similarity"] == "lexical"
    # Shared words only: fewer facts aligned than with MiniLM (and the injury figures, worded "hurt" and
    # "injured", are not lined up), but no false contradiction either.
    assert sum(f["status"] != "single-source" for f in story["facts"]) >= 5
    assert all(c["kind"] == "number" and "14 people" in c["description"] for c in story["conflicts"])


def test_analyze_refuses_an_unknown_story_and_goes_on_past_bad_input(tmp_path):
    db = str(tmp_path / "r.db")
    result = CliRunner().invoke(app, ["--db", db, "analyze", str(tmp_path / "missing.html"),
                                      str(DEMO / "corpus" / "the-lantern.json"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1  # one input failed; the other was analysed
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert len(analysis["stories"]) == 1 and "nothing to compare" in analysis["stories"][0]["notes"][0]
    result = CliRunner().invoke(app, ["--db", db, "analyze", "--story", "99", "--out", str(tmp_path / "o2")])
    assert result.exit_code == 2 and "No story 99" in result.output


def _kinds(*texts: str) -> list[tuple[str, str]]:
    result = compare_story(_story(*texts), encoder("lexical"))
    return [(c["kind"], c["description"]) for c in result["conflicts"]]


def test_places_conflict_only_at_one_level_and_when_no_article_nests_them():
    assert _kinds("The two delegations met in Riyadh on Tuesday to discuss the ceasefire proposal, officials said.",
                  "The two delegations met in Jeddah on Tuesday to discuss the ceasefire proposal, officials said.") \
        == [("place", "place: Riyadh (Outlet 0) vs Jeddah (Outlet 1)")]
    # A town against its country is not a contradiction, nor a town the other article places in a region.
    assert _kinds("The two delegations met in Saudi Arabia on Tuesday to discuss the ceasefire proposal.",
                  "The two delegations met in Jeddah on Tuesday to discuss the ceasefire proposal.") == []
    assert _kinds("The drone struck a depot in Sevastopol on Tuesday night, damaging two warehouses.",
                  "The drone struck a depot in Crimea on Tuesday night, damaging two warehouses. Sevastopol, "
                  "Crimea, has been hit before.") == []


def test_a_street_for_the_same_event_is_a_place_conflict_whatever_the_tagger_made_of_it():
    assert _kinds("The contamination was traced to a burst main under Larkspur Road, the water company said.",
                  "The contamination was traced to a burst main under Tanner Hill, the water company said.") \
        == [("place", "place: Larkspur Road (Outlet 0) vs Tanner Hill (Outlet 1)")]
    # the same street, named by both, is no conflict; a street against the town it is in neither
    assert _kinds("The contamination was traced to a burst main under Larkspur Road, the water company said.",
                  "The contamination was traced to a burst main under Larkspur Road, the company said.") == []
    assert _kinds("The contamination was traced to a burst main under Larkspur Road, the water company said.",
                  "The contamination was traced to a burst main in Greyhaven, the water company said.") == []


def test_a_country_that_only_qualifies_the_speaker_is_not_who_spoke():
    # "Russian media reported": the media spoke, not Russia (as "the RNC chairman" is not the RNC)
    result = compare_story(_story(
        "Russia wants a deal in space. Russian media reported that the envoy met the new head of the space agency "
        "on Monday to discuss cooperation.",
        "Russia is keen on space. Russian media reported that the envoy had met the new head of the space agency "
        "on Monday to discuss cooperation."), encoder("lexical"))
    assert [(q["speaker"], len(q["variants"])) for q in result["quotes"]] == [("Russian media", 2)]


def test_another_age_for_the_same_person_is_a_number_conflict():
    assert _kinds("The man who died was a 67-year-old retired teacher from the town, police said.",
                  "The man who died was a 76-year-old retired teacher from the town, police said.") \
        == [("number", "years: 67 years (Outlet 0) vs 76 years (Outlet 1)")]


def test_a_different_person_in_the_same_statement_is_a_name_conflict():
    assert _kinds("Harbour master Elena Brandt ordered the north pier closed until the pilings are repaired.",
                  "Deputy mayor Tomas Lind ordered the north pier closed until the pilings are repaired.") \
        == [("name", "who: Elena Brandt (Outlet 0) vs Tomas Lind (Outlet 1)")]
    # Two people doing different things in related claims are not a conflict.
    assert _kinds("Harbour master Elena Brandt ordered the north pier closed until the pilings are repaired.",
                  "Deputy mayor Tomas Lind praised the ferry crews who worked through the storm on the pier.") == []


def test_a_contracted_negation_and_an_excerpt_of_a_negated_sentence_are_not_denials():
    # "it's not" is a negation as "it is not" is: the same words, both negated
    assert _kinds("\u201cIt\u2019s not enough to patch the harbour wall every winter and hope,\u201d the mayor said.",
                  "It is not enough to patch the harbour wall every winter and hope, the mayor said.") == []
    # One outlet quotes only the affirming half of a sentence whose other half is negated
    assert _kinds("The ferry timetable is not the objective, the harbour wall repair is the objective.",
                  "The harbour wall repair is the objective.") == []


def test_a_statement_denied_by_another_source_is_a_polarity_conflict():
    kinds = _kinds("The ministry confirmed that the grain convoy reached the port of Odesa on Friday morning.",
                   "The ministry denied that the grain convoy reached the port of Odesa on Friday morning.")
    assert kinds == [("polarity", "affirm or deny: affirms (Outlet 0) vs denies (Outlet 1)")]
    assert _kinds("The grain convoy did not reach the port on Friday because of the storm, the ministry said.",
                  "The grain convoy reached the port on Friday despite the storm, the ministry said.") \
        == [("polarity", "affirm or deny: denies (Outlet 0) vs affirms (Outlet 1)")]
    # "not accurate" and "inaccurate" say the same; different emphasis is not a contradiction either.
    assert _kinds("The ministry said the report about the grain convoy and its cargo was not accurate at all.",
                  "The ministry said the report about the grain convoy and its cargo was inaccurate.") == []
    assert _kinds("The grain convoy reached the port on Friday despite the storm, the ministry said.",
                  "After a difficult crossing, the grain convoy reached the port on Friday, the ministry said.") == []


def test_no_one_and_no_arrests_deny_and_only_in_the_clause_that_matches():
    assert _kinds("No one was injured in the fire at the grain depot on Monday night, the fire service said.",
                  "Two workers were injured in the fire at the grain depot on Monday night, the fire service said.") \
        == [("polarity", "affirm or deny: denies (Outlet 0) vs affirms (Outlet 1)")]
    assert _kinds("No arrests have been made after the robbery at the harbour bank branch on Monday, police said.",
                  "Arrests have been made after the robbery at the harbour bank branch on Monday, police said.") \
        == [("polarity", "affirm or deny: denies (Outlet 0) vs affirms (Outlet 1)")]
    # the negation is in another clause than the one both outlets state
    assert _kinds("Two cashiers at the harbour bank branch were threatened, but nobody was injured.",
                  "Two cashiers at the harbour bank branch were threatened by the robber.") == []
    # "no longer" is no denial
    assert _kinds("The harbour bank branch is no longer open on Saturdays, the bank said on Monday.",
                  "The harbour bank branch is open on Saturdays again, the bank said on Monday.") == []


class _CountingEmbedder:
    """A vector backend that counts what it is asked to encode (letter counts as the vector)."""

    name = "counting"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def embed(self, texts):
        import numpy as np

        self.encoded += texts
        rows = np.array([[text.count(c) for c in "abcdefghij"] for text in texts], dtype=np.float32) + 0.1
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def similarity(self, texts):
        vectors = self.embed(list(texts))
        return vectors @ vectors.T


def test_sentence_vectors_are_kept_in_the_store_and_only_new_sentences_are_encoded():
    import numpy as np

    from rashomon.compare.similarity import CachedEncoder

    store, inner = Store(), _CountingEmbedder()
    first = CachedEncoder(inner, store).similarity(["a bad cab", "jade fig", "a bad cab"])
    assert inner.encoded == ["a bad cab", "jade fig"]  # a repeated sentence is encoded once
    again = CachedEncoder(inner, store).similarity(["jade fig", "a bad cab", "a big hedge"])
    assert inner.encoded[2:] == ["a big hedge"]
    assert np.allclose(first[0, 1], again[1, 0]) and np.allclose(np.diag(again), 1.0)
    reference = _CountingEmbedder().similarity(["jade fig", "a bad cab", "a big hedge"])
    assert np.allclose(again, reference, atol=1e-6)
    # the store is used for vector backends only; the cached one still embeds, so the aligner can work in blocks
    from rashomon.compare.similarity import with_stored_vectors

    lexical = encoder("lexical")
    assert with_stored_vectors(lexical, store) is lexical
    assert isinstance(with_stored_vectors(_CountingEmbedder(), store), CachedEncoder)


def test_a_fact_another_outlet_may_state_is_not_written_as_an_exclusive(demo_analysis):
    """Every single-source fact is either its outlet's exclusive or listed with the other outlet's sentence that
    may state it, never both; report.md writes the first "only here" and the second "not only here"."""
    from rashomon.report.markdown import analysis_markdown

    story = _dam(demo_analysis)
    texts = {a["id"]: a["text"] for a in demo_analysis["articles"]}
    own = {f for e in story["exclusives"] for f in e["fact_ids"]}
    doubted = {m["fact_id"] for e in story["exclusives"] for m in e["maybe"]}
    singles = {f["id"] for f in story["facts"] if f["status"] == "single-source"}
    assert doubted and not own & doubted and own | doubted <= singles
    for entry in story["exclusives"]:
        for item in entry["maybe"]:
            assert item["article_id"] != entry["article_id"]
            assert texts[item["article_id"]][item["start"]:item["end"]] == item["text"]
    labelled = {f for line in story["brief"] if line["status"] == "single-source" for f in line["fact_ids"]}
    assert labelled <= own
    report = analysis_markdown({**demo_analysis, "stories": [story]})  # (fact ids are per story)
    assert "not only here" in report or "not counted as only here" in report
    for fact_id in doubted:
        assert f"only here, {fact_id}:" not in report.replace(f"not only here, {fact_id}:", "")


def test_wire_copies_join_the_facts_of_their_original_without_changing_what_the_originals_share():
    """A reprint's sentences worded as its original's are not compared again: each joins the fact of the sentence
    it repeats (cited, marked as a reprint); only an edited sentence is compared. The independent articles share
    the same facts with the copies as without them."""
    wire = ("The harbour council approved the new ferry terminal on Monday after a four-hour debate. "
            "Building work starts in March 2027 and will cost £18 million, the council said. "
            "Residents had collected 4,000 signatures against the plan.")
    own = ("Councillors backed the ferry terminal on Monday. The project is expected to cost £18 million, "
           "according to the council. Fishermen fear the new quay will block their moorings.")
    originals = _story(wire, own, outlets=("Coast Wire", "Harbour Gazette"))
    copies = [StoryArticle(replace(originals[0].article, id=f"copy{n}", outlet=f"Paper {n}"),
                           originals[0].annotation, "t0") for n in range(6)]
    edited = replace(originals[0].article, id="edited", outlet="Paper X",
                     text=wire.replace("after a four-hour debate", "after a long debate"))
    copies.append(StoryArticle(edited, annotate_articles([edited])[0], "t0"))
    texts = {s.article.id: s.article.text for s in [*originals, *copies]}
    similarity = encoder("lexical")
    alone = compare_story(originals, similarity)
    with_copies = compare_story([*originals, *copies], similarity)
    prepared = compare_module.prepare([*originals, *copies], similarity)
    # only the edited sentence of the edited copy is compared besides the originals' claims
    assert len(prepared.units) == len(compare_module.prepare(originals, similarity).units) + 1
    assert len(prepared.twins) == 6 * 3 + 2

    def spans(analysis: dict, keep: set[str]) -> list[tuple]:
        return sorted(tuple(sorted((s["article_id"], s["start"]) for s in f["support"] if s["article_id"] in keep))
                      for f in analysis["facts"])

    assert spans(with_copies, {"t0", "t1"}) == spans(alone, {"t0", "t1"})
    assert [f["independent_sources"] for f in with_copies["facts"]] == \
        [f["independent_sources"] for f in alone["facts"]]
    for fact in with_copies["facts"]:
        cited = {s["article_id"] for s in fact["support"]}
        if "t0" in cited and not any("debate" in s["text"] for s in fact["support"]):
            assert {f"copy{n}" for n in range(6)} | {"edited"} <= cited, fact["text"]
        assert all(s["reprint"] == (s["article_id"] not in {"t0", "t1"}) for s in fact["support"])
        assert all(texts[s["article_id"]][s["start"]:s["end"]] == s["text"] for s in fact["support"])


def test_a_fact_wording_does_not_turn_on_the_last_digits_of_a_sum():
    """Two members of equal standing whose summed probabilities differ only in the last bits (summed in another
    order) are a tie: the shorter wording is shown, whichever order the members come in."""
    from rashomon.compare.align import Unit

    long = Unit(index=0, article_id="a", origin="a", position=0, start=0, end=60,
                text="The council said on Monday that the new ferry terminal would open in 2028.")
    short = Unit(index=1, article_id="b", origin="b", position=0, start=0, end=40,
                 text="The ferry terminal will open in 2028.")
    third = Unit(index=2, article_id="c", origin="c", position=0, start=0, end=30,
                 text="It opens in 2028, the council said.")
    scores = {(0, 1): 0.6, (0, 2): 0.1 + 0.2, (1, 2): 0.3}  # 0.6 + 0.30000000000000004 = 0.9 > 0.6 + 0.3
    for members in ([long, short], [short, long]):
        assert compare_module._representative(members, [long, short, third], scores) is short


def test_pair_features_are_the_same_bits_whatever_the_hash_seed():
    """The word overlap sums IDF weights over sets of words, whose order turns on PYTHONHASHSEED; the features (so
    the probabilities, so ties between them) must not differ in their last bits from one process to the next."""
    import os
    import subprocess
    import sys

    script = """
import numpy as np
from rashomon.compare.align import Unit
from rashomon.compare.pairs import PairFeatures
texts = ["Harbour authorities in Velmora reopened the northern ferry terminal after storm repairs costing millions",
         "The northern ferry terminal at Velmora harbour reopened on Tuesday once repairs to storm damage ended",
         "Ferry passengers returned to Velmora as the terminal, shut by the storm, reopened with new moorings",
         "Storm repairs at the harbour cost the port authority more than officials had first estimated"]
units = [Unit(index=n, article_id=str(n), origin=str(n), position=n, start=0, end=len(t), text=t)
         for n, t in enumerate(texts)]
features = PairFeatures(units, np.full((4, 4), 0.5), None)
print([value.hex() for i in range(4) for j in range(i + 1, 4) for value in features.row(i, j, 0.0)])
"""
    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_a_title_the_tagger_read_into_a_name_is_the_same_person_and_not_the_name():
    from rashomon.records import Mention
    text = "Corvale captain Ana Velk scored nine goals. Skipper Ana Velk was unstoppable. Velk thanked the fans."

    def mention(name: str, label: str) -> Mention:
        start = text.index(name)
        return Mention(start, start + len(name), name, label)

    surname = text.index("Velk thanked")
    annotation = Annotation("a", mentions=(mention("Ana Velk", "PERSON"), mention("Skipper Ana Velk", "PERSON"),
                                           Mention(surname, surname + 4, "Velk", "PERSON")))
    entities, owner = link_entities({"a": (text, annotation)})
    people = [e for e in entities if e.type == "PERSON"]
    assert [e.name for e in people] == ["Ana Velk"], people
    assert len({owner[("a", i)] for i in range(3)}) == 1
    # the title is left out of the name however the person is written elsewhere; a title that is also a first name,
    # and a place the tagger half read as a person, are not titles
    told = "Headteacher Greta Holmwood closed the school. Holmwood said it was safe."
    alone = Annotation("b", mentions=(Mention(0, 26, "Headteacher Greta Holmwood", "PERSON"),
                                      Mention(told.index("Holmwood said"), told.index("Holmwood said") + 8,
                                              "Holmwood", "PERSON")))
    assert [e.name for e in link_entities({"b": (told, alone)})[0]] == ["Greta Holmwood"]
    dean = "Dean Carter Ross scored twice. Carter Ross, his younger brother, did not play."
    two = Annotation("c", mentions=(Mention(0, 16, "Dean Carter Ross", "PERSON"),
                                    Mention(dean.index("Carter Ross,"), dean.index("Carter Ross,") + 11,
                                            "Carter Ross", "PERSON")))
    assert len(link_entities({"c": (dean, two)})[0]) == 2
    hospital = "Queen Margaret Hospital said twelve patients were treated at Margaret Hospital."
    place = Annotation("d", mentions=(Mention(0, 23, "Queen Margaret Hospital", "ORG"),
                                      Mention(hospital.index("Margaret Hospital."),
                                              hospital.index("Margaret Hospital.") + 17, "Margaret Hospital",
                                              "PERSON")))
    assert "Queen Margaret Hospital" in [e.name for e in link_entities({"d": (hospital, place)})[0]]
