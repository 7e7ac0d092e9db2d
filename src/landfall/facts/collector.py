"""Python's cyclic collector paused while a bulk step builds what it keeps.

Loading a document and assessing it allocate millions of objects that all survive (models,
figures, outcomes, reasons), and neither frees a cycle: each collection the allocations
trigger only traverses the survivors again. Measured on 10,000 companies, the collector
cost about as much as the assessment itself.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many callers have the collector paused, and whether it was on before the first."""

    lock = threading.Lock()
    count = 0
    resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the duration, back on after the last caller leaves.

    Concurrent callers (the API's threads) pause it together; a collector someone else
    turned off stays off; whatever cycle is made meanwhile is freed once it resumes.
    """
    with _Pause.lock:
        if _Pause.count == 0:
            _Pause.resume = gc.isenabled()
            gc.disable()
        _Pause.count += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.count -= 1
            if _Pause.count == 0 and _Pause.resume:
                # what the pause kept goes straight to the oldest generation: resumed as it
                # was, the next young collection would traverse all of it at once (0.4 s for
                # 2,000 companies); a cycle among it is freed by the next full collection
                gc.freeze()
                gc.unfreeze()
                gc.enable()
