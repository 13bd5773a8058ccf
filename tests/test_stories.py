"""Reprints, incremental story clustering and storylines: demo corpus, seeds, bad input, incrementality."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

import pytest

from rashomon.cluster import cluster
from rashomon.cluster.features import article_features, names, text_dates
from rashomon.cluster.reprints import ReprintIndex, containment, earlier, hashed, hashed_containment, shingles
from rashomon.ingest import ingest
from rashomon.models import Article, RawDocument
from rashomon.store import Store
from rashomon.views import stories_view, story_view
from tests.conftest import DEMO, SEEDS

# Two fires of the same kind, in two towns, a week apart, with the same headline: different events.
FIRE_A = (
    "Fire crews in Harrowgate fought a blaze at the Old Mill Bridge for six hours on Sunday night, "
    "the Harrowgate fire chief Agnes Morrow said. The wooden bridge over the River Lune collapsed into the water "
    "shortly after midnight. Nobody was hurt, Morrow said, but the crossing will stay closed for months. "
    "Residents of Millbank said they saw flames above the trees from two kilometres away. "
    "Investigators from the county police are examining whether the fire was started deliberately. "
    "Morrow said three engines from Harrowgate and one from Lune Vale attended."
)
FIRE_A2 = (
    "The Old Mill Bridge in Harrowgate burned down overnight after a six-hour fight by fire crews, and fire chief "
    "Agnes Morrow said the crossing over the River Lune would be closed for months. "
    "No injuries were reported. County police investigators are looking at whether someone set the fire, and "
    "people in Millbank described flames visible from kilometres away. Morrow praised the crews from Harrowgate "
    "and Lune Vale."
)
FIRE_B = (
    "Fire crews in Dunmere fought a blaze at the Kestrel Road footbridge on Saturday afternoon, "
    "station commander Felix Oduya said. The steel footbridge over the Dunmere railway line buckled in the heat "
    "and trains between Dunmere and Carrow were stopped for the evening. Oduya said a burning van parked beneath "
    "the bridge had started the fire. Network Rail engineers will inspect the structure on Monday. "
    "Two people were treated for smoke inhalation at Carrow General Hospital."
)


def put(store: Store, key: str, text: str, title: str | None = None, published: date | datetime | None = None,
        outlet: str | None = None) -> str:
    raw = RawDocument(source=f"{key}.txt", format="text", content=(key + text).encode(), text=text,
                      encoding="utf-8")
    article = Article(id=raw.id, source=raw.source, text=text, title=title, outlet=outlet, published=published,
                      raw_id=raw.id)
    store.add_document(raw, article)
    return article.id


def story_of(store: Store) -> dict[str, int]:
    return {a["id"]: story["id"] for story in store.stories() for a in story["articles"]}


# --- units -------------------------------------------------------------------------------------

def test_names_skip_sentence_openers_and_keep_full_names():
    found = names("Officials said Agnes Morrow led the crews. Morrow said the River Lune rose. The bridge fell.")
    assert found["Agnes Morrow"] == 1 and found["River Lune"] == 1 and found["Morrow"] == 1
    assert "Officials" not in found and "The" not in found
    # a sentence opener after any run of spaces or lines, at the very start, or after a closing quote
    spaced = names("Crews said.    Officials waited.\n\n  Rescuers came.\u201d  Workers left; Engineers stayed")
    assert not {"Crews", "Officials", "Rescuers", "Workers", "Engineers"} & set(spaced)
    assert names("Reid came, and Reid left")["Reid"] == 2  # a name mid-sentence: the opener counts too


def test_reprint_candidates_of_one_group_are_confirmed_once_the_original_first(monkeypatch):
    # a wire story printed many times: a new copy confirms one member of the group, its original, not every copy
    from rashomon.cluster import reprints
    stored = {f"copy{n}": FIRE_A[:len(FIRE_A) - 10 * n] for n in range(12)}
    index = ReprintIndex(stored.get)
    group: dict[str, str] = {}
    for article_id, text in stored.items():
        _, found = index.add(article_id, text, lambda other: group.get(other, other))
        if found:
            group[article_id] = group.get(found[0][0], found[0][0])
    assert set(group.values()) == {"copy0"} and len(group) == 11
    confirmed: list[float] = []
    real = reprints.hashed_containment
    monkeypatch.setattr(reprints, "hashed_containment", lambda a, b: confirmed.append(1) or real(a, b))
    _, found = index.add("late", FIRE_A[5:], lambda other: group.get(other, other))
    assert [other for other, _ in found] == ["copy0"] and len(confirmed) == 1
    group["late"] = "copy0"
    # without groups every candidate is confirmed; a copy turned away by ``keep`` gives way to the group's next member
    # and is not read at all (a text reprinted over years costs a new copy nothing for its far-off copies)
    confirmed.clear()
    _, found = index.add("late2", FIRE_A[6:])
    assert len(found) == 13 and len(confirmed) == 13
    group["late2"] = "copy0"
    confirmed.clear()
    _, found = index.add("late3", FIRE_A[7:], lambda other: group.get(other, other), lambda other: other != "copy0")
    assert len(found) == 1 and found[0][0] != "copy0" and group[found[0][0]] == "copy0" and len(confirmed) == 1
    # a group none of whose first GROUP_TRIES members is a copy gives no match (each tried member is confirmed)
    confirmed.clear()
    _, found = index.add("other", FIRE_B, lambda other: group.get(other, other))
    assert found == [] and len(confirmed) <= reprints.GROUP_TRIES


def test_text_dates_and_reprint_measures():
    assert text_dates("Posted March 18, 2025 and updated 2025-03-19.") == [date(2025, 3, 18), date(2025, 3, 19)]
    long, short = shingles(FIRE_A), shingles(FIRE_A[:300])
    assert containment(short, long) == 1.0
    assert containment(shingles(FIRE_A), shingles(FIRE_B)) < 0.1
    assert earlier((datetime(2025, 3, 18, 9, 0), "b"), (date(2025, 3, 18), "a"))  # a known time before a bare day
    assert earlier((date(2025, 3, 1), "z"), (None, "a"))  # the dated before the undated


def test_reprint_candidates_are_confirmed_from_kept_shingles_with_the_same_containment():
    # a wire story printed again and again: each earlier copy is a candidate of every later one
    stored = {"old": FIRE_A}
    fetched: list[str] = []

    def text_of(article_id):
        fetched.append(article_id)
        return stored.get(article_id)

    index = ReprintIndex(text_of)
    signature, found = index.add("old", FIRE_A)
    assert found == []
    index = ReprintIndex(text_of)  # a new run: "old" is known by its stored signature only
    index.load("old", signature)
    copies = [FIRE_A[:len(FIRE_A) - 40 * n] for n in range(5)]
    for n, text in enumerate(copies):
        stored[f"copy{n}"] = text
        _, found = index.add(f"copy{n}", text)
        expected = {other: containment(shingles(text), shingles(stored[other])) for other in ["old"] +
                    [f"copy{m}" for m in range(n)]}
        assert dict(found) == pytest.approx(expected) and found[0][1] == max(expected.values())
    assert fetched == ["old"]  # fetched and shingled once; the copies were kept as they were added
    # signatures made with the permutations drawn once are those of a MinHash that draws its own
    from datasketch import MinHash

    from rashomon.cluster.reprints import PERMUTATIONS, SCHEME, signature_bytes, text_signature
    fresh = MinHash(num_perm=PERMUTATIONS, seed=7, scheme=SCHEME)
    fresh.update_batch([gram.encode() for gram in shingles(FIRE_A)])
    assert text_signature(FIRE_A) == signature_bytes(fresh)
    assert hashed_containment(hashed(shingles(FIRE_A[:300])), hashed(shingles(FIRE_A))) == 1.0
    assert hashed_containment(hashed(shingles(FIRE_A)), hashed(shingles(FIRE_B))) == containment(
        shingles(FIRE_A), shingles(FIRE_B))


def test_features_use_the_text_date_only_when_there_is_no_publication_date():
    undated = article_features(Article(id="x", source="x", text="On March 3, 2026 the dam held. " + FIRE_A))
    assert (undated.when, undated.when_origin) == (date(2026, 3, 3), "text")
    none = article_features(Article(id="y", source="y", text=FIRE_B))
    assert (none.when, none.when_origin) == (None, None)  # never invented


# --- the demo corpus -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from rashomon.settings import Settings

    store = Store(tmp_path_factory.mktemp("demo") / "r.db")
    ingest([str(DEMO / "corpus")], store, Settings())
    cluster(store)
    yield store
    store.close()


def test_demo_stories_match_the_gold(demo_store):
    gold = json.loads((DEMO / "gold.json").read_text())
    by_file = {}
    for article in demo_store.articles():
        by_file.setdefault(article.source.rsplit("/", 1)[-1], []).append(article)
    stories = story_of(demo_store)
    predicted: dict[str, set[int]] = {}
    for item in gold["articles"]:
        found = [a for a in by_file[item["file"]] if a.title == item["title"]]
        assert found, item["file"]
        predicted.setdefault(item["story"], set()).add(stories[found[0].id])
    assert all(len(ids) == 1 for ids in predicted.values()), predicted  # no gold story is split
    assert len({next(iter(ids)) for ids in predicted.values()}) == len(predicted)  # none merged

    view = {s["title"]: s for s in stories_view(demo_store)}
    collapse = next(s for s in view.values() if s["article_count"] == 7)
    assert collapse["independent_count"] == 6
    cracks = next(s for t, s in view.items() if "cracks" in t.lower())
    comet = next(s for t, s in view.items() if "comet" in t.lower())
    assert collapse["storyline_id"] is not None and collapse["storyline_id"] == cracks["storyline_id"]
    assert comet["storyline_id"] is None and comet["article_count"] == 1
    for key in ("id", "title", "article_ids", "storyline_id", "first_published", "last_published", "outlets",
                "article_count", "independent_count"):
        assert key in collapse
    assert collapse["first_published"].startswith("2026-10-06")


def test_demo_reprint_is_flagged_with_its_reason(demo_store):
    collapse = next(s for s in stories_view(demo_store) if s["article_count"] == 7)
    detail = story_view(demo_store, collapse["id"])
    reprints = [a for a in detail["articles"] if a["reprint"]]
    assert [a["outlet"] for a in reprints] == ["Tolsk Daily"]
    original = next(a for a in detail["articles"] if a["id"] == reprints[0]["reprint_of"])
    assert original["outlet"] == "Meridian Press Agency"
    assert reprints[0]["reason"]["containment"] >= 0.6
    joined = [a for a in detail["articles"] if not a["reprint"] and not a["reason"]["new_story"]]
    assert joined and all(a["reason"]["score"] >= a["reason"]["threshold"] for a in joined)
    assert all(a["reason"]["shared_names"] for a in joined)
    assert [s["current"] for s in detail["storyline"]] == [False, True]


# --- incremental, order, bad input -----------------------------------------------------------------

def test_incremental_runs_keep_story_ids_and_place_new_articles(store):
    a = put(store, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3), "Lune Post")
    b = put(store, "b", FIRE_B, "Bridge destroyed by fire", date(2026, 5, 9), "Dunmere Echo")
    first = cluster(store)
    assert first.placed == 2 and first.new_stories == 2
    before = story_of(store)
    assert before[a] != before[b]  # identical titles, different events
    assert cluster(store).placed == 0  # nothing new: nothing done
    c = put(store, "c", FIRE_A2, "Harrowgate bridge burns down", date(2026, 5, 4), "County Times")
    second = cluster(store)
    after = story_of(store)
    assert second.placed == 1 and second.new_stories == 0
    assert after[a] == before[a] and after[b] == before[b] and after[c] == after[a]
    reason = story_view(store, after[c])["articles"]
    why = next(x for x in reason if x["id"] == c)["reason"]
    assert why["gap_days"] == 1 and "Agnes Morrow" in why["shared_names"]


def test_a_week_later_follow_up_is_a_new_story_in_the_same_storyline(store):
    a = put(store, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3))
    later = FIRE_A2 + " A week after the fire, the council approved a temporary crossing at Old Mill Bridge."
    b = put(store, "b", later, "Temporary crossing for Harrowgate", date(2026, 5, 24))
    cluster(store)
    stories = {s["id"]: s for s in stories_view(store)}
    sa, sb = story_of(store)[a], story_of(store)[b]
    assert sa != sb
    assert stories[sa]["storyline_id"] == stories[sb]["storyline_id"] is not None


def test_reprint_ingested_before_its_original_is_flagged_once_the_original_arrives(store):
    copy = put(store, "copy", FIRE_A + " (Agency copy.)", "Bridge destroyed by fire", datetime(2026, 5, 3, 12, 0))
    cluster(store)
    original = put(store, "orig", FIRE_A, "Bridge destroyed by fire", datetime(2026, 5, 3, 8, 0))
    report = cluster(store)
    assert report.reprints == 1
    [story] = stories_view(store)
    assert story["article_count"] == 2 and story["independent_count"] == 1
    detail = {a["id"]: a for a in story_view(store, story["id"])["articles"]}
    assert detail[copy]["reprint_of"] == original and detail[original]["reprint_of"] is None


def test_an_original_arriving_after_two_copies_becomes_the_original_of_both(store):
    # the copies' group is found through the reprints kept with their original, not a scan of every reprint
    first = put(store, "copy1", FIRE_A + " (Agency copy.)", "Bridge destroyed by fire", datetime(2026, 5, 3, 12, 0))
    second = put(store, "copy2", FIRE_A + " (Wire copy.)", "Bridge destroyed by fire", datetime(2026, 5, 3, 13, 0))
    other = put(store, "other", FIRE_B, "Other fire", datetime(2026, 5, 3, 9, 0))
    cluster(store)
    original = put(store, "orig", FIRE_A, "Bridge destroyed by fire", datetime(2026, 5, 3, 8, 0))
    cluster(store)
    detail = {a["id"]: a for s in store.stories() for a in s["articles"]}
    assert detail[first]["reprint_of"] == detail[second]["reprint_of"] == original
    assert detail[original]["reprint_of"] is None and detail[other]["reprint_of"] is None
    [story] = [s for s in stories_view(store) if s["article_count"] == 3]
    assert story["independent_count"] == 1


def test_a_copy_printed_again_months_later_is_not_a_reprint_of_the_old_story(store):
    original = put(store, "orig", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3))
    soon = put(store, "soon", FIRE_A + " (Agency copy.)", "Bridge destroyed by fire", date(2026, 5, 20))
    cluster(store)
    late = put(store, "late", FIRE_A + " (From our archive.)", "Bridge destroyed by fire", date(2027, 2, 1))
    report = cluster(store)
    assert report.reprints == 0
    stories = story_of(store)
    assert stories[soon] == stories[original] and stories[late] != stories[original]
    detail = {a["id"]: a for s in store.stories() for a in s["articles"]}
    assert detail[soon]["reprint_of"] == original and detail[late]["reprint_of"] is None


def test_undated_and_empty_articles_are_placed_and_explained(store):
    dated = put(store, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3))
    undated = put(store, "u", FIRE_A2, "Harrowgate bridge burns down")
    empty = put(store, "e", "", "Photo gallery")
    report = cluster(store)
    stories = story_of(store)
    assert stories[undated] == stories[dated]
    assert stories[empty] not in (stories[dated],)
    assert any(undated in note and "no date" in note for note in report.notes)
    assert any(empty in note and "no words" in note for note in report.notes)
    detail = {a["id"]: a for a in story_view(store, stories[dated])["articles"]}
    assert detail[undated]["reason"]["date_from"] is None and detail[undated]["reason"]["gap_days"] is None


def test_duplicates_ingested_twice_are_one_article_in_one_story(tmp_path, settings):
    path = tmp_path / "fire.txt"
    path.write_text("Bridge destroyed by fire\n\n" + FIRE_A)
    with Store(tmp_path / "r.db") as store:
        ingest([str(path)], store, settings)
        cluster(store)
        ingest([str(path)], store, settings)
        assert cluster(store).placed == 0
        assert [s["article_count"] for s in stories_view(store)] == [1]


def test_a_failed_save_leaves_the_archive_as_it_was(store, monkeypatch):
    put(store, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3))
    cluster(store)
    before = stories_view(store)
    put(store, "b", FIRE_B, "Footbridge fire", date(2026, 5, 9))

    def broken(change):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "save_clustering", broken)
    with pytest.raises(RuntimeError):
        cluster(store)
    assert stories_view(store) == before
    monkeypatch.undo()
    assert cluster(store).placed == 1


def _partition(store: Store) -> list[tuple[tuple[str, str | None], ...]]:
    """Every story's members with the article each copies: the grouping, whatever the story ids and titles."""
    return sorted(tuple(sorted((a["id"], a["reprint_of"]) for a in story["articles"])) for story in store.stories())


