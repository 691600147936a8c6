"""The analyst: one warm pipeline behind a queue, batches of waiting requests, refusals when full."""

from __future__ import annotations

import asyncio

import pytest

from unspin import Article
from unspin.serve.analysis import Analyst
from unspin.serve.config import ServeConfig
from unspin.serve.errors import ApiError
from unspin.serve.metrics import Metrics

from ._helpers import ARTICLE


def test_concurrent_requests_each_get_their_own_article_back(analyst: Analyst) -> None:
    texts = [f"{ARTICLE} Article number {i} ends here." for i in range(6)]

    async def all_at_once() -> list[Article]:
        return list(await asyncio.gather(*(analyst.analyse(Article(t)) for t in texts)))

    results = asyncio.run(all_at_once())
    assert [a.text for a in results] == texts
    assert all(a.layer("techniques") is not None and "sentences" in a.layers for a in results)
    assert analyst.pending == 0


def test_a_full_queue_refuses_with_503() -> None:
    analyst = Analyst(ServeConfig(only=("sentences",), max_queue=0), Metrics())
    with pytest.raises(ApiError) as not_running:
        analyst.submit(Article(ARTICLE))
    assert not_running.value.status == 503
    analyst.start()
    try:
        with pytest.raises(ApiError) as full:
            analyst.submit(Article(ARTICLE))
        assert full.value.status == 503 and full.value.headers["Retry-After"]
        assert 'unspin_requests_rejected_total{reason="queue_full"} 1' in analyst.metrics.render()
    finally:
        analyst.stop()
