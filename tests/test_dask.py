"""The pipeline on a Dask cluster (issue 20): a LocalCluster of two worker processes gives what the local path
gives; a document whose work raises on a worker costs only itself; a worker killed mid-task is retried by Dask."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rashomon.engine import Failed
from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import quotes_view, stories_view, to_json
from tests.conftest import ARTICLE_TEXT, DEMO

distributed = pytest.importorskip("distributed")

from rashomon.engine.dask_executor import ClusterError, DaskExecutor, start_local_cluster  # noqa: E402
from rashomon.pipeline import run_pipeline  # noqa: E402

CORPUS = DEMO / "corpus"
DEMO_ARTICLES = 9


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """Two worker processes of one thread each, as ``rashomon cluster-up --workers 2`` starts them."""
    cluster = start_local_cluster(2, port=0)
    with distributed.Client(cluster, set_as_default=False) as client:
        yield client
    cluster.close()


@pytest.fixture
def dask(client) -> DaskExecutor:
    return DaskExecutor(client=client)


@pytest.fixture
def quick() -> Settings:
    return Settings(workers=1, similarity="lexical")


def _half(n: int) -> int:
    if n == 3:
        raise ValueError("three is bad")
    if n == 5:
        import time

        time.sleep(3)
    return n // 2


def test_map_keeps_the_order_and_a_failure_is_only_its_item(dask):
    outcomes = dask.map(_half, [2, 3, 8, 5], budget=1.0, min_parallel=100)  # min_parallel: workers are up already
    assert outcomes[0] == 1 and outcomes[2] == 4
    assert isinstance(outcomes[1], Failed) and outcomes[1].kind == "error" and "three is bad" in outcomes[1].reason
    assert isinstance(outcomes[3], Failed) and outcomes[3].kind == "timeout" and outcomes[3].item == 5
    assert dask.map(_half, []) == [] and dask.workers == 2


def test_the_pipeline_on_two_workers_gives_the_stories_facts_and_quotes_of_the_local_path(quick, dask, client,
                                                                                         tmp_path):
    results = {}
    for name, executor in (("local", None), ("dask", dask)):
        with Store(tmp_path / f"{name}.db") as store:
            result = run_pipeline([str(CORPUS)], store, quick, executor=executor)
            results[name] = (to_json(result.analysis), to_json(stories_view(store)),
                             to_json(quotes_view(store, store.articles())))
            assert result.annotated.annotated + result.annotated.skipped == DEMO_ARTICLES
    assert results["dask"] == results["local"]
    # each worker loaded the spaCy pipeline at most once, however many tasks it ran
    from rashomon.nlp import model

    loads = client.run(lambda: len(model._loaded))
    assert len(loads) == 2 and all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1


def _poison(marker: str) -> None:
    """On a worker: annotating an article that says 'poison' raises (``marker`` unused: same shape as _kill)."""
    import rashomon.nlp.pipeline as nlp_pipeline

    real = getattr(nlp_pipeline, "_real_annotate", nlp_pipeline.annotate_articles)
    nlp_pipeline._real_annotate = real  # type: ignore[attr-defined]

    def poisoned(articles, settings):
        if any("poison" in article.text for article in articles):
            raise RuntimeError("the parser choked on this article")
        return real(articles, settings)

    nlp_pipeline.annotate_articles = poisoned


def _kill(marker: str) -> None:
    """On a worker: the first annotation task (the one that creates ``marker``) kills its worker process."""
    import rashomon.nlp.pipeline as nlp_pipeline

    real = getattr(nlp_pipeline, "_real_annotate", nlp_pipeline.annotate_articles)
    nlp_pipeline._real_annotate = real  # type: ignore[attr-defined]

    def deadly(articles, settings):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return real(articles, settings)
        os._exit(9)  # as the OOM killer would

    nlp_pipeline.annotate_articles = deadly


def _restore() -> None:
    import rashomon.nlp.pipeline as nlp_pipeline

    if hasattr(nlp_pipeline, "_real_annotate"):
        nlp_pipeline.annotate_articles = nlp_pipeline._real_annotate


@pytest.fixture
def patched(client, tmp_path) -> Iterator[tuple[object, Path]]:
    """``patched(how)`` installs a stand-in for the parser on every worker; undone after the test."""
    marker = tmp_path / "killed-once"

    def install(how) -> None:
        client.run(how, str(marker))

    yield install, marker
    client.run(_restore)


def test_a_document_whose_work_raises_on_a_worker_is_recorded_and_the_others_are_stored(quick, dask, patched,
                                                                                        tmp_path):
    install, _ = patched
    install(_poison)
    batch = tmp_path / "batch"
    shutil.copytree(CORPUS, batch)
    (batch / "poison.txt").write_text("Harbour poison scare closes the bay\n\n" + ARTICLE_TEXT + " poison")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02\x03 not text" * 20)
    with Store(tmp_path / "r.db") as store:
        result = run_pipeline([str(batch)], store, quick, executor=dask)
        stored = store.articles()
        poisoned = next(a for a in stored if "poison" in a.text)
        annotation = store.annotation(poisoned.id)
    assert result.ingested is not None
    assert [Path(f.source).name for f in result.ingested.failures] == ["binary.txt"]  # extracted on the workers
    assert len(stored) == DEMO_ARTICLES + 1
    assert result.annotated.with_problems == [(poisoned.id, "annotation failed: RuntimeError: the parser choked "
                                                            "on this article")]
    assert annotation is not None and annotation.status == "skipped"
    assert result.annotated.annotated + result.annotated.skipped == DEMO_ARTICLES + 1
    assert result.clustered.placed == DEMO_ARTICLES + 1 and result.stories


def test_a_worker_killed_mid_task_is_retried_by_dask_and_the_run_completes(quick, dask, patched, tmp_path):
    install, marker = patched
    install(_kill)
    with Store(tmp_path / "r.db") as store:
        result = run_pipeline([str(CORPUS)], store, quick, executor=dask)
    assert marker.exists()  # a worker did die in the middle of annotating
    assert not result.annotated.with_problems  # the task ran again elsewhere: nothing was lost or failed
    assert result.annotated.annotated + result.annotated.skipped == DEMO_ARTICLES
    assert result.clustered.placed == DEMO_ARTICLES and result.stories


def test_a_scheduler_that_is_not_there_is_one_clear_error():
    with pytest.raises(ClusterError, match=r"no Dask scheduler answers at tcp://127\.0\.0\.1:9 .*cluster-up"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=1)
    with pytest.raises(ClusterError, match=r"'foo://x:1' is not a Dask scheduler address .* tcp://HOST:PORT"):
        DaskExecutor("foo://x:1", connect_timeout=1)


def test_analyze_runs_on_the_cluster_named_by_rashomon_cluster(client, tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    out = tmp_path / "out"
    config = tmp_path / "rashomon.toml"
    config.write_text('similarity = "lexical"\n')  # comparing is not what runs on the cluster: no model to load
    shown = CliRunner().invoke(app, ["--config", str(config), "--db", str(tmp_path / "r.db"), "analyze", str(CORPUS),
                                     "--out", str(out)],
                               env={"RASHOMON_CLUSTER": client.scheduler.address, "HF_HUB_OFFLINE": "1"},
                               catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    assert (out / "analysis.json").exists()
    with Store(tmp_path / "r.db") as store:
        assert len(store.articles()) == DEMO_ARTICLES and stories_view(store)


def test_a_cluster_setting_whose_scheduler_is_not_there_stops_analyze_with_one_line(tmp_path, monkeypatch, capsys):
    import rashomon.engine.dask_executor as dask_executor
    from rashomon.cli import main

    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 1.0)
    config = tmp_path / "rashomon.toml"
    config.write_text('[rashomon]\ncluster = "tcp://127.0.0.1:9"\n')
    monkeypatch.setattr("sys.argv", ["rashomon", "--config", str(config), "--db", str(tmp_path / "r.db"),
                                     "analyze", str(CORPUS), "--out", str(tmp_path / "out")])
    monkeypatch.delenv("RASHOMON_CLUSTER", raising=False)
    with pytest.raises(SystemExit) as stopped:
        main()
    said = capsys.readouterr().err
    assert stopped.value.code == 2 and "Traceback" not in said
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in " ".join(said.split())
    assert not (tmp_path / "r.db").exists() and not (tmp_path / "out").exists()  # stopped before reading anything


def test_a_client_whose_event_loop_is_slow_to_start_is_tried_again(client, monkeypatch):
    # distributed fails a client whose IO loop thread took over 10 s to start with a bare AssertionError (a busy
    # CI machine did): the executor tries again, and after LOOP_TRIES says so in one line

    real, calls = distributed.Client, []

    def slow_then_real(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise AssertionError
        return real(*args, **kwargs)

    monkeypatch.setattr(distributed, "Client", slow_then_real)
    with DaskExecutor(client.scheduler.address) as executor:
        assert executor.map(len, ["ab", "c"]) == [2, 1]
    assert len(calls) == 2

    def never(*args, **kwargs):
        raise AssertionError

    monkeypatch.setattr(distributed, "Client", never)
    with pytest.raises(ClusterError, match="could not start its event loop"):
        DaskExecutor(client.scheduler.address)


def test_the_poller_takes_the_cluster_setting_too(tmp_path, monkeypatch, capsys):
    import rashomon.engine.dask_executor as dask_executor
    from rashomon.cli import main

    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.setenv("RASHOMON_CLUSTER", "tcp://127.0.0.1:9")
    monkeypatch.setattr("sys.argv", ["rashomon", "--db", str(tmp_path / "r.db"), "watch", "run", "--once"])
    with pytest.raises(SystemExit) as stopped:
        main()
    said = capsys.readouterr().err
    assert stopped.value.code == 2 and "Traceback" not in said
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in " ".join(said.split())
    assert not (tmp_path / "r.db").exists()  # stopped before opening the database


def _nap(n: int) -> int:
    import time

    time.sleep(1)
    return n


@pytest.mark.parametrize("run", [
    lambda executor: executor.map(_nap, list(range(20))),
    lambda executor: list(executor.imap(_nap, list(range(20)), ordered=False)),
], ids=["map", "imap"])
def test_a_scheduler_lost_mid_run_is_one_clear_error_not_every_document_failed(run):
    import threading

    cluster = start_local_cluster(1, port=0)
    executor = DaskExecutor(cluster.scheduler_address)
    stopper = threading.Timer(2.0, cluster.close)
    stopper.start()
    try:
        with pytest.raises(ClusterError, match=r"lost the Dask scheduler at tcp://.*rerun to resume"):
            run(executor)
    finally:
        stopper.join()
        executor.close()


def test_the_dask_clients_own_log_of_a_lost_scheduler_is_left_to_our_one_message(caplog):
    # What the Dask client logs at ERROR when its scheduler is killed (seen with rashomon analyze --cluster and
    # a killed rashomon cluster-up): a traceback of refused connections and a cancelled reconnect, then "Failed
    # to reconnect". The ClusterError that stops the run says it in one line; other errors are still logged.
    import asyncio
    import logging

    cluster = start_local_cluster(1, port=0)
    try:
        with DaskExecutor(cluster.scheduler_address):
            client_log = logging.getLogger("distributed.client")
            for error in (ConnectionRefusedError(111, "Connection refused"), asyncio.CancelledError()):
                try:
                    raise error
                except BaseException:
                    client_log.exception("")
            client_log.error("Failed to reconnect to scheduler after 10.00 seconds, closing client")
            client_log.error("some other trouble")
    finally:
        cluster.close()
    logged = [record.getMessage() for record in caplog.records if record.name == "distributed.client"]
    assert logged == ["some other trouble"]


# --- the streaming map on the cluster ----------------------------------------------------------------------

def _slow_half(n: int) -> int:
    import time

    time.sleep(0.02 * (n % 5))
    return _half(n)


@pytest.mark.parametrize("ordered", [True, False])
def test_imap_holds_at_most_its_cap_and_hands_back_every_item_once(dask, ordered):
    from tests.test_engine_stream import Source

    items = [n for n in range(40) if n not in (3, 5)] + [3, 5]
    source = Source(items, cap=4)  # two per worker thread
    got = []
    for pair in dask.imap(_slow_half, source, budget=1.0, ordered=ordered):
        got.append(pair)
        source.consumed += 1
    assert sorted(item for item, _ in got) == sorted(items) and source.most == 4
    if ordered:
        assert [item for item, _ in got] == items
    by_item = dict(got)
    assert all(by_item[n] == n // 2 for n in items if n not in (3, 5))
    assert isinstance(by_item[3], Failed) and "three is bad" in by_item[3].reason
    assert isinstance(by_item[5], Failed) and by_item[5].kind == "timeout"


def test_imap_stopped_early_leaves_no_task_on_the_cluster(dask, client):
    import time

    outcomes = dask.imap(_nap, list(range(20)), ordered=False)
    next(outcomes)
    outcomes.close()
    deadline = time.monotonic() + 10
    while client.processing() and any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(client.processing().values())



def test_each_worker_is_set_for_the_work_without_its_profiler(client):
    from rashomon.engine.dask_worker import LeanWorker

    DaskExecutor(client=client)  # registers LeanWorker on every worker (once: it is idempotent)
    callbacks = client.run(lambda dask_worker: sorted(dask_worker.periodic_callbacks))
    assert len(callbacks) == 2 and not any("profile" in name for names in callbacks.values() for name in names)
    assert LeanWorker.name in client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.worker_plugins))
