"""The note d'opportunité: the learner's dossier written as a document for elected members.

One plan, two renderings. :func:`plan_de_note` turns the dossier into a list of plain blocks
(headings, paragraphs, tables, images, « à compléter » notes); :func:`note_html` writes them as a
print-ready HTML page, every learner text escaped; :func:`note_docx` writes an editable Word file
(python-docx: real heading styles, real tables, the charts as PNG). Sections the learner has not
filled say « à compléter » and name the tool that fills them. Sources and legal bases gather in
a final section, with the date of the rules each tool applied.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from piu.core.errors import PiuError
from piu.core.files import Genre, genre_docx, genre_html, raison
from piu.core.french_numbers import format_montant, format_nombre
from piu.core.learner import dossier as store
from piu.core.typography import espaces_insecables
from piu.fil_rouge import graphiques
from piu.fil_rouge.sections import SECTIONS, Section, _fr_date, outil_avec_article

#: Always cited: where the course's case and method come from.
SOURCES_DU_COURS = (
    "Compte rendu des ateliers « Place de l'Innovation Urbaine (PIU) », Cerema et thecamp, 10 décembre 2020.",
)

_TYPES_FINANCEMENT = {"maitre-ouvrage": "maître d'ouvrage", "public": "public", "prive": "privé"}
#: Labels of the barrier groups (piu.freins.catalogue.GROUPES) and of the SCIC member categories
#: (piu.cooperation.scic_modele.CATEGORIES), as a reader names them: the note imports no module
#: (tests/fil_rouge/test_note.py checks that they stay the modules' own).
GROUPES_FREINS = {"acheteurs": "côté acheteurs", "porteurs": "côté porteurs",
                  "relations": "relations entre acheteurs et porteurs", "territoires": "territoires"}
CATEGORIES_SCIC = {"salaries": "salariés", "producteurs": "producteurs de biens ou de services",
                   "beneficiaires": "bénéficiaires habituels",
                   "collectivites": "collectivités territoriales, groupements et établissements publics territoriaux",
                   "autres-publics": "autres personnes publiques",
                   "autres": "autres contributeurs (bénévoles, financeurs, partenaires...)"}
#: A sentence addressed to the learner in the course (« cliquez », « du module »…): the note is
#: read by elected members, who follow no course; such sentences stay in the tools, not in the note.
POUR_L_APPRENANT = re.compile(r"\b(cliquez|cochez|votre formateur|exercices?|étape suivante|du module|"
                              r"ce module|cherchez son levier)\b", re.IGNORECASE)
_POSTES = {"acquisition": "Acquisition", "usage": "Énergie et usage", "main_oeuvre": "Main-d'œuvre",
           "maintenance": "Maintenance", "fin_de_vie": "Fin de vie", "emissions": "Émissions monétisées"}


@dataclass
class Bloc:
    """One block of the note: ``genre`` is titre, texte, liste, tableau, image or a_completer."""

    genre: str
    texte: str = ""
    niveau: int = 2
    items: list[str] = field(default_factory=list)
    entetes: list[str] = field(default_factory=list)
    lignes: list[list[str]] = field(default_factory=list)
    image: bytes = b""


def _minuscule(texte: str) -> str:
    """``Marché public`` → ``marché public``: the first letter of a tool's words put after « : »
    (French: no capital after a colon), unless the first word is an acronym (``CCP``, ``TRL``)."""
    first = texte.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return texte[0].lower() + texte[1:]
    return texte


def _pour_les_elus(items: list[str]) -> list[str]:
    """The items of a tool's list without the sentences meant for the learner."""
    return [i for i in items if not POUR_L_APPRENANT.search(i)]


def _avec(outil_section: str, outil: str | None = None) -> str:
    """« la carte des freins », « l'outil « Est-ce innovant ? » »: a tool with its article, after « avec ».

    ``outil_section`` is the section's tool as the course names it, article included
    (``la carte des freins (module 1)``); ``outil``, the name the tool wrote in the dossier: the
    course's module is dropped then (the reader of a filled section follows no course), and a
    name the course does not know is quoted.
    """
    named = outil_section if outil is None else re.sub(r"\s*\(module \d+\)$", "", outil_section)
    if outil is not None and outil.strip(" «»").casefold() not in named.casefold():
        return f"l’outil « {outil.strip(' «»')} »"
    return outil_avec_article(named)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{format_nombre(float(value), 1)} %"


