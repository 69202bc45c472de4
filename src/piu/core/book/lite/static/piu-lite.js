/* Cours piu dans JupyterLite : chargé par la page du notebook (lite/notebooks/index.html).
 *
 * 1. Quand le livre ouvre un notebook avec « piu-executer=1 », attend que le noyau Python du
 *    navigateur soit prêt puis exécute toutes les cellules : l'apprenant ne tape rien.
 * 2. Relaie la progression : le noyau tourne dans un Web Worker, sans localStorage ; il envoie
 *    chaque réponse sur le canal « piu-progres » (piu/core/learner/browser.py) et cette page l'écrit
 *    dans l'entrée que lisent les quiz du livre (piu-quiz.js : clé « piu-progres-v1 »,
 *    { id: { m: module, t: tentatives, j: juste, d: date ISO } }).
 *    Le dossier de projet de l'apprenant (piu/core/learner/dossier.py) suit le même chemin, sous la
 *    clé « piu-dossier-v1 » : un seul fichier, quels que soient les onglets. Python n'envoie que sa
 *    modification (message « dossier-modifier » : une section, les champs du projet, ou un dossier
 *    rouvert qui remplace le tout) ; cette page l'applique au fichier tel qu'il est maintenant dans
 *    localStorage (lecture, fusion, écriture dans le même tour de boucle, sans attente entre les
 *    trois) et renvoie le fichier fusionné à Python de chaque onglet (« dossier-a-jour ») : celui
 *    qui a envoyé la modification n'annonce « ajoutée » qu'à cette réponse.
 */
