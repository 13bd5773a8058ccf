"""WordNet's relations as the comparison reads them (rashomon.nlp.wordnet)."""

from rashomon.nlp import wordnet


def test_the_database_is_installed_with_the_package():
    assert wordnet.available()


def test_words_of_one_meaning_are_related_and_words_of_two_are_not():
    for a, b in (("strike", "walkout"), ("begin", "start"), ("agreement", "agree"), ("fire", "blaze"),
                 ("walkouts", "strike"), ("said", "announced"), ("talks", "negotiations")):
        assert wordnet.related(a, b), (a, b)
    for a, b in (("fire", "flood"), ("win", "lose"), ("arrive", "leave"), ("hospital", "school")):
        assert not wordnet.related(a, b), (a, b)


def test_inflected_words_are_read_as_their_lemmas_and_unknown_words_only_as_themselves():
    assert wordnet.lemmas("dockworkers", "n") == ("dockworker",)
    assert wordnet.lemmas("went", "v") == ("go",)
    assert wordnet.lemmas("Kellmoor", "n") == ()
    assert wordnet.related("Kellmoor", "kellmoor") and not wordnet.related("Kellmoor", "Ostrel")


def test_the_share_of_related_words_counts_both_phrases():
    assert wordnet.shared(["strike", "begin"], ["walkout", "start"]) == 1.0
    assert wordnet.shared(["strike", "begin"], ["walkout", "end"]) == 0.5
    assert wordnet.shared([], ["walkout"]) == 0.0


def test_no_word_and_a_word_outside_latin_1_have_no_lemma_and_no_relation():
    assert wordnet.lemmas("", "n") == () and wordnet.lemmas(" ", "v") == () and wordnet.lemmas("Москва", "n") == ()
    assert not wordnet.related("", "meet") and not wordnet.related("", "")
    assert not wordnet.related("Звезда", "strike") and wordnet.shared(["Звезда", "begin"], ["walkout", "start"]) == 0.5
