"""The papers of a session: attestations, sign-in sheets per half-day, the « évaluation à chaud ».

A training body (a CNFPT delegation, a collectivité's training department) asks the same papers
after every session: who attended each half-day (feuille d'émargement, signed by each trainee
and the trainer), an attestation per trainee naming the objectives, the nature and length of
the action and — only when the programme provided an assessment — its result, and a hot
evaluation (satisfaction and self-assessment of the objectives) with its summary. They are
generated from what the course already knows — the plan (objectives, length), the roster, the
group's progress files — so nothing is retyped, in HTML that prints on A4 (and PDF where
Chromium is installed).

A session file (YAML)::

    titre: Sensibilisation à l'achat d'innovation urbaine
    plan: demi-journee                 # objectives, length and start time come from the plan
    organisme: CNFPT, délégation Provence-Alpes-Côte d'Azur
    lieu: Marseille, salle 2
    formateur: Dominique Durand
    modalite: presentiel               # or distanciel
    dates: [2027-01-15]                # one or more days; a half-day plan has one half-day
    # Optional: the training body's letterhead and signature, as on its other papers.
    nda: 93 13 12345 13                # numéro de déclaration d'activité (11 digits)
    nda_region: Provence-Alpes-Côte d'Azur   # the préfet de région it was declared to
    logo: logo-organisme.png           # PNG, JPEG or SVG beside the session file, embedded
    signataire: Camille Martin         # who signs the attestations (default: the trainer)
    qualite_signataire: directrice de la délégation
    fait_a: Marseille                  # place of signature (default: the first part of lieu)
    fait_le: 2027-01-15                # date of signature (default: the day the papers are made)

The attestation carries what the Code du travail asks of a training provider (article
L6353-1: objectives, nature and length of the action, results of the assessment when there was
one), on the body's letterhead (name, NDA with « Cet enregistrement ne vaut pas agrément de
l'État », logo), signed by a named person with their role, at a place and a date. A CNFPT
delegation or a collectivité's own training service may have no NDA: every such field is
optional. The logo is read once and embedded in the page (``data:`` address), so a printed or
mailed page never fetches anything.

The roster (CSV, « ; » or « , »): ``nom``, ``prenom``, optionally ``collectivite`` and
``resultat`` (the assessment's result, when the session was graded).
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from piu.core.dates import lire_date
from piu.core.errors import PiuError
from piu.core.files import raison
from piu.core.trainer.group_progress import Groupe
from piu.core.trainer.session_plans import Plan, charger_plans, duree_totale

__all__ = ["ECHELLE_OBJECTIFS", "ECHELLE_SATISFACTION", "QUESTIONS_SATISFACTION", "Participant", "Seance",
           "SeanceInvalide", "attestation_html", "attestations_html", "bilan_html", "charger_seance", "demi_journees",
           "emargement_html", "evaluation_html", "imprimer_pdf", "lire_liste", "lire_reponses",
           "modele_reponses_csv"]


class SeanceInvalide(PiuError):
    """The session file, the roster or the answers are not usable; the message names file and field."""


@dataclass(frozen=True)
class Participant:
    nom: str
    prenom: str
    collectivite: str = ""
    resultat: str = ""

    @property
    def complet(self) -> str:
        return f"{self.prenom} {self.nom}"


@dataclass(frozen=True)
class Seance:
    titre: str
    plan: Plan
    organisme: str
    lieu: str
    formateur: str
    modalite: str
    dates: tuple[date, ...]
    nda: str = ""
    nda_region: str = ""
    logo: str = ""  # a ``data:`` address, never a path or a URL: the page fetches nothing
    signataire: str = ""
    qualite_signataire: str = ""
    fait_a: str = ""
    fait_le: date | None = None

    @property
    def minutes(self) -> int:
        """Length of the action: the plan's training time (breaks in, meals out) for this mode."""
        return duree_totale(self.plan, self.modalite)

    @property
    def duree(self) -> str:
        m = self.minutes
        return f"{m // 60} h {m % 60:02d}" if m % 60 else f"{m // 60} heures"

    @property
    def periode(self) -> str:
        if len(self.dates) == 1:
            return f"le {self.dates[0]:%d/%m/%Y}"
        return f"du {self.dates[0]:%d/%m/%Y} au {self.dates[-1]:%d/%m/%Y}"


