"""A real nginx (Debian's package, stock mime.types) serving a built site on 127.0.0.1.

Used by the calculator browser tests and by benchmarks/calculators.py. The site is served under
several sub-paths, each a way a host can get things wrong:

    /wiki/csl/        the site as built
    /nosnap/csl/      the memory snapshot missing (404)
    /badsnap/csl/     the memory snapshot replaced by other bytes
    /badwasm/csl/     pyodide.asm.wasm served as application/octet-stream (and no .gz)
    /noruntime/csl/   pyodide.asm.js missing (404)
    /nowasm/csl/      pyodide.asm.wasm and its .gz missing (404)
    /nopacked/csl/    pyodide.asm.wasm.gz missing (404): the plain wasm is the fallback
    /csp/csl/         with the strict Content-Security-Policy CSP ("Hosting the calculators")
    /cspnowasm/csl/   with that policy lacking 'wasm-unsafe-eval' (CSP_WITHOUT_WASM)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.processes import free_port, running

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
VARIANTS = (
    "wiki",
    "nosnap",
    "badsnap",
    "badwasm",
    "noruntime",
    "nowasm",
    "nopacked",
    "csp",
    "cspnowasm",
)
# the header docs/calculators/hosting.md gives under "Security headers"
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
)
CSP_WITHOUT_WASM = CSP.replace(" 'wasm-unsafe-eval'", "")
# served with each: the browser reports every violation, the workers' too, to REPORTS
REPORTS = "/csp-reports/"


@dataclass(frozen=True)
class Served:
    origin: str  # http://127.0.0.1:PORT
    folder: Path  # nginx prefix: config, logs
    access_log: Path

    def url(self, variant: str = "wiki") -> str:
        return f"{self.origin}/{variant}/csl/"

    def requests(self) -> list[tuple[str, int, int]]:
        """(path, status, body bytes sent) of every request so far."""
        rows = []
        for line in self.access_log.read_text(encoding="utf-8").splitlines():
            path, status, size = line.rsplit(" ", 2)
            rows.append((path, int(status), int(size)))
        return rows


def _config(site: Path, folder: Path, port: int, rate: str | None = None) -> str:
    garbage = folder / "garbage.bin"
    garbage.write_bytes(os.urandom(4096))
    user = "user root;\n" if os.geteuid() == 0 else ""  # pytest's temp folders are 0700
    site_path = site.resolve()
    return f"""{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include {MIME_TYPES};
  default_type application/octet-stream;
  {f"limit_rate {rate};" if rate else ""}
  log_format bytes '$request_uri $status $body_bytes_sent';
  access_log {folder}/access.log bytes;
  client_body_temp_path {folder}/tmp-body;
  proxy_temp_path {folder}/tmp-proxy;
  fastcgi_temp_path {folder}/tmp-fastcgi;
  uwsgi_temp_path {folder}/tmp-uwsgi;
  scgi_temp_path {folder}/tmp-scgi;
  sendfile on;
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    location /wiki/csl/ {{ alias {site_path}/; }}
    location /nosnap/csl/ {{ alias {site_path}/; }}
    location ~ ^/nosnap/csl/.*\\.snapshot\\.gz$ {{ return 404; }}
    location /badsnap/csl/ {{ alias {site_path}/; }}
    location ~ ^/badsnap/csl/.*\\.snapshot\\.gz$ {{ alias {garbage}; }}
    location /badwasm/csl/ {{ alias {site_path}/; }}
    location ~ ^/badwasm/csl/.*\\.wasm\\.gz$ {{ return 404; }}
    location ~ ^/badwasm/csl/(.*\\.wasm)$ {{
      alias {site_path}/$1;
      types {{ }}
      default_type application/octet-stream;
    }}
    location /noruntime/csl/ {{ alias {site_path}/; }}
    location ~ ^/noruntime/csl/.*/pyodide\\.asm\\.js$ {{ return 404; }}
    location /nowasm/csl/ {{ alias {site_path}/; }}
    location ~ ^/nowasm/csl/.*\\.wasm(\\.gz)?$ {{ return 404; }}
    location /nopacked/csl/ {{ alias {site_path}/; }}
    location ~ ^/nopacked/csl/.*\\.wasm\\.gz$ {{ return 404; }}
    location /csp/csl/ {{
      alias {site_path}/;
      add_header Content-Security-Policy "{CSP}; report-uri {REPORTS}" always;
    }}
    location /cspnowasm/csl/ {{
      alias {site_path}/;
      add_header Content-Security-Policy "{CSP_WITHOUT_WASM}; report-uri {REPORTS}" always;
    }}
    location {REPORTS} {{ return 204; }}
  }}
}}
"""


@contextmanager
def serve(site: Path, folder: Path, rate: str | None = None) -> Iterator[Served]:
    """Start nginx on a free loopback port for the duration of the block, then stop it.

    `rate`: nginx's limit_rate for every response (per connection), e.g. "2500k" for 20 Mbit/s."""
    if not Path(NGINX).exists():
        raise RuntimeError(
            "Debian's nginx is not installed (apt-get install nginx); .ci/run installs it"
        )
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(_config(site, folder, port, rate), encoding="utf-8")
    command = [NGINX, "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf)]
    with running(command, port, "nginx", seconds=10):
        yield Served(f"http://127.0.0.1:{port}", folder, folder / "access.log")
