"""The sections of the learner's project file: their shape, who fills them, what is missing.

This is the one place where each section's ``donnees`` is described. The framework
(:mod:`piu.core.learner.dossier`) checks the envelope; the checkers below, registered on import, check
each section's fields so that a hand-edited dossier is refused with the field named
(``sections.financement.donnees.sources[1].montant``) instead of breaking the export.

Shapes (``float`` accepts an integer; ``?`` means the value may be ``null``):

- ``besoin`` (module 1, the need written as a use): ``{"usage": str, "usagers": str,
  "resultat_attendu": str, "mesure": str, "contraintes": str}``
- ``freins`` (module 1, barriers map): ``{"projet": str, "freins": [{"id": str, "groupe": str,
  "libelle": str, "note": int 1-3, "propre": bool}], "actions": [{"rang": int, "frein": str,
  "action": str, "module": int?, "regle": str}]}``
- ``innovation`` (module 3, « Est-ce innovant ? », DAJ 2024 guide): ``{"objet": str,
  "indices": [str], "conclusion": str, "note": str, "solide": bool}``
- ``maturite`` (module 2, TRL): ``{"niveau": int 0-9, "intitule": str, "raisons": [str]}``
- ``grille`` (module 2, multi-criteria grid): ``{"titre": str, "phase": str, "criteres":
  [{"nom": str, "poids": float}], "options": [{"nom": str, "rang": int, "score": float,
  "notes": {critere: float}}], "stabilite": str}``
- ``carbone`` (module 2, last mile): ``{"distance_km": float, "colis": int, "charge_kg": float,
  "vehicules": [{"libelle": str, "g_par_km": float, "tournees": int, "g_par_colis": float,
  "ecart_diesel_pct": float}], "sources": [str]}``
- ``cout`` (module 2, lifecycle cost): ``{"duree_ans": int, "taux_actualisation_pct": float,
  "options": [{"nom": str, "total": float, "postes": {poste: float}}], "moins_cher": str,
  "sources": [str]}``
- ``contrat`` (module 3, « Quel contrat ? »): ``{"jour": date, "qualification": str, "libelle":
  str, "base_legale": str, "explication": str, "vigilances": [str]}``
- ``procedure`` (module 3, value, lots and procedure): ``{"jour": date, "acheteur": str,
  "nature": str, "valeur_ht": float, "lots": [{"libelle": str, "montant_ht": float}],
  "voies": [{"nom": str, "base_legale": str}], "obligations": [str]}``
- ``financement`` (module 4, financing plan): ``{"jour": date, "nom": str, "cout_total": float,
  "sources": [{"nom": str, "type": str, "montant": float}], "part_maitre_ouvrage_pct": float?,
  "minimum_requis_pct": float?, "base_legale": str, "conforme": bool, "manquements": [str]}``
- ``gouvernance`` (module 5, SCIC): ``{"nom": str, "conforme": bool, "manquements": [str],
  "associes": [{"associe": str, "categorie": str, "capital_pct": float, "voix_pct": float}],
  "deport": str}``
- ``living_lab`` (module 6, evaluation grid): ``{"nom": str, "scores": {critere: int},
  "points_faibles": [str], "verdict": str}``
- ``experimentation`` (module 6, protocol): ``{"objectif": str, "indicateurs": [{"nom": str,
  "unite": str, "avant": float?, "cible": float?}], "duree_mois": int, "criteres_sortie": [str],
  "criteres_passage_echelle": [str], "vehicule": str}``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from piu.core.learner import dossier
from piu.core.learner.dossier import DossierInvalide
from piu.core.typography import accorder

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Section:
    """One part of the note d'opportunité, and the tool that fills it."""

    nom: str
    titre: str
    module: int
    outil: str          # the tool, as the learner knows it
    forme: Any          # the shape of ``donnees`` (see :func:`verifier`)


_INT, _FLOAT, _STR, _BOOL, _DATESTR = "int", "float", "str", "bool", "date"


def _opt(kind: str) -> str:
    return kind + "?"