def _besoin(d: dict[str, Any]) -> list[Bloc]:
    return [Bloc("tableau", entetes=["Rubrique", "Réponse"], lignes=[
        ["Usage", d["usage"]], ["Usagers", d["usagers"]], ["Résultat attendu", d["resultat_attendu"]],
        ["Mesure du résultat", d["mesure"]], ["Contraintes", d["contraintes"]]])]


def _freins(d: dict[str, Any]) -> list[Bloc]:
    blocs = [Bloc("texte", f"Projet : {d['projet']}."),
             Bloc("tableau", entetes=["Frein", "Groupe", "Importance (1 à 3)", "Propre au projet"],
                  lignes=[[f["libelle"], GROUPES_FREINS.get(f["groupe"], f["groupe"]), str(f["note"]),
                           "oui" if f["propre"] else "non"] for f in d["freins"]])]
    labels = {f["id"]: f["libelle"] for f in d["freins"]}

    def action(a: dict[str, Any]) -> str:
        # The course's module and the advice to the learner say nothing to an elected member.
        frein = labels.get(a["frein"], a["frein"])
        if POUR_L_APPRENANT.search(a["action"]):
            return f"{a['rang']}. Action à définir pour le frein propre au projet « {frein} »."
        return f"{a['rang']}. {a['action']} (frein : {frein})" + (f" — {a['regle']}" if a["regle"] else "")
    if d["actions"]:
        blocs.append(Bloc("liste", "Actions, par ordre de priorité :",
                          items=[action(a) for a in sorted(d["actions"], key=lambda a: a["rang"])]))
    return blocs


def _innovation(d: dict[str, Any]) -> list[Bloc]:
    """The checklist's note said once: its object, indices and conclusion are the section's own
    fields; of the note's lines only the legal definition and what to attach are added."""
    head, rest = "Indices réunis :", []
    for line in (raw.strip() for raw in d["note"].splitlines()):
        if line.startswith("Indices relevés"):
            head = line
        elif line and not line.startswith(("Note sur", "Objet :", "- ", "Conclusion :")):
            rest.append(line)
    definition = [Bloc("texte", line) for line in rest if line.startswith("Au sens")]
    return [Bloc("texte", f"Objet examiné : {d['objet']}."), *definition,
            Bloc("liste", head, items=d["indices"] or ["aucun"]),
            Bloc("texte", f"Conclusion : {_minuscule(d['conclusion'])}"),
            *[Bloc("texte", line) for line in rest if not line.startswith("Au sens")]]


def _maturite(d: dict[str, Any]) -> list[Bloc]:
    return [Bloc("texte", f"Niveau atteint : TRL {d['niveau']} — {d['intitule']}."),
            Bloc("liste", "Ce qui le justifie :", items=[
                re.sub(r"^([^:]+ : )(.*)$", lambda m: m.group(1) + _minuscule(m.group(2)), r) for r in d["raisons"]])]


def _grille(d: dict[str, Any]) -> list[Bloc]:
    criteres = [c["nom"] for c in d["criteres"]]
    head = ["Rang", "Option", *[f"{c['nom']} ({format_nombre(float(c['poids']))})" for c in d["criteres"]],
            "Note pondérée"]
    rows = [[str(o["rang"]), o["nom"], *[format_nombre(float(o["notes"].get(c, 0))) for c in criteres],
             format_nombre(float(o["score"]), 2)] for o in sorted(d["options"], key=lambda o: o["rang"])]
    png, alt = graphiques.image_grille(d)
    return [Bloc("texte", f"{d['titre']} ({d['phase']}). Poids entre parenthèses, notes de 1 à 5."),
            Bloc("tableau", entetes=head, lignes=rows), Bloc("image", alt, image=png),
            Bloc("texte", f"Solidité du classement : {d['stabilite']}")]


