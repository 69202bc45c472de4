"""Exceptions whose message is meant for the learner or the trainer, in French.

Every error a person can cause (a badly typed answer, a malformed bank or data file, an
unknown option) is raised as one of these, so that the notebook helpers and the command line
can show the message alone, never a traceback.
"""

from __future__ import annotations


class PiuError(Exception):
    """Base class: the message is complete French text, fit to show as is."""


class ReponseIllisible(PiuError):
    """The learner's answer could not be read (not a number, empty, unknown option...)."""


class BanqueInvalide(PiuError):
    """The question bank is malformed; the message names the file, the question and the field."""


class QuestionInconnue(PiuError):
    """No question with this identifier exists in the bank."""


class DonneesInvalides(PiuError):
    """A data file in ``data/`` does not match its description in ``datapackage.json``."""
