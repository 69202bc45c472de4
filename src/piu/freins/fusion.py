"""The group map: the trainer merges the participants' saved « carte des freins » files.

Each participant saves their map (format ``piu-freins``); :func:`fusionner_fichiers` reads them
all, sets aside those it cannot read (named, with the reason) and merges the others into one
group map, saved as format ``piu-freins-groupe``::

    {"participants": int,                      # files merged
     "projets": [str],                         # their project names, in file order
     "freins": [{"id": str, "groupe": str, "libelle": str, "propre": bool,
                 "participants": int, "note_moyenne": float, "notes": [int]}],
     "actions": [{"rang": int, "frein": str, "frein_id": str, "action": str,
                  "module": int | None, "regle": str, "participants": int,
                  "note_moyenne": float}],
     "ignores": [{"fichier": str, "raison": str}]}

Order of the actions: the barriers named by the most participants first, then the highest mean
rating, then the workshop's barriers before participants' own, then the workshop's order —
what the group shares is what it discusses first. Barriers a participant added are merged
when their labels are the same once case, accents and punctuation are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from piu.core.errors import PiuError
from piu.core.french_numbers import format_nombre
from piu.core.text import normaliser
from piu.core.typography import espaces_insecables
from piu.freins.carte import ACTION_PROPRE, section_depuis_donnees
from piu.freins.catalogue import GROUPES, catalogue, texte_regle
from piu.freins.fichier import lire_resultat, lire_texte_resultat

OUTIL = "freins"
OUTIL_GROUPE = "freins-groupe"


class FusionImpossible(PiuError):
    """No file could be read: there is no group map to show."""


def lire_carte(source: str | Path | tuple[str, str | bytes]) -> dict[str, Any]:
    """One participant's map, from a path or an uploaded ``(name, content)`` pair."""
    if isinstance(source, tuple):
        name, content = source
        return lire_texte_resultat(content, name, OUTIL, section_depuis_donnees)
    return lire_resultat(source, OUTIL, section_depuis_donnees)


def fusionner(sections: Iterable[dict[str, Any]],
              ignores: Iterable[dict[str, str]] = ()) -> dict[str, Any]:
    """Merge checked ``freins`` sections into the group map (shape in the module docstring)."""
    known = {f.id: f for f in catalogue()}
    order = {fid: i for i, fid in enumerate(known)}
    merged: dict[str, dict[str, Any]] = {}
    projets: list[str] = []
    count = 0
    for section in sections:
        count += 1
        projets.append(section["projet"])
        seen: set[str] = set()
        for f in section["freins"]:
            key = f"propre:{normaliser(f['libelle'])}" if f["propre"] else f["id"]
            if key in seen:  # one participant counts once per barrier
                continue
            seen.add(key)
            own = sum(1 for e in merged.values() if e["propre"]) + 1
            entry = merged.setdefault(key, {
                "id": key if not f["propre"] else f"propre-{own}",
                "groupe": f["groupe"], "libelle": f["libelle"], "propre": f["propre"], "notes": []})
            entry["notes"].append(f["note"])
    freins = []
    for entry in merged.values():
        notes = entry["notes"]
        freins.append({"id": entry["id"], "groupe": entry["groupe"], "libelle": entry["libelle"],
                       "propre": entry["propre"], "participants": len(notes),
                       "note_moyenne": round(sum(notes) / len(notes), 1), "notes": notes})
    freins.sort(key=lambda e: (list(GROUPES).index(e["groupe"]), order.get(e["id"], len(order))))

    def key(e: dict[str, Any]) -> tuple[int, float, bool, int]:
        return (-e["participants"], -e["note_moyenne"], e["propre"], order.get(e["id"], len(order)))

    actions = []
    for rank, e in enumerate(sorted(freins, key=key), start=1):
        lever = known.get(e["id"])
        regles = [texte_regle(r) for r in lever.regles] if lever else []
        actions.append({
            "rang": rank, "frein": e["libelle"], "frein_id": e["id"],
            "action": lever.action if lever else ACTION_PROPRE,
            "module": lever.modules[0] if lever and lever.modules else None,
            "regle": regles[0] if regles else "", "participants": e["participants"],
            "note_moyenne": e["note_moyenne"]})
    return {"participants": count, "projets": projets, "freins": freins, "actions": actions,
            "ignores": list(ignores)}


def fusionner_fichiers(sources: Iterable[str | Path | tuple[str, str | bytes]]) -> dict[str, Any]:
    """Read every file, skip (and name) the unreadable ones, merge the others.

    Raises :class:`FusionImpossible` only when no file at all could be read.
    """
    sections, ignores = [], []
    for source in sources:
        name = source[0] if isinstance(source, tuple) else Path(source).name
        try:
            sections.append(lire_carte(source))
        except PiuError as exc:
            ignores.append({"fichier": str(name), "raison": str(exc)})
    if not sections:
        detail = "".join(f"\n- {i['raison']}" for i in ignores) or " aucun fichier donné."
        raise FusionImpossible(f"Aucune carte des freins n'a pu être lue :{detail}")
    return fusionner(sections, ignores)


def valider_carte_groupe(donnees: Any) -> dict[str, Any]:
    """Light check of a saved group map (format ``piu-freins-groupe``), for reading it back."""
    if not isinstance(donnees, dict) or not all(k in donnees for k in ("participants", "freins", "actions")):
        raise PiuError("« donnees » : attendu une carte de groupe (participants, freins, actions).")
    return donnees


def texte_carte_groupe(carte: dict[str, Any]) -> str:
    """The group map as plain French text."""
    n = carte["participants"]
    lines = [f"Carte des freins du groupe — {n} participant{'s' if n > 1 else ''}"]
    for i in carte["ignores"]:
        lines.append(f"⚠ Fichier ignoré : {i['raison']}")
    lines.append("Leviers à discuter, dans l'ordre :")
    for a in carte["actions"]:
        where = " ; ".join(x for x in (f"module {a['module']}" if a["module"] is not None else "",
                                      a["regle"]) if x)
        note = format_nombre(a["note_moyenne"], 1)
        lines.append(f"{a['rang']}. {a['frein']} — cité par {a['participants']} participant"
                     f"{'s' if a['participants'] > 1 else ''} sur {n}, note moyenne {note}")
        lines.append(f"   → {a['action']}" + (f" ({where})" if where else ""))
    return espaces_insecables("\n".join(lines))


def fichiers_exemple() -> list[Path]:
    """The invented participants' files of the notebook (``notebooks/freins/``), one malformed.

    Found through :mod:`piu.core.paths`, so they open in Jupyter and in the browser alike.
    """
    from piu.core import paths

    return sorted((paths.course_root() / "notebooks" / "freins").glob("*.json"))
