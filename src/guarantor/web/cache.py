"""A bounded, thread-safe LRU of finished web answers, computing each key once.

The web app keys an evaluation by the scenario's canonical hash
(:meth:`guarantor.scenario.schema.Scenario.digest`, the hash of the resolved scenario after the
levers are applied) plus what else shapes the answer (draws, seed, format), so the work is done
once per distinct lever set, however many clients ask and however the levers were spelled; a
second, cheaper key (the request's canonical JSON) answers repeated requests without resolving
the scenario again. Why here and not in the engine: the engine is pure and cheap to call once;
what costs (about 10 ms of CPU a lever change, issue 18) is doing it again for every client.

Concurrent misses on one key wait for the first (one computation, "single flight"); a failed
computation is not stored (its error goes to every waiter), so a timed-out request can be
retried.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    """A finished HTTP answer: status, body and the headers that go with it."""

    status: int
    body: bytes
    media_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    #: free data the caller keeps beside the answer (e.g. the overrides it was made with)
    meta: Any = None


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    answer: Answer | None = None
    error: BaseException | None = None


class AnswerCache:
    """LRU of :class:`Answer` by key, bounded in entries and in body bytes.

    Parameters
    ----------
    max_entries : int
        Most answers kept [count].
    max_bytes : int
        Most body bytes kept over all entries [bytes]; an answer larger than a quarter of it is
        returned but not kept.
    """

    def __init__(self, max_entries: int = 512, max_bytes: int = 64 * 2**20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._data: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._flights: dict[Hashable, _Flight] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    @property
    def nbytes(self) -> int:
        """Body bytes held now."""
        with self._lock:
            return self._bytes

    def get(self, key: Hashable) -> Answer | None:
        """The answer stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            ans = self._data.get(key)
            if ans is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return ans

    def put(self, key: Hashable, answer: Answer) -> None:
        """Store ``answer`` (unless too large), dropping least recently used ones past a bound."""
        size = len(answer.body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._data[key] = answer
            self._bytes += size
            while self._data and (len(self._data) > self.max_entries
                                  or self._bytes > self.max_bytes):
                _, dropped = self._data.popitem(last=False)
                self._bytes -= len(dropped.body)

    def get_or_compute(self, key: Hashable, compute: Callable[[], Answer],
                       timeout: float | None = None) -> tuple[Answer, bool]:
        """``(answer, hit)``: the stored answer, else ``compute()`` once for all callers.

        Callers that arrive while another computes the same key wait for it (at most
        ``timeout`` seconds, then :class:`TimeoutError`) and get its answer or its error.
        """
        with self._lock:
            ans = self._data.get(key)
            if ans is not None:
                self._data.move_to_end(key)
                self.hits += 1
                return ans, True
            flight = self._flights.get(key)
            leader = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
            self.misses += 1
        if not leader:
            if not flight.done.wait(timeout):
                raise TimeoutError(f"waited {timeout} s for the same request")
            if flight.error is not None:
                raise flight.error
            assert flight.answer is not None
            return flight.answer, True
        try:
            ans = compute()
        except BaseException as exc:
            flight.error = exc
            raise
        else:
            flight.answer = ans
            self.put(key, ans)
            return ans, False
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()
