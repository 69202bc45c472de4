"""The « carte des freins »: the barriers of one project, rated, and the ordered action list.

The result is the ``freins`` section of the learner's project file (module 7), a plain
JSON-serialisable dict whose shape is shared with :mod:`piu.core.learner.dossier`::

    {"projet": str,
     "freins": [{"id": str, "groupe": str, "libelle": str, "note": int (1 à 3), "propre": bool}],
     "actions": [{"rang": int, "frein": str, "action": str, "module": int | None, "regle": str,
                  # keys added by this module, which the dossier may ignore:
                  "frein_id": str, "groupe": str, "note": int, "modules": [int], "regles": [str]}]}

``frein`` in an action is the barrier's label (what a reader needs); ``frein_id`` links it back.
``module`` is the first module that answers the barrier (``None`` for a barrier the learner
added), ``regle`` the first rule, quoted « CCP art. R2111-1 » (empty when the lever is a
practice, not a text).

Order of the actions, and why: the barriers that block (note 3) come first, then those that
slow the project down (2), then those that hinder it (1); at equal note, the workshop's barriers
before the learner's own (they come with a lever), then in the workshop's order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from piu.core.errors import PiuError
from piu.core.text import normaliser
from piu.core.typography import espaces_insecables
from piu.freins.catalogue import GROUPES, Frein, catalogue, texte_regle

#: The three ratings, and the word a learner may type instead of the number.
NOTES: dict[int, str] = {1: "gêne", 2: "freine", 3: "bloque"}

#: The action proposed for a barrier the learner added: it has no lever in the data.
ACTION_PROPRE = ("Frein propre au projet : cherchez son levier en groupe, en le comparant aux "
                 "freins du même groupe et à leurs modules.")

LIBELLE_MAX = 200


class CarteInvalide(PiuError):
    """A rating, a barrier or a saved map cannot be read; the message names what and where."""


def lire_note(valeur: object, quoi: str = "la note") -> int | None:
    """A rating typed the French way: ``3``, ``"2"``, ``"bloque"``, ``"Gêne"``; ``None`` or an
    empty text (or 0) means « not ticked »."""
    if valeur is None or isinstance(valeur, bool):
        if valeur is None:
            return None
        raise CarteInvalide(f"{quoi} : « {valeur} » n'est pas une note ; tapez 1 (gêne), "
                            f"2 (freine) ou 3 (bloque), ou laissez vide.")
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        if valeur == 0:
            return None
        if valeur in (1, 2, 3):
            return int(valeur)
    else:
        text = normaliser(str(valeur))
        if text in ("", "0", "aucun", "non"):
            return None
        words = {normaliser(word): note for note, word in NOTES.items()}
        if text in ("1", "2", "3"):
            return int(text)
        if text in words:
            return words[text]
    raise CarteInvalide(f"{quoi} : « {valeur} » n'est pas une note ; tapez 1 (gêne), "
                        f"2 (freine) ou 3 (bloque), ou laissez vide.")


def _unknown(frein_id: str, known: Iterable[str]) -> CarteInvalide:
    close = difflib.get_close_matches(frein_id, list(known), n=3)
    hint = f" Vouliez-vous dire : {', '.join(close)} ?" if close else (
        " La liste des freins : commande « piu freins liste » ou tableau du chapitre.")
    return CarteInvalide(f"Frein « {frein_id} » inconnu.{hint}")


def _propre(entry: Mapping[str, Any], index: int) -> dict[str, Any]:
    where = f"frein ajouté n° {index}"
    if not isinstance(entry, Mapping):
        raise CarteInvalide(f"{where} : attendu un libellé, un groupe et une note.")
    libelle = " ".join(str(entry.get("libelle") or "").split())
    if not libelle:
        raise CarteInvalide(f"{where} : le libellé est vide ; décrivez le frein en une phrase.")
    if len(libelle) > LIBELLE_MAX:
        raise CarteInvalide(f"{where} : libellé de {len(libelle)} caractères ; "
                            f"{LIBELLE_MAX} au plus, en une phrase.")
    groupe = str(entry.get("groupe") or "").strip()
    if groupe not in GROUPES:
        raise CarteInvalide(f"{where} (« {libelle} ») : groupe « {groupe} » inconnu ; groupes "
                            f"possibles : {', '.join(GROUPES)}.")
    note = lire_note(entry.get("note"), f"{where} (« {libelle} »)")
    if note is None:
        raise CarteInvalide(f"{where} (« {libelle} ») : donnez-lui une note de 1 à 3.")
    return {"id": f"propre-{index}", "groupe": groupe, "libelle": libelle, "note": note,
            "propre": True}


def _action(entry: dict[str, Any], frein: Frein | None) -> dict[str, Any]:
    if frein is None:
        return {"frein": entry["libelle"], "action": ACTION_PROPRE, "module": None, "regle": "",
                "frein_id": entry["id"], "groupe": entry["groupe"], "note": entry["note"],
                "modules": [], "regles": []}
    regles = [texte_regle(r) for r in frein.regles]
    return {"frein": frein.libelle, "action": frein.action,
            "module": frein.modules[0] if frein.modules else None,
            "regle": regles[0] if regles else "", "frein_id": frein.id, "groupe": frein.groupe,
            "note": entry["note"], "modules": list(frein.modules), "regles": regles}


def plan_d_actions(freins: list[dict[str, Any]], connus: Mapping[str, Frein]) -> list[dict[str, Any]]:
    """The ordered action list for rated barriers (see the module docstring for the order)."""
    order = {fid: i for i, fid in enumerate(connus)}

    def key(entry: dict[str, Any]) -> tuple[int, bool, int]:
        return (-entry["note"], entry["propre"], order.get(entry["id"], len(order)))

    actions = []
    for rank, entry in enumerate(sorted(freins, key=key), start=1):
        actions.append({"rang": rank, **_action(entry, None if entry["propre"] else connus[entry["id"]])})
    return actions


def carte_des_freins(projet: str, notes: Mapping[str, object] | None = None,
                     propres: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The ``freins`` section for a project: ``notes`` maps barrier ids to a rating (1 to 3, or
    the words « gêne », « freine », « bloque »; empty = not ticked), ``propres`` lists the
    barriers the learner adds (``libelle``, ``groupe``, ``note``).

    Every mistake raises :class:`CarteInvalide` naming the barrier and how to fix it.
    """
    connus = {f.id: f for f in catalogue()}
    projet = " ".join(str(projet or "").split())
    if len(projet) > LIBELLE_MAX:
        raise CarteInvalide(f"Nom du projet trop long ({len(projet)} caractères ; {LIBELLE_MAX} au plus).")
    freins: list[dict[str, Any]] = []
    for frein_id, value in (notes or {}).items():
        if frein_id not in connus:
            raise _unknown(str(frein_id), connus)
        note = lire_note(value, f"frein « {frein_id} »")
        if note is not None:
            f = connus[frein_id]
            freins.append({"id": f.id, "groupe": f.groupe, "libelle": f.libelle, "note": note,
                           "propre": False})
    order = {fid: i for i, fid in enumerate(connus)}
    freins.sort(key=lambda e: (list(GROUPES).index(e["groupe"]), order[e["id"]]))
    freins += [_propre(entry, i) for i, entry in enumerate(propres, start=1)]
    return {"projet": projet, "freins": freins, "actions": plan_d_actions(freins, connus)}