SECTIONS: tuple[Section, ...] = (
    Section("besoin", "Le besoin, écrit comme un usage", 1, "« Écrire le besoin comme un usage » (module 1)",
            {"usage": _STR, "usagers": _STR, "resultat_attendu": _STR, "mesure": _STR, "contraintes": _STR}),
    Section("freins", "Les freins et les actions", 1, "la carte des freins (module 1)",
            {"projet": _STR,
             "freins": [{"id": _STR, "groupe": _STR, "libelle": _STR, "note": (_INT, 1, 3), "propre": _BOOL}],
             "actions": [{"rang": _INT, "frein": _STR, "action": _STR, "module": _opt(_INT), "regle": _STR}]}),
    Section("innovation", "Est-ce innovant ?", 3, "« Est-ce innovant ? » (module 3)",
            {"objet": _STR, "indices": [_STR], "conclusion": _STR, "note": _STR, "solide": _BOOL}),
    Section("maturite", "Maturité de la solution (TRL)", 2, "le questionnaire TRL (module 2)",
            {"niveau": (_INT, 0, 9), "intitule": _STR, "raisons": [_STR]}),
    Section("grille", "Grille d'opportunité", 2, "la grille multicritère (module 2)",
            {"titre": _STR, "phase": _STR, "criteres": [{"nom": _STR, "poids": _FLOAT}],
             "options": [{"nom": _STR, "rang": _INT, "score": _FLOAT, "notes": {"*": _FLOAT}}], "stabilite": _STR}),
    Section("carbone", "Bilan carbone de la livraison", 2, "le calculateur carbone (module 2)",
            {"distance_km": _FLOAT, "colis": _INT, "charge_kg": _FLOAT,
             "vehicules": [{"libelle": _STR, "g_par_km": _FLOAT, "tournees": _INT, "g_par_colis": _FLOAT,
                            "ecart_diesel_pct": _FLOAT}], "sources": [_STR]}),
    Section("cout", "Coût du cycle de vie", 2, "le calculateur de coût du cycle de vie (module 2)",
            {"duree_ans": _INT, "taux_actualisation_pct": _FLOAT,
             "options": [{"nom": _STR, "total": _FLOAT, "postes": {"*": _FLOAT}}], "moins_cher": _STR,
             "sources": [_STR]}),
    Section("contrat", "Quel contrat ?", 3, "« Quel contrat ? » (module 3)",
            {"jour": _DATESTR, "qualification": _STR, "libelle": _STR, "base_legale": _STR, "explication": _STR,
             "vigilances": [_STR]}),
    Section("procedure", "Valeur estimée, lots et procédure", 3, "le conseiller de procédure (module 3)",
            {"jour": _DATESTR, "acheteur": _STR, "nature": _STR, "valeur_ht": _FLOAT,
             "lots": [{"libelle": _STR, "montant_ht": _FLOAT}], "voies": [{"nom": _STR, "base_legale": _STR}],
             "obligations": [_STR]}),
    Section("financement", "Plan de financement", 4, "le vérificateur de plan de financement (module 4)",
            {"jour": _DATESTR, "nom": _STR, "cout_total": _FLOAT,
             "sources": [{"nom": _STR, "type": _STR, "montant": _FLOAT}],
             "part_maitre_ouvrage_pct": _opt(_FLOAT), "minimum_requis_pct": _opt(_FLOAT), "base_legale": _STR,
             "conforme": _BOOL, "manquements": [_STR]}),
    Section("gouvernance", "Partenariat et gouvernance", 5, "le simulateur de SCIC (module 5)",
            {"nom": _STR, "conforme": _BOOL, "manquements": [_STR],
             "associes": [{"associe": _STR, "categorie": _STR, "capital_pct": _FLOAT, "voix_pct": _FLOAT}],
             "deport": _STR}),
    Section("living_lab", "Living lab", 6, "la grille d'évaluation du living lab (module 6)",
            {"nom": _STR, "scores": {"*": _INT}, "points_faibles": [_STR], "verdict": _STR}),
    Section("experimentation", "Protocole d'expérimentation", 6, "le protocole d'expérimentation (module 6)",
            {"objectif": _STR,
             "indicateurs": [{"nom": _STR, "unite": _STR, "avant": _opt(_FLOAT), "cible": _opt(_FLOAT)}],
             "duree_mois": _INT, "criteres_sortie": [_STR], "criteres_passage_echelle": [_STR], "vehicule": _STR}),
)

PAR_NOM = {s.nom: s for s in SECTIONS}

_KIND_FR = {_INT: "un nombre entier", _FLOAT: "un nombre", _STR: "un texte", _BOOL: "vrai ou faux (true/false)",
            _DATESTR: "une date AAAA-MM-JJ"}


