"""One REX card (retour d'expérience): read it, check it against its schema, write it.

A card is a YAML file shaped by ``data/rex/schema.json`` (a JSON Schema). The schema is the
single description of a card: the checks below read it, so adding a field or a choice is an
edit of that file. The schema is interpreted here, in pure Python, rather than by
``jsonschema`` because the checker runs in the browser too (Pyodide has no ``jsonschema``), and
because each problem must be named in French with the field's title (« Type de contrat »), not
as a JSON pointer; the tests check that ``jsonschema`` agrees with this reading on every card.

Beyond the schema, a card must name a person only where that person spoke publicly in one of
its sources, give the source of a population it states, and keep « non public » for what the
sources do not say — never a guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from piu.core import paths
from piu.core.errors import PiuError
from piu.core.files import Genre, ecrire_atomique, raison, verifier_ecriture

__all__ = ["NON_PUBLIC", "Verification", "enregistrer_fiche", "fiche_depuis_texte", "lire_fiche",
           "schema", "texte_yaml", "valeurs_possibles", "verifier_fiche"]

#: What a card says where its sources say nothing.
NON_PUBLIC = "non public"

#: Fields that must be known for the card to teach anything (« non public » is refused there).
_CONNUS = ("titre", "collectivite", "besoin", "solution")


class FicheIllisible(PiuError):
    """The card file cannot be read at all (missing, not YAML, not a mapping)."""


def _schema_path() -> Path:
    return paths.data_dir() / "rex" / "schema.json"


@cache
def _load_schema(path: Path, mtime: float) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PiuError(f"Schéma des fiches REX illisible : {path} ({exc}).") from None


def schema() -> dict[str, Any]:
    """The card schema (``data/rex/schema.json``), reloaded when the file changes."""
    path = _schema_path()
    if not path.exists():
        raise PiuError(f"Schéma des fiches REX introuvable : {path}.")
    return _load_schema(path, path.stat().st_mtime)


def valeurs_possibles(chemin: str) -> list[str]:
    """Allowed values of a choice field (``"theme"``, ``"contrat.type"``, ``"territoire.type"``),
    in the schema's order."""
    node = schema()
    for part in chemin.split("."):
        node = node["properties"][part]
    return list(node["enum"])


@dataclass
class Verification:
    """The problems found in one card; ``conforme`` when there is none."""

    fichier: str
    problemes: list[str] = field(default_factory=list)

    @property
    def conforme(self) -> bool:
        return not self.problemes

    def texte(self) -> str:
        if self.conforme:
            return f"{self.fichier} : fiche conforme au modèle des fiches REX."
        lines = [f"{self.fichier} : {len(self.problemes)} problème(s) à corriger."]
        lines += [f"- {p}" for p in self.problemes]
        return "\n".join(lines)

    def en_dict(self) -> dict[str, Any]:
        return {"fichier": self.fichier, "conforme": self.conforme, "problemes": list(self.problemes)}


