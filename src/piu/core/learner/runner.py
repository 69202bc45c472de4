"""The tools of a page, run by Python in a Web Worker, without Jupyter: the worker's side.

The book's tool pages (``notebooks/moduleN``) open their forms in the page itself
(``piu-outil.js``): Pyodide runs in a Web Worker (``piu-outil-worker.js``), runs the notebook's
code cells one by one with this module, and the page draws the same ipywidgets forms with the
standard widget packages. There is no IPython kernel, because starting one (IPython, jedi,
ipykernel, the JupyterLab session) cost most of the 10 to 15 s a learner waited. So this module
stands in for the three things of a kernel the forms use:

* **comm**: :class:`PageComm`, hooked into the ``comm`` package, posts the messages a kernel
  would send (comm_open, comm_msg, comm_close, with their binary buffers) to the page;
  :func:`handle_message` hands the page's messages back to the comm;
* **IPython.display**: :func:`install` puts a small stand-in module in ``sys.modules``
  (``display``, ``HTML``, ``Markdown``, ``Image``, ``clear_output``, ``get_ipython``) that routes
  an output to the cell being run, or to the ``Output`` widget whose ``with`` block is open;
* **matplotlib inline**: figures are drawn with Agg and sent as PNG images (a worker has no
  ``document`` for Pyodide's own backend: :mod:`piu.core.learner.runner_matplotlib`);
  ``%matplotlib inline`` lines are dropped.

Learner-facing text only: tracebacks and library warnings go to the browser console, the page
shows a short French message. Everything here does nothing outside Pyodide except on import,
where it defines classes.
"""

from __future__ import annotations

import base64
import io
import json
import re
import sys
import traceback
import types
from collections.abc import Callable
from typing import Any

#: The page's function that receives a message: ``send(kind, json_text, buffers)``.
_send: Callable[..., Any] | None = None
#: The cell being run (its index in the page), where outputs go when no Output widget is open.
_cell: int | None = None
#: The ``Output`` widgets whose ``with`` blocks are open, innermost last.
_targets: list[Any] = []
#: Output widgets asked to clear at their next output (``clear_output(wait=True)``).
_clear_pending: set[int] = set()

_MAGIC = re.compile(r"^[ \t]*[%!].*$", re.M)
#: Values a cell leaves that echo a check, not something to show (as the book leaves them out).
_SILENT = (None, True, False)


# ---- Messages to the page ----

def set_sender(send: Callable[..., Any]) -> None:
    """The worker gives the function that posts a message to the page."""
    global _send
    _send = send


def _post(kind: str, payload: dict[str, Any], buffers: list[Any] | None = None) -> None:
    if _send is None:
        return
    views = []
    for buffer in buffers or []:
        views.append(bytes(buffer) if not isinstance(buffer, bytes) else buffer)
    if views:
        from pyodide.ffi import to_js  # type: ignore[import-not-found]  # Pyodide only

        _send(kind, json.dumps(payload, default=str), to_js([memoryview(b) for b in views]))
    else:
        _send(kind, json.dumps(payload, default=str), None)


# ---- comm ----

def _comm_class() -> type:
    from comm.base_comm import BaseComm

    class PageComm(BaseComm):
        """A comm whose other end is the page's widget manager (``piu-widgets.js``)."""

        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None,
                        **keys: Any) -> None:
            payload = {"comm_id": self.comm_id, "data": data or {}, "metadata": metadata or {},
                       "target_name": keys.get("target_name", self.target_name)}
            _post(msg_type, payload, buffers)

    return PageComm


def handle_message(text: str, buffers: Any = None) -> None:
    """A message of the page (a change in a form, a click) for the comm it names; then tell the
    page it was handled, so that its widget manager sends the next change at once."""
    message = json.loads(text)
    import comm

    target = comm.get_comm_manager().get_comm(message.get("comm_id", ""))
    data = [memoryview(bytes(b.to_py() if hasattr(b, "to_py") else b)) for b in (buffers or [])]
    try:
        if target is not None:
            if message.get("kind") == "comm_close":
                target.handle_close({"content": {"comm_id": target.comm_id, "data": message.get("data")}})
            else:
                target.handle_msg({"content": {"comm_id": target.comm_id, "data": message.get("data")},
                                   "buffers": data, "metadata": {}, "header": {"msg_id": message.get("ref")}})
        _flush_figures()
    finally:
        _post("traite", {"ref": message.get("ref")})


