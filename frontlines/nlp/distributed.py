"""Coding on a Dask cluster: the NLP stage spread over worker processes.

`DaskCoder` offers the one method ingest needs of a `Coder`, ``code_many``, and runs it on a
Dask cluster (``pip install 'frontlines[dask]'``): the client sends the documents in chunks
(``client.submit`` of `code_chunk`, a bounded number in flight), each worker holds one `Coder`
built once by the `CoderPlugin` worker plugin, and the coded documents come back to the client
*in input order*. So `frontlines.api.ingest` runs unchanged on top of it: reading sources and
duplicate checks stay on the client, and the client alone writes, through the same
``Store.save_article_coded`` transaction as the single-process path. Input order (not
completion order) matters because merging is order-dependent: the first mention of an event
founds it and names it, so writing in input order gives exactly the single path's event ids.

This lives in `nlp` because it is the coding stage run elsewhere, not a new stage: it codes
documents and returns `CodedDocument`s, nothing more.
"""
from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from frontlines.records import Article, CodedDocument, CodingOverrides

if TYPE_CHECKING:
    from frontlines.nlp.pipeline import Coder

# Importing this module needs dask[distributed] (the `dask` extra: pip install 'frontlines[dask]');
# nothing else imports it unless `--engine dask` is asked for.


@dataclass(frozen=True)
class CoderSpec:
    """What a worker needs to build the same coder as the client would: the trained sub-type
    model's folder (a path the workers can read; None: as shipped) and the store's analyst
    fixes (``Store.coding_overrides()``). It travels to every worker, so it must pickle."""

    model: str | None = None
    overrides: CodingOverrides = field(default_factory=CodingOverrides)

    def build(self) -> Coder:
        from frontlines import api

        return api.default_coder(model=self.model, overrides=self.overrides or None)


class CoderPlugin(WorkerPlugin):
    """A Dask worker plugin that builds the coder once per worker process when it is
    registered (and on workers that join later), and drops it when unregistered. Tasks reach it
    by name through ``get_worker().plugins`` (`worker_coder`); it is the only place a worker
    keeps a coder, so no module-level state is needed."""

    def __init__(self, spec: CoderSpec) -> None:
        self.spec = spec
        self.coder: Coder | None = None

    def setup(self, worker: Any) -> None:
        self.coder = self.spec.build()

    def teardown(self, worker: Any) -> None:
        self.coder = None


def worker_coder(plugin_name: str) -> Coder:
    """The coder the `CoderPlugin` registered as ``plugin_name`` built on this worker."""
    plugin = get_worker().plugins.get(plugin_name)
    if plugin is None or plugin.coder is None:
        raise RuntimeError(f"worker plugin {plugin_name!r} is not set up on this worker")
    return plugin.coder


def code_chunk(plugin_name: str, articles: list[Article], batch_size: int) -> list[CodedDocument]:
    """A task: code one chunk of documents with this worker's coder, in order."""
    return list(worker_coder(plugin_name).code_many(articles, batch_size=batch_size))


class DaskCoder:
    """``code_many`` on a Dask cluster (see the module docstring). ``chunk_size`` documents
    go in one task; at most ``in_flight`` tasks per worker are queued, so memory on the client
    stays bounded however long the input. Use as a context manager (or call ``close``): it
    registers the coder plugin on the workers and removes it afterwards."""

    def __init__(self, client: Client, spec: CoderSpec, *, chunk_size: int = 16, in_flight: int = 2,
                 batch_size: int = 32) -> None:
        self.client = client
        self.spec = spec
        self.chunk_size = chunk_size
        self.in_flight = in_flight
        self.batch_size = batch_size
        # A name per run: a long-lived cluster may serve runs with other settings at once.
        self.plugin_name = f"frontlines-coder-{uuid.uuid4().hex[:12]}"
        self._registered = False

    def __enter__(self) -> DaskCoder:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Build the coder on every worker (in parallel, before the first document)."""
        if not self._registered:
            self.client.register_plugin(CoderPlugin(self.spec), name=self.plugin_name)
            self._registered = True

    def close(self) -> None:
        if self._registered:
            self._registered = False
            self.client.unregister_worker_plugin(self.plugin_name)

    def max_pending(self) -> int:
        workers = len(self.client.scheduler_info(n_workers=-1).get("workers", {})) or 1
        return max(1, workers * self.in_flight)

    def code_many(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[CodedDocument]:
        """The coded documents in input order, like `Coder.code_many`; chunks are coded in
        parallel and their results yielded as soon as every earlier chunk is done."""
        self.start()
        batch = batch_size or self.batch_size
        pending: deque[Any] = deque()
        limit = self.max_pending()
        it = iter(articles)
        while True:
            while len(pending) < limit and (chunk := list(islice(it, self.chunk_size))):
                pending.append(self.client.submit(code_chunk, self.plugin_name, chunk, batch, pure=False))
            if not pending:
                return
            yield from pending.popleft().result()


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client on the cluster at ``scheduler`` (``tcp://host:8786``), or on a local cluster
    of ``workers`` single-threaded worker processes (default: one per CPU) that is shut down
    afterwards. spaCy holds the GIL, so processes, not threads, give parallel coding."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        yield client


__all__ = ["CoderSpec", "CoderPlugin", "DaskCoder", "code_chunk", "dask_client",
           "worker_coder"]
