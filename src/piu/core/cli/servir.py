"""``piu servir``: the built book over HTTP on this computer, so that its tools run.

JupyterLite (the tools in the browser) needs an ``http://`` address, not a file opened from disk.
This command needs only Python's standard library — it works on a Windows PC without admin
rights — serves the book's folder (default ``_build/html``) on ``127.0.0.1`` (this computer only)
with the ``.wasm`` type the browser requires, and opens the browser on it.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
import webbrowser
from pathlib import Path
from typing import ClassVar

from piu.core import paths
from piu.core.errors import PiuError
from piu.core.files import copie_gzip, raison

#: Types the site needs beyond the standard ones (Windows' registry may lack or garble them).
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".json": "application/json", ".whl": "application/octet-stream", ".zip": "application/zip",
         ".css": "text/css", ".svg": "image/svg+xml", ".ipynb": "application/json"}


class BookHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the book, with the right types and without a line per request.

    A file with a fresh gzip copy (:mod:`piu.core.book.compression`) goes compressed to a browser
    that accepts it: a first visit of a tool downloads about a third of the bytes. Every file
    carries validators, and a browser that already holds it gets ``304 Not Modified``.
    """

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):  # type: ignore[no-untyped-def]  # the signature of http.server
        """A file, compressed when the browser accepts it, with validators and ``no-cache``.

        ``Cache-Control: no-cache`` lets the browser keep every file and ask each time whether it
        changed: the answer is ``304 Not Modified``, with no body, as long as the book was not
        rebuilt (``ETag`` and ``Last-Modified``). A second visit then downloads almost nothing and
        the browser keeps the compiled WebAssembly and scripts of the tools.
        """
        path = Path(self.translate_path(self.path))
        if not path.is_file() or self.path.endswith("/"):
            return super().send_head()
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        copy = copie_gzip(path) if accepts else None
        body = copy or path
        try:
            handle = body.open("rb")
            stat = path.stat()
            size = body.stat().st_size
        except OSError:
            return super().send_head()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-gz" if copy else ""}"'
        if self._not_modified(etag, int(stat.st_mtime)):
            handle.close()
            self.send_response(304)
            self._validators(etag, int(stat.st_mtime))
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if copy is not None:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(size))
        self._validators(etag, int(stat.st_mtime))
        self.end_headers()
        return handle

    def _validators(self, etag: str, mtime: int) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", self.date_time_string(mtime))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Vary", "Accept-Encoding")

    def _not_modified(self, etag: str, mtime: int) -> bool:
        """The browser's copy is current (``If-None-Match`` first, else ``If-Modified-Since``)."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip().removeprefix("W/") for m in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            from email.utils import parsedate_to_datetime

            return int(parsedate_to_datetime(since).timestamp()) >= mtime
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def log_message(self, format: str, *args: object) -> None:
        return


def book_folder(dossier: Path | None) -> Path:
    """The book to serve: ``dossier``, else ``_build/html`` here or in the course's checkout."""
    candidates = [dossier] if dossier else [Path.cwd() / "_build" / "html", paths.course_root() / "_build" / "html"]
    for folder in candidates:
        if folder is not None and (folder / "index.html").is_file():
            return folder.resolve()
    shown = dossier or candidates[0]
    raise PiuError(f"Pas de livre construit dans {shown} (fichier index.html absent). Construisez-le avec "
                   f"« make cours », ou indiquez son dossier : piu servir --dossier CHEMIN.")


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server of ``folder`` (``port`` 0: any free port)."""
    handler = functools.partial(BookHandler, directory=str(folder))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise PiuError(f"Impossible d'ouvrir le port {port} sur {host} ({raison(exc)}) : un autre programme "
                       f"l'utilise peut-être ; essayez piu servir --port {port + 1}.") from None


def _port(text: str) -> int:
    """argparse ``type=`` for ``--port``: a whole number from 0 (any free port) to 65535."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un numéro de port (exemple : --port 8001)") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} : un port va de 0 à 65535 (exemple : --port 8001)")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("servir", help="ouvrir le livre construit dans le navigateur, outils compris",
                            description="Sert le livre construit sur http://127.0.0.1 (ce poste seulement) "
                                        "pour que ses outils fonctionnent dans le navigateur. Ctrl+C pour "
                                        "arrêter.")
    parser.add_argument("--dossier", type=Path, default=None,
                        help="dossier du livre construit (par défaut : _build/html)")
    parser.add_argument("--port", type=_port, default=8000, help="port (par défaut : 8000)")
    parser.add_argument("--hote", default="127.0.0.1",
                        help="adresse d'écoute (par défaut 127.0.0.1 : ce poste seulement)")
    parser.add_argument("--sans-navigateur", action="store_true", help="ne pas ouvrir le navigateur")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder = book_folder(args.dossier)
    server = make_server(folder, args.hote, args.port)
    host, port = server.server_address[:2]
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}/index.html"
    print(f"Le cours est servi sur {url}\n(dossier {folder}). Laissez cette fenêtre ouverte ; "
          f"Ctrl+C pour arrêter.", flush=True)
    if not args.sans_navigateur:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Serveur arrêté.")
    finally:
        server.server_close()
    return 0
