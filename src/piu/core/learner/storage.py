"""The browser's storage of the learner's state, as Python in Pyodide sees it.

The kernel runs in a Web Worker, which has no ``localStorage``. Each answer and each change of
the project file is posted on the ``BroadcastChannel`` :data:`CHANNEL`; ``piu-lite.js``, loaded
by the JupyterLite page, writes it into the page's ``localStorage``, in the same shape as the
book's quizzes (``piu-quiz.js``: key ``piu-progres-v1``, ``{id: {m, t, j, d}}``). What the page
sends back is handed to the handlers registered with :func:`on_message`
(:mod:`piu.core.learner.browser` registers them), so that this module, which the learner's
files use, imports none of them back. Everything here does nothing outside Pyodide.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable
from typing import Any

#: The BroadcastChannel between the kernel (worker) and ``piu-lite.js`` (page).
CHANNEL = "piu-progres"
#: The ``localStorage`` key of ``piu-quiz.js``.
STORE = "piu-progres-v1"
#: The ``localStorage`` key of the learner's project file (:mod:`piu.core.learner.dossier`).
DOSSIER_STORE = "piu-dossier-v1"

#: How long a change of the dossier waits for the page's answer before the learner is told (ms).
ANSWER_MS = 8000

_channel: Any = None
_handlers: dict[str, Callable[[dict[str, Any]], None]] = {}
#: The dossier changes sent to the page and not yet answered, by message id.
_pending: dict[str, Callable[[dict[str, Any] | None, str], None]] = {}


def in_browser() -> bool:
    """True in Pyodide (JupyterLite), False on the desktop."""
    return sys.platform == "emscripten"


def on_message(kind: str, handler: Callable[[dict[str, Any]], None]) -> None:
    """Hand the page's messages of type ``kind`` to ``handler``."""
    _handlers[kind] = handler


def open_channel() -> Any:
    """The BroadcastChannel to the page, listening for the book's progress (once per kernel)."""
    global _channel
    if _channel is None:
        import js  # type: ignore[import-not-found]  # Pyodide only
        from pyodide.ffi import create_proxy  # type: ignore[import-not-found]

        _channel = js.BroadcastChannel.new(CHANNEL)
        _channel.onmessage = create_proxy(_on_message)
        _post({"type": "demande"})
    return _channel


def _post(message: dict[str, Any]) -> None:
    import js  # type: ignore[import-not-found]

    channel = _channel if _channel is not None else js.BroadcastChannel.new(CHANNEL)
    channel.postMessage(js.JSON.parse(json.dumps(message)))


def _on_message(event: Any) -> None:
    import js  # type: ignore[import-not-found]

    message = json.loads(js.JSON.stringify(event.data))
    if message.get("type") == "dossier-a-jour" and _answer(message):
        return
    handler = _handlers.get(message.get("type"))
    if handler is not None:
        handler(message)


def send_dossier_change(change: dict[str, Any], done: Callable[[dict[str, Any] | None, str], None],
                        merge: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None) -> None:
    """Have the page store one change of the learner's dossier, then call ``done(document, erreur)``.

    ``change`` is ``{"section", "entree"}``, ``{"projet"}`` or ``{"remplacer": document}``. The
    page (``piu-lite.js``) applies it to the file as stored *now* in ``localStorage`` and answers
    every tab's Python with the merged file (``dossier-a-jour``); ``done`` gets the answer to this
    change, or ``None`` and the reason when the page refused it or did not answer within
    :data:`ANSWER_MS`. Python running in the page itself (it has ``localStorage``) applies
    ``merge(stored, change)`` at once: one turn of the event loop, nothing in between.
    """
    if not in_browser():
        return
    import js  # type: ignore[import-not-found]

    local = getattr(js, "localStorage", None)
    if local is not None and merge is not None:
        try:
            merged = merge(json.loads(local.getItem(DOSSIER_STORE) or "null"), change)
            local.setItem(DOSSIER_STORE, json.dumps(merged, ensure_ascii=False))
        except Exception as exc:  # a refused change or a full storage: the learner is told, nothing lost
            done(None, str(exc))
            return
        done(merged, "")
        return
    from pyodide.ffi import create_once_callable  # type: ignore[import-not-found]

    ident = uuid.uuid4().hex
    _pending[ident] = done
    open_channel()
    _post({"type": "dossier-modifier", "id": ident, **change})
    js.setTimeout(create_once_callable(lambda: _expire(ident)), ANSWER_MS)


def _expire(ident: str) -> None:
    done = _pending.pop(ident, None)
    if done is not None:
        done(None, "la page n’a pas répondu\u202f; rechargez-la puis recommencez")


def _answer(message: dict[str, Any]) -> bool:
    """Hand the page's answer to the change it answers, if this Python sent it (True then)."""
    done = _pending.pop(str(message.get("id")), None)
    if done is None:
        return False
    document = message.get("dossier")
    done(document if isinstance(document, dict) else None, str(message.get("erreur") or ""))
    return True


def record_answer(question_id: str, module: int, juste: bool) -> None:
    """Send one answer to the book's progress (``localStorage``), through the page."""
    if not in_browser():
        return
    import js  # type: ignore[import-not-found]

    storage = getattr(js, "localStorage", None)
    if storage is not None:  # a kernel in the page itself (not JupyterLite's worker)
        all_ = json.loads(storage.getItem(STORE) or "{}")
        entry = all_.get(question_id) or {"m": module, "t": 0, "j": False}
        entry.update(t=int(entry.get("t", 0)) + 1, j=bool(entry.get("j")) or juste,
                     d=str(js.Date.new().toISOString()))
        all_[question_id] = entry
        storage.setItem(STORE, json.dumps(all_))
        return
    open_channel()
    _post({"type": "reponse", "id": question_id, "m": module, "j": juste})