# ---- IPython.display stand-in ----

def _figure_bundle(figure: Any) -> dict[str, Any]:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return {"image/png": base64.b64encode(buffer.getvalue()).decode(), "text/plain": "Graphique"}


def mime_bundle(obj: Any) -> dict[str, Any]:
    """What a notebook would show for ``obj``: its MIME bundle, the richest forms first."""
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        if bundle:
            return dict(bundle)
    if type(obj).__name__ == "Figure" and type(obj).__module__.startswith("matplotlib"):
        return _figure_bundle(obj)
    bundle: dict[str, Any] = {}
    for method, mime in (("_repr_html_", "text/html"), ("_repr_markdown_", "text/markdown"),
                         ("_repr_png_", "image/png"), ("_repr_svg_", "image/svg+xml")):
        if hasattr(obj, method):
            value = getattr(obj, method)()
            if value:
                bundle[mime] = base64.b64encode(value).decode() if isinstance(value, bytes) else value
    bundle["text/plain"] = repr(obj)
    return bundle


def _to_output_widget(widget: Any, output: dict[str, Any]) -> None:
    if id(widget) in _clear_pending:
        _clear_pending.discard(id(widget))
        widget.outputs = ()
    outputs = list(widget.outputs)
    if (output["output_type"] == "stream" and outputs and outputs[-1].get("output_type") == "stream"
            and outputs[-1].get("name") == output["name"]):
        outputs[-1] = {**outputs[-1], "text": outputs[-1]["text"] + output["text"]}
    else:
        outputs.append(output)
    widget.outputs = tuple(outputs)


def display(*objs: Any, **_kwargs: Any) -> None:
    """Show each object where the notebook would: the open Output widget, else the cell."""
    for obj in objs:
        bundle = mime_bundle(obj)
        if _targets:
            _to_output_widget(_targets[-1], {"output_type": "display_data", "data": bundle, "metadata": {}})
        else:
            _post("display", {"cell": _cell, "data": bundle})


def clear_output(wait: bool = False) -> None:
    """Clear the open Output widget (at its next output when ``wait``), else the cell's outputs."""
    if _targets:
        if wait:
            _clear_pending.add(id(_targets[-1]))
        else:
            _targets[-1].outputs = ()
    else:
        _post("clear", {"cell": _cell})


class _Text:
    """``HTML`` and ``Markdown`` of ``IPython.display``: a text shown as one MIME type."""

    mime = "text/plain"

    def __init__(self, data: str = "", **_kwargs: Any) -> None:
        self.data = data

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, str]:
        return {self.mime: self.data, "text/plain": _plain(self.data)}


class HTML(_Text):
    mime = "text/html"


class Markdown(_Text):
    mime = "text/html"

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, str]:
        from markdown_it import MarkdownIt

        return {"text/html": MarkdownIt("commonmark").enable("table").render(self.data), "text/plain": self.data}


class Image:
    """``IPython.display.Image`` for PNG bytes (what the course's charts give)."""

    def __init__(self, data: bytes | None = None, format: str = "png", **kwargs: Any) -> None:
        self.data = data or b""
        self.format = format
        self.alt = kwargs.get("alt", "Image")

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, str]:
        return {f"image/{self.format}": base64.b64encode(self.data).decode(), "text/plain": self.alt}


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