def _fail(where: str, expected: str, value: Any) -> None:
    shown = repr(value) if not isinstance(value, str) else f"« {value} »"
    raise DossierInvalide(f"Champ « {where} » : {expected} est attendu, pas {shown[:60]}.")


def verifier(valeur: Any, forme: Any, ou: str) -> None:
    """Check ``valeur`` against ``forme``; raise :class:`DossierInvalide` naming the field ``ou``."""
    if isinstance(forme, tuple):  # (kind, minimum, maximum)
        kind, low, high = forme
        verifier(valeur, kind, ou)
        if not low <= valeur <= high:
            raise DossierInvalide(f"Champ « {ou} » : {valeur} n'est pas entre {low} et {high}.")
        return
    if isinstance(forme, str):
        optional = forme.endswith("?")
        kind = forme.rstrip("?")
        if valeur is None:
            if not optional:
                _fail(ou, _KIND_FR[kind], valeur)
            return
        ok = {_INT: isinstance(valeur, int) and not isinstance(valeur, bool),
              _FLOAT: isinstance(valeur, int | float) and not isinstance(valeur, bool),
              _STR: isinstance(valeur, str), _BOOL: isinstance(valeur, bool),
              _DATESTR: isinstance(valeur, str) and bool(_DATE.fullmatch(valeur))}[kind]
        if not ok:
            _fail(ou, _KIND_FR[kind], valeur)
        if kind == _FLOAT and valeur != valeur:  # NaN
            _fail(ou, _KIND_FR[kind], valeur)
        return
    if isinstance(forme, list):
        if not isinstance(valeur, list):
            _fail(ou, "une liste", valeur)
        for i, item in enumerate(valeur):
            verifier(item, forme[0], f"{ou}[{i + 1}]")
        return
    if not isinstance(valeur, dict):
        _fail(ou, "un ensemble de champs", valeur)
    if "*" in forme:  # a mapping of free keys to one kind
        for key, item in valeur.items():
            verifier(item, forme["*"], f"{ou}.{key}")
        return
    for key, kind in forme.items():
        if key not in valeur:
            raise DossierInvalide(f"Champ « {ou}.{key} » manquant.")
        verifier(valeur[key], kind, f"{ou}.{key}")
    extra = sorted(set(valeur) - set(forme))
    if extra:
        raise DossierInvalide(f"Champ « {ou}.{extra[0]} » inconnu ; champs permis : {', '.join(forme)}.")


def _checker(section: Section) -> Any:
    def check(donnees: Any, ou: str) -> None:
        verifier(donnees, section.forme, ou)
    return check


for _s in SECTIONS:
    dossier.enregistrer_verificateur(_s.nom, _checker(_s))


@dataclass(frozen=True)
class EtatSection:
    """Whether one section is filled, and by which tool on which day."""

    section: Section
    rempli: bool
    date: str = ""


def etat_dossier(document: dict[str, Any]) -> list[EtatSection]:
    """Every section of the note, in order, filled or not (the document is validated first)."""
    valid = dossier.valider(document)
    found = valid["sections"]
    return [EtatSection(s, s.nom in found, found.get(s.nom, {}).get("date", "")) for s in SECTIONS]


def texte_etat(document: dict[str, Any]) -> str:
    """« What is complete, what is missing » in plain French (``piu dossier``)."""
    states = etat_dossier(document)
    done = [e for e in states if e.rempli]
    projet = document.get("projet", {}).get("nom") or "projet sans nom"
    lines = [f"Dossier « {projet} » : {sections_remplies(len(done))} "
             f"sur {len(states)}."]
    for e in states:
        if e.rempli:
            lines.append(f"✔ {e.section.titre} (rempli le {_fr_date(e.date)})")
        else:
            lines.append(f"✘ {e.section.titre} : à compléter avec {outil_avec_article(e.section.outil)}")
    return "\n".join(lines)


def sections_remplies(nombre: int) -> str:
    """« aucune section remplie », « 1 section remplie », « 3 sections remplies »."""
    return "aucune section remplie" if nombre == 0 else accorder(nombre, "section remplie", "sections remplies")


def outil_avec_article(outil: str) -> str:
    """« l’outil « Est-ce innovant ? » (module 3) »: a tool the course names by its title in
    quotes takes « l’outil », so that « à compléter avec … » reads as French."""
    return f"l’outil {outil}" if outil.startswith("«") else outil


def _fr_date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if _DATE.fullmatch(iso or "") else iso