# --- reading -----------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """YAML turns ``2024-01-29`` into a date: a card keeps dates as text, as its schema says."""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _SansAlias(yaml.SafeLoader):
    """SafeLoader without aliases (``*nom``): a card never needs them, and nine nested aliases
    (a « YAML bomb ») would make reading the card last forever."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "alias « * » refusé dans une fiche : recopiez le texte",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)


def fiche_depuis_texte(texte: str, nom: str = "fiche") -> dict[str, Any]:
    """Parse a card written in YAML; :class:`FicheIllisible` names the line of a syntax error."""
    try:
        raw = yaml.load(texte, Loader=_SansAlias)  # a SafeLoader, without aliases
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f", ligne {mark.line + 1}" if mark is not None else ""
        raise FicheIllisible(f"{nom}{where} : la fiche n'est pas lisible ({exc.problem}). Vérifiez "
                             f"l'indentation et les deux-points ; mettez entre guillemets un texte "
                             f"qui contient « : ».") from None
    except yaml.YAMLError as exc:
        raise FicheIllisible(f"{nom} : la fiche n'est pas lisible ({exc}).") from None
    if raw is None:
        raise FicheIllisible(f"{nom} : la fiche est vide.")
    if not isinstance(raw, dict):
        raise FicheIllisible(f"{nom} : une fiche est une suite de champs « nom: valeur » "
                             f"(id, titre, theme…), pas une liste ni un texte seul.")
    return _as_text_where_text(_plain(raw), schema())


def _as_text_where_text(value: Any, node: dict[str, Any]) -> Any:
    """``date: 2018`` or ``montant: 5000`` typed without quotes: YAML reads a number where the
    schema wants text; the card keeps the text the person meant."""
    if node.get("type") == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        props = node.get("properties", {})
        return {k: _as_text_where_text(v, props.get(k, {})) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text_where_text(v, node.get("items", {})) for v in value]
    return value


def lire_fiche(chemin: str | Path) -> dict[str, Any]:
    """Read a card file (not checked: see :func:`verifier_fiche`)."""
    path = Path(chemin)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FicheIllisible(f"Fichier introuvable : {path}.") from None
    except IsADirectoryError:
        raise FicheIllisible(f"{path} est un dossier : donnez le chemin d'un fichier de fiche (.yaml).") from None
    except UnicodeDecodeError:
        raise FicheIllisible(f"{path} : le fichier n'est pas du texte UTF-8 ; enregistrez-le en UTF-8.") from None
    except OSError as exc:
        raise FicheIllisible(f"{path} : lecture impossible ({raison(exc)}).") from None
    return fiche_depuis_texte(text, path.name)


# --- checking ----------------------------------------------------------------------------

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}
_KIND = {"object": "une suite de champs", "array": "une liste (une ligne « - » par élément)",
         "string": "un texte", "integer": "un nombre entier", "boolean": "true ou false"}


def _is(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[kind])


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _name(title: str | None, where: str) -> str:
    return f"« {title} » ({where})" if title else f"« {where} »"


def _check(value: Any, node: dict[str, Any], where: str, out: list[str]) -> None:
    """Check ``value`` against one schema node, appending French problems to ``out``."""
    label = _name(node.get("title"), where)
    if "oneOf" in node:
        options = node["oneOf"]
        if any(not _problems(value, {**o, "title": node.get("title")}, where) for o in options):
            return
        wanted = " ou ".join(f"« {o['const']} »" if "const" in o else _KIND[o["type"]] for o in options)
        out.append(f"{label} : « {_show(value)} » ne convient pas ; attendu : {wanted}.")
        return
    if "const" in node:
        if value != node["const"]:
            out.append(f"{label} : attendu « {node['const']} ».")
        return
    kind = node.get("type")
    if kind and not _is(value, kind):
        out.append(f"{label} : attendu {_KIND[kind]}, pas « {_show(value)} ».")
        return
    if "enum" in node and value not in node["enum"]:
        out.append(f"{label} : « {_show(value)} » n'est pas un choix possible ; choix : "
                   f"{', '.join(node['enum'])}.")
    if isinstance(value, str):
        if len(value.strip()) < node.get("minLength", 0):
            out.append(f"{label} : texte vide ou trop court ; écrivez « {NON_PUBLIC} » si les "
                       f"sources ne le disent pas." if not value.strip() else
                       f"{label} : texte trop court (au moins {node['minLength']} caractères).")
        elif "pattern" in node and not re.search(node["pattern"], value):
            out.append(f"{label} : « {_show(value)} » n'a pas la forme attendue"
                       + (f" ({node['description']})." if "description" in node else "."))
    if isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in node and value < node["minimum"]:
            out.append(f"{label} : {value} est trop petit (au moins {node['minimum']}).")
        if "maximum" in node and value > node["maximum"]:
            out.append(f"{label} : {value} est trop grand (au plus {node['maximum']}).")
    if isinstance(value, list):
        if len(value) < node.get("minItems", 0):
            out.append(f"{label} : il en faut au moins {node['minItems']}.")
        for i, item in enumerate(value, 1):
            _check(item, node.get("items", {}), f"{where} n° {i}", out)
    if isinstance(value, dict):
        props = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value or value[key] is None:
                sub = props.get(key, {})
                out.append(f"{_name(sub.get('title'), _join(where, key))} : champ obligatoire absent"
                           + _how_to_fill(_join(where, key), sub))
        for key, item in value.items():
            if key not in props:
                if node.get("additionalProperties") is False:
                    out.append(f"« {_join(where, key)} » : champ inconnu ; champs possibles : "
                               f"{', '.join(props)}.")
                continue
            if item is not None:
                _check(item, props[key], _join(where, key), out)


def _how_to_fill(where: str, node: dict[str, Any]) -> str:
    if "enum" in node:
        return f" ; choisissez parmi : {', '.join(node['enum'])}."
    if node.get("type") in ("object", "array") or where in _CONNUS or where == "id":
        return "."
    return f" ; écrivez « {NON_PUBLIC} » si les sources ne le disent pas."


def _problems(value: Any, node: dict[str, Any], where: str) -> list[str]:
    found: list[str] = []
    _check(value, node, where, found)
    return found


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _real_date(text: str) -> bool:
    parts = text.split("-")
    try:
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return False
    return True


def _rules(card: dict[str, Any], out: list[str]) -> None:
    """What the schema cannot say: names only where sourced, populations with their source."""
    for key in _CONNUS:
        if isinstance(card.get(key), str) and card[key].strip().lower() == NON_PUBLIC:
            out.append(f"« {key} » : ce champ doit être renseigné (une fiche sans lui n'apprend rien).")
    sources = [s for s in card.get("sources") or [] if isinstance(s, dict)]
    for i, src in enumerate(sources, 1):
        for key in ("date", "consulte_le"):
            text = src.get(key)
            if isinstance(text, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) and not _real_date(text):
                out.append(f"« sources n° {i}.{key} » : « {text} » n'est pas une date du calendrier.")
    contact = card.get("contact")
    if isinstance(contact, dict):
        titles = {s.get("titre") for s in sources}
        if contact.get("nom") and not contact.get("nom_source"):
            out.append("« contact.nom » : un nom de personne n'est donné que si elle s'est exprimée "
                       "publiquement dans une source citée ; indiquez dans « nom_source » le titre "
                       "de cette source, ou retirez le nom.")
        elif contact.get("nom_source") and contact["nom_source"] not in titles:
            out.append(f"« contact.nom_source » : « {_show(contact['nom_source'])} » n'est le titre "
                       f"d'aucune source de la fiche ; recopiez le titre exact de la source.")
        if contact.get("nom_source") and not contact.get("nom"):
            out.append("« contact.nom_source » : sans « nom », ce champ est de trop.")
    territory = card.get("territoire")
    if isinstance(territory, dict) and isinstance(territory.get("population"), int) \
            and str(territory.get("population_source", "")).strip().lower() == NON_PUBLIC:
        out.append("« territoire.population_source » : une population chiffrée doit citer sa "
                   "source (par exemple l'INSEE et l'année de la population légale).")


def verifier_fiche(carte: dict[str, Any], fichier: str = "fiche") -> Verification:
    """Every problem of one card, each naming the field and how to fix it."""
    found = _problems(carte, schema(), "")
    if isinstance(carte, dict):
        _rules(carte, found)
    return Verification(fichier, found)


# --- writing -----------------------------------------------------------------------------

def texte_yaml(carte: dict[str, Any]) -> str:
    """The card as YAML, fields in the schema's order, readable and editable by hand."""
    order = list(schema()["properties"])
    ordered = {k: carte[k] for k in order if k in carte}
    ordered.update({k: v for k, v in carte.items() if k not in ordered})
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)