def _carbone(d: dict[str, Any]) -> list[Bloc]:
    return [Bloc("texte", f"Tournée de {format_nombre(float(d['distance_km']))} km, {d['colis']} colis, "
                          f"{format_nombre(float(d['charge_kg']))} kg."),
            Bloc("tableau", entetes=["Véhicule", "g CO₂e par km", "Tournées", "g CO₂e par colis",
                                     "Écart au fourgon diesel"],
                 lignes=[[v["libelle"], format_nombre(float(v["g_par_km"]), 1), str(v["tournees"]),
                          format_nombre(float(v["g_par_colis"]), 1), _pct(v["ecart_diesel_pct"])]
                         for v in d["vehicules"]])]


def _cout(d: dict[str, Any]) -> list[Bloc]:
    names = [o["nom"] for o in d["options"]]
    keys = [k for k in _POSTES if any(k in o["postes"] for o in d["options"])]
    rows = [[_POSTES[k], *[format_montant(round(float(o["postes"].get(k, 0)))) for o in d["options"]]] for k in keys]
    rows.append(["Total actualisé", *[format_montant(round(float(o["total"]))) for o in d["options"]]])
    return [Bloc("texte", f"Sur {d['duree_ans']} ans, taux d'actualisation de "
                          f"{format_nombre(float(d['taux_actualisation_pct']), 1)} %."),
            Bloc("tableau", entetes=["Poste (actualisé)", *names], lignes=rows),
            Bloc("texte", f"Option la moins chère sur la durée : {d['moins_cher']}.")]


def _contrat(d: dict[str, Any]) -> list[Bloc]:
    blocs = [Bloc("texte", f"Qualification au {_fr_date(d['jour'])} : {_minuscule(d['libelle'])} "
                           f"({d['base_legale']})."), Bloc("texte", d["explication"])]
    if vigilances := _pour_les_elus(d["vigilances"]):
        blocs.append(Bloc("liste", "Point de vigilance :" if len(vigilances) == 1 else "Points de vigilance :",
                          items=vigilances))
    return blocs


def _procedure(d: dict[str, Any]) -> list[Bloc]:
    blocs = [Bloc("texte", f"Lancement prévu le {_fr_date(d['jour'])} ; valeur estimée : "
                           f"{format_montant(float(d['valeur_ht']))}.")]
    if d["lots"]:
        blocs.append(Bloc("tableau", entetes=["Lot", "Montant (€ HT)"],
                          lignes=[[lot["libelle"], format_montant(float(lot["montant_ht"]))] for lot in d["lots"]]))
    blocs.append(Bloc("liste", "Procédures ouvertes :", items=[f"{v['nom']} ({v['base_legale']})" for v in d["voies"]]))
    if d["obligations"]:
        blocs.append(Bloc("liste", "Obligations à cette date :", items=_pour_les_elus(d["obligations"])))
    return blocs


def _financement(d: dict[str, Any]) -> list[Bloc]:
    total = sum(float(s["montant"]) for s in d["sources"])
    rows = [[s["nom"], _TYPES_FINANCEMENT.get(s["type"], s["type"]), format_montant(float(s["montant"])),
             _pct(100 * float(s["montant"]) / float(d["cout_total"]) if d["cout_total"] else None)]
            for s in d["sources"]]
    rows.append(["Total des ressources", "", format_montant(total),
                 _pct(100 * total / float(d["cout_total"]) if d["cout_total"] else None)])
    png, alt = graphiques.image_financement(d)
    verdict = "conforme" if d["conforme"] else "non conforme"
    blocs = [Bloc("texte", f"{d['nom']} : coût total {format_montant(float(d['cout_total']))}, vérifié au "
                           f"{_fr_date(d['jour'])}."),
             Bloc("tableau", entetes=["Source", "Type", "Montant", "Part du coût"], lignes=rows),
             Bloc("image", alt, image=png),
             Bloc("texte", f"Participation du maître d'ouvrage : {_pct(d['part_maitre_ouvrage_pct'])} (minimum "
                           f"requis : {_pct(d['minimum_requis_pct'])}, {d['base_legale']}). Plan {verdict}.")]
    if d["manquements"]:
        blocs.append(Bloc("liste", "Manquements :", items=_pour_les_elus(d["manquements"])))
    return blocs


