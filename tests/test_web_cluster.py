"""The web app's ingest job runs where ``analyze`` runs (issue 20): on the cluster setting's Dask scheduler when
there is one, and a scheduler that is not there fails the job with one line before anything is stored."""

from __future__ import annotations

import pytest

from rashomon.settings import Settings
from rashomon.store import Store
from rashomon.views import stories_view
from rashomon.web.jobs import IngestTask
from tests.conftest import DEMO

distributed = pytest.importorskip("distributed")

from rashomon.engine.dask_executor import ClusterError, start_local_cluster  # noqa: E402

CORPUS = DEMO / "corpus"


class Recorder:
    """The job page's side of ``Progress``: the steps and messages a job reports."""

    def __init__(self) -> None:
        self.steps: list[str] = []
        self.messages: list[str] = []

    def step(self, label: str, done: int, total: int) -> None:
        self.steps.append(label)

    def message(self, text: str) -> None:
        self.messages.append(text)


def test_an_ingest_job_runs_on_the_cluster_setting_and_its_workers_do_the_work(tmp_path):
    cluster = start_local_cluster(1, port=0)
    try:
        with distributed.Client(cluster, set_as_default=False) as client:
            settings = Settings(workers=1, similarity="lexical", cluster=client.scheduler.address)
            result = IngestTask(str(tmp_path / "r.db"), settings, [str(CORPUS)]).run(Recorder())
            # the cluster ran the tasks: its scheduler saw the extraction and annotation of the corpus
            ran = {key.split("-")[0] for key in client.run_on_scheduler(
                lambda dask_scheduler: list(dask_scheduler.task_prefixes))}
    finally:
        cluster.close()
    assert ran, "no task ran on the cluster"
    assert result["story_ids"]
    with Store(tmp_path / "r.db") as store:
        assert len(store.articles()) == 9 and stories_view(store)


def test_an_ingest_job_whose_scheduler_is_not_there_fails_before_anything_is_stored(tmp_path, monkeypatch):
    import rashomon.engine.dask_executor as dask_executor

    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 1.0)
    settings = Settings(workers=1, similarity="lexical", cluster="tcp://127.0.0.1:9")
    with pytest.raises(ClusterError, match=r"no Dask scheduler answers at tcp://127\.0\.0\.1:9"):
        IngestTask(str(tmp_path / "r.db"), settings, [str(CORPUS)]).run(Recorder())
    assert not (tmp_path / "r.db").exists()