def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = " ".join(str(raw.get(key) or "").split())
    if required and not value:
        raise SeanceInvalide(f"{where} : champ « {key} » manquant.")
    return value


def charger_seance(path: Path, plans: Mapping[str, Plan] | None = None) -> Seance:
    """Read and check a session file (see the module's docstring)."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SeanceInvalide(f"{name} : fichier illisible ({raison(exc)}).") from None
    except UnicodeDecodeError:
        raise SeanceInvalide(f"{name} : ce n’est pas un texte UTF-8 ; enregistrez le fichier en UTF-8.") from None
    except yaml.YAMLError:
        raise SeanceInvalide(f"{name} : YAML illisible (vérifiez l'indentation et les deux-points).") from None
    if not isinstance(raw, dict):
        raise SeanceInvalide(f"{name} : le fichier doit décrire une séance (titre, plan, dates…).")
    plans = plans if plans is not None else charger_plans()
    plan_id = _text(raw, "plan", name)
    if plan_id not in plans:
        raise SeanceInvalide(f"{name} : plan « {plan_id} » inconnu ; plans : {', '.join(sorted(plans))}.")
    mode = _text(raw, "modalite", name, required=False) or "presentiel"
    if mode not in ("presentiel", "distanciel"):
        raise SeanceInvalide(f"{name} : « modalite » vaut presentiel ou distanciel, pas « {mode} ».")
    days = raw.get("dates")
    if isinstance(days, (str, date)):
        days = [days]
    if not isinstance(days, list) or not days:
        raise SeanceInvalide(f"{name} : « dates » manque (par exemple dates: [2027-01-15]).")
    parsed = tuple(sorted(d if isinstance(d, date) else _date(d, name, "dates") for d in days))
    signed = raw.get("fait_le")
    signed_on = None if signed in (None, "") else (signed if isinstance(signed, date)
                                                   else _date(signed, name, "fait_le"))
    if signed_on is not None and signed_on < parsed[-1]:
        raise SeanceInvalide(f"{name} : « fait_le » ({signed_on:%d/%m/%Y}) précède le dernier jour de la session "
                             f"({parsed[-1]:%d/%m/%Y}) : une attestation se signe à l'issue de la formation.")
    lieu = _text(raw, "lieu", name, required=False)
    signer = _text(raw, "signataire", name, required=False)
    role = _text(raw, "qualite_signataire", name, required=False)
    if role and not signer:
        raise SeanceInvalide(f"{name} : « qualite_signataire » est donné sans « signataire » : indiquez aussi "
                             f"le nom de la personne qui signe.")
    region = _text(raw, "nda_region", name, required=False)
    nda = _nda(raw.get("nda"), name)
    if region and not nda:
        raise SeanceInvalide(f"{name} : « nda_region » est donné sans « nda » : indiquez aussi le numéro de "
                             f"déclaration d'activité, ou retirez la région.")
    return Seance(_text(raw, "titre", name, required=False) or plans[plan_id].titre, plans[plan_id],
                  _text(raw, "organisme", name), lieu, _text(raw, "formateur", name), mode, parsed,
                  nda=nda, nda_region=region, logo=_logo(raw.get("logo"), path),
                  signataire=signer, qualite_signataire=role,
                  fait_a=_text(raw, "fait_a", name, required=False) or lieu.split(",")[0].strip(),
                  fait_le=signed_on)


def _date(value: object, name: str, key: str) -> date:
    """A date of the session file, the field named in the message."""
    try:
        return lire_date(str(value), SeanceInvalide)
    except SeanceInvalide as exc:
        raise SeanceInvalide(f"{name} : « {key} » : {exc}") from None


def _nda(value: object, name: str) -> str:
    """The numéro de déclaration d'activité: 11 digits, written « 93 13 12345 13 » as on the récépissé."""
    if value in (None, ""):
        return ""
    digits = re.sub(r"[\s.\u00a0\u202f-]", "", str(value))
    if not re.fullmatch(r"\d{11}", digits):
        raise SeanceInvalide(f"{name} : « nda » : le numéro de déclaration d'activité a 11 chiffres (par exemple "
                             f"93 13 12345 13, tel qu'il figure sur le récépissé de la préfecture), pas « {value} » ; "
                             f"écrivez-le entre guillemets : nda: \"04 97 12345 97\".")
    return f"{digits[:2]} {digits[2:4]} {digits[4:9]} {digits[9:]}"


