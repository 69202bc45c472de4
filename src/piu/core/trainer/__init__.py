"""The trainer's tools: evaluation copies and their grading (:mod:`.copies`, :mod:`.gradebook`),
item analysis, the evaluation form without its key, Moodle export, answer keys, session plans,
handouts and the expiry of dated rules.

Imports ``questions`` and the foundations; never ``learner`` or ``book``.
"""
