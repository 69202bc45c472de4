"""Session plans as data: one YAML file per format under ``book/formateur/plans/``.

A trainer adapts a plan by editing its file, not a page: the timings are then checked (each
version adds up to the format's length, a remote version never runs more than an hour without a
break) and every chapter, tool or question it names is checked to exist. The page is generated
by the ``{plan-seance}`` directive (:mod:`piu.core.book.sphinx.trainer`).

A plan::

    id: demi-journee
    titre: Sensibilisation en une demi-journée
    format: demi-journee          # a key of FORMATS: the length the sequences must add up to
    debut: "09:00"
    public: ...
    objectifs: [...]
    materiel: [...]
    evaluation: {texte: ..., questions: [m3-..., ...], module8_objectifs: [...]}
    sequences:
      - titre: ...
        duree: 20                 # minutes, face to face
        duree_distanciel: 15      # optional: minutes at a distance (default: duree)
        seulement: distanciel     # optional: a sequence of one version only
        type: pause | repas | jour  # optional; a meal is not counted, « jour » starts day 2
        dit: one line the trainer says
        projete: [book/module3/chapitre, notebooks/module3]
        exercice: exercises/module3     # optional
        questions: [m3-dispense-60k]    # optional, ids of the bank
        distanciel: how to run it remotely (tool to share, breakout rooms)
        etapes:                   # optional: the steps of the sequence, their minutes add up to duree
          - {duree: 5, fait: "Consigne : ..."}
        produit: what the group produces (a file, a list, a vote)
        outil_distanciel: the tool of the remote version (screen sharing, poll, breakout rooms)

A trainer runs a session from the printed plan: each step carries its minutes, each question is
printed with its text and links to its answer key, so nothing is improvised in the room.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from piu.core import paths
from piu.core.errors import PiuError

__all__ = ["FORMATS", "MAX_SANS_PAUSE_DISTANCIEL", "Plan", "PlanInvalide", "Sequence", "charger_plan",
           "charger_plans", "duree_totale", "durees_par_jour", "horaires", "nombre_de_jours", "pages_nommees",
           "plan_header_markdown", "plan_markdown", "plans_dir", "plus_long_sans_pause"]

#: Length of each format, in minutes of training (breaks included, meals excluded).
#: A training day is counted as 6 hours, as in most catalogues of the territorial civil service.
FORMATS: dict[str, tuple[str, int]] = {
    "demi-journee": ("Demi-journée (3 h 30)", 210),
    "journee": ("Une journée (6 h)", 360),
    "deux-jours": ("Deux jours (2 × 6 h)", 720),
}

#: Characters of a question's text printed in a plan: enough to recognise it (the whole text is one
#: click away, in the answer key), short enough for a day to print on one sheet.
QUESTION_MAX = 80

#: At a distance, a pause every 45 to 60 minutes: no stretch longer than this without one.
MAX_SANS_PAUSE_DISTANCIEL = 60

VERSIONS = ("presentiel", "distanciel")
_TYPES = ("seance", "pause", "repas", "jour")


class PlanInvalide(PiuError):
    """A plan file is malformed; the message names the file, the sequence and the field."""


@dataclass(frozen=True)
class Sequence:
    titre: str
    duree: int
    duree_distanciel: int
    type: str = "seance"
    seulement: str | None = None
    dit: str = ""
    projete: tuple[str, ...] = ()
    exercice: str | None = None
    questions: tuple[str, ...] = ()
    distanciel: str = ""
    etapes: tuple[tuple[int, str], ...] = ()
    produit: str = ""
    outil_distanciel: str = ""

    def dans(self, version: str) -> bool:
        return self.seulement in (None, version)

    def minutes(self, version: str) -> int:
        return self.duree_distanciel if version == "distanciel" else self.duree


@dataclass(frozen=True)
class Plan:
    id: str
    titre: str
    format: str
    debut: str
    public: str
    objectifs: tuple[str, ...]
    materiel: tuple[str, ...]
    evaluation: dict[str, Any]
    sequences: tuple[Sequence, ...]
    fichier: str = ""
    distanciel: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def du(self, version: str) -> list[Sequence]:
        return [s for s in self.sequences if s.dans(version)]


def plans_dir() -> Path:
    return paths.course_root() / "book" / "formateur" / "plans"


def _strings(raw: Any, where: str, key: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PlanInvalide(f"{where} : « {key} » doit être une liste de textes.")
    return tuple(v.strip() for v in value)


def _minutes(raw: dict[str, Any], key: str, where: str, default: int | None = None) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PlanInvalide(f"{where} : « {key} » doit être un nombre entier de minutes "
                           f"(par exemple {key}: 20), pas « {value} ».")
    return value


def _sequence(raw: Any, where: str) -> Sequence:
    if not isinstance(raw, dict) or not isinstance(raw.get("titre"), str):
        raise PlanInvalide(f"{where} : une séquence a au moins un « titre » et une « duree ».")
    kind = raw.get("type", "seance")
    if kind not in _TYPES:
        raise PlanInvalide(f"{where} : type « {kind} » inconnu ; types possibles : {', '.join(_TYPES)}.")
    only = raw.get("seulement")
    if only is not None and only not in VERSIONS:
        raise PlanInvalide(f"{where} : « seulement » vaut presentiel ou distanciel, pas « {only} ».")
    duree = _minutes(raw, "duree", where, 0 if kind == "jour" else None)
    known = {"titre", "duree", "duree_distanciel", "type", "seulement", "dit", "projete", "exercice",
             "questions", "distanciel", "etapes", "produit", "outil_distanciel"}
    if unknown := sorted(set(raw) - known):
        raise PlanInvalide(f"{where} : champ(s) inconnu(s) {', '.join(unknown)} ; champs possibles : "
                           f"{', '.join(sorted(known))}.")
    if kind == "seance" and not str(raw.get("dit", "")).strip():
        raise PlanInvalide(f"{where} : « dit » (ce que dit le formateur, en une ligne) manque.")
    steps = _etapes(raw, where, duree)
    return Sequence(
        titre=raw["titre"].strip(), duree=duree, etapes=steps,
        produit=str(raw.get("produit", "")).strip(), outil_distanciel=str(raw.get("outil_distanciel", "")).strip(),
        duree_distanciel=_minutes(raw, "duree_distanciel", where, duree), type=kind, seulement=only,
        dit=str(raw.get("dit", "")).strip(), projete=_strings(raw, where, "projete"),
        exercice=(str(raw["exercice"]).strip() if raw.get("exercice") else None),
        questions=_strings(raw, where, "questions"), distanciel=str(raw.get("distanciel", "")).strip())


def _etapes(raw: dict[str, Any], where: str, duree: int) -> tuple[tuple[int, str], ...]:
    """The steps of a sequence: (minutes, what happens); their minutes must make the sequence's."""
    value = raw.get("etapes") or []
    if not isinstance(value, list):
        raise PlanInvalide(f"{where} : « etapes » doit être une liste (- {{duree: 5, fait: ...}}).")
    steps = []
    for n, step in enumerate(value, 1):
        if not isinstance(step, dict) or not str(step.get("fait", "")).strip():
            raise PlanInvalide(f"{where}, étape n° {n} : une étape a une « duree » et un « fait ».")
        steps.append((_minutes(step, "duree", f"{where}, étape n° {n}"), " ".join(str(step["fait"]).split())))
    if steps and sum(m for m, _ in steps) != duree:
        raise PlanInvalide(f"{where} : les étapes font {sum(m for m, _ in steps)} min, la séquence "
                           f"{duree} min ; corrigez l'une ou l'autre.")
    return tuple(steps)


