"""Weighted multi-criteria grid: score, rank, and test how robust the ranking is.

A grid is a table: one row per criterion with its weight, one column per option with its score
on the options' scale (for instance 1 to 5). Weights need not add up to 1 or 100: they are
normalised, so the score of an option is the weighted mean of its scores, on the same scale.

Two questions matter before elected members: « would a reasonable change of weights change the
winner? » (:meth:`Grille.stabilite`, random draws around the chosen weights, reproducible
with a seed) and « what exactly would it take? » (:meth:`Grille.inversions`, the weight of one
criterion at which the top two swap).

A grid may say what it is for (``phase``): an opportunity study, the selection of candidates, the
award of a contract or its execution, with the launch date of the consultation (``lancement``).
:meth:`Grille.controler_phase` then applies the dated rules of ``data/regles_criteres.csv`` to
the criteria, matched by name or id against the library ``data/criteres.csv``: an award grid
launched from 21/08/2026 needs an environmental criterion (L2152-7), and a criterion whose
``phases`` do not include the grid's phase (local jobs, the candidate's references) is refused
with the rule that forbids it. For an award grid, the sensitivity tests belong to the design of
the consultation, on invented profiles, before the notice: the weights are published before the
offers arrive (R2152-11, R2152-12) and never change afterwards.

Two scores count as equal when they differ by less than :data:`TOLERANCE` relative to the
total weight (:meth:`Grille.ex_aequo`): the ranking, the ranks, the « égalité » flag, the
inversion and the sensitivity draws all use this one test, so an exact tie that floating-point
arithmetic blurs (0,6 × 5 + 0,4 × 1 against 0,6 × 1 + 0,4 × 5…) is a tie everywhere.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from piu.core import data
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.files import raison
from piu.core.french_numbers import format_nombre, lire_nombre

__all__ = ["PHASES", "Grille", "GrilleInvalide", "Inversion", "bibliotheque", "lire_grille", "pourcentage",
           "regle_en_vigueur", "texte_regle"]

PHASES = {"opportunite": "l'étude d'opportunité", "selection": "la sélection des candidatures",
          "attribution": "l'attribution", "execution": "l'exécution"}
"""The phases a criterion may serve in (column ``phases`` of ``data/criteres.csv``)."""

TIRAGES = 1000
TIRAGES_MAX = 100_000
AMPLITUDE = 0.2
GRAINE = 2026
TOLERANCE = 1e-9  # relative to the total weight; see Grille.ex_aequo


class GrilleInvalide(PiuError):
    """The grid file or values are wrong; the message names the line, column and fix."""


def pourcentage(part: float, decimales: int = 1) -> str:
    """A share (0 to 1) as a French percentage number (``0.1425`` → ``14,3``), without the sign.

    Rounded half up by :func:`~piu.core.french_numbers.format_nombre`, never truncated.
    """
    return format_nombre(100 * float(part), decimales)


def regle_en_vigueur(identifiant: str, jour: date) -> dict[str, Any] | None:
    """The row ``identifiant`` of ``data/regles_criteres.csv`` in force on ``jour``, or ``None``."""
    frame = data.en_vigueur(data.table("regles_criteres"), jour)
    rows = frame[frame["id"] == identifiant].to_dict("records")
    return rows[0] if rows else None


def texte_regle(rule: Mapping[str, Any]) -> str:
    """« Libellé : la règle (base légale). », one sentence for a message."""
    text = str(rule["regle"]).rstrip(".")
    return f"{rule['libelle']} : {text[0].lower()}{text[1:]} ({rule['base_legale']})."


def bibliotheque() -> dict[str, dict[str, Any]]:
    """The criteria library, keyed by the compared form of both id and label."""
    found: dict[str, dict[str, Any]] = {}
    for row in data.table("criteres").to_dict("records"):
        for name in (row["id"], row["libelle"]):
            found[_key(str(name)).replace("-", " ")] = row
    return found


@dataclass(frozen=True)
class Inversion:
    """The weight of one criterion at which the first two options tie.

    Beyond ``poids_bascule`` (all other weights unchanged) the second option overtakes the first.
    ``part_*`` are the criterion's share of the total weight, 0 to 1.
    """

    critere: str
    poids_actuel: float
    poids_bascule: float
    part_actuelle: float
    part_bascule: float

    @property
    def sens(self) -> str:
        return "augmenter" if self.poids_bascule > self.poids_actuel else "diminuer"

    def texte(self, premier: str, second: str) -> str:
        """One French sentence for the report to elected members."""
        up = self.sens == "augmenter"
        verb, bound = ("augmente", "plus de") if up else ("diminue", "moins de")
        return (f"« {second} » passe devant « {premier} » si l'on {verb} le poids de "
                f"« {self.critere} » de {format_nombre(self.poids_actuel)} à {bound} "
                f"{format_nombre(self.poids_bascule)} (sa part du total passe de "
                f"{pourcentage(self.part_actuelle)} % à "
                f"{pourcentage(self.part_bascule)} %), les autres poids restant "
                "inchangés.")


@dataclass(frozen=True)
class Grille:
    """A multi-criteria grid. Build it with :meth:`creer` or :func:`lire_grille`."""

    criteres: tuple[str, ...]
    poids: tuple[float, ...]
    options: tuple[str, ...]
    notes: tuple[tuple[float, ...], ...]  # one row per criterion, one value per option
    phase: str | None = None     # None: a free study, no rule applied
    lancement: date | None = None  # launch date of the consultation (default: today)

    # -- construction and checks ------------------------------------------------------------
    @classmethod
    def creer(cls, poids: Mapping[str, float], notes: Mapping[str, Mapping[str, float]],
              phase: str | None = None, lancement: date | None = None) -> Grille:
        """Build a grid from ``{critère: poids}`` and ``{option: {critère: note}}``, checked
        (and, with a ``phase``, checked against the rules of that phase)."""
        criteres = tuple(poids)
        options = tuple(notes)
        rows = []
        for c in criteres:
            row = []
            for o in options:
                if c not in notes[o]:
                    raise GrilleInvalide(f"Note manquante : option « {o} », critère « {c} ».")
                row.append(notes[o][c])
            rows.append(tuple(row))
        for o in options:
            extra = set(notes[o]) - set(criteres)
            if extra:
                raise GrilleInvalide(f"Option « {o} » : critère(s) sans poids : "
                                     f"{', '.join(sorted(extra))}.")
        grid = cls(criteres, tuple(poids.values()), options, tuple(rows), phase, lancement)
        grid.controler()
        grid.controler_phase()
        return grid

    def controler(self) -> None:
        """Raise :class:`GrilleInvalide` with a French message if the grid cannot be scored."""
        if not self.criteres:
            raise GrilleInvalide("La grille n'a aucun critère : ajoutez au moins une ligne.")
        if not self.options:
            raise GrilleInvalide("La grille n'a aucune option à comparer : ajoutez une colonne "
                                 "par option après « poids ».")
        for c, w in zip(self.criteres, self.poids, strict=True):
            if not math.isfinite(w):
                raise GrilleInvalide(f"Critère « {c} » : le poids doit être un nombre fini.")
            if w < 0:
                raise GrilleInvalide(f"Critère « {c} » : le poids {format_nombre(w)} est négatif. "
                                     "Un poids est positif ou nul ; pour un critère à minimiser "
                                     "(un coût), notez mieux l'option la moins chère.")
        if sum(self.poids) <= 0:
            raise GrilleInvalide("La somme des poids est nulle : donnez un poids positif à au "
                                 "moins un critère.")
        for c, row in zip(self.criteres, self.notes, strict=True):
            for o, v in zip(self.options, row, strict=True):
                if not math.isfinite(v):
                    raise GrilleInvalide(f"Option « {o} », critère « {c} » : la note doit être "
                                         "un nombre fini.")
        for label, items in (("de critère", self.criteres), ("d'option", self.options)):
            seen: set[str] = set()
            for item in items:
                if item in seen:
                    raise GrilleInvalide(f"Le nom {label} « {item} » apparaît deux fois.")
                seen.add(item)

    # -- what the grid is for ----------------------------------------------------------------
    @property
    def jour(self) -> date:
        """The launch date the rules are read for (today if none was given)."""
        return self.lancement or date.today()

    def controler_phase(self) -> None:
        """Raise :class:`GrilleInvalide` if a criterion may not serve in the grid's phase, or
        if an award grid lacks the environmental criterion the law requires on its launch date.

        Criteria are matched by name or id with the library (``data/criteres.csv``, accents and
        case ignored). In a selection or award grid an unknown criterion is refused (its phases
        cannot be checked); in an opportunity study or an execution follow-up it is accepted.
        """
        if self.phase is None:
            return
        if self.phase not in PHASES:
            raise GrilleInvalide(f"Phase « {self.phase} » inconnue ; phases possibles : "
                                 f"{', '.join(PHASES)}.")
        library = bibliotheque()
        strict = self.phase in ("selection", "attribution")
        where = "à " + PHASES[self.phase]
        matched = {}
        for critere in self.criteres:
            row = library.get(_key(critere).replace("-", " "))
            if row is None:
                if strict:
                    names = sorted({str(r["libelle"]) for r in library.values()
                                    if self.phase in str(r["phases"]).split()})
                    raise GrilleInvalide(
                        f"Critère « {critere} » inconnu de la bibliothèque du cours : l'outil ne "
                        f"peut pas vérifier qu'il est permis {where}. Reprenez le nom d'un "
                        f"critère de la bibliothèque permis {where} : {', '.join(names)}.")
                continue
            allowed = str(row["phases"]).split()
            if self.phase not in allowed:
                uses = [PHASES[p] for p in allowed]
                listed = ", à ".join(uses[:-1]) + " et à " + uses[-1] if len(uses) > 1 else uses[0]
                text = (f"Critère « {critere} » : il ne peut pas servir {where} ; il peut servir "
                        f"à {listed}.")
                motif = row.get("motif_phases")
                rule = regle_en_vigueur(str(motif), self.jour) if isinstance(motif, str) and motif else None
                if rule is not None:
                    text += " " + texte_regle(rule)
                raise GrilleInvalide(text)
            matched[critere] = row
        if self.phase == "attribution":
            self._controler_environnement(matched)

    def _controler_environnement(self, matched: Mapping[str, Mapping[str, Any]]) -> None:
        rule = regle_en_vigueur("critere-environnemental", self.jour)
        if rule is None:
            return
        weights = dict(zip(self.criteres, self.poids, strict=True))
        counted = [c for c, row in matched.items() if bool(row["environnemental"]) and weights[c] > 0]
        launch = f"lancée le {self.jour:%d/%m/%Y}"
        if not counted:
            raise GrilleInvalide(
                f"Grille d'attribution d'une consultation {launch} : aucun critère environnemental "
                f"de poids positif. {texte_regle(rule)} Cette règle vaut pour les consultations "
                f"lancées à compter du {rule['valid_from']:%d/%m/%Y}. Ajoutez par exemple « Impact "
                "environnemental » ou « Coût du cycle de vie ».")
        weighted = [c for c in self.criteres if weights[c] > 0]
        if len(weighted) == 1 and _key(str(matched[weighted[0]]["id"])) != "cout-cycle-de-vie":
            raise GrilleInvalide(
                f"Grille d'attribution d'une consultation {launch} : un critère unique n'est "
                f"permis que s'il s'agit du coût du cycle de vie, qui intègre les "
                f"caractéristiques environnementales ({rule['base_legale']}).")

    def rappels(self) -> list[str]:
        """What the reader of an award grid must keep in mind (from ``data/``), in French."""
        if self.phase != "attribution":
            return []
        rule = regle_en_vigueur("ponderation-publiee", self.jour)
        return [] if rule is None else [texte_regle(rule)]

    # -- scoring ----------------------------------------------------------------------------
    @property
    def poids_normalises(self) -> dict[str, float]:
        """Each criterion's share of the total weight (they add up to 1)."""
        total = sum(self.poids)
        return {c: w / total for c, w in zip(self.criteres, self.poids, strict=True)}

    def _matrix(self) -> np.ndarray:
        return np.array(self.notes, dtype=float).reshape(len(self.criteres), len(self.options))

    def scores(self, poids: Sequence[float] | None = None) -> dict[str, float]:
        """Weighted mean score of each option, on the options' scale."""
        weights = np.array(self.poids if poids is None else poids, dtype=float)
        matrix = self._matrix()
        values = (weights[:, None] * matrix).sum(axis=0) / weights.sum()
        return dict(zip(self.options, values.tolist(), strict=True))

    @staticmethod
    def ex_aequo(a: float, b: float) -> bool:
        """Whether two weighted scores tie: the one equality test of the whole grid.

        Scores are weighted means, so a difference of ``TOLERANCE`` in score is a difference of
        ``TOLERANCE × total weight`` in the unnormalised sums: the tolerance is relative to the
        weight total, whatever scale the weights are written in (60/40 or 0,6/0,4).
        """
        return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)

    def _compare(self, scores: Mapping[str, float]) -> Callable[[str], Any]:
        def cmp(a: str, b: str) -> int:
            if not self.ex_aequo(scores[a], scores[b]):
                return -1 if scores[a] > scores[b] else 1
            return self.options.index(a) - self.options.index(b)
        return functools.cmp_to_key(cmp)

    def classement(self) -> list[dict[str, float | str]]:
        """Options from best to worst as ``{option, score}``; ties keep the file's order."""
        scores = self.scores()
        order = sorted(self.options, key=self._compare(scores))
        return [{"option": o, "score": scores[o]} for o in order]

    def rangs(self) -> dict[str, int]:
        """Rank of each option: 1 + number of options with a higher score (ties share a rank)."""
        scores = self.scores()
        return {o: 1 + sum(s > scores[o] and not self.ex_aequo(s, scores[o])
                           for s in scores.values()) for o in self.options}

    def egalite(self) -> bool:
        """Whether the first two options tie (then no single weight change « reverses » them)."""
        ranking = self.classement()
        return len(ranking) > 1 and self.ex_aequo(float(ranking[0]["score"]),
                                                  float(ranking[1]["score"]))

    # -- sensitivity ------------------------------------------------------------------------
    def tirages_poids(self, tirages: int = TIRAGES, amplitude: float = AMPLITUDE,
                      graine: int = GRAINE) -> np.ndarray:
        """Random weights around the chosen ones: each multiplied by a factor drawn uniformly
        in [1 - amplitude, 1 + amplitude]. Same ``graine``, same draws.

        The draws are multiplicative, so a criterion of weight zero stays at zero in every
        draw: to test whether it should count, give it a small weight instead.
        """
        if isinstance(tirages, bool) or not isinstance(tirages, int | np.integer) or not (
                1 <= tirages <= TIRAGES_MAX):
            raise GrilleInvalide(f"Le nombre de tirages doit être un entier compris entre 1 et "
                                 f"{format_nombre(TIRAGES_MAX)} (lu : {tirages!r}).")
        if not isinstance(amplitude, int | float) or not 0 <= amplitude <= 1:
            raise GrilleInvalide("L'amplitude doit être comprise entre 0 et 1 (0,2 pour ±20 %) ; "
                                 f"lu : {amplitude!r}.")
        if isinstance(graine, bool) or not isinstance(graine, int | np.integer) or graine < 0:
            raise GrilleInvalide(f"La graine du tirage doit être un entier positif ou nul "
                                 f"(lu : {graine!r}).")
        rng = np.random.default_rng(graine)
        factors = rng.uniform(1 - amplitude, 1 + amplitude, size=(tirages, len(self.criteres)))
        return factors * np.array(self.poids, dtype=float)

    def _draw_scores(self, tirages: int, amplitude: float, graine: int) -> np.ndarray:
        draws = self.tirages_poids(tirages, amplitude, graine)
        return (draws @ self._matrix()) / draws.sum(axis=1, keepdims=True)

    @staticmethod
    def _ties(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Element-wise :meth:`ex_aequo` (the same formula as :func:`math.isclose`)."""
        scale = np.maximum(np.abs(a), np.abs(b))
        return np.abs(a - b) <= np.maximum(TOLERANCE * scale, TOLERANCE)

    def stabilite(self, tirages: int = TIRAGES, amplitude: float = AMPLITUDE,
                  graine: int = GRAINE) -> dict[str, float]:
        """Share of the draws (0 to 1) in which each option ranks first.

        In a draw where ``k`` options tie for first (:meth:`ex_aequo`), each gets ``1/k`` of
        that draw: two identical options get the same share, and the shares still add up to 1.
        With ``amplitude`` 0 the current winner gets 1 (or each of the ``k`` tied winners 1/k).
        """
        scores = self._draw_scores(tirages, amplitude, graine)
        best = scores.max(axis=1, keepdims=True)
        first = self._ties(scores, np.broadcast_to(best, scores.shape))
        shares = (first / first.sum(axis=1, keepdims=True)).sum(axis=0) / tirages
        return {o: float(shares[i]) for i, o in enumerate(self.options)}

    def classement_stable(self, tirages: int = TIRAGES, amplitude: float = AMPLITUDE,
                          graine: int = GRAINE) -> float:
        """Share of the draws (0 to 1) in which the whole ranking is the same as with the
        chosen weights, not just the winner (ties broken by the file's order, as in
        :meth:`classement`)."""
        order = [self.options.index(str(r["option"])) for r in self.classement()]
        scores = self._draw_scores(tirages, amplitude, graine)
        kept = np.ones(tirages, dtype=bool)
        for a, b in itertools.pairwise(order):
            tie = self._ties(scores[:, a], scores[:, b])
            kept &= np.where(tie, a < b, scores[:, a] > scores[:, b])
        return float(kept.mean())

    def inversions(self) -> list[Inversion]:
        """For each criterion alone, the weight at which the first two options tie.

        With ``S = Σ wᵢ·(aᵢ − bᵢ) > 0`` the lead of the first option ``a`` over the second
        ``b`` (unnormalised), changing the weight of criterion ``k`` by ``δ`` gives a lead of
        ``S + δ·dₖ``: the tie is at ``δ = −S / dₖ``. Only criteria where the two options differ,
        and changes that keep the weight positive, can reverse the order. Sorted by the size of
        the change in the criterion's share of the total weight, smallest first. Empty when the
        first two already tie (:meth:`egalite`).
        """
        if len(self.options) < 2 or self.egalite():
            return []
        top = [str(r["option"]) for r in self.classement()[:2]]
        ia, ib = self.options.index(top[0]), self.options.index(top[1])
        matrix = self._matrix()
        diff = matrix[:, ia] - matrix[:, ib]
        weights = np.array(self.poids, dtype=float)
        lead = float(weights @ diff)
        total = float(weights.sum())
        found = []
        for k, critere in enumerate(self.criteres):
            if diff[k] == 0:
                continue
            delta = -lead / float(diff[k])
            new = float(weights[k]) + delta
            if new < 0 or total + delta <= 0:
                continue
            found.append(Inversion(critere, float(weights[k]), new,
                                   float(weights[k]) / total, new / (total + delta)))
        return sorted(found, key=lambda i: abs(i.part_bascule - i.part_actuelle))

    def inversion(self) -> Inversion | None:
        """The smallest single-weight change that reverses the first two, or ``None``."""
        found = self.inversions()
        return found[0] if found else None

    def poids_nuls(self) -> list[str]:
        """Criteria of weight zero: the multiplicative draws never move them."""
        return [c for c, w in zip(self.criteres, self.poids, strict=True) if w == 0]

    # -- output -----------------------------------------------------------------------------
    def resultat(self, tirages: int = TIRAGES, amplitude: float = AMPLITUDE,
                 graine: int = GRAINE) -> dict[str, object]:
        """Everything ``piu grille --json`` prints."""
        ranking = self.classement()
        inv = self.inversion()
        return {
            "phase": self.phase,
            "lancement": None if self.phase is None else self.jour.isoformat(),
            "rappels": self.rappels(),
            "classement": [{"option": r["option"], "score": round(float(r["score"]), 6)}
                           for r in ranking],
            "stabilite": {o: round(v, 6) for o, v in
                          self.stabilite(tirages, amplitude, graine).items()},
            "poids_normalises": {c: round(v, 6) for c, v in self.poids_normalises.items()},
            "sensibilite": {"tirages": tirages, "amplitude": amplitude, "graine": graine},
            "classement_stable": round(self.classement_stable(tirages, amplitude, graine), 6),
            "poids_nuls": self.poids_nuls(),
            "egalite": self.egalite(),
            "inversion": None if inv is None else {
                "premier": ranking[0]["option"], "second": ranking[1]["option"],
                "critere": inv.critere, "sens": inv.sens,
                "poids_actuel": round(inv.poids_actuel, 6),
                "poids_bascule": round(inv.poids_bascule, 6),
                "part_actuelle": round(inv.part_actuelle, 6),
                "part_bascule": round(inv.part_bascule, 6),
                "texte": inv.texte(str(ranking[0]["option"]), str(ranking[1]["option"])),
            },
        }


# -- reading a CSV ----------------------------------------------------------------------------
def _key(name: str) -> str:
    """Header as compared: no accents, lower case, no surrounding spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.strip().lower()


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):  # UTF-8, or what Excel writes on Windows
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GrilleInvalide(f"{name} : encodage illisible ; enregistrez le fichier en CSV UTF-8.")


