"""What a SCIC is made of, for the simulator: members, categories, voting colleges.

Plain frozen dataclasses, built by :mod:`piu.cooperation.scic_fichier` from a YAML file or a
notebook form, then read by the rule checks, the vote computations and the surplus allocation.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CATEGORIES", "Associe", "College", "Scic"]

# Categories of members, as written in the YAML file, with the words shown to learners.
# « collectivites » groups the collectivités territoriales, their groupements and the
# établissements publics territoriaux: the law caps their capital together.
CATEGORIES: dict[str, str] = {
    "salaries": "salariés",
    "producteurs": "producteurs de biens ou de services",
    "beneficiaires": "bénéficiaires habituels",
    "collectivites": "collectivités territoriales, groupements et établissements publics territoriaux",
    "autres-publics": "autres personnes publiques",
    "autres": "autres contributeurs (bénévoles, financeurs, partenaires...)",
}


@dataclass(frozen=True)
class Associe:
    """One member: its category, the capital it subscribed (€), its voting college if any."""

    nom: str
    categorie: str
    capital: float
    college: str | None = None
    ligne: int | None = None


@dataclass(frozen=True)
class College:
    """A voting college; ``poids`` is its share of votes in %, ``None`` when statutes are silent."""

    nom: str
    poids: float | None = None
    ligne: int | None = None


@dataclass(frozen=True)
class Scic:
    """A SCIC as described by the technician (see ``notebooks/scic/*.yaml``)."""

    nom: str
    forme: str
    associes: tuple[Associe, ...]
    colleges: tuple[College, ...] = ()
    effectif_salarie: int | None = None
    fichier: str = ""

    @property
    def capital_total(self) -> float:
        """Total subscribed capital, in euros."""
        return sum(a.capital for a in self.associes)

    def capital_de(self, categorie: str) -> float:
        """Capital subscribed by the members of one category."""
        return sum(a.capital for a in self.associes if a.categorie == categorie)

    @property
    def categories(self) -> list[str]:
        """Categories present, in the order of :data:`CATEGORIES`."""
        present = {a.categorie for a in self.associes}
        return [c for c in CATEGORIES if c in present]
