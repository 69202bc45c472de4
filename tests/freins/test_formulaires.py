"""Module 1 forms: the logic behind the widgets (gather, show, save, merge), learner text
escaped, errors shown as messages; the façade and the charts."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path

import pytest

import piu.freins as facade
from piu.freins.carte import ACTION_PROPRE, carte_des_freins
from piu.freins.fichier import enregistrer_resultat
from piu.freins.formulaires import (
    besoin_formulaire,
    carte_des_freins_formulaire,
    fusion_formulaire,
    lien_telechargement,
)
from piu.freins.fusion import lire_carte
from piu.freins.graphiques import (
    graphique_carte,
    graphique_groupe,
    texte_alternatif_carte,
    texte_alternatif_groupe,
)


def _plain(text: str) -> str:
    """The HTML with French no-break spaces turned into plain ones, to compare text."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_the_map_form_shows_the_ordered_actions_and_escapes_the_project(tmp_path: Path) -> None:
    form = carte_des_freins_formulaire("<b>Vélo</b>", {"anticiper": 1})
    form.notes["limites-commande-publique"].value = 3
    form.update(chart=False)
    html = _plain(form.result.value)
    assert "&lt;b&gt;Vélo&lt;/b&gt;" in html and "<b>Vélo" not in html
    assert html.index("commande publique") < html.index("anticiper pour mieux")
    assert "module 3 « Choisir l’outil juridique »" in html
    bundle = form._repr_mimebundle_()
    assert _plain(bundle["text/html"]) == html  # what the static book shows


def test_own_barriers_are_checked_before_being_added() -> None:
    form = carte_des_freins_formulaire()
    form.libelle.value = "   "
    form.ajouter()
    assert form.propres == [] and "le libellé est vide" in _plain(form.liste_propres.value)
    form.libelle.value, form.groupe.value, form.note.value = "Bail <précaire>", "territoires", 3
    form.ajouter()
    assert form.propres == [{"libelle": "Bail <précaire>", "groupe": "territoires", "note": 3}]
    assert "Bail &lt;précaire&gt;" in _plain(form.liste_propres.value) and form.libelle.value == ""
    assert form.update(chart=False)["actions"][0]["frein"] == "Bail <précaire>"
    form.retirer()
    assert form.propres == []