def test_a_long_run_saves_in_parts_and_a_crash_loses_only_the_part_under_way(tmp_path, monkeypatch):
    import rashomon.cluster as clustering
    from rashomon.cluster.stories import ClusterParams
    from rashomon.settings import Settings

    params = ClusterParams(batch_size=2)  # nine demo articles: five batches
    stores = {name: Store(str(tmp_path / f"{name}.db")) for name in ("whole", "parts", "crash")}
    for store in stores.values():
        ingest([str(DEMO / "corpus")], store, Settings(workers=1))
    cluster(stores["whole"], params)
    # saved after batches 2 and 4 (four articles each), and at the end
    monkeypatch.setattr(clustering, "SAVE_EVERY", 3)
    saves: list[int] = []
    real = Store.save_clustering

    def counted(self, change):
        saves.append(len(change["members"]))
        return real(self, change)

    monkeypatch.setattr(Store, "save_clustering", counted, raising=False)
    cluster(stores["parts"], params)
    assert saves == [4, 4, 1]
    assert _partition(stores["parts"]) == _partition(stores["whole"])  # saving in parts groups alike

    def dies_second_time(self, change):
        if len(saves) == 4:
            raise RuntimeError("killed")
        saves.append(len(change["members"]))
        return real(self, change)

    monkeypatch.setattr(Store, "save_clustering", dies_second_time, raising=False)
    with pytest.raises(RuntimeError):
        cluster(stores["crash"], params)
    assert len(stores["crash"].unclustered_ids()) == 5  # the first part is kept, the part under way is not
    monkeypatch.setattr(Store, "save_clustering", real, raising=False)
    assert cluster(stores["crash"], params).placed == 5  # the rerun places the rest
    assert _partition(stores["crash"]) == _partition(stores["whole"])
    for store in stores.values():
        store.close()


