"""The machinery of the web book: the Sphinx extension (:mod:`.sphinx`), the JupyterLite site
(:mod:`.lite`), gzip copies of the built book and the pinned outputs of the notebooks.

Sits on top of the framework: may import every room below; nothing but ``cli`` imports it.
"""
