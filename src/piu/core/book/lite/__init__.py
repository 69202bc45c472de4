"""The course's JupyterLite site: its pinned versions (:mod:`.versions`) and its build (:mod:`.build`).

Run by ``make livre`` as ``python -m piu.core.book.lite construire``; ``make archive-intranet`` runs
``python -m piu.core.book.lite archive``. Nothing here is imported by the book or the notebooks.
"""