class _Formatter:
    def format(self, obj: Any, **_kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        return mime_bundle(obj), {}


class _Shell:
    """What ``ipywidgets`` asks of ``InteractiveShell.instance()``: its display formatter."""

    display_formatter = _Formatter()
    _instance: _Shell | None = None

    @classmethod
    def instance(cls) -> _Shell:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    @classmethod
    def initialized(cls) -> bool:
        return False


def get_ipython() -> None:
    """No IPython shell here: ipywidgets then registers nothing with a kernel."""
    return None


def _stand_in_modules() -> dict[str, types.ModuleType]:
    root = types.ModuleType("IPython")
    root.__path__ = []  # a package, so that ``IPython.display`` imports
    root.get_ipython = get_ipython  # type: ignore[attr-defined]
    root.version_info = (8, 0, 0)  # type: ignore[attr-defined]
    shown = types.ModuleType("IPython.display")
    for name, value in (("display", display), ("clear_output", clear_output), ("HTML", HTML),
                        ("Markdown", Markdown), ("Image", Image)):
        setattr(shown, name, value)
    core = types.ModuleType("IPython.core")
    core.__path__ = []
    shell = types.ModuleType("IPython.core.interactiveshell")
    shell.InteractiveShell = _Shell  # type: ignore[attr-defined]
    core_display = types.ModuleType("IPython.core.display")
    for name in ("display", "clear_output", "HTML", "Markdown", "Image"):
        setattr(core_display, name, getattr(shown, name))
    root.display = shown  # type: ignore[attr-defined]
    root.core = core  # type: ignore[attr-defined]
    core.interactiveshell = shell  # type: ignore[attr-defined]
    core.display = core_display  # type: ignore[attr-defined]
    return {"IPython": root, "IPython.display": shown, "IPython.core": core,
            "IPython.core.interactiveshell": shell, "IPython.core.display": core_display}


# ---- print, inside an Output widget or in the cell ----

class _Stream(io.TextIOBase):
    """``sys.stdout``: the text goes to the open Output widget, else to the cell."""

    def __init__(self, name: str) -> None:
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        if _targets:
            _to_output_widget(_targets[-1], {"output_type": "stream", "name": self.name, "text": text})
        else:
            _post("stream", {"cell": _cell, "name": self.name, "text": text})
        return len(text)


def _patch_output_widget() -> None:
    """``with output:`` routes display and print to that widget (a kernel would route by message)."""
    from ipywidgets import Output

    def enter(self: Any) -> Any:
        _targets.append(self)
        return self

    def exit_(self: Any, etype: Any, evalue: Any, tb: Any) -> bool | None:
        if _targets and _targets[-1] is self:
            _targets.pop()
        if etype is not None:
            _report(evalue, tb, into=self)
            return True
        return None

    Output.__enter__ = enter  # type: ignore[method-assign]
    Output.__exit__ = exit_  # type: ignore[method-assign]


# ---- matplotlib: Agg, images sent to the page ----

def _flush_figures() -> None:
    """What a cell or a click left drawn is shown, as Jupyter's inline backend does."""
    if "matplotlib.pyplot" not in sys.modules:
        return
    plt = sys.modules["matplotlib.pyplot"]
    for number in plt.get_fignums():
        figure = plt.figure(number)
        display(figure)
        plt.close(figure)


# ---- Cells ----

def install(send: Callable[..., Any] | None = None) -> None:
    """Prepare Python for the page: the stand-ins, the comm, print and matplotlib."""
    import os

    if send is not None:
        set_sender(send)
    sys.modules.update(_stand_in_modules())
    os.environ["MPLBACKEND"] = "module://piu.core.learner.runner_matplotlib"
    import comm

    page_comm = _comm_class()
    comm.create_comm = page_comm
    _patch_output_widget()
    sys.stdout = _Stream("stdout")


def cell_source(source: str) -> str:
    """A notebook cell's code without its IPython magics (``%matplotlib inline``, ``!pip``)."""
    return _MAGIC.sub("", source)


def _report(error: BaseException, tb: Any, into: Any = None) -> None:
    """A short French message in the page; the traceback in the browser's console."""
    from piu.core.errors import PiuError

    sys.stderr.write("".join(traceback.format_exception(type(error), error, tb)))
    if isinstance(error, PiuError):
        text = str(error)
    else:
        text = ("Cet outil n'a pas pu s'exécuter dans le navigateur. Rechargez la page ; si le problème "
                "persiste, ouvrez l'outil dans Jupyter (lien « voir le code »).")
    bundle = {"text/html": f'<div class="piu-outil-erreur" role="alert">{_escape(text)}</div>', "text/plain": text}
    if into is not None:
        _to_output_widget(into, {"output_type": "display_data", "data": bundle, "metadata": {}})
    else:
        _post("display", {"cell": _cell, "data": bundle})


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def run_cell(index: int, source: str, namespace: dict[str, Any]) -> bool:
    """Run one code cell in the notebook's ``namespace``; show its last value like Jupyter."""
    global _cell
    from pyodide.code import eval_code_async  # type: ignore[import-not-found]

    _cell = index
    _targets.clear()
    try:
        value = await eval_code_async(cell_source(source), namespace, return_mode="last_expr")
        if not any(value is silent for silent in _SILENT):
            display(value)
        _flush_figures()
        return True
    except BaseException as error:
        _report(error, error.__traceback__)
        return False