def _gouvernance(d: dict[str, Any]) -> list[Bloc]:
    blocs = [Bloc("texte", f"{d['nom']} : {'conforme' if d['conforme'] else 'non conforme'} au titre II ter de "
                           f"la loi n° 47-1775 du 10/09/1947."),
             Bloc("tableau", entetes=["Associé", "Catégorie", "Part du capital", "Part des voix"],
                  lignes=[[a["associe"], CATEGORIES_SCIC.get(a["categorie"], a["categorie"]), _pct(a["capital_pct"]),
                           _pct(a["voix_pct"])]
                          for a in d["associes"]])]
    if d["manquements"]:
        blocs.append(Bloc("liste", "Manquements :", items=d["manquements"]))
    blocs.append(Bloc("texte", f"Élus : {d['deport']}"))
    return blocs


def _libelle(table: str, identifiant: str) -> str:
    """The label of row ``identifiant`` of a ``data/`` table (a criterion, a vehicle), or the
    identifier itself when the table does not hold it: the note names things as a reader does,
    without importing the module that owns the table."""
    from piu.core import data

    try:
        frame = data.table(table)
    except PiuError:
        return identifiant
    rows = frame[frame["id"] == identifiant]
    return str(rows.iloc[0]["libelle"]) if not rows.empty else identifiant


def _living_lab(d: dict[str, Any]) -> list[Bloc]:
    verdict = d["verdict"].strip()
    return [Bloc("texte", f"{d['nom']} : {_minuscule(verdict)}{'' if verdict.endswith(('.', '!', '?')) else '.'}"),
            Bloc("tableau", entetes=["Critère", "Note"],
                 lignes=[[_libelle("living_lab_criteres", k), str(v)] for k, v in d["scores"].items()]),
            Bloc("liste", "Points faibles :", items=d["points_faibles"] or ["aucun"])]


def _experimentation(d: dict[str, Any]) -> list[Bloc]:
    def num(x: float | None) -> str:
        return "—" if x is None else format_nombre(float(x))
    vehicule = _libelle("vehicules_experimentation", d["vehicule"])
    # A table, not « Objectif : … »: the learner's sentence keeps its capital, and no colon precedes it.
    duree = f"{d['duree_mois']} mois"
    return [Bloc("tableau", entetes=["Objectif", "Durée", "Véhicule juridique"],
                 lignes=[[d["objectif"], duree, vehicule]]),
            Bloc("tableau", entetes=["Indicateur", "Unité", "Avant", "Cible"],
                 lignes=[[i["nom"], i["unite"], num(i["avant"]), num(i["cible"])] for i in d["indicateurs"]]),
            Bloc("liste", "Critères de sortie :", items=d["criteres_sortie"]),
            Bloc("liste", "Critères de passage à l'échelle :", items=d["criteres_passage_echelle"])]


_RENDU = {"besoin": _besoin, "freins": _freins, "innovation": _innovation, "maturite": _maturite,
          "grille": _grille, "carbone": _carbone, "cout": _cout, "contrat": _contrat, "procedure": _procedure,
          "financement": _financement, "gouvernance": _gouvernance, "living_lab": _living_lab,
          "experimentation": _experimentation}


def _sources(document: dict[str, Any]) -> list[str]:
    """Legal bases and sources named in the sections, each once, then the course's own."""
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in ("base_legale", "sources") and value and value not in found:
            found.append(value)

    for section in SECTIONS:
        if section.nom in document["sections"]:
            walk(document["sections"][section.nom]["donnees"])
    return found + [s for s in SOURCES_DU_COURS if s not in found]