#: Logo files the papers embed, by their first bytes; SVG is read as text.
_LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
_LOGO_MAX = 1_000_000


def _logo(value: object, session_file: Path) -> str:
    """The logo as a ``data:`` address (read once here, so the printed page fetches nothing)."""
    if value in (None, ""):
        return ""
    name = session_file.name
    typed = str(value).strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", typed, re.I):
        raise SeanceInvalide(f"{name} : « logo » : « {typed} » est une adresse web ; le logo doit être un fichier "
                             f"du poste (PNG, JPEG ou SVG), placé par exemple à côté de {name}.")
    path = Path(typed).expanduser()
    if not path.is_absolute():
        path = session_file.parent / path
    kind = _LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise SeanceInvalide(f"{name} : « logo » : {path.name} n'est pas une image PNG, JPEG ou SVG "
                             f"(extension .png, .jpg ou .svg attendue).")
    if not path.is_file():
        raise SeanceInvalide(f"{name} : « logo » : fichier {path} introuvable (un chemin relatif se lit depuis "
                             f"le dossier de {name}).")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise SeanceInvalide(f"{name} : « logo » : {path.name} illisible ({raison(exc)}).") from None
    if len(content) > _LOGO_MAX:
        weight = f"{len(content) / 1e6:.1f}".replace(".", ",")
        raise SeanceInvalide(f"{name} : « logo » : {path.name} pèse {weight} Mo ; un logo de moins "
                             f"de 1 Mo suffit pour l'impression (réduisez l'image).")
    looks_right = {"image/png": content.startswith(b"\x89PNG\r\n\x1a\n"),
                   "image/jpeg": content.startswith(b"\xff\xd8\xff"),
                   "image/svg+xml": b"<svg" in content[:4096]}[kind]
    if not looks_right:
        raise SeanceInvalide(f"{name} : « logo » : {path.name} n'est pas une image {path.suffix.lower()[1:].upper()} "
                             f"lisible (fichier abîmé, ou extension qui ne correspond pas au contenu).")
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def lire_liste(path: Path) -> list[Participant]:
    """The roster: a CSV with ``nom`` and ``prenom`` (any case, « ; » or « , »), one trainee a line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise SeanceInvalide(f"{path.name} : liste illisible (un fichier CSV en UTF-8 est attendu).") from None
    dialect = ";" if text.count(";") >= text.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    fields = {_key(f or ""): f for f in reader.fieldnames or []}  # « Prénom » as well as « prenom »
    for needed in ("nom", "prenom"):
        if needed not in fields:
            raise SeanceInvalide(f"{path.name} : colonne « {needed} » absente ; colonnes attendues : nom, prenom "
                                 f"(et, si vous voulez, collectivite, resultat).")
    rows = list(reader)
    if not rows:
        raise SeanceInvalide(f"{path.name} : la liste est vide.")
    people = []
    for n, row in enumerate(rows, start=2):
        def cell(key: str, row: dict[str, str] = row) -> str:
            return " ".join((row.get(fields.get(key, ""), "") or "").split())
        if not cell("nom") or not cell("prenom"):
            raise SeanceInvalide(f"{path.name}, ligne {n} : nom ou prénom manquant.")
        people.append(Participant(cell("nom"), cell("prenom"), cell("collectivite"), cell("resultat")))
    return sorted(people, key=lambda p: (_key(p.nom), _key(p.prenom)))


def _key(text: str) -> str:
    """Names compared without accents, case or order (« MARTIN Camille » = « Camille Martin »)."""
    plain = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(sorted(re.findall(r"[a-z0-9]+", plain)))


def demi_journees(seance: Seance) -> list[tuple[date, str, str]]:
    """(day, « matin » or « après-midi », hours) of every half-day the trainees sign for."""
    start = datetime.strptime(seance.plan.debut, "%H:%M")
    if seance.plan.format == "demi-journee":
        end = start + timedelta(minutes=seance.minutes)
        moment = "matin" if start.hour < 12 else "après-midi"
        return [(d, moment, f"{start:%H} h {start:%M} – {end:%H} h {end:%M}") for d in seance.dates]
    return [(d, moment, hours) for d in seance.dates
            for moment, hours in (("matin", "9 h 00 – 12 h 30"), ("après-midi", "13 h 30 – 17 h 00"))]


# --- printing ---------------------------------------------------------------------------------

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.35; color: #111; margin: 0; }
.page { padding: 0; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 17pt; margin: 0 0 8pt 0; } h2 { font-size: 13pt; margin: 12pt 0 4pt 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: 4pt 6pt; text-align: left; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
.entete { display: flex; justify-content: space-between; gap: 12pt; border-bottom: 2px solid #17692f;
  margin-bottom: 10pt; padding-bottom: 4pt; }
.signature td { height: 30pt; } .pied { font-size: 9.5pt; color: #333; margin-top: 12pt; }
.case { display: inline-block; width: 9pt; height: 9pt; border: 1px solid #333; vertical-align: middle; }
.libre { height: 48pt; }
.organisme { display: flex; align-items: center; gap: 8pt; } .nda { font-size: 9.5pt; }
.logo { max-height: 14mm; max-width: 45mm; }
.signataire { margin-top: 4pt; } .signature-zone { height: 18mm; }
/* An attestation stays on one A4 page, even for two days, every module and a result. */
.attestation { line-height: 1.3; } .attestation p { margin: 4pt 0; } .attestation ul { margin: 2pt 0; }
.attestation h2 { margin: 8pt 0 3pt 0; } .attestation th, .attestation td { padding: 2pt 6pt; }
@page { size: A4; margin: 15mm; }
@media screen { body { margin: 2em auto; max-width: 190mm; }
  .page { border-bottom: 1px dashed #999; padding-bottom: 2em; margin-bottom: 2em; } }
"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _e(text: object) -> str:
    return html.escape(str(text))


def _header(seance: Seance) -> str:
    """The training body's letterhead: logo, name, numéro de déclaration d'activité; the place."""
    logo = (f'<img class="logo" src="{seance.logo}" alt="Logo de {_e(seance.organisme)}">' if seance.logo else "")
    nda = (f'<br><span class="nda">N° de déclaration d\u2019activité\u00a0: {_e(seance.nda)}</span>'
           if seance.nda else "")
    return (f'<div class="entete"><span class="organisme">{logo}<span><strong>{_e(seance.organisme)}</strong>{nda}'
            f"</span></span><span>{_e(seance.lieu)}</span></div>")


def _declaration(seance: Seance) -> str:
    """The registration sentence training bodies print on their papers (none without an NDA)."""
    if not seance.nda:
        return ""
    where = f" auprès du préfet de région {seance.nda_region}" if seance.nda_region else ""
    return (f"Déclaration d\u2019activité enregistrée sous le numéro {seance.nda}{where}. "
            f"Cet enregistrement ne vaut pas agrément de l\u2019État.")


def modules_termines(groupe: Groupe | None, participant: Participant) -> list[str]:
    """Modules whose practice questions the trainee has all answered (from the group's files)."""
    if groupe is None:
        return []
    wanted = _key(participant.complet)
    name = next((n for n in groupe.apprenants if _key(n) == wanted), None)
    if name is None:
        return []
    return [f"module {r.module} « {r.titre} »" for r in groupe.lignes
            if r.apprenant == name and r.questions and r.repondues == r.questions]


def attestation_html(seance: Seance, participant: Participant, modules: Sequence[str], fait_le: date) -> str:
    """One trainee's attestation de formation, on one A4 page.

    ``fait_le`` is the day the papers are made; the session file's ``fait_le`` wins over it.
    """
    nature = ("action de formation continue, en présentiel" if seance.modalite == "presentiel"
              else "action de formation continue, à distance (classe virtuelle)")
    objectives = "".join(f"<li>{_e(o.rstrip(' ;.'))}</li>" for o in seance.plan.objectifs)
    # One paragraph, not a list: with every module of a two-day session the page still fits one A4.
    done = ("<p>" + " ; ".join(_e(m) for m in modules) + ".</p>") if modules else (
        "<p>Aucun module du cours en ligne n'est encore entièrement parcouru par le stagiaire.</p>")
    result = (f"<h2>Résultat de l'évaluation des acquis</h2><p>{_e(participant.resultat)}</p>"
              if participant.resultat else "")
    who = f"{participant.complet}" + (f", {participant.collectivite}" if participant.collectivite else "")
    signer, role = ((seance.signataire, seance.qualite_signataire) if seance.signataire
                    else (seance.formateur, "formateur"))
    signature = (f"Pour l\u2019organisme de formation\u00a0: {_e(seance.organisme)}<br><strong>{_e(signer)}</strong>"
                 + (f", {_e(role)}" if role else ""))
    body = f"""<section class="page attestation">{_header(seance)}
<h1>Attestation de formation</h1>
<p>{_e(seance.organisme)} atteste que <strong>{_e(who)}</strong> a suivi la formation :</p>
<p><strong>« {_e(seance.titre)} »</strong></p>
<table><tbody>
<tr><th scope="row">Dates</th><td>{_e(seance.periode)}</td></tr>
<tr><th scope="row">Durée</th><td>{_e(seance.duree)} de formation, pauses comprises</td></tr>
<tr><th scope="row">Nature de l'action</th><td>{_e(nature)}</td></tr>
<tr><th scope="row">Lieu</th><td>{_e(seance.lieu or "—")}</td></tr>
<tr><th scope="row">Formateur</th><td>{_e(seance.formateur)}</td></tr>
</tbody></table>
<h2>Objectifs de la formation</h2><p>À l'issue de la formation, le stagiaire est capable de :</p><ul>{objectives}</ul>
<h2>Modules du cours parcourus</h2>{done}
{result}
<p style="margin-top:10pt">Fait à {_e(seance.fait_a or "—")}, le {(seance.fait_le or fait_le):%d/%m/%Y}.</p>
<p class="signataire">{signature}</p>
<p>Signature{" et cachet" if seance.nda else ""} :</p><div class="signature-zone"></div>
<p class="pied">{_e(_declaration(seance))}{" " if seance.nda else ""}Attestation établie d'après la feuille
d'émargement et les fichiers de progression du cours « Achat public d'innovation urbaine ». Le
résultat n'y figure que si la session comportait une évaluation des acquis.</p>
</section>"""
    return _page(f"Attestation de formation — {participant.complet}", body)


def attestations_html(seance: Seance, pages: Sequence[str]) -> str:
    """Every attestation in one document, one per A4 page: a single print (or PDF) for the group."""
    bodies = [re.search(r"<body>\n(.*)\n</body>", p, re.S).group(1) for p in pages]  # type: ignore[union-attr]
    return _page(f"Attestations de formation — {seance.titre}", "\n".join(bodies))


def emargement_html(seance: Seance, participants: Sequence[Participant]) -> str:
    """One sign-in sheet per half-day: trainees sign in front of their name, the trainer at the foot."""
    pages = []
    mode = "présentiel" if seance.modalite == "presentiel" else "à distance"
    for day, moment, hours in demi_journees(seance):
        rows = "".join(f"<tr><td>{_e(p.nom.upper())}</td><td>{_e(p.prenom)}</td><td>{_e(p.collectivite)}</td>"
                       f"<td></td></tr>" for p in participants)
        blanks = "".join("<tr><td></td><td></td><td></td><td></td></tr>" for _ in range(2))
        pages.append(f"""<section class="page emargement">{_header(seance)}
<h1>Feuille d'émargement</h1>
<p><strong>« {_e(seance.titre)} »</strong><br>
{_e(day.strftime('%d/%m/%Y'))}, {_e(moment)} ({_e(hours)}) — {_e(mode)}
— formateur : {_e(seance.formateur)}</p>
<table class="signature"><thead><tr><th>Nom</th><th>Prénom</th><th>Collectivité</th>
<th style="width:32%">Signature</th></tr></thead>
<tbody>{rows}{blanks}</tbody></table>
<p style="margin-top:12pt">Nombre de présents : ______ &nbsp;&nbsp; Signature du formateur :</p>
<p class="pied">Une feuille par demi-journée, signée par chaque stagiaire présent et par le formateur ;
à conserver par l'organisme de formation avec les attestations.</p>
</section>""")
    return _page(f"Feuilles d'émargement — {seance.titre}", "\n".join(pages))


#: Satisfaction items of the hot evaluation (code → question), on a four-level scale without a
#: middle (the trainee has to lean one way, as in most training bodies' forms).
QUESTIONS_SATISFACTION: dict[str, str] = {
    "s1": "L'organisation et l'accueil",
    "s2": "Le contenu, au regard de ce qui était annoncé",
    "s3": "Le rythme et la durée",
    "s4": "L'animation du formateur",
    "s5": "Les supports et les outils du cours",
    "s6": "L'utilité pour votre poste",
}
ECHELLE_SATISFACTION = ("Très satisfait", "Satisfait", "Peu satisfait", "Pas satisfait")
ECHELLE_OBJECTIFS = ("Oui", "Plutôt oui", "Plutôt non", "Non")


def _choices(scale: Sequence[str]) -> str:
    return "".join('<td><span class="case"></span></td>' for _ in scale)


def evaluation_html(seance: Seance) -> str:
    """The « évaluation à chaud »: satisfaction, self-assessment of each objective, two open questions."""
    head = "".join(f"<th>{_e(s)}</th>" for s in ECHELLE_SATISFACTION)
    sat = "".join(f"<tr><td>{_e(q)}</td>{_choices(ECHELLE_SATISFACTION)}</tr>"
                  for q in QUESTIONS_SATISFACTION.values())
    head_o = "".join(f"<th>{_e(s)}</th>" for s in ECHELLE_OBJECTIFS)
    obj = "".join(f"<tr><td>{_e(o.rstrip(' ;.'))}</td>{_choices(ECHELLE_OBJECTIFS)}</tr>"
                  for o in seance.plan.objectifs)
    body = f"""<section class="page evaluation">{_header(seance)}
<h1>Évaluation à chaud</h1>
<p><strong>« {_e(seance.titre)} »</strong>, {_e(seance.periode)} — formateur : {_e(seance.formateur)}.
Questionnaire anonyme, à remplir avant de partir : une croix par ligne.</p>
<h2>1. Votre satisfaction</h2>
<table><thead><tr><th></th>{head}</tr></thead><tbody>{sat}</tbody></table>
<h2>2. Les objectifs : à la fin de la session, je sais…</h2>
<table><thead><tr><th></th>{head_o}</tr></thead><tbody>{obj}</tbody></table>
<h2>3. En quelques mots</h2>
<p>Ce que je vais mettre en œuvre dans mon poste :</p><div class="libre"></div>
<p>Ce qui m'a manqué, ce que je changerais :</p><div class="libre"></div>
</section>"""
    return _page(f"Évaluation à chaud — {seance.titre}", body)


def modele_reponses_csv(seance: Seance) -> str:
    """The blank table where the trainer types the questionnaires in (one line per questionnaire)."""
    codes = [*QUESTIONS_SATISFACTION, *(f"o{i}" for i in range(1, len(seance.plan.objectifs) + 1))]
    legend = ("# s1 à s6 : 1 Très satisfait, 2 Satisfait, 3 Peu satisfait, 4 Pas satisfait ; "
              "o1… : 1 Oui, 2 Plutôt oui, 3 Plutôt non, 4 Non ; vide si sans réponse.\n")
    return legend + ";".join([*codes, "a_mettre_en_oeuvre", "a_changer"]) + "\n"


def lire_reponses(path: Path, seance: Seance) -> list[dict[str, str]]:
    """The typed-in questionnaires; a value outside 1 to 4 is refused with its line and column."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if not line.startswith("#")]
    except (OSError, UnicodeDecodeError):
        raise SeanceInvalide(f"{path.name} : fichier illisible (le modèle CSV rempli est attendu).") from None
    rows = list(csv.DictReader(lines, delimiter=";"))
    codes = [*QUESTIONS_SATISFACTION, *(f"o{i}" for i in range(1, len(seance.plan.objectifs) + 1))]
    missing = [c for c in codes if rows and c not in rows[0]]
    if not rows or missing:
        why = ("aucun questionnaire saisi." if not rows else
               f"colonne(s) {', '.join(missing)} absente(s) : partez du modèle écrit par piu seance papiers.")
        raise SeanceInvalide(f"{path.name} : {why}")
    for n, row in enumerate(rows, start=2):
        for code in codes:
            value = (row.get(code) or "").strip()
            if value and value not in ("1", "2", "3", "4"):
                raise SeanceInvalide(f"{path.name}, ligne {n}, colonne {code} : « {value} » ; tapez 1, 2, 3 ou 4, "
                                     f"ou laissez vide.")
    return rows


def bilan_html(seance: Seance, rows: Sequence[dict[str, str]]) -> str:
    """The summary: per item, the answers on each level and the share of the two positive ones."""
    def table(items: Mapping[str, str], scale: Sequence[str], positive: str) -> str:
        out = []
        for code, label in items.items():
            counts = Counter((r.get(code) or "").strip() for r in rows)
            answered = sum(counts[str(i)] for i in range(1, 5))
            share = round(100 * (counts["1"] + counts["2"]) / answered) if answered else 0
            cells = "".join(f"<td>{counts[str(i)]}</td>" for i in range(1, 5))
            out.append(f"<tr><td>{_e(label)}</td>{cells}<td>{answered}</td><td><strong>{share} %</strong></td></tr>")
        head = "".join(f"<th>{_e(s)}</th>" for s in scale)
        return (f"<table><thead><tr><th></th>{head}<th>Réponses</th><th>{_e(positive)}</th></tr></thead>"
                f"<tbody>{''.join(out)}</tbody></table>")
    objectives = {f"o{i}": o.rstrip(" ;.") for i, o in enumerate(seance.plan.objectifs, 1)}
    comments = [(r.get(k) or "").strip() for r in rows for k in ("a_mettre_en_oeuvre", "a_changer")]
    quotes = "".join(f"<li>« {_e(c)} »</li>" for c in comments if c)
    body = f"""<section class="page">{_header(seance)}
<h1>Bilan de l'évaluation à chaud</h1>
<p><strong>« {_e(seance.titre)} »</strong>, {_e(seance.periode)} — {len(rows)} questionnaire(s) saisi(s).</p>
<h2>Satisfaction</h2>{table(QUESTIONS_SATISFACTION, ECHELLE_SATISFACTION, "satisfaits")}
<h2>Objectifs atteints, selon les stagiaires</h2>{table(objectives, ECHELLE_OBJECTIFS, "oui ou plutôt oui")}
<h2>Ce que disent les stagiaires</h2>{f"<ul>{quotes}</ul>" if quotes else "<p>Aucun commentaire.</p>"}
</section>"""
    return _page(f"Bilan de l'évaluation à chaud — {seance.titre}", body)


# --- writing ----------------------------------------------------------------------------------

def chromium() -> str | None:
    """The Chromium of this machine (``PIU_CHROMIUM`` or the usual names), if any."""
    for name in (os.environ.get("PIU_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name) or (name if Path(name).is_file() else None)):
            return found
    return None


def imprimer_pdf(page: Path, pdf: Path, timeout: int = 60) -> Path | None:
    """Print ``page`` to ``pdf`` with headless Chromium; None when this machine cannot."""
    browser = chromium()
    if browser is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        tmp = pdf.with_name(f".{pdf.name}.tmp")
        quiet = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
        done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                               *quiet, "--no-pdf-header-footer", f"--print-to-pdf={tmp}", page.resolve().as_uri()],
                              capture_output=True, timeout=timeout, check=False)
        if done.returncode != 0 or not tmp.is_file():
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, pdf)
        os.chmod(pdf, 0o644)
    return pdf