def test_the_map_form_saves_a_file_the_merge_reads(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    form = carte_des_freins_formulaire("Vélo", {"pistes-cyclables": 2})
    assert form.save.enregistrer(form.section()) == Path("mes-freins.json")
    assert "✔ Enregistré" in _plain(form.save.message.value) and "download=" in _plain(form.save.message.value)
    assert lire_carte(tmp_path / "mes-freins.json")["freins"][0]["id"] == "pistes-cyclables"
    form.save.nom.value = "mes-freins.docx"
    assert form.save.enregistrer(form.section()) is None
    assert "extension .json" in _plain(form.save.message.value)


def test_a_bad_prefilling_prints_a_message_not_a_traceback(capsys) -> None:
    form = carte_des_freins_formulaire("P", {"anticiper": "bloque", "dialogue-acteurs": "Gêne"})
    assert form.notes["anticiper"].value == 3 and form.notes["dialogue-acteurs"].value == 1
    assert carte_des_freins_formulaire("P", {"anticiper": "énorme"}) is None
    assert "« énorme » n'est pas une note" in capsys.readouterr().out
    assert carte_des_freins_formulaire("P", {"inconnu": 2}) is None
    assert "⚠ Frein « inconnu » inconnu" in capsys.readouterr().out


def _upload(name: str, content: bytes) -> dict:
    return {"name": name, "type": "application/json", "size": len(content), "content": memoryview(content),
            "last_modified": datetime(2026, 12, 3)}


def test_the_merge_form_merges_uploads_and_names_the_broken_one(tmp_path: Path) -> None:
    good = enregistrer_resultat(tmp_path / "a.json", "freins", carte_des_freins("A <x>", {"anticiper": 2}))
    form = fusion_formulaire()
    assert "Choisissez au moins un fichier" in _plain(form.result.value) and form.carte is None
    form.upload.value = (_upload("a.json", good.read_bytes()), _upload("b<script>.json", b"{oups"))
    carte = form.update(chart=False)
    assert carte["participants"] == 1 and [i["fichier"] for i in carte["ignores"]] == ["b<script>.json"]
    assert "b&lt;script&gt;.json : fichier illisible" in _plain(form.result.value)
    assert "<script>" not in _plain(form.result.value)


def test_the_merge_form_reads_paths_and_reports_when_nothing_is_readable(tmp_path: Path) -> None:
    form = fusion_formulaire(tmp_path / "absent.json")
    assert form.carte is None and "Aucune carte des freins n’a pu être lue" in _plain(form.result.value)
    form.save.enregistrer(form.carte)
    assert "Rien à enregistrer" in _plain(form.save.message.value)


def test_the_need_form_gives_advice_and_refuses_empty_fields() -> None:
    form = besoin_formulaire(usage="Installer des capteurs", usagers="Habitants",
                             resultat_attendu="Air plus sain", mesure="beaucoup mieux")
    assert "À revoir" in _plain(form.result.value) and "capteur" in _plain(form.result.value)
    form.champs["usagers"].value = ""
    assert form.update() is None and "À compléter : les usagers" in _plain(form.result.value)
    assert besoin_formulaire(usages="x") is None


def test_the_download_link_carries_the_file() -> None:
    link = lien_telechargement('a"b.json', '{"x": 1}')
    assert 'download="a&quot;b.json"' in link
    payload = link.split("base64,")[1].split('"')[0]
    assert json.loads(base64.b64decode(payload)) == {"x": 1}


def test_charts_draw_and_say_what_they_show() -> None:
    section = carte_des_freins("Vélo", {"pistes-cyclables": 2, "anticiper": 3})
    fig = graphique_carte(section)
    assert len(fig.axes[0].patches) >= 2
    assert "manque de pistes cyclables sur Marseille (freine)" in texte_alternatif_carte(section)
    from piu.freins.fusion import fusionner

    carte = fusionner([section, carte_des_freins("B", {"anticiper": 1})])
    graphique_groupe(carte)
    assert "anticiper pour mieux intégrer les innovations (résistance au changement) : 2 sur 2, note moyenne 2,0" \
        in texte_alternatif_groupe(carte)
    assert graphique_carte(carte_des_freins("Vide")).axes[0].texts[0].get_text() == "Aucun frein noté"


@pytest.mark.parametrize("name", facade.__all__)
def test_every_facade_name_resolves(name: str) -> None:
    assert callable(getattr(facade, name))


def test_in_the_browser_the_download_is_the_copy(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("piu.core.learner.storage.in_browser", lambda: True)
    form = carte_des_freins_formulaire("Vélo", {"pistes-cyclables": 2})
    form.save.enregistrer(form.section())
    assert "seul le fichier téléchargé reste" in _plain(form.save.message.value)


def test_the_map_form_adds_a_freins_section_the_dossier_reads_back(dossier_vide: Path) -> None:
    from piu.core.learner import dossier
    from piu.fil_rouge.sections import PAR_NOM, verifier

    form = carte_des_freins_formulaire("Cyclologistique", {"pistes-cyclables": 3, "soutien-collectivites": 2},
                                       [{"libelle": "Bail <précaire>", "groupe": "territoires", "note": 2}])
    assert form.bouton_dossier in form.box.children
    assert form.bouton_dossier.ajouter() is True
    assert "Section « freins » ajoutée" in form.bouton_dossier.children[1].value
    saved = dossier.lire(dossier_vide)["sections"]["freins"]
    verifier(saved["donnees"], PAR_NOM["freins"].forme, "freins")  # the shape of sections.py, no extra key
    assert saved["outil"] == "carte des freins"
    assert saved["donnees"]["actions"][0]["frein"].startswith("problème des infrastructures")
    assert saved["donnees"]["actions"][-1] == {"rang": 3, "frein": "Bail <précaire>", "action": ACTION_PROPRE,
                                               "module": None, "regle": ""}
    form.projet.value = "x" * 500  # a mistake: the message says so, the saved section stays
    assert form.bouton_dossier.ajouter() is False
    assert "trop long" in _plain(form.bouton_dossier.children[1].value)
    assert dossier.lire(dossier_vide)["sections"]["freins"] == saved


def test_an_empty_map_is_about_the_learners_named_project(dossier_vide: Path) -> None:
    from piu.core.learner import dossier

    assert carte_des_freins_formulaire().projet.value == ""  # no name given yet
    dossier.nommer_projet({"nom": "Navettes autonomes du Val"})
    form = carte_des_freins_formulaire()
    assert form.projet.value == "Navettes autonomes du Val"
    form.projet.value = ""  # cleared by the learner: the section still names the project
    assert form.bouton_dossier.ajouter() is True
    assert dossier.lire()["sections"]["freins"]["donnees"]["projet"] == "Navettes autonomes du Val"
    assert dossier.lire()["projet"] == {"nom": "Navettes autonomes du Val"}


def test_the_need_form_adds_a_besoin_section_the_dossier_reads_back(dossier_vide: Path) -> None:
    from piu.core.learner import dossier
    from piu.fil_rouge.sections import PAR_NOM, verifier

    form = besoin_formulaire(usage="Livrer l'hypercentre sans fourgon", usagers="Commerçants <et> habitants",
                             resultat_attendu="Moins de fourgons", mesure="40 tournées évitées par semaine")
    assert form.bouton_dossier.ajouter() is True
    saved = dossier.lire(dossier_vide)["sections"]["besoin"]
    verifier(saved["donnees"], PAR_NOM["besoin"].forme, "besoin")
    assert saved["donnees"]["usagers"] == "Commerçants <et> habitants" and saved["donnees"]["contraintes"] == ""
    form.champs["usage"].value = ""
    assert form.bouton_dossier.ajouter() is False
    message = _plain(form.bouton_dossier.children[1].value)
    assert "À compléter" in message and "<script" not in message
    assert dossier.lire(dossier_vide)["sections"]["besoin"] == saved


def test_the_save_button_never_replaces_the_dossier(tmp_path: Path, monkeypatch) -> None:
    """« Enregistrer » under the name of the project file: refused, the dossier byte for byte intact."""
    monkeypatch.chdir(tmp_path)
    saved = tmp_path / "mon-dossier.json"
    saved.write_text('{"format": "piu-dossier", "version": 1, "projet": {}, "sections": {}}', encoding="utf-8")
    before = saved.read_bytes()
    form = carte_des_freins_formulaire("Vélo", {"pistes-cyclables": 2})
    form.save.nom.value = "mon-dossier.json"
    assert form.save.enregistrer(form.section()) is None
    message = _plain(form.save.message.value)
    assert "dossier de projet" in message and "jamais remplacé" in message
    assert saved.read_bytes() == before
