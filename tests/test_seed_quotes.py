"""Quotes, speakers and attribution chains in the five real seed articles (skipped when absent).

The three English translations of Dmitriev's remark about talks with Musk reach three outlets
through three chains (directly, via Reuters, via TASS); Putin's and Peskov's quotes must come
with their speakers. Only short phrases of the seeds appear here, as search keys.
"""

import pytest

from rashomon.ingest import ingest
from rashomon.nlp import annotate
from rashomon.store import Store
from tests.conftest import SEEDS

pytestmark = [pytest.mark.shared,
              pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")]

# (seed, words in the quote, kind, resolved speaker, attribution chain)
EXPECTED = [
    ("001", "There will certainly be discussions with Musk soon", "direct", "Kirill Dmitriev", ()),
    ("001", "We believe he is a unique leader", "direct", "Kirill Dmitriev", ()),
    ("001", "Our vision for cooperation with Musk", "direct", "Kirill Dmitriev", ()),
    ("001", "I believe this dialogue will continue", "direct", "Kirill Dmitriev", ()),
    ("001", "We appreciate his constructive focus", "direct", "Kirill Dmitriev", ()),
    ("001", "he plans to meet with billionaire", "indirect", "Kirill Dmitriev", ()),
    ("002", "I think that there will undoubtedly be a discussion with Musk", "direct", "Kirill Dmitriev",
     ("Reuters",)),
    ("002", "he expects Russia to hold talks", "indirect", "Kirill Dmitriev", ("RBK",)),
    ("002", "Russia also seeks cooperation with Musk", "indirect", "Kirill Dmitriev", ()),
    ("003", "Discussions with Musk will be as early as in the near time", "direct", "Kirill Dmitriev", ("TASS",)),
    ("003", "reserves of rare earth metals exceed the amount in Ukraine", "direct", "Kirill Dmitriev", ()),
    ("003", "We would like to involve American companies", "direct", "Kirill Dmitriev", ()),
    ("003", "I would like to repeat again, we did not expel anyone", "direct", "Vladimir Putin", ()),
    ("003", "we are talking about experienced businessmen", "direct", "Vladimir Putin", ()),
    ("003", "There will be no privileges or preferences", "direct", "Vladimir Putin", ()),
    ("003", "he had asked his government to monitor firms", "indirect", "Vladimir Putin", ("TASS",)),
    ("003", "They will not be allowed to repurchase businesses", "indirect", "Vladimir Putin", ()),
    ("000", "Russia is interested in collaborating with American companies", "indirect", "Kirill Dmitriev", ()),
    ("000", "Russia does not plan to make it easy", "indirect", "Vladimir Putin", ()),
    ("004", "there has been no substantive discussion of this issue yet", "direct", "Dmitry Peskov", ()),
    ("004", "Everything needs to be resolved step by step", "direct", "Dmitry Peskov", ()),
]

# (seed, source credited, how)
CHAINS = [("002", "RBK", "reported"), ("002", "Reuters", "according to"), ("003", "TASS", "according to"),
          ("003", "TASS", "reports"), ("003", "Reuters", "contributed"), ("004", "Bloomberg", "in the material of"),
          ("000", "Reuters", "noted")]


@pytest.fixture(scope="module")
def annotated():
    with Store(":memory:") as store:
        ingest([str(SEEDS)], store)
        annotate(store)
        yield {a.source.rsplit("/", 1)[-1][:3]: store.annotation(a.id) for a in store.articles()}


@pytest.mark.parametrize(("seed", "words", "kind", "speaker", "chain"), EXPECTED, ids=lambda v: str(v)[:30])
def test_quote_found_with_speaker(annotated, seed, words, kind, speaker, chain):
    quote = next((q for q in annotated[seed].quotes if words in q.content), None)
    assert quote is not None, f"{seed}: no quote contains {words!r}"
    assert (quote.kind, quote.speaker_resolved, quote.attribution) == (kind, speaker, chain)


@pytest.mark.parametrize(("seed", "name", "cue"), CHAINS)
def test_source_cited(annotated, seed, name, cue):
    assert any(s.name == name and s.cue == cue for s in annotated[seed].sources), annotated[seed].sources
