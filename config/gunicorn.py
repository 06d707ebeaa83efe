"""gunicorn's settings for the production stack (`make serve`); each can be set from the
environment. The portal keeps no state in its processes, so any number of them, on any
number of machines, serve alike."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Requests wait on the database as much as on the CPU: gunicorn's advice, 2 × cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Loaded once in the master and forked, so workers start fast and share memory; each
# opens its own database connection on its first request.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, staggered, so that no slow leak can grow for ever
# (`GUNICORN_MAX_REQUESTS=0` never recycles them).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Only a load balancer in front may say which scheme the client used: none is trusted
# unless the settings say proxies stand in front (PORTAL_TRUSTED_PROXIES), and then the
# ones at GUNICORN_FORWARDED_ALLOW_IPS, loopback by default.
_behind_proxies = int(os.environ.get("PORTAL_TRUSTED_PROXIES") or "0") > 0
forwarded_allow_ips = os.environ.get(
    "GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1" if _behind_proxies else ""
)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "itu-d-portal"