# --- the seeds ----------------------------------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_seeds_four_reports_one_story_and_the_earlier_development_in_its_storyline(store, settings):
    ingest([str(SEEDS)], store, settings)
    cluster(store)
    stories = stories_view(store)
    assert sorted(s["article_count"] for s in stories) == [1, 4]
    main = next(s for s in stories if s["article_count"] == 4)
    earlier_story = next(s for s in stories if s["article_count"] == 1)
    assert earlier_story["first_published"].startswith("2025-02-27")
    assert main["storyline_id"] == earlier_story["storyline_id"] is not None
    assert main["independent_count"] == 4


def test_interval_gap_is_zero_when_one_story_contains_the_other():
    from datetime import date

    from rashomon.cluster.stories import Story, interval_gap

    wide = Story(1, first=date(2026, 1, 1), last=date(2026, 1, 31))
    inside = Story(2, first=date(2026, 1, 10), last=date(2026, 1, 12))
    later = Story(3, first=date(2026, 2, 5), last=date(2026, 2, 6))
    assert interval_gap(wide, inside) == interval_gap(inside, wide) == 0
    assert interval_gap(wide, later) == interval_gap(later, wide) == 5
    assert interval_gap(wide, Story(4)) is None


def _postings_from_scratch(index) -> dict:
    """The term index rebuilt from the stories' profiles and days, to compare with the live one."""
    rebuilt: dict = {}
    for story in index.stories.values():
        for word in story.indexed:
            for span in story.spans:
                rebuilt.setdefault(word, {}).setdefault(span, set()).add(story.id)
    return rebuilt