def charger_plan(path: Path) -> Plan:
    """Read and check one plan file (fields and types; timings are checked by the tests)."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PlanInvalide(f"{name} : YAML illisible ({exc}).") from None
    if not isinstance(raw, dict):
        raise PlanInvalide(f"{name} : le fichier doit décrire un plan (id, titre, format, sequences).")
    for key in ("id", "titre", "format", "public", "sequences"):
        if not raw.get(key):
            raise PlanInvalide(f"{name} : champ « {key} » manquant.")
    if raw["format"] not in FORMATS:
        raise PlanInvalide(f"{name} : format « {raw['format']} » inconnu ; formats : {', '.join(FORMATS)}.")
    debut = str(raw.get("debut", "09:00"))
    try:
        datetime.strptime(debut, "%H:%M")
    except ValueError:
        raise PlanInvalide(f"{name} : « debut » s'écrit HH:MM (par exemple \"09:00\"), pas « {debut} ».") from None
    if not isinstance(raw["sequences"], list):
        raise PlanInvalide(f"{name} : « sequences » doit être une liste.")
    sequences = tuple(_sequence(s, f"{name}, séquence n° {i}") for i, s in enumerate(raw["sequences"], 1))
    evaluation = raw.get("evaluation") or {}
    if not isinstance(evaluation, dict):
        raise PlanInvalide(f"{name} : « evaluation » doit être un ensemble de champs (texte, questions...).")
    return Plan(id=str(raw["id"]), titre=str(raw["titre"]), format=raw["format"], debut=debut,
                public=str(raw["public"]).strip(), objectifs=_strings(raw, name, "objectifs"),
                materiel=_strings(raw, name, "materiel"), evaluation=evaluation, sequences=sequences,
                fichier=name, distanciel=str(raw.get("distanciel", "")).strip())


def charger_plans(folder: Path | None = None) -> dict[str, Plan]:
    """Every plan of the folder, by id."""
    plans = {}
    for path in sorted((folder or plans_dir()).glob("*.yml")):
        plan = charger_plan(path)
        if plan.id in plans:
            raise PlanInvalide(f"{path.name} : identifiant « {plan.id} » déjà pris par {plans[plan.id].fichier}.")
        plans[plan.id] = plan
    return plans


def duree_totale(plan: Plan, version: str) -> int:
    """Minutes of training of one version: every sequence but meals (breaks count)."""
    return sum(s.minutes(version) for s in plan.du(version) if s.type != "repas")


def plus_long_sans_pause(plan: Plan, version: str) -> int:
    """Longest run of minutes without a break, a meal or the end of a day."""
    longest = run = 0
    for s in plan.du(version):
        if s.type in ("pause", "repas", "jour"):
            run = 0
        else:
            run += s.minutes(version)
            longest = max(longest, run)
    return longest


def horaires(plan: Plan, version: str) -> list[tuple[str, str, Sequence]]:
    """(start, end, sequence) clock times, HH:MM, restarting at ``debut`` on each new day."""
    start = datetime.strptime(plan.debut, "%H:%M")
    clock = start
    rows = []
    for s in plan.du(version):
        if s.type == "jour":
            clock = start
            rows.append(("", "", s))
            continue
        end = clock + timedelta(minutes=s.minutes(version))
        rows.append((f"{clock.hour} h {clock.minute:02d}", f"{end.hour} h {end.minute:02d}", s))
        clock = end
    return rows


def nombre_de_jours(plan: Plan) -> int:
    """Days of the plan: one, plus one for each ``jour`` sequence after the first sequence."""
    return 1 + sum(1 for n, s in enumerate(plan.sequences) if s.type == "jour" and n > 0)


def _du_jour(rows: list[tuple[str, str, Sequence]], jour: int) -> list[tuple[str, str, Sequence]]:
    """The rows of day ``jour`` (1, 2…), without the row that names the day (its heading does)."""
    day, kept = 1, []
    for n, row in enumerate(rows):
        if row[2].type == "jour":
            day += 1 if n > 0 else 0
            continue
        if day == jour:
            kept.append(row)
    return kept


def pages_nommees(plan: Plan) -> set[str]:
    """Every chapter, tool or exercise page a plan names (without extension)."""
    named: set[str] = set()
    for s in plan.sequences:
        named.update(s.projete)
        if s.exercice:
            named.add(s.exercice)
    return named


def _page_label(page: str) -> str:
    parts = page.strip("/").split("/")
    number = "".join(ch for ch in parts[-2 if parts[-1] == "chapitre" else -1] if ch.isdigit())
    if parts[0] == "book" and parts[-1] == "chapitre":
        return f"chapitre {number}"
    if parts[0] == "notebooks":
        return f"outils {number}"
    if parts[0] == "exercises":
        return f"exercices {number}"
    return parts[-1].replace("-", " ")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _link(page: str, exists: Callable[[str], bool]) -> str:
    """A module's pages by their short name (« chapitre 3 »), the others by their own title."""
    parts = page.strip("/").split("/")
    short = parts[0] in ("notebooks", "exercises") or (parts[0] == "book" and parts[-1] == "chapitre"
                                                        and parts[1].startswith("module"))
    if exists(page):
        return f"{{doc}}`{_page_label(page)} </{page.strip('/')}>`" if short else f"{{doc}}`/{page.strip('/')}`"
    return f"{_page_label(page)} (à paraître)"


