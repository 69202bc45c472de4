"""Read a SCIC described in YAML, and say exactly where a malformed file is wrong.

The file is written by a technician, not a programmer: every problem (missing field, negative
capital, unknown category or college, typo in a field name) is reported with the file name,
the line and the field, all problems at once, as a :class:`ScicInvalide` (exit status 2 on the
command line). Line numbers come from the YAML parser's node marks, kept while converting.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from piu.cooperation.scic_modele import CATEGORIES, Associe, College, Scic
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.files import raison
from piu.core.french_numbers import lire_nombre
from piu.core.typography import accorder

__all__ = ["ScicInvalide", "categorie_connue", "lire_scic", "scic_depuis_donnees", "scic_depuis_texte"]

_TOP_KEYS = ("nom", "forme", "associes", "colleges", "effectif_salarie")
_MEMBER_KEYS = ("nom", "categorie", "capital", "college")
_COLLEGE_KEYS = ("nom", "poids")
_EXAMPLE = """nom: Coop Vélo Logistique
forme: SAS
associes:
  - nom: Ville de Marseille
    categorie: collectivites
    capital: 20000"""


def _fold(text: str) -> str:
    """Lower case, no accents, words joined by hyphens: « Autres publics » -> « autres-publics »."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s_-]+", "-", plain)


def _singular(key: str) -> str:
    return "-".join(word.removesuffix("s") for word in key.split("-"))


# « salariés », « Salaries », « salarié », « Bénéficiaires »... all name a known category.
_CATEGORY_SPELLINGS: dict[str, str] = {
    **{_singular(key): key for key in CATEGORIES}, **{key: key for key in CATEGORIES}}


def categorie_connue(texte: str) -> str | None:
    """The category key a technician meant (case, accents and plural ignored), or ``None``."""
    folded = _fold(texte)
    return _CATEGORY_SPELLINGS.get(folded) or _CATEGORY_SPELLINGS.get(_singular(folded))


class ScicInvalide(PiuError):
    """The SCIC file cannot be read; the message names the file, line and field of each problem."""


class _Map(dict):
    """A YAML mapping that remembers the line of each key (1-based) and its own line."""

    line: int | None = None
    key_lines: dict[str, int]