def plan_de_note(document: dict[str, Any]) -> list[Bloc]:
    """The note as blocks, from a validated dossier; « à compléter » where a section is empty."""
    document = store.valider(document)
    projet = document["projet"]
    title = projet.get("nom") or "Projet sans nom"
    blocs = [Bloc("titre", f"Note d'opportunité — {title}", niveau=0)]
    about = [f"{label} : {projet[key]}" for key, label in (
        ("collectivite", "Collectivité"), ("porteur", "Porteur"), ("redacteur", "Rédigée par"),
        ("avertissement", "Avertissement")) if projet.get(key)]
    about.append(f"Note produite le {date.today():%d/%m/%Y} avec les outils du cours piu.")
    blocs += [Bloc("texte", line) for line in about]
    dates: list[str] = []
    for number, section in enumerate(SECTIONS, start=1):
        blocs.append(Bloc("titre", f"{number}. {section.titre}", niveau=1))
        entry = document["sections"].get(section.nom)
        if entry is None:
            blocs.append(Bloc("a_completer", f"À compléter avec {_avec(section.outil)}."))
            continue
        blocs += _RENDU[section.nom](entry["donnees"])
        made = f"Établi avec {_avec(section.outil, entry['outil'])}, le {_fr_date(entry['date'])}"
        if when := entry["donnees"].get("jour"):
            made += f" ; règles appliquées à la date du {_fr_date(when)}"
            dates.append(when)
        blocs.append(Bloc("texte", made + "."))
    blocs.append(Bloc("titre", "Sources et bases légales", niveau=1))
    if dates:
        days = [f"du {_fr_date(d)}" for d in sorted(set(dates))]
        when = (f"à la date {days[0]}" if len(days) == 1 else
                f"aux dates {', '.join(days[:-1])} et {days[-1]}")
        blocs.append(Bloc("texte", f"Règles appliquées {when} : à revérifier avant toute décision."))
    blocs.append(Bloc("liste", "", items=_sources(document)))
    for b in blocs:  # French typography in everything the reader sees
        b.texte = espaces_insecables(b.texte)
        b.items = [espaces_insecables(i) for i in b.items]
        b.entetes = [espaces_insecables(h) for h in b.entetes]
        b.lignes = [[espaces_insecables(c) for c in row] for row in b.lignes]
    return blocs