def _est_une_fiche(contenu: bytes) -> bool:
    """A REX card on disk, even incomplete: YAML with an ``id`` and only fields of the card's model
    (a protocol, a financing plan or a SCIC has other fields)."""
    try:
        card = yaml.load(contenu.decode("utf-8-sig"), Loader=_SansAlias)
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return False
    return isinstance(card, dict) and "id" in card and set(map(str, card)) <= set(schema()["properties"])


#: What :func:`enregistrer_fiche` writes: only a REX card is ever replaced (piu.core.files).
GENRE = Genre("une fiche REX", (".yaml", ".yml"), _est_une_fiche)


def enregistrer_fiche(carte: dict[str, Any], chemin: str | Path, remplacer: bool = False,
                      entrees: tuple[Path, ...] = ()) -> Path:
    """Write ``carte`` to ``chemin`` atomically (a crash never leaves half a file).

    An existing card with other content is kept unless ``remplacer``: a click must not erase
    a card the learner wrote earlier. A file that is not a REX card (a protocol, a plan, a
    dossier) is never replaced, ``remplacer`` or not; nor a file read by the command (``entrees``).
    """
    path = Path(chemin)
    text = texte_yaml(carte)
    if path.is_dir():
        raise PiuError(f"{path} est un dossier : donnez un nom de fichier, par exemple ma-fiche-rex.yaml.")
    if path.suffix not in (".yaml", ".yml"):
        raise PiuError(f"« {path.name} » : le fichier d'une fiche se termine par .yaml.")
    verifier_ecriture(path, GENRE, entrees=entrees, option=None)
    if path.exists() and not remplacer and path.read_text(encoding="utf-8", errors="replace") != text:
        raise PiuError(f"{path} existe déjà et contient une autre fiche : choisissez un autre nom, ou "
                       f"cochez « Remplacer le fichier existant ».")
    try:
        ecrire_atomique(path, text, GENRE, entrees=entrees)
    except OSError as exc:
        raise PiuError(f"Impossible d'écrire {path} ({raison(exc)}) ; choisissez un autre dossier.") from None
    return path
