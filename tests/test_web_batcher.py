"""The micro-batcher's gathering, against a stand-in pool that records the batches it is sent."""

from __future__ import annotations

import asyncio
from typing import Any

from skyrack.web.batcher import Batcher
from skyrack.web.limits import Limits


class _Pool:
    """Answers each item of a batch with its body after ``seconds``; records each batch's bodies and start time."""

    def __init__(self, limits: Limits, seconds: float) -> None:
        self.limits, self.seconds = limits, seconds
        self.batches: list[tuple[float, list[Any]]] = []

    async def call(self, task: str, body: dict[str, Any]) -> list[tuple[int, Any]]:
        assert task == "batch"
        self.batches.append((asyncio.get_running_loop().time(), [b for _, b in body["items"]]))
        await asyncio.sleep(self.seconds)
        return [(200, b) for _, b in body["items"]]


def _run(limits: Limits, seconds: float, scenario: Any) -> list[tuple[float, list[Any]]]:
    async def main() -> list[tuple[float, list[Any]]]:
        pool = _Pool(limits, seconds)
        await scenario(Batcher(pool, limits))  # type: ignore[arg-type]
        return pool.batches

    return asyncio.run(main())


def test_the_next_request_of_an_answered_client_joins_the_waiting_batch() -> None:
    # One worker. "a" goes alone; "b" arrives while it computes; the moment "a" is answered its client
    # sends "c" (a closed loop; 3 ms on the way). The freed worker waits one window (10 ms), so "b" and
    # "c" go together.
    async def scenario(batcher: Batcher) -> None:
        async def client_a() -> None:
            assert await batcher.call("design", "a") == "a"
            await asyncio.sleep(0.003)  # the answer's way back to the client and its next request's way in
            assert await batcher.call("design", "c") == "c"

        async def client_b() -> None:
            await asyncio.sleep(0.02)
            assert await batcher.call("design", "b") == "b"

        await asyncio.gather(client_a(), client_b())

    batches = _run(Limits(workers=1, batch_window_ms=10.0), 0.1, scenario)
    assert [items for _, items in batches] == [["a"], ["b", "c"]]


def test_a_full_batch_goes_as_soon_as_a_worker_frees() -> None:
    # batch_max 3, a window of 0.5 s: a full batch leaves at once; three more gather while it computes
    # (0.1 s) and leave the moment it returns, 0.1 s after it, not 0.6 s.
    async def scenario(batcher: Batcher) -> None:
        first = [asyncio.ensure_future(batcher.call("design", x)) for x in "abc"]
        await asyncio.sleep(0.01)
        rest = [asyncio.ensure_future(batcher.call("design", x)) for x in "def"]
        assert await asyncio.gather(*first, *rest) == list("abcdef")

    batches = _run(Limits(workers=1, batch_window_ms=500.0, batch_max=3), 0.1, scenario)
    assert [items for _, items in batches] == [list("abc"), list("def")]
    assert 0.1 <= batches[1][0] - batches[0][0] < 0.3


def test_a_closed_loop_of_clients_is_split_evenly_over_the_workers() -> None:
    # 12 clients, each sending its next request 2 ms after its answer (within the 5 ms window), 12 requests
    # each; 2 workers, 50 ms a batch. Balanced, each worker computes 6 requests a batch (12 / 2). Without
    # the fair share, one worker took all 12 each time and the other idled (measured: median batch 12);
    # without the window after a return, batches fell into 10 / 1 / 1 cycles.
    async def scenario(batcher: Batcher) -> None:
        async def client(k: int) -> None:
            await asyncio.sleep(0.001 * k)
            for r in range(12):
                assert await batcher.call("design", (k, r)) == (k, r)
                await asyncio.sleep(0.002)

        await asyncio.gather(*(client(k) for k in range(12)))

    sizes = [len(items) for _, items in _run(Limits(workers=2, batch_window_ms=5.0), 0.05, scenario)]
    assert sum(sizes) == 144
    assert sorted(sizes)[len(sizes) // 2] == 6, sizes


def test_clients_still_coming_back_keep_a_worker_for_themselves() -> None:
    # 8 clients, 2 workers, 100 ms a batch: the first 8 requests go 4 and 4, and both batches come back
    # together. Clients 0-3 send their next request 2 ms after the answer, clients 4-7 after 30 ms. Split
    # evenly, the first four would take both workers (2 and 2) and the last four would wait for one to
    # come back (at about 215 ms). Counted as expected back, the last four keep a worker: the first four
    # go as one batch, the last four as another the moment they are in.
    async def scenario(batcher: Batcher) -> None:
        async def client(k: int) -> None:
            for r in range(2):
                assert await batcher.call("design", (k, r)) == (k, r)
                await asyncio.sleep(0.002 if k < 4 else 0.03)

        await asyncio.gather(*(client(k) for k in range(8)))

    batches = _run(Limits(workers=2, batch_window_ms=5.0), 0.1, scenario)
    assert [items for _, items in batches] == [
        [(k, 0) for k in range(4)],
        [(k, 0) for k in range(4, 8)],
        [(k, 1) for k in range(4)],
        [(k, 1) for k in range(4, 8)],
    ]
    start = batches[0][0]
    assert batches[3][0] - start < 0.18  # the last four did not wait for a batch to come back (about 0.21 s)