def test_the_time_bucketed_index_stays_consistent_and_looks_only_near_in_time():
    from datetime import timedelta

    from rashomon.cluster.stories import ClusterParams, Story, StoryIndex

    index = StoryIndex(ClusterParams(max_candidates=3))
    start = date(2025, 1, 1)
    texts = [FIRE_A, FIRE_A2, FIRE_B]
    for n in range(24):  # the same three events again every 45 days, some undated
        day = None if n % 7 == 6 else start + timedelta(days=45 * (n // 3))
        article = Article(id=f"a{n}", source="t", text=texts[n % 3], published=day)
        index.add(article_features(article))
        assert index.postings == _postings_from_scratch(index)  # after joins, merges and new stories
    assert all(story.spans for story in index.stories.values())
    # a lookup near one day finds only stories within the horizon (or undated), at most max_candidates
    probe = index.weighted(article_features(Article(id="p", source="t", text=FIRE_A)).terms)
    found = index.candidates(probe, start + timedelta(days=90))
    assert 0 < len(found) <= 3
    for sid in found:
        story = index.stories[sid]
        assert story.first is None or (story.first - timedelta(days=60)) <= start + timedelta(days=90) <= (
            story.last + timedelta(days=60))
    # restoring the stories rebuilds the same index
    copy = StoryIndex(index.params)
    for story in index.stories.values():
        copy.restore(Story(story.id, dict(story.profile), story.size, story.names, story.first, story.last,
                           list(story.members), story.storyline))
    assert copy.postings == index.postings


# Two injuries at one club: the club, the kind of news and the manager are shared; the player and details are not.
KNEE = {
    "Brandt": (
        "The Carrow Rovers placed striker Tomas Brandt on the injured list on Wednesday, ending his season. "
        "Brandt sprained a knee ligament in Saturday's match against Dunmere and will need surgery, the club said. "
        "Manager Ruth Ellery said Brandt had been the Rovers' best player this season, with nine goals. "
        "Brandt was hurt in a tackle in the second half and left the pitch on a stretcher. "
        "The Rovers are second in the league, two points behind Harrowgate, with six matches left."
    ),
    "Kerr": (
        "The Carrow Rovers said on Friday that their goalkeeper, Ilya Kerr, will miss the rest of the season. "
        "Kerr twisted his knee in training on Thursday; scans showed a torn cartilage. "
        "Manager Ruth Ellery said the reserve keeper Sam Otieno would start against Lune Vale. "
        "Kerr joined the club from Harrowgate two years ago and has kept eleven clean sheets. "
        "The Rovers are second in the league, two points behind Harrowgate, with six matches left."
    ),
}


def _knee(key: str, player: str, day: date | None, variant: int) -> Article:
    text = KNEE[player]
    if variant:  # another outlet's wording of the same report
        text = text.replace("the club said", "the Rovers said").replace("Manager Ruth Ellery", "Coach Ruth Ellery")
    return Article(id=key, source=key, text=text, published=day)


def test_protagonist_is_a_shortened_two_word_name_named_in_the_lead():
    from rashomon.cluster.features import protagonist

    assert protagonist(KNEE["Brandt"], KNEE["Brandt"][:300]) == "Brandt"
    assert protagonist(KNEE["Kerr"], KNEE["Kerr"][:300]) == "Kerr"
    assert protagonist("Fire crews in San Diego fought a blaze. San Diego police closed roads.", "Fire crews") is None
    assert protagonist("Storms hit New Orleans. The Avenue was closed; the avenue reopened.", "Storms") is None
    assert protagonist("Carrow Rovers won. The Rovers scored twice.", "Carrow Rovers won") is None


def test_a_run_groups_its_articles_apart_by_protagonist_and_whatever_their_order():
    from rashomon.cluster.stories import ClusterParams, StoryIndex, person_clash

    articles = [_knee(f"b{n}", "Brandt", None, n % 2) for n in range(3)]
    articles += [_knee(f"k{n}", "Kerr", None, n % 2) for n in range(3)]
    features = [article_features(a) for a in articles]
    assert person_clash(features[0], features[3]) and not person_clash(features[0], features[1])
    partitions = []
    for order in (features, features[::-1], features[1::2] + features[::2]):
        index = StoryIndex()
        placed = index.add_batch(list(order))
        assert len(placed) == 6 and {a.article_id for a in placed} == {f.article_id for f in order}
        partitions.append(sorted(sorted(s.members) for s in index.stories.values()))
        grouped = next(a for a in placed if a.article_id == "b1")
        assert grouped.reason()["batch_group"] == 3 and grouped.reason()["batch_link"] > 0.5
    assert partitions[0] == partitions[1] == partitions[2] == [["b0", "b1", "b2"], ["k0", "k1", "k2"]]
    # without the person rule the two injuries are one story: the rule is what keeps them apart
    index = StoryIndex(ClusterParams(person_factor=1.0))
    index.add_batch(features)
    assert len(index.stories) == 1


def test_a_later_run_joins_the_story_of_an_earlier_one_and_keeps_its_reason():
    from rashomon.cluster.stories import StoryIndex

    index = StoryIndex()
    first = index.add_batch([article_features(_knee(f"b{n}", "Brandt", date(2026, 4, 1), n))
                             for n in range(2)])
    story = first[0].story_id
    later = index.add_batch([article_features(_knee("b9", "Brandt", date(2026, 4, 3), 1)),
                             article_features(Article(id="f", source="f", text=FIRE_B, published=date(2026, 4, 3)))])
    by_id = {a.article_id: a for a in later}
    assert by_id["b9"].story_id == story and not by_id["b9"].new_story
    assert by_id["b9"].gap_days == 2 and by_id["b9"].score >= index.params.threshold
    assert by_id["f"].new_story and by_id["f"].story_id != story


def test_a_story_keeps_its_title_when_an_article_joins(store):
    a = put(store, "a", FIRE_A, "Fire on the bridge", date(2026, 5, 3), "Lune Post")
    cluster(store)
    title = store.stories()[0]["title"]
    assert title == "Fire on the bridge"
    put(store, "c", FIRE_A2, "Harrowgate Old Mill Bridge over River Lune burns down, fire chief Agnes Morrow says",
        date(2026, 5, 4), "County Times")
    cluster(store)
    (story,) = [s for s in store.stories() if a in {m["id"] for m in s["articles"]}]
    assert len(story["articles"]) == 2 and story["title"] == title


def test_the_users_regrouping_is_kept_by_later_runs_and_redoes_the_comparison(store):
    from rashomon.cluster import regroup

    a = put(store, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3), "Lune Post")
    b = put(store, "b", FIRE_B, "Footbridge fire in Dunmere", date(2026, 5, 9), "Dunmere Echo")
    c = put(store, "c", FIRE_A2, "Harrowgate bridge burns down", date(2026, 5, 4), "County Times")
    cluster(store)
    before = story_of(store)
    assert before[a] == before[c] != before[b]
    # the user splits c off into a story of its own
    placed = regroup(store, {c: None})
    after = story_of(store)
    assert after[c] == placed[c] not in (before[a], before[b]) and after[a] == before[a]
    reason = next(x for x in story_view(store, after[c])["articles"] if x["id"] == c)["reason"]
    assert reason["user"] and reason["from_story"] == before[a]
    from rashomon.cli import _why
    assert "placed here by you" in _why({"reason": reason, "reprint_of": None})
    # a later article of the same event joins one of them; the user's split is not undone by a merge
    d = put(store, "d", FIRE_A.replace("Sunday", "Saturday"), "Old Mill Bridge fire", date(2026, 5, 5), "Lune FM")
    cluster(store)
    again = story_of(store)
    assert again[c] != again[a] and again[d] in (again[a], again[c])
    # the user merges the two back and moves the Dunmere article to them as well
    regroup(store, {b: again[a]}, merge=[again[a], again[c]])
    final = story_of(store)
    assert final[a] == final[b] == final[c] == final[d]
    with pytest.raises(Exception, match="no story 999"):
        regroup(store, {a: 999})


def test_a_known_outlet_is_never_made_the_reprint_of_an_unnamed_upload_of_the_same_day(store):
    from rashomon.cluster.reprints import earlier

    # ids decide nothing: try the upload with an id that sorts first and with one that sorts last
    for upload_key, known_key in (("0-upload", "z-known"), ("z-upload", "0-known")):
        with Store(":memory:") as fresh:
            upload = put(fresh, upload_key, FIRE_A + " (Copied.)", "Bridge destroyed by fire", date(2026, 5, 3))
            cluster(fresh)
            known = put(fresh, known_key, FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3), "Lune Post")
            cluster(fresh)
            detail = {a["id"]: a for s in fresh.stories() for a in s["articles"]}
            assert detail[known]["reprint_of"] is None and detail[upload]["reprint_of"] == known
    assert earlier((date(2026, 5, 3), "b", True), (date(2026, 5, 3), "a", False))
    assert earlier((datetime(2026, 5, 3, 8, 0), "b", False), (date(2026, 5, 3), "a", True))  # a time still wins


