/* Exporter sa progression du livre web en un seul fichier, à remettre au formateur.
 *
 * Sous chaque tableau de progression (.piu-progres), un champ « Vos prénom et nom » et un bouton
 * qui télécharge un fichier au format « piu-progression-export » (piu/core/progress_export.py) :
 * les réponses gardées par ce navigateur (piu-progres-v1) et les noms des sections du dossier de
 * projet (piu-dossier-v1), jamais leur contenu. Le formateur fusionne les fichiers du groupe
 * avec « piu progres --groupe DOSSIER ».
 */
(function () {
  "use strict";

  function lire(cle) {
    try { return JSON.parse(localStorage.getItem(cle) || "{}") || {}; } catch (e) { return {}; }
  }

  function exporter(nom) {
    var progres = lire("piu-progres-v1"), dossier = lire("piu-dossier-v1"), reponses = {};
    Object.keys(progres).sort().forEach(function (id) {
      var e = progres[id];
      reponses[id] = { module: e.m, juste: !!e.j, tentatives: e.t };
    });
    var sections = Object.keys(dossier.sections || {}).map(function (n) {
      var s = dossier.sections[n] || {};
      return { nom: n, outil: String(s.outil || ""), date: String(s.date || "") };
    });
    return { format: "piu-progression-export", version: 1, apprenant: nom,
      exporte_le: new Date().toISOString().slice(0, 19), source: "navigateur",
      reponses: reponses, dossier: sections };
  }

  function nomDeFichier(nom) {
    var base = nom.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    return "progression-" + (base || "participant") + ".json";
  }

  function ajouter(box) {
    var zone = document.createElement("div");
    zone.className = "piu-export";
    zone.innerHTML = '<p><label>Vos prénom et nom <input type="text" class="piu-export-nom" ' +
      'autocomplete="name"></label> <button type="button" class="piu-export-bouton">' +
      "Télécharger ma progression (fichier pour le formateur)</button></p>" +
      '<p class="piu-export-message" role="status"></p>';
    box.appendChild(zone);
    zone.querySelector(".piu-export-bouton").addEventListener("click", function () {
      var nom = zone.querySelector(".piu-export-nom").value.replace(/\s+/g, " ").trim();
      var message = zone.querySelector(".piu-export-message");
      if (!nom) { message.textContent = "Indiquez d’abord vos prénom et nom\u00a0: le formateur doit savoir de qui est le fichier."; return; }
      var lien = document.createElement("a");
      lien.href = URL.createObjectURL(new Blob([JSON.stringify(exporter(nom), null, 1)], { type: "application/json" }));
      lien.download = nomDeFichier(nom);
      document.body.appendChild(lien); lien.click(); lien.remove();
      message.textContent = "Fichier «\u00a0" + lien.download + "\u00a0» téléchargé\u00a0: remettez-le au formateur.";
    });
  }

  window.piuExport = { exporter: exporter, nomDeFichier: nomDeFichier };
  function init() { document.querySelectorAll(".piu-progres").forEach(ajouter); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
