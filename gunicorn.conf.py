"""The production server (`make serve`): gunicorn's settings, read from the environment with defaults for 2 cores.

WEB_CONCURRENCY worker processes (default 2, one a core) of GUNICORN_THREADS threads each (default 4): eight
requests at once, so eight editors saving together never queue behind one another, and a slow request (an
import, a detection) holds one thread, not a process. BIND is where it listens (default 127.0.0.1:8000; put a
reverse proxy in front and set PROXY_FIX=1, PREFERRED_URL_SCHEME=https).
"""

import os

wsgi_app = "app:app"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker silent this long is restarted; gthread workers keep reporting while a thread works on a long request.
timeout = 60
# Idle keep-alive connections close after this many seconds (a proxy in front keeps its own pool).
keepalive = 5

# The app writes one JSON line per request (annotator/web/request_log.py), with the request id and user
# gunicorn's access log cannot know, so that log stays off; gunicorn's own messages go to stderr.
os.environ.setdefault("LOG_FORMAT", "json")
accesslog = None
errorlog = "-"

# Forwarded headers are trusted in one place only, the app's PROXY_FIX; gunicorn would otherwise believe
# X-Forwarded-Proto from any local process.
secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = ""

# gunicorn's control socket is one per user ($HOME/.gunicorn/gunicorn.ctl): two servers on a machine would share it.
control_socket_disable = True