def test_moving_a_reprint_away_from_its_original_makes_it_count_on_its_own(store):
    from rashomon.cluster import regroup

    original = put(store, "orig", FIRE_A, "Bridge destroyed by fire", datetime(2026, 5, 3, 8, 0), "Lune Post")
    copy = put(store, "copy", FIRE_A + " (Agency copy.)", "Bridge destroyed by fire", datetime(2026, 5, 3, 12, 0))
    other = put(store, "b", FIRE_B, "Footbridge fire in Dunmere", date(2026, 5, 9), "Dunmere Echo")
    cluster(store)
    detail = {a["id"]: a for s in store.stories() for a in s["articles"]}
    assert detail[copy]["reprint_of"] == original
    regroup(store, {copy: story_of(store)[other]})
    detail = {a["id"]: a for s in store.stories() for a in s["articles"]}
    assert detail[copy]["reprint_of"] is None  # its original is in another story now
    moved_to = next(s for s in stories_view(store) if copy in s["article_ids"])
    assert moved_to["independent_count"] == moved_to["article_count"] == 2


def test_a_read_only_store_compares_with_an_embedding_model_without_writing(store, tmp_path):
    import numpy as np

    from rashomon.analysis import story_analysis
    from rashomon.views import story_summary

    class Embedder:  # stands in for MiniLM: what matters is that vectors would be cached in the store
        name = "test-embedder"

        def embed(self, texts):
            vectors = np.array([[len(t) % 7 + 1.0, t.count(" ") + 1.0, 1.0] for t in texts], dtype=np.float32)
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

        def similarity(self, texts):
            vectors = self.embed(texts)
            return vectors @ vectors.T

    path = tmp_path / "r.db"
    with Store(path) as writable:
        put(writable, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3), "Lune Post")
        put(writable, "c", FIRE_A2, "Harrowgate bridge burns down", date(2026, 5, 4), "County Times")
        cluster(writable)
        from rashomon.nlp import annotate
        from rashomon.settings import Settings

        annotate(writable, settings=Settings(workers=1))
    with Store(path, read_only=True) as read_only:
        summary = story_summary(read_only, read_only.stories()[0]["id"])
        analysis = story_analysis(read_only, summary, Embedder())
        assert analysis["facts"]
        assert read_only._db.execute("SELECT count(*) FROM analyses").fetchone()[0] == 0
        assert read_only._db.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 0


