"""The question engine: the bank (:mod:`.bank`), answer checking (:mod:`.grading`) and the web
payload of a question (:mod:`.web_payload`).

Shared by the learner's forms, the trainer's grading and the book. Imports only the foundations
(``piu.core.data``, ``errors``, ``french_numbers``…), never ``learner``, ``trainer`` or ``book``.
"""