# -- HTML ---------------------------------------------------------------------------------------
_CSS = """body{font:11pt/1.45 system-ui,sans-serif;max-width:48em;margin:2em auto;color:#111}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #777;padding:.2em .5em;text-align:left}
.a-completer{color:#8a4b00;font-style:italic}img{max-width:100%}
@media print{body{margin:0}h2{page-break-after:avoid}table,img{page-break-inside:avoid}}"""


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def note_html(document: dict[str, Any]) -> str:
    """The note as one self-contained, print-ready HTML page (images inline, texts escaped)."""
    parts: list[str] = []
    title = ""
    for b in plan_de_note(document):
        if b.genre == "titre":
            level = b.niveau + 1
            title = title or b.texte
            parts.append(f"<h{level}>{_e(b.texte)}</h{level}>")
        elif b.genre == "texte":
            parts.append(f"<p>{_e(b.texte)}</p>")
        elif b.genre == "a_completer":
            parts.append(f'<p class="a-completer">{_e(b.texte)}</p>')
        elif b.genre == "liste":
            head = f"<p>{_e(b.texte)}</p>" if b.texte else ""
            parts.append(head + "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + "</ul>")
        elif b.genre == "tableau":
            head = "".join(f"<th>{_e(h)}</th>" for h in b.entetes)
            rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in b.lignes)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif b.genre == "image":
            data = base64.b64encode(b.image).decode("ascii")
            parts.append(f'<p><img alt="{_e(b.texte)}" src="data:image/png;base64,{data}"></p>')
    return (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


# -- Word ---------------------------------------------------------------------------------------
def note_docx(document: dict[str, Any]) -> bytes:
    """The note as an editable Word document (bytes of the .docx file).

    With python-docx (Jupyter, the command line); in the browser, where python-docx has no
    lxml to run on, with the course's own small writer (:mod:`piu.core.learner.docx_simple`): same
    headings, tables and charts.
    """
    try:
        from docx import Document
        from docx.shared import Cm
    except ImportError:
        return _note_docx_simple(document)
    from datetime import datetime

    doc = Document()
    props = doc.core_properties
    props.language, props.author, props.comments = "fr-FR", "piu", "Note d'opportunité produite avec le cours piu"
    props.created = props.modified = datetime.now()
    for b in plan_de_note(document):
        if b.genre == "titre":
            doc.add_heading(b.texte, level=b.niveau)
            if b.niveau == 0:
                doc.core_properties.title = b.texte
        elif b.genre == "texte":
            doc.add_paragraph(b.texte)
        elif b.genre == "a_completer":
            doc.add_paragraph().add_run(b.texte).italic = True
        elif b.genre == "liste":
            if b.texte:
                doc.add_paragraph(b.texte)
            for item in b.items:
                doc.add_paragraph(item, style="List Bullet")
        elif b.genre == "tableau":
            table = doc.add_table(rows=1, cols=len(b.entetes))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, b.entetes, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in b.lignes:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        elif b.genre == "image":
            doc.add_picture(io.BytesIO(b.image), width=Cm(15))
            doc.add_paragraph(b.texte, style="Caption")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _note_docx_simple(document: dict[str, Any]) -> bytes:
    from piu.core.learner.docx_simple import Element, write_docx

    elements, title = [], ""
    for b in plan_de_note(document):
        if b.genre == "titre":
            elements.append(Element("heading", b.texte, level=b.niveau))
            title = title or (b.texte if b.niveau == 0 else "")
        elif b.genre in ("texte", "a_completer"):
            elements.append(Element("paragraph", b.texte, italic=b.genre == "a_completer"))
        elif b.genre == "liste":
            if b.texte:
                elements.append(Element("paragraph", b.texte))
            elements.append(Element("bullets", items=b.items))
        elif b.genre == "tableau":
            elements.append(Element("table", headers=b.entetes, rows=b.lignes))
        elif b.genre == "image":
            elements.append(Element("image", b.texte, png=b.image))
    return write_docx(elements, title=title, author="piu")


FORMATS = ("docx", "html")
#: The kind of file each format writes (piu.core.files): ``--format docx`` writes only a ``.docx``,
#: and only a Word document (or a page, for html) is ever replaced by a note.
GENRES: dict[str, Genre] = {"docx": genre_docx("une note d'opportunité Word"),
                            "html": genre_html("une note d'opportunité HTML")}


def exporter(document: dict[str, Any], fichier: str | Path, format: str | None = None, *,
             ecraser: bool = False, entrees: tuple[Path, ...] = ()) -> Path:
    """Write the note to ``fichier`` (format from ``format`` or the file's extension).

    The file's extension must be the format's; an existing file is replaced only when it is a
    document of that format (or with ``ecraser``), never when it is the dossier read
    (``entrees``) or any other saved work: :class:`~piu.core.files.FichierProtege`.
    """
    path = Path(fichier)
    kind = (format or path.suffix.lstrip(".")).lower()
    if kind not in FORMATS:
        raise PiuError(f"« {path.name} » : format « {kind or '(aucun)'} » inconnu ; la note s'écrit en Word "
                       f"(note.docx) ou en page HTML (note.html).")
    content = note_docx(document) if kind == "docx" else note_html(document).encode("utf-8")
    try:
        store.ecrire_atomique(path, content, GENRES[kind], ecraser=ecraser, entrees=entrees)
    except OSError as exc:
        raise PiuError(f"Impossible d'écrire {path} ({raison(exc)}).") from None
    return path


def section(nom: str) -> Section:
    """The section called ``nom``."""
    from piu.fil_rouge.sections import PAR_NOM

    if nom not in PAR_NOM:
        raise PiuError(f"Section « {nom} » inconnue ; sections : {', '.join(PAR_NOM)}.")
    return PAR_NOM[nom]