@pytest.mark.parametrize("first", ["cluster", "regroup"])
def test_a_regrouping_saved_while_a_run_is_under_way_is_not_lost(tmp_path, monkeypatch, first):
    """A user's split lands between a clustering run's load and save (or a run lands inside the split's): the
    later save must not undo it (it reused the split story's id for a new story, and put the new article in it)."""
    import rashomon.cluster as clustering
    from rashomon.cluster import regroup

    path = tmp_path / "news.db"
    with Store(path) as store, Store(path) as other:
        a = put(store, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3), "Lune Post")
        c = put(store, "c", FIRE_A2, "Harrowgate bridge burns down", date(2026, 5, 4), "County Times")
        cluster(store)
        assert story_of(store)[a] == story_of(store)[c]
        b = put(store, "b", FIRE_B, "Footbridge fire in Dunmere", date(2026, 5, 9), "Dunmere Echo")
        load, meddled = clustering._load, []

        def load_then_meddle(*args):  # the other writer's change lands right after this run has loaded
            run = load(*args)
            if not meddled:
                meddled.append(True)
                if first == "cluster":
                    regroup(other, {c: None})
                else:
                    cluster(other)
            return run

        monkeypatch.setattr(clustering, "_load", load_then_meddle)
        if first == "cluster":
            cluster(store)
        else:
            regroup(store, {c: None})
        placed = story_of(store)
    assert placed[c] not in (placed[a], placed[b]) and placed[a] != placed[b]
    with Store(path) as check:
        stories = {s["id"]: s for s in check.stories()}
        sizes = dict(check._db.execute("SELECT id, size FROM stories").fetchall())
        pinned = json.loads(check._db.execute("SELECT value FROM cluster_meta WHERE key = 'pinned'").fetchone()[0])
    assert set(stories) == {placed[a], placed[b], placed[c]}
    assert {sid: len(s["articles"]) for sid, s in stories.items()} == sizes  # no stale sizes either
    assert placed[c] in pinned
    reason = next(x for x in stories[placed[c]]["articles"] if x["id"] == c)["reason"]
    assert reason["user"] == "placed here by the user"


