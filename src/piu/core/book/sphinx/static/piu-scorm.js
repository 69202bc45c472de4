/* Le livre dans une plateforme de formation (Moodle…) : chaque chapitre est une activité SCORM 1.2.
 *
 * Ne fait rien hors d’une plateforme : il cherche l’objet API de SCORM 1.2 dans les fenêtres
 * parentes (ou celle qui a ouvert la page), comme le prévoit la norme. S'il le trouve, il ouvre
 * la session (LMSInitialize), puis, à chaque réponse à une question de la page (événement
 * « piu-reponse » de piu-quiz.js), écrit le score (pourcentage de questions de la page réussies)
 * et l’état : « incomplete » tant qu’une question reste sans réponse, « completed » ensuite.
 * Seuls le score et l'état partent vers la plateforme : aucun corrigé, aucune réponse.
 */
(function () {
  "use strict";

  function trouverAPI(fenetre) {
    for (var i = 0; i < 10 && fenetre; i++) {
      try { if (fenetre.API) { return fenetre.API; } } catch (e) { return null; }
      if (fenetre.parent === fenetre) { break; }
      fenetre = fenetre.parent;
    }
    return null;
  }

  var api = trouverAPI(window) || (window.opener ? trouverAPI(window.opener) : null);
  if (!api) { return; }

  function questionsDeLaPage() {
    var ids = [];
    document.querySelectorAll(".piu-quiz[data-piu]").forEach(function (bloc) {
      try { ids.push(JSON.parse(bloc.getAttribute("data-piu")).id); } catch (e) { /* bloc illisible */ }
    });
    return ids;
  }

  function rapporter() {
    var ids = questionsDeLaPage(), progres = {};
    try { progres = JSON.parse(localStorage.getItem("piu-progres-v1") || "{}") || {}; } catch (e) { progres = {}; }
    var repondues = 0, justes = 0;
    ids.forEach(function (id) { if (progres[id]) { repondues += 1; if (progres[id].j) { justes += 1; } } });
    if (ids.length) {
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(Math.round(100 * justes / ids.length)));
    }
    api.LMSSetValue("cmi.core.lesson_status", repondues === ids.length ? "completed" : "incomplete");
    api.LMSCommit("");
  }

  var fini = false;
  function terminer() { if (!fini) { fini = true; rapporter(); api.LMSFinish(""); } }

  function demarrer() {
    if (String(api.LMSInitialize("")) !== "true") { return; }
    rapporter();
    document.addEventListener("piu-reponse", rapporter);
    window.addEventListener("pagehide", terminer);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", demarrer); } else { demarrer(); }
})();