def _question(qid: str, enonces: Mapping[str, str], keys_page: str) -> str:
    """A question as the trainer asks it: its text, linked to its answer key (``corrige-ID``)."""
    text = _cell(enonces.get(qid, qid))
    if len(text) > QUESTION_MAX and "`" not in text[:QUESTION_MAX]:  # a {donnee} role is never cut in half
        text = text[:QUESTION_MAX - 3].rsplit(" ", 1)[0] + "…"
    return f'« {text} » (<a href="{keys_page}#corrige-{qid}">corrigé</a>)'


def _sequence_cell(s: Sequence, version: str) -> str:
    title = f"**{_cell(s.titre)}** ({s.minutes(version)} min)"
    if s.etapes and version == "presentiel":
        title += "".join(f"<br>{m} min : {_cell(text)}" for m, text in s.etapes)
    return title


def plan_markdown(plan: Plan, version: str, exists: Callable[[str], bool],
                  enonces: Mapping[str, str] | None = None, keys_page: str = "corriges.html",
                  jour: int | None = None) -> str:
    """The plan's timetable for one version, as MyST Markdown (links through ``{doc}``).

    ``exists(page)`` says whether a page is in this build: a page not merged yet is named as
    « à paraître » rather than a broken link (the tests, not the build, insist it exists).
    ``enonces`` (question id → text) prints each question as it is asked in the room, linked
    to its answer key on ``keys_page``; without it the identifier stands alone. ``jour`` (1, 2…)
    keeps one day of a plan of several days: printed, each day then fits on its own sheet.
    """
    enonces = enonces or {}
    name = FORMATS[plan.format][0]
    rows = horaires(plan, version)
    if jour is not None:
        if not 1 <= jour <= nombre_de_jours(plan):
            raise PlanInvalide(f"{plan.fichier or plan.id} : pas de jour {jour} ; le plan a "
                               f"{nombre_de_jours(plan)} jour(s).")
        rows = _du_jour(rows, jour)
        minutes = durees_par_jour(plan, version)[jour - 1]
        name = f"{name}, jour {jour}"
    else:
        minutes = duree_totale(plan, version)
    hours = f"{minutes // 60} h {minutes % 60:02d}"
    if version == "presentiel":
        sheet = " Imprimé, chaque jour tient sur sa propre feuille A4 recto verso." if jour else ""
        lines = [f"Format : **{name}**, soit {hours} de formation (pauses comprises, repas non compté).{sheet}", "",
                 "| horaire | séquence et étapes | le formateur dit, demande | projeté | le groupe fait, produit |",
                 "|---|---|---|---|---|"]
    else:
        lines = [f"À distance{f', jour {jour}' if jour else ''} : {hours} de formation, une pause au moins toutes les "
                 f"{MAX_SANS_PAUSE_DISTANCIEL} minutes.", "",
                 "| horaire | séquence | à distance : comment faire | outil |", "|---|---|---|---|"]
    for start, end, s in rows:
        if s.type == "jour":
            lines.append(f"| | **{_cell(s.titre)}** | |" + (" | |" if version == "presentiel" else " |"))
            continue
        when = f"{start} –\u00a0{end}".replace(" h ", "\u00a0h\u00a0")  # « 9 h 00 – » / « 9 h 15 », never split
        if s.type in ("pause", "repas"):
            title = f"*{_cell(s.titre)}* ({s.minutes(version)} min)"
        else:
            title = _sequence_cell(s, version)
        if version == "presentiel":
            shown = ", ".join(_link(p, exists) for p in s.projete)
            said = _cell(s.dit)
            if s.questions:
                said += "<br>Questions : " + " ; ".join(_question(q, enonces, keys_page) for q in s.questions)
            does = []
            if s.exercice:
                does.append(_link(s.exercice, exists))
            if s.produit:
                does.append(f"Produit : {_cell(s.produit)}")
            lines.append(f"| {when} | {title} | {said} | {shown} | {'<br>'.join(does)} |")
        else:
            lines.append(f"| {when} | {title} | {_cell(s.distanciel or s.dit)} | {_cell(s.outil_distanciel)} |")
    return "\n".join(lines) + "\n"


