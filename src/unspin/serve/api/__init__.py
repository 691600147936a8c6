"""The JSON API under ``/api`` (and the service routes ``/healthz``, ``/metrics``)."""
