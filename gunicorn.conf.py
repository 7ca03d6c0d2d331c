"""gunicorn's settings for the archive (read from the working directory; the environment overrides).

Threaded workers (``gthread``): a worker's main loop keeps telling the master it
is alive while its threads serve, so a download that streams for minutes is
not killed by the worker timeout (a ``sync`` worker is busy for the whole
response and is killed at ``timeout`` seconds, cutting the file). A response
without a length goes out in HTTP/1.1 chunks: if it is interrupted (the
database fails, the worker dies), gunicorn closes the connection without the
last chunk, so the client sees a broken transfer, never a complete one.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker that stops answering the master (not a long response) is restarted after this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Behind the proxy (docker-compose.yml) forwarded headers are trusted from it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