def test_deleting_an_article_while_a_run_is_under_way_is_not_undone(tmp_path, monkeypatch):
    import rashomon.cluster as clustering

    path = tmp_path / "news.db"
    with Store(path) as store, Store(path) as other:
        a = put(store, "a", FIRE_A, "Bridge destroyed by fire", date(2026, 5, 3), "Lune Post")
        c = put(store, "c", FIRE_A2, "Harrowgate bridge burns down", date(2026, 5, 4), "County Times")
        cluster(store)
        d = put(store, "d", FIRE_A.replace("Sunday", "Saturday"), "Old Mill Bridge fire", date(2026, 5, 5))
        load, meddled = clustering._load, []

        def load_then_delete(*args):
            run = load(*args)
            if not meddled:
                meddled.append(other.delete_article(c))
            return run

        monkeypatch.setattr(clustering, "_load", load_then_delete)
        cluster(store)
        sizes = dict(store._db.execute("SELECT id, size FROM stories").fetchall())
        members = {s["id"]: len(s["articles"]) for s in store.stories()}
        placed = story_of(store)
    assert meddled == [True] and c not in placed and placed[d] == placed[a]
    assert sizes == members  # the run's stale size of a's story (with c in it) was not written over the deletion


def test_linking_storylines_joins_whole_storylines_as_a_walk_over_every_story_would():
    # _link_storylines walks only the stories of the two storylines it joins; on random stories and links it must
    # give what the plain rule gives: both stories and every story of their storylines take the smallest label.
    import random
    from types import SimpleNamespace

    from rashomon.cluster import _link_storylines

    def by_rule(stories: dict, links: list[tuple[int, int]]) -> dict[int, int | None]:
        for a, b in links:
            labels = {s for s in (stories[a].storyline, stories[b].storyline) if s is not None}
            target = min(labels | {a, b}) if not labels else min(labels)
            for each in stories.values():
                if each.storyline in labels or each.id in (a, b):
                    each.storyline = target
        return {i: s.storyline for i, s in stories.items()}

    for seed in range(300):
        rnd = random.Random(seed)
        n = rnd.randint(2, 25)
        labels = {i: rnd.choice([None, None, rnd.randrange(n)]) for i in range(n)}
        links = [tuple(rnd.sample(range(n), 2)) for _ in range(rnd.randint(1, 15))]
        related = {a: [(1.0, b) for x, b in links if x == a] for a in range(n)}
        order = sorted({a for a, _ in links})  # _link_storylines visits the changed stories in id order
        expected = by_rule({i: SimpleNamespace(id=i, storyline=s) for i, s in labels.items()},
                           [(a, b) for a in order for _, b in related[a]])
        stories = {i: SimpleNamespace(id=i, storyline=s) for i, s in labels.items()}
        index = SimpleNamespace(stories=stories,
                                related=lambda story, threshold, weighted, found=related: found[story.id])
        _link_storylines(SimpleNamespace(index=index), set(order))
        assert {i: s.storyline for i, s in stories.items()} == expected, seed


REPRINT_ORDER_SCRIPT = """
from rashomon.cluster.reprints import ReprintIndex
text = " ".join(f"the harbour board met on day {n} and agreed the new quay plan for the town" for n in range(8))
texts = {}
index = ReprintIndex(texts.get)
for name in ("wire-a", "wire-b", "wire-c", "wire-d", "wire-e"):
    texts[name] = text
    print(name, index.add(name, text)[1])
"""


def test_reprint_detection_is_the_same_whatever_the_hash_seed():
    # the LSH index answers in a set's order, which changes with the process's string hashing: equally good
    # candidates must still come back in one order, or two runs of one archive place its copies differently
    import subprocess
    import sys

    outputs = {subprocess.run([sys.executable, "-c", REPRINT_ORDER_SCRIPT], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(outputs) == 1, outputs
    assert "('wire-a', 1.0), ('wire-b', 1.0)" in next(iter(outputs))