(function () {
  "use strict";

  var STORE = "piu-progres-v1";
  var CHANNEL = "piu-progres";
  var DOSSIER = "piu-dossier-v1";

  function readDossier() {
    try { return JSON.parse(localStorage.getItem(DOSSIER) || "null"); } catch (e) { return null; }
  }

  function readProgress() {
    try { return JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (e) { return {}; }
  }

  function record(id, module, juste) {
    var all = readProgress();
    var entry = all[id] || { m: module, t: 0, j: false };
    entry.m = module; entry.t += 1; entry.j = entry.j || juste; entry.d = new Date().toISOString();
    all[id] = entry;
    try { localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { /* stockage plein ou interdit */ }
  }

  /* Une modification du dossier, appliquée au fichier tel qu'il est maintenant (même règle que
   * fusionner() dans dossier.py : les autres sections et champs restent tels quels ; un champ du
   * projet vide est retiré). Renvoie la réponse pour Python : { dossier } ou { erreur }. */
  function changeDossier(msg) {
    var current;
    try { current = JSON.parse(localStorage.getItem(DOSSIER) || "null"); } catch (e) {
      return { erreur: "le dossier gardé par ce navigateur est illisible\u202f; rouvrez une copie téléchargée" };
    }
    if (msg.remplacer && typeof msg.remplacer === "object") {
      current = msg.remplacer;
    } else {
      if (current === null) { current = { format: "piu-dossier", version: 1, projet: {}, sections: {} }; }
      if (typeof current !== "object" || current.format !== "piu-dossier" || current.version !== 1) {
        return { erreur: "le dossier gardé par ce navigateur n’est pas un dossier de projet\u202f; rouvrez une copie téléchargée" };
      }
      current.projet = current.projet && typeof current.projet === "object" ? current.projet : {};
      current.sections = current.sections && typeof current.sections === "object" ? current.sections : {};
      if (typeof msg.section === "string" && msg.entree && typeof msg.entree === "object") {
        current.sections[msg.section] = msg.entree;
      }
      if (msg.projet && typeof msg.projet === "object") {
        Object.keys(msg.projet).forEach(function (key) {
          if (msg.projet[key]) { current.projet[key] = String(msg.projet[key]); } else { delete current.projet[key]; }
        });
      }
    }
    try { localStorage.setItem(DOSSIER, JSON.stringify(current)); } catch (e) {
      return { erreur: "le navigateur refuse d’enregistrer (stockage plein ou interdit)" };
    }
    return { dossier: current };
  }

  if (window.BroadcastChannel) {
    var channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = function (event) {
      var msg = event.data || {};
      if (msg.type === "demande") {
        channel.postMessage({ type: "etat", etat: readProgress() });
        var dossier = readDossier();
        if (dossier) { channel.postMessage({ type: "dossier-etat", dossier: dossier }); }
      } else if (msg.type === "dossier-modifier" && typeof msg.id === "string") {
        var answer = changeDossier(msg);
        answer.type = "dossier-a-jour"; answer.id = msg.id;
        channel.postMessage(answer);
      } else if (msg.type === "reponse" && typeof msg.id === "string") {
        record(msg.id, Number(msg.m), Boolean(msg.j));
      }
    };
  }

  /* ---- Exécuter le notebook à l'ouverture ---- */

  if (!/[?&]piu-executer=1(&|$)/.test(window.location.search)) { return; }

  var status;
  function say(text) {
    if (!status) {
      status = document.createElement("div");
      status.className = "piu-lite-etat";
      status.setAttribute("role", "status");
      status.style.cssText = "position:fixed;z-index:10000;right:1em;bottom:1em;max-width:28em;padding:.6em 1em;" +
        "background:#0b4f8a;color:#fff;border-radius:6px;font:15px/1.4 system-ui,sans-serif;" +
        "box-shadow:0 2px 8px rgba(0,0,0,.3)";
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  function wait(test, timeout) {
    var start = Date.now();
    return new Promise(function (resolve, reject) {
      (function poll() {
        var value;
        try { value = test(); } catch (e) { value = null; }
        if (value) { resolve(value); return; }
        if (Date.now() - start > timeout) { reject(new Error("délai dépassé")); return; }
        setTimeout(poll, 200);
      })();
    });
  }

  function notebookPanel(app) {
    var widget = app.shell.currentWidget;
    return widget && widget.sessionContext && widget.content && widget.content.widgets ? widget : null;
  }

  function kernelIdle(panel) {
    var session = panel.sessionContext.session;
    return session && session.kernel && session.kernel.status === "idle";
  }

  function run() {
    document.documentElement.setAttribute("data-piu-execution", "attente");
    say("Préparation de Python dans votre navigateur… (15 secondes environ la première fois)");
    wait(function () { return window.jupyterapp; }, 60000)
      .then(function (app) { return app.restored.then(function () { return app; }); })
      .then(function (app) {
        return wait(function () { return notebookPanel(app); }, 60000).then(function (panel) {
          return panel.context.ready.then(function () { return panel.sessionContext.ready; })
            .then(function () { return wait(function () { return kernelIdle(panel); }, 120000); })
            .then(function () {
              say("Exécution du notebook\u00a0: les formulaires apparaissent…");
              document.documentElement.setAttribute("data-piu-execution", "en-cours");
              return app.commands.execute("notebook:run-all-cells").then(function () {
                /* Revenir en haut du notebook : le premier outil, pas la dernière cellule. */
                try { panel.content.activeCellIndex = 0; panel.content.scrollToCell(panel.content.widgets[0]); }
                catch (e) { /* affichage seulement */ }
              });
            });
        });
      })
      .then(function () {
        document.documentElement.setAttribute("data-piu-execution", "terminee");
        say("Les outils sont prêts\u00a0: répondez dans les formulaires.");
        setTimeout(function () { if (status) { status.remove(); status = null; } }, 4000);
      }, function (err) {
        document.documentElement.setAttribute("data-piu-execution", "erreur");
        say("Le notebook n’a pas pu s’exécuter tout seul (" + (err && err.message) +
          ")\u00a0: menu Exécuter, puis «\u00a0Exécuter toutes les cellules\u00a0».");
      });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