def plan_header_markdown(plan: Plan, built: date | None = None) -> str:
    """Audience, objectives, material and closing evaluation of a plan, as MyST Markdown.

    ``built``, the build day, is printed first: a plan on paper says how recent it is (its
    questions quote the course's figures as they stood that day).
    """
    out = []
    if built is not None:
        out += [f'<span class="piu-plan-date">Plan du livre du formateur construit le {built:%d/%m/%Y} '
                f"(chiffres des questions à cette date).</span>", ""]
    out += [f"**Public.** {plan.public}", "", "**Objectifs.** À la fin de la session, les participants savent :", ""]
    out += [f"- {o}" for o in plan.objectifs]
    out += ["", "**Matériel à préparer.**", ""] + [f"- {m}" for m in plan.materiel]
    ev = plan.evaluation
    out += ["", "**Évaluation de fin de session.** " + " ".join(str(ev.get("texte", "")).split())]
    if ev.get("questions"):
        out += ["", "Questions de la banque projetées en fin de session : "
                + ", ".join(f'<a href="corriges.html#corrige-{q}">{q}</a>' for q in ev["questions"]) + "."]
    if ev.get("module8_objectifs"):
        objectives = ", ".join(f"`{o}`" for o in ev["module8_objectifs"])
        out += ["", f"Sous-ensemble de l'évaluation finale (module 8) : les questions des objectifs "
                    f"{objectives} du plan de l'évaluation (page du formateur du module 8)."]
        ids = ev.get("module8_questions") or []
        out += ["", ("Questions du module 8 retenues : " + ", ".join(f"`{q}`" for q in ids) + ".") if ids
                else "Pour fixer la liste question par question, remplissez le champ `module8_questions` "
                     "du fichier du plan avec leurs identifiants."]
        subset = (f"--objectifs {','.join(ev['module8_objectifs'])}"
                  + (f" --questions {','.join(ids)}" if ids else ""))
        out += ["", f"Pour la faire passer : `piu evaluation distribuer --sortie paquet/ {subset}` écrit le "
                    f"formulaire `evaluation.html` (sans réseau) et le notebook de ce sous-ensemble ; après "
                    f"la session, `piu evaluation corriger copies/ --sortie resultats/ {subset}` note chaque "
                    f"copie sur ce sous-ensemble seulement. En salle, les apprenants ouvrent "
                    f"`evaluation.html` et vous remettent le fichier téléchargé (clé USB, dossier partagé) ; "
                    f"à distance, envoyez `evaluation.html` et recevez les copies par courriel ou dans un "
                    f"devoir Moodle. Le formulaire n'affiche aucune note : vous les obtenez par la "
                    f"correction (carnet de notes), et chaque apprenant reçoit sa page de `retours/`."]
    return "\n".join(out) + "\n"


def durees_par_jour(plan: Plan, version: str) -> list[int]:
    """Minutes of training of each day (a ``jour`` sequence starts a day), meals excluded."""
    days = [0]
    for s in plan.du(version):
        if s.type == "jour":
            if days[-1]:
                days.append(0)
        elif s.type != "repas":
            days[-1] += s.minutes(version)
    return days