def _number(cell: str, where: str) -> float:
    try:
        return lire_nombre(cell)
    except ReponseIllisible as exc:
        raise GrilleInvalide(f"{where} : {exc}") from None


def _sans_colonnes_vides(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Drop the columns empty in every row, header included (Excel's trailing « ;; »)."""
    width = max(len(row) for _, row in rows)
    padded = [(n, row + [""] * (width - len(row))) for n, row in rows]
    keep = [j for j in range(width) if any(row[j] for _, row in padded)]
    if len(keep) == width:
        return rows
    return [(n, [row[j] for j in keep]) for n, row in padded]


def lire_grille(chemin: str | Path, phase: str | None = None,
                lancement: date | None = None) -> Grille:
    """Read a grid CSV: columns ``critere``, ``poids``, then one column per option.

    With ``phase`` (``attribution``…) and ``lancement`` (the launch date, default today), the
    criteria are checked against the rules of that phase (:meth:`Grille.controler_phase`).

    The separator may be a comma or a semicolon (French Excel); numbers may use a decimal comma.
    Columns empty in every row (the trailing ``;;`` Excel leaves) are ignored.
    Every mistake raises :class:`GrilleInvalide` naming the file, line and column.
    """
    path = Path(chemin)
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GrilleInvalide(f"Fichier introuvable : {chemin}.") from None
    except IsADirectoryError:
        raise GrilleInvalide(f"{chemin} est un dossier : indiquez un fichier CSV.") from None
    except OSError as exc:
        raise GrilleInvalide(f"{chemin} : lecture impossible ({raison(exc)}).") from None
    text = _decode(raw, name)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise GrilleInvalide(f"{name} : le fichier est vide. Première ligne attendue : "
                             "critere,poids,Option A,Option B")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [(n, [c.strip() for c in row]) for n, row in enumerate(reader, start=1)
            if any(c.strip() for c in row)]
    if not rows:  # only separators, as Excel writes for a blank sheet (« ;;; »)
        raise GrilleInvalide(f"{name} : le fichier est vide (aucune valeur, seulement des "
                             "séparateurs). Première ligne attendue : critere,poids,Option A,Option B")
    rows = _sans_colonnes_vides(rows)
    (_, header), body = rows[0], rows[1:]
    expected = ["critere", "poids"]
    for position, wanted in enumerate(expected):
        if len(header) <= position or _key(header[position]) != wanted:
            got = header[position] if len(header) > position else ""
            raise GrilleInvalide(
                f"{name}, ligne 1 : colonne {position + 1} « {got} » inconnue ; la colonne "
                f"{position + 1} doit s'appeler « {wanted} ». En-tête attendu : "
                "critere,poids,Option A,Option B…")
    options = header[2:]
    for i, option in enumerate(options, start=3):
        if not option:
            raise GrilleInvalide(f"{name}, ligne 1 : la colonne {i} n'a pas de nom ; donnez le "
                                 "nom de l'option en en-tête, ou supprimez la colonne.")
        if _key(option) in expected:
            raise GrilleInvalide(f"{name}, ligne 1 : colonne « {option} » inconnue à cette place "
                                 f"(colonne {i}) ; après « critere » et « poids », chaque "
                                 "colonne est une option.")
    criteres, poids, notes = [], [], []
    for line, cells in body:
        if len(cells) > len(header):
            raise GrilleInvalide(f"{name}, ligne {line} : {len(cells)} valeurs pour "
                                 f"{len(header)} colonnes ; une colonne sans en-tête est "
                                 "inconnue (vérifiez le séparateur et les virgules décimales "
                                 "entre guillemets).")
        cells += [""] * (len(header) - len(cells))
        critere = cells[0]
        if not critere:
            raise GrilleInvalide(f"{name}, ligne {line} : le nom du critère est vide.")
        if not cells[1]:
            raise GrilleInvalide(f"{name}, ligne {line}, colonne « poids » : poids manquant "
                                 f"pour le critère « {critere} ».")
        weight = _number(cells[1], f"{name}, ligne {line}, colonne « poids »")
        if weight < 0:
            raise GrilleInvalide(f"{name}, ligne {line}, colonne « poids » : le poids du critère "
                                 f"« {critere} » est négatif ({cells[1]}) ; un poids est positif "
                                 "ou nul.")
        values = []
        for option, cell in zip(options, cells[2:], strict=True):
            where = f"{name}, ligne {line}, colonne « {option} »"
            if not cell:
                raise GrilleInvalide(f"{where} : note manquante pour le critère « {critere} » ; "
                                     "notez chaque option sur chaque critère.")
            values.append(_number(cell, where))
        criteres.append(critere)
        poids.append(weight)
        notes.append(tuple(values))
    grid = Grille(tuple(criteres), tuple(poids), tuple(options), tuple(notes), phase, lancement)
    try:
        grid.controler()
        grid.controler_phase()
    except GrilleInvalide as exc:
        raise GrilleInvalide(f"{name} : {exc}") from None
    return grid
