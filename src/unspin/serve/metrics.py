"""Prometheus text-format metrics, kept in memory (no client library needed for a handful of series).

Series are labelled by route template (``/api/articles/{article_id}``), never by raw path, so a client
cannot grow the label set without bound.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Histogram:
    """Cumulative-bucket histogram of seconds."""

    def __init__(self) -> None:
        self.counts = [0] * len(BUCKETS)
        self.total = 0
        self.sum = 0.0

    def observe(self, seconds: float) -> None:
        self.total += 1
        self.sum += seconds
        for i, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.counts[i] += 1

    def lines(self, name: str, labels: str) -> list[str]:
        sep = "," if labels else ""
        out = [
            f'{name}_bucket{{{labels}{sep}le="{b}"}} {n}' for b, n in zip(BUCKETS, self.counts, strict=True)
        ]
        out.append(f'{name}_bucket{{{labels}{sep}le="+Inf"}} {self.total}')
        wrap = f"{{{labels}}}" if labels else ""
        out.append(f"{name}_sum{wrap} {self.sum:.6f}")
        out.append(f"{name}_count{wrap} {self.total}")
        return out


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """Counters and histograms of one server; ``gauges`` are read when the page is rendered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.latency: dict[str, Histogram] = defaultdict(Histogram)
        self.analysis = Histogram()
        self.articles = 0
        self.rejected: dict[str, int] = defaultdict(int)
        self.gauges: dict[str, tuple[str, Callable[[], float]]] = {}

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(method, route, status)] += 1
            self.latency[route].observe(seconds)

    def analysed(self, articles: int, seconds: float) -> None:
        with self._lock:
            self.articles += articles
            self.analysis.observe(seconds)

    def reject(self, reason: str) -> None:
        with self._lock:
            self.rejected[reason] += 1

    def render(self) -> str:
        lines: list[str] = []
        with self._lock:
            lines += [
                "# HELP unspin_http_requests_total HTTP requests by method, route and status.",
                "# TYPE unspin_http_requests_total counter",
            ]
            for (method, route, status), n in sorted(self.requests.items()):
                labels = f'method="{method}",route="{_label(route)}",status="{status}"'
                lines.append(f"unspin_http_requests_total{{{labels}}} {n}")
            lines += [
                "# HELP unspin_http_request_duration_seconds Time to answer a request, by route.",
                "# TYPE unspin_http_request_duration_seconds histogram",
            ]
            for route, hist in sorted(self.latency.items()):
                lines += hist.lines("unspin_http_request_duration_seconds", f'route="{_label(route)}"')
            lines += [
                "# HELP unspin_articles_analysed_total Articles run through the pipeline.",
                "# TYPE unspin_articles_analysed_total counter",
                f"unspin_articles_analysed_total {self.articles}",
                "# HELP unspin_analysis_batch_seconds Time the pipeline took per batch.",
                "# TYPE unspin_analysis_batch_seconds histogram",
            ]
            lines += self.analysis.lines("unspin_analysis_batch_seconds", "")
            lines += [
                "# HELP unspin_requests_rejected_total Requests refused by a limit, by reason.",
                "# TYPE unspin_requests_rejected_total counter",
            ]
            for reason, n in sorted(self.rejected.items()):
                lines.append(f'unspin_requests_rejected_total{{reason="{reason}"}} {n}')
        for name, (help_text, read) in sorted(self.gauges.items()):
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {read():g}"]
        return "\n".join(lines) + "\n"