#: The fields of an action that the project file keeps (its shape: ``piu.fil_rouge.sections``).
CHAMPS_ACTION_DOSSIER = ("rang", "frein", "action", "module", "regle")


def donnees_freins(section: Mapping[str, Any]) -> dict[str, Any]:
    """The ``freins`` section as the project file keeps it: the map without this module's extra
    keys (``frein_id``, ``modules``, ``regles``…), which the dossier refuses so that a
    hand-edited file cannot smuggle fields in."""
    return {"projet": section["projet"],
            "freins": [{k: f[k] for k in ("id", "groupe", "libelle", "note", "propre")} for f in section["freins"]],
            "actions": [{k: a[k] for k in CHAMPS_ACTION_DOSSIER} for a in section["actions"]]}


def _field(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise CarteInvalide(f"{where} : champ « {key} » absent.")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CarteInvalide(f"{where} : champ « {key} » de type inattendu ({type(value).__name__}).")
    return value


def section_depuis_donnees(donnees: object) -> dict[str, Any]:
    """Check a saved ``freins`` section and rebuild it with today's levers.

    The ratings are the learner's; the actions are recomputed from ``data/freins.csv``, so a
    map saved last year gets this year's levers. Raises :class:`CarteInvalide` naming the field.
    """
    if not isinstance(donnees, Mapping):
        raise CarteInvalide("« donnees » : attendu un objet avec « projet » et « freins ».")
    projet = _field(donnees, "projet", str, "donnees")
    entries = _field(donnees, "freins", list, "donnees")
    notes: dict[str, int] = {}
    propres: list[dict[str, Any]] = []
    for i, entry in enumerate(entries, start=1):
        where = f"freins n° {i}"
        if not isinstance(entry, Mapping):
            raise CarteInvalide(f"{where} : attendu un objet (id, groupe, libelle, note, propre).")
        propre = _field(entry, "propre", bool, where)
        note = lire_note(_field(entry, "note", (int, str), where), f"{where}, champ « note »")
        if note is None:
            raise CarteInvalide(f"{where}, champ « note » : une note de 1 à 3 est attendue.")
        if propre:
            propres.append({"libelle": _field(entry, "libelle", str, where),
                            "groupe": _field(entry, "groupe", str, where), "note": note})
        else:
            frein_id = _field(entry, "id", str, where)
            if frein_id in notes:
                raise CarteInvalide(f"{where} : le frein « {frein_id} » figure deux fois.")
            notes[frein_id] = note
    try:
        return carte_des_freins(projet, notes, propres)
    except CarteInvalide as exc:
        raise CarteInvalide(f"donnees : {exc}") from None


def texte_carte(section: Mapping[str, Any]) -> str:
    """The map as plain French text: the ordered actions with their module and rule."""
    projet = section.get("projet") or "projet sans nom"
    lines = [f"Carte des freins — {projet}"]
    if not section["actions"]:
        lines.append("Aucun frein noté : cochez et notez les freins de votre projet.")
        return espaces_insecables("\n".join(lines))
    counts = {g: sum(1 for f in section["freins"] if f["groupe"] == g) for g in GROUPES}
    lines.append("Freins notés : " + ", ".join(f"{GROUPES[g].lower()} {n}" for g, n in counts.items()
                                               if n) + ".")
    lines.append("Actions, dans l'ordre :")
    for a in section["actions"]:
        where = " ; ".join(x for x in (f"module {a['module']}" if a["module"] is not None else "",
                                      a["regle"]) if x)
        lines.append(f"{a['rang']}. [{NOTES[a['note']]}] {a['frein']}")
        lines.append(f"   → {a['action']}" + (f" ({where})" if where else ""))
    return espaces_insecables("\n".join(lines))
