"""Build the example dossier of the module 7 case (exercises/dossier-cyclologistique.json).

The same steps as ``notebooks/module7.ipynb``, each tool called through its module's façade on
the same case, on the same day: the committed example is what a learner gets by running the
notebook. ``tests/fil_rouge/test_note.py`` rebuilds it and compares.

    .venv/bin/python scripts/dossier_exemple.py            # rewrite the example
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from piu.cooperation import donnees_gouvernance, lire_scic
from piu.core.learner import dossier
from piu.evaluation import (
    OptionCout,
    comparer_couts,
    comparer_livraison,
    donnees_carbone,
    donnees_cout,
    donnees_grille,
    donnees_trl,
    lire_grille,
)
from piu.evaluation.maturite import placer_trl
from piu.experimentation import construire_protocole, donnees_experimentation, donnees_living_lab, evaluer_living_lab
from piu.fil_rouge import chemin_cas, chiffre, textes_du_cas
from piu.financement import donnees_financement, essayer_plan, lire_plan
from piu.freins import carte_des_freins, donnees_freins, rediger_besoin
from piu.procedures import (
    conseiller,
    donnees_contrat,
    donnees_innovation,
    donnees_procedure,
    estimer_valeur,
    evaluer_innovation,
    qualifier,
)

ROOT = Path(__file__).resolve().parents[1]
EXEMPLE = ROOT / "exercises" / "dossier-cyclologistique.json"
#: The day the example was established: every rule is applied on this day or on the launch date.
JOUR = date(2026, 12, 3)
#: The launch date of the consultation in the case.
LANCEMENT = date(2026, 9, 1)
#: What « Est-ce innovant ? » gets ticked for the case (module 3).
INDICES_CAS = ("procede-organisation", "amelioration-sensible", "sourcing-fait")
#: The two options of the lifecycle cost (module 2), invented amounts.
FOURGON = OptionCout("Fourgon diesel", acquisition=35_000, usage_annuel=6_000, maintenance_annuelle=2_500,
                     fin_de_vie=-5_000, emissions_annuelles_t=8, heures_annuelles=1_600)
VELOS = OptionCout("Vélos cargo", acquisition=24_000, usage_annuel=2_000, maintenance_annuelle=1_500,
                   fin_de_vie=0, emissions_annuelles_t=0.5, heures_annuelles=4_000)


def sections_du_cas() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every section of the case, ``{nom: (outil, donnees)}``, in the order of the nine steps."""
    cas = textes_du_cas()
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    # 1-2. Need and barriers (module 1 tools, on what the case file types into them).
    out["besoin"] = ("« Écrire le besoin comme un usage »", rediger_besoin(**cas["besoin"]).section)
    out["freins"] = ("carte des freins", donnees_freins(carte_des_freins(cas["projet"]["nom"], **cas["freins"])))
    # 3. Innovative? (module 3)
    objet = "livraison du dernier kilomètre à vélo cargo par une coopérative"
    note = evaluer_innovation(dict.fromkeys(INDICES_CAS, True), objet, JOUR)
    out["innovation"] = ("« Est-ce innovant ? »", donnees_innovation(note, objet))
    # 4. Assessment (module 2): TRL 9 proven elsewhere, opportunity grid, carbon, lifecycle cost.
    out["maturite"] = ("questionnaire TRL", donnees_trl(placer_trl([True] * 9)))
    grille = lire_grille(chemin_cas("grille-opportunite.csv"))
    out["grille"] = ("grille multicritère", donnees_grille(grille, "Grille d'opportunité du cas"))
    km, colis, kg = chiffre("tournee-km"), int(chiffre("colis-par-tournee")), chiffre("charge-par-tournee")
    out["carbone"] = ("calculateur carbone", donnees_carbone(comparer_livraison(km, colis, kg, jour=JOUR),
                                                             km, colis, kg, JOUR))
    couts = comparer_couts(FOURGON, VELOS, duree_ans=8)
    out["cout"] = ("calculateur de coût du cycle de vie", donnees_cout(couts, 0.04))
    # 5. Which contract (module 3): the métropole pays a price for its own flows.
    out["contrat"] = ("« Quel contrat ? »", donnees_contrat(qualifier("collectivite", "prix", jour=LANCEMENT)))
    # 6. Value, lots, procedure on the launch date (module 3).
    annuel = chiffre("prestation-annuelle")
    reconductions = int(chiffre("duree-prestation")) - 1
    estimation = estimer_valeur([{"libelle": "Livraisons à vélo des services de la métropole",
                                  "montant_ht": annuel, "reconductions": reconductions}],
                                nature="services", jour=LANCEMENT)
    avis = conseiller("collectivite", "services", estimation.total_ht, LANCEMENT, innovant=True)
    out["procedure"] = ("conseiller de procédure", donnees_procedure(avis, estimation))
    # 7. Financing of the logistics space (module 4).
    plan = lire_plan(chemin_cas("plan-espace-logistique.yaml"))
    out["financement"] = ("vérificateur de plan de financement", donnees_financement(essayer_plan(plan, JOUR)))
    # 8. Partnership (module 5); living lab and protocol (module 6 tools).
    out["gouvernance"] = ("simulateur de SCIC", donnees_gouvernance(lire_scic(chemin_cas("scic-rivebelle.yaml"))))
    out["living_lab"] = ("grille d'évaluation du living lab",
                         donnees_living_lab(evaluer_living_lab(**cas["living_lab"])))
    out["experimentation"] = ("protocole d'expérimentation",
                              donnees_experimentation(construire_protocole(**cas["experimentation"])))
    return out


def construire() -> dict[str, Any]:
    """The example dossier, validated."""
    document = dossier.nouveau({k: str(v) for k, v in textes_du_cas()["projet"].items()})
    for nom, (outil, donnees) in sections_du_cas().items():
        document["sections"][nom] = {"outil": outil, "date": JOUR.isoformat(), "donnees": donnees}
    return dossier.valider(document)


if __name__ == "__main__":
    dossier.enregistrer(construire(), EXEMPLE)
    print(f"Dossier d'exemple écrit : {EXEMPLE.relative_to(ROOT)}")
    sys.exit(0)