class _Seq(list):
    """A YAML sequence that remembers the line of each item and its own line."""

    line: int | None = None
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses YAML aliases (``*nom``).

    Aliases are of no use in a SCIC description and a self-referencing one
    (``associes: &a [..., *a]``) would make the conversion below loop forever; refusing them
    where they are written gives the technician a line to look at.
    """

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ScicInvalide(f"ligne {event.start_mark.line + 1} : les renvois YAML (« *"
                               f"{event.anchor} ») ne sont pas acceptés ; recopiez la valeur "
                               f"voulue à cet endroit (et retirez l'ancre « &{event.anchor} »).")
        return super().compose_node(parent, index)


def _convert(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """Turn a composed YAML node into Python values, keeping line numbers on containers."""
    if isinstance(node, yaml.MappingNode):
        result = _Map()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True) \
                if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key = str(key)
            if key in result:
                raise ScicInvalide(f"ligne {key_node.start_mark.line + 1} : le champ « {key} » "
                                   f"apparaît deux fois au même endroit ; gardez-en un seul.")
            result[key] = _convert(value_node, loader)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        items = _Seq(_convert(child, loader) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items
    return loader.construct_object(node, deep=True)


def _parse_yaml(text: str, fichier: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _convert(node, loader)
    except ScicInvalide as exc:
        raise ScicInvalide(f"{fichier}, {exc}") from None
    except RecursionError:
        raise ScicInvalide(f"{fichier} : structure YAML trop profonde (listes ou champs imbriqués "
                           f"les uns dans les autres) ; une SCIC se décrit sur trois niveaux au "
                           f"plus, voir l'exemple :\n{_EXAMPLE}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", ligne {mark.line + 1}" if mark else ""
        if "\t" in str(exc.problem):
            raise ScicInvalide(f"{fichier}{line} : une tabulation sert d'indentation ; YAML "
                               f"n'accepte que des espaces. Remplacez chaque tabulation par deux "
                               f"espaces.") from None
        raise ScicInvalide(f"{fichier}{line} : YAML illisible ({exc.problem or exc.context}). "
                           f"Vérifiez l'indentation (des espaces, pas de tabulation), les deux-points "
                           f"après chaque champ et les tirets devant chaque associé.") from None
    except yaml.YAMLError as exc:
        raise ScicInvalide(f"{fichier} : YAML illisible ({exc}).") from None
    finally:
        loader.dispose()


class _Reader:
    """Collects every problem of one file, each with its line."""

    def __init__(self, fichier: str) -> None:
        self.fichier = fichier
        self.problems: list[str] = []

    def where(self, container: Any, key: str | int | None = None) -> str:
        line = None
        if isinstance(container, _Map):
            line = container.key_lines.get(str(key), container.line) if key is not None \
                else container.line
        elif isinstance(container, _Seq):
            line = container.item_lines[key] if isinstance(key, int) and key < len(
                container.item_lines) else container.line
        return f"{self.fichier}, ligne {line}" if line else self.fichier

    def add(self, container: Any, key: str | int | None, message: str) -> None:
        self.problems.append(f"{self.where(container, key)} : {message}")

    def unknown_keys(self, raw: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
        for key in raw:
            if key not in allowed:
                self.add(raw, key, f"{what} : champ « {key} » inconnu ; champs possibles : "
                                   f"{', '.join(allowed)}.")

    def text(self, raw: Mapping[str, Any], key: str, what: str, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(raw, None, f"{what} : champ « {key} » manquant.")
            return None
        if isinstance(value, bool | dict | list) or not str(value).strip():
            self.add(raw, key, f"{what} : « {key} » doit être un texte non vide.")
            return None
        return str(value).strip()


def _capital(reader: _Reader, raw: Mapping[str, Any], what: str) -> float | None:
    value = raw.get("capital")
    if value is None:
        reader.add(raw, None, f"{what} : champ « capital » manquant (montant souscrit en euros, "
                              f"par exemple « capital: 20000 »).")
        return None
    try:
        if isinstance(value, bool):
            raise ReponseIllisible("")
        amount = lire_nombre(value, "€")
    except ReponseIllisible:
        reader.add(raw, "capital", f"{what} : capital « {value} » illisible ; tapez un montant en "
                                   f"euros, par exemple 20000 ou « 20 000 € ».")
        return None
    if not math.isfinite(amount) or amount <= 0:
        reader.add(raw, "capital", f"{what} : capital de {value} € refusé ; chaque associé souscrit "
                                   f"au moins une part, le montant doit être positif.")
        return None
    return amount


def _weight(reader: _Reader, raw: Mapping[str, Any], what: str) -> float | None:
    value = raw.get("poids")
    if value is None:
        return None
    try:
        if isinstance(value, bool):
            raise ReponseIllisible("")
        weight = lire_nombre(value, "%")
    except ReponseIllisible:
        reader.add(raw, "poids", f"{what} : poids « {value} » illisible ; tapez un pourcentage des "
                                 f"voix, par exemple 20.")
        return None
    if not math.isfinite(weight) or weight < 0 or weight > 100:
        reader.add(raw, "poids", f"{what} : poids de {value} % impossible ; un collège pèse entre "
                                 f"0 et 100 % des voix.")
        return None
    return weight


def _colleges(reader: _Reader, raw: Any) -> tuple[College, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        reader.add(raw, None, "« colleges » doit être une liste : une ligne « - nom: ... » par "
                              "collège.")
        return ()
    colleges: list[College] = []
    for index, item in enumerate(raw):
        what = f"collège n° {index + 1}"
        if not isinstance(item, Mapping):
            reader.add(raw, index, f"{what} : indiquez « nom: » et, si les statuts le fixent, "
                                   f"« poids: » (en % des voix).")
            continue
        reader.unknown_keys(item, _COLLEGE_KEYS, what)
        name = reader.text(item, "nom", what)
        weight = _weight(reader, item, f"{what} (« {name} »)" if name else what)
        if name is None:
            continue
        if any(c.nom == name for c in colleges):
            reader.add(item, "nom", f"{what} : le collège « {name} » est déjà déclaré.")
            continue
        colleges.append(College(name, weight, getattr(item, "key_lines", {}).get("nom")))
    given = [c for c in colleges if c.poids is not None]
    if given and len(given) != len(colleges):
        missing = ", ".join(f"« {c.nom} »" for c in colleges if c.poids is None)
        reader.add(raw, None, f"poids manquant pour {missing} : donnez un poids à chaque collège, "
                              f"ou à aucun (les collèges ont alors le même poids).")
    return tuple(colleges)


def _members(reader: _Reader, top: Mapping[str, Any],
             colleges: tuple[College, ...]) -> tuple[Associe, ...]:
    raw = top.get("associes")
    if not isinstance(raw, list) or not raw:
        state = "manquant" if raw is None else "vide ou mal écrit"
        reader.add(top, "associes" if raw is not None else None,
                   f"champ « associes » {state} : une liste d'associés, un par tiret, par exemple\n"
                   + _EXAMPLE)
        return ()
    names = {c.nom for c in colleges}
    members: list[Associe] = []
    seen: dict[str, str] = {}   # member name -> « n° 2, ligne 8 »: where it was first declared
    for index, item in enumerate(raw):
        what = f"associé n° {index + 1}"
        if not isinstance(item, Mapping):
            reader.add(raw, index, f"{what} : indiquez « nom », « categorie » et « capital ».")
            continue
        name = reader.text(item, "nom", what)
        if name:
            # Votes are counted per member name: two members with one name would share a line.
            if name in seen:
                reader.add(item, "nom", f"{what} : le nom « {name} » est déjà celui de l'associé "
                                        f"{seen[name]} ; donnez à chaque associé un nom distinct "
                                        f"(par exemple « {name} 2 »).")
                name = None
            else:
                line = getattr(item, "key_lines", {}).get("nom")
                seen[name] = f"n° {index + 1}" + (f", ligne {line}" if line else "")
                what = f"{what} (« {name} »)"
        reader.unknown_keys(item, _MEMBER_KEYS, what)
        written = reader.text(item, "categorie", what)
        category = None if written is None else categorie_connue(written)
        if written is not None and category is None:
            reader.add(item, "categorie", f"{what} : catégorie « {written} » inconnue ; catégories "
                                          f"possibles : {', '.join(CATEGORIES)}.")
        capital = _capital(reader, item, what)
        college = reader.text(item, "college", what, required=False)
        if college is not None and college not in names:
            known = f"collèges déclarés : {', '.join(sorted(names))}" if names \
                else "aucun collège n'est déclaré sous « colleges: »"
            reader.add(item, "college", f"{what} : collège « {college} » inconnu ({known}).")
            college = None
        elif college is None and names:
            reader.add(item, None, f"{what} : les statuts créent des collèges ; indiquez celui de "
                                   f"cet associé (« college: »).")
        if name and category and capital is not None:
            members.append(Associe(name, category, capital, college,
                                   getattr(item, "line", None)))
    return tuple(members)


def _build(raw: Any, fichier: str) -> Scic:
    reader = _Reader(fichier)
    if not isinstance(raw, Mapping):
        raise ScicInvalide(f"{fichier} : le fichier doit décrire une SCIC, par exemple :\n{_EXAMPLE}")
    reader.unknown_keys(raw, _TOP_KEYS, "SCIC")
    name = reader.text(raw, "nom", "SCIC")
    form = reader.text(raw, "forme", "SCIC")
    staff = raw.get("effectif_salarie")
    if staff is not None and (isinstance(staff, bool) or not isinstance(staff, int) or staff < 0):
        reader.add(raw, "effectif_salarie", f"« effectif_salarie » doit être un nombre entier de "
                                            f"salariés, 0 ou plus (lu : {staff}).")
        staff = None
    colleges = _colleges(reader, raw.get("colleges"))
    members = _members(reader, raw, colleges)
    for college in colleges:
        if members and not any(m.college == college.nom for m in members):
            reader.add(raw, "colleges", f"le collège « {college.nom} » n'a aucun associé ; "
                                                  f"rattachez-y au moins un associé ou retirez-le.")
    if reader.problems:
        raise ScicInvalide(f"Description de SCIC invalide ({accorder(len(reader.problems), 'problème')}) :\n- "
                           + "\n- ".join(reader.problems))
    return Scic(nom=name or "", forme=form or "", associes=members, colleges=colleges,
                effectif_salarie=staff, fichier=fichier)


def scic_depuis_texte(texte: str, fichier: str = "scic.yaml") -> Scic:
    """Read a SCIC from YAML text; ``fichier`` is the name used in messages."""
    return _build(_parse_yaml(texte, fichier), fichier)


def scic_depuis_donnees(donnees: Mapping[str, Any], nom: str = "formulaire") -> Scic:
    """Read a SCIC from a Python dict (the notebook forms); same checks, no line numbers."""
    return _build(donnees, nom)


def lire_scic(chemin: str | Path) -> Scic:
    """Read the SCIC described in the YAML file ``chemin``."""
    path = Path(chemin)
    try:
        text = path.read_text(encoding="utf-8-sig")   # a BOM (Windows Notepad) is dropped
    except FileNotFoundError:
        raise ScicInvalide(f"Fichier introuvable : {path}. Vérifiez le chemin.") from None
    except IsADirectoryError:
        raise ScicInvalide(f"{path} est un dossier : indiquez un fichier .yaml.") from None
    except UnicodeDecodeError:
        raise ScicInvalide(f"{path.name} : le fichier n'est pas en UTF-8 ; réenregistrez-le en "
                           f"UTF-8.") from None
    except OSError as exc:
        raise ScicInvalide(f"{path.name} : lecture impossible ({raison(exc)}).") from None
    return scic_depuis_texte(text, path.name)
