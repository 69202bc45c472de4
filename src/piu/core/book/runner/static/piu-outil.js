/* Les outils du cours dans la page même : « Ouvrir l'outil » met les formulaires sous le texte.
 *
 * Sur une page d'outil (notebooks/moduleN), le bloc « .piu-outil » porte les cellules de code
 * du notebook (JSON, écrit à la construction du livre). Au clic : Python démarre dans un Web
 * Worker (piu-outil-worker.js, Pyodide du dossier lite/ du livre), exécute les cellules une à
 * une, et chaque sortie prend la place de la sortie figée de sa cellule dans la page ; les
 * formulaires sont dessinés par les paquets standard des widgets (piu-widgets.js). Les réponses
 * vont dans la progression du livre par le même canal que JupyterLite (lite/piu-lite.js).
 *
 * Démarrage anticipé : dès que la page est chargée, Python démarre dans le worker (sans exécuter
 * les cellules), pour que les formulaires soient là au clic — jamais sur une connexion mobile ou
 * en mode « économiseur de données » (navigator.connection) : rien ne se télécharge alors avant
 * le clic. La page dit ce qui se télécharge (environ N Mo). Le bouton reste le déclencheur.
 */
(function () {
  "use strict";

  var block = document.querySelector(".piu-outil");
  if (!block) { return; }
  var root = block.getAttribute("data-racine") || "";
  var folder = block.getAttribute("data-dossier") || "notebooks";
  var button = block.querySelector(".piu-outil-bouton");
  var status = block.querySelector(".piu-outil-etat");
  var clicked = false;
  var ready = false;

  if (location.protocol === "file:") {
    block.querySelector(".piu-outil-ouvrir").hidden = true;
    block.querySelector(".piu-outil-fichier").hidden = false;
    return;
  }

  function say(text) { status.textContent = text; }
  function mark(state) { document.documentElement.setAttribute("data-piu-outil", state); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src; s.onload = resolve;
      s.onerror = function () { reject(new Error("fichier introuvable : " + src)); };
      document.head.appendChild(s);
    });
  }

  function loadStyle(href) {
    var l = document.createElement("link");
    l.rel = "stylesheet"; l.href = href;
    document.head.appendChild(l);
  }

  /* Les cellules de code de la page, dans l'ordre du notebook (même nombre que les cellules JSON). */
  var cells = JSON.parse(block.querySelector(".piu-outil-cellules").textContent);
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".bd-article div.cell"));

  function outputArea(index) {
    var cell = boxes[index];
    if (!cell) { return null; }
    var area = cell.querySelector(":scope > .piu-sortie");
    if (!area) {
      area = document.createElement("div");
      area.className = "piu-sortie";
      area.setAttribute("aria-live", "polite");
      cell.appendChild(area);
      cell.classList.add("piu-vivante");
    }
    return area;
  }

  var manager = null;
  var worker = null;
  var chain = Promise.resolve();
  var firstForm = false;

  function render(area, data) {
    var mime = window.PiuWidgets.WIDGET_MIMETYPE;
    var box = document.createElement("div");
    box.className = "piu-sortie-bloc";
    area.appendChild(box);
    if (data[mime]) {
      return manager.show(data[mime].model_id, box).then(function () {
        if (!firstForm) { firstForm = true; mark("formulaire"); }
      });
    }
    if (data["text/html"]) {
      box.innerHTML = data["text/html"];
    } else if (data["image/png"]) {
      var img = document.createElement("img");
      img.src = "data:image/png;base64," + data["image/png"];
      img.alt = data["text/plain"] || "Graphique";
      box.appendChild(img);
    } else if (data["text/plain"]) {
      var pre = document.createElement("pre");
      pre.textContent = data["text/plain"];
      box.appendChild(pre);
    }
    return Promise.resolve();
  }

  function stream(area, text) {
    var last = area.lastElementChild;
    if (!last || !last.classList.contains("piu-sortie-texte")) {
      last = document.createElement("pre");
      last.className = "piu-sortie-texte";
      area.appendChild(last);
    }
    last.textContent += text;
  }

  /* Une valeur nue (True, False, None) ne fait que répéter la vérification de la cellule :
   * le livre ne la montre pas, la page non plus. */
  function tidy(index) {
    var area = index === null || index === undefined ? null : boxes[index] && boxes[index].querySelector(":scope > .piu-sortie");
    if (!area) { return; }
    area.querySelectorAll(":scope > pre.piu-sortie-texte").forEach(function (pre) {
      if (/^\s*(True|False|None)\s*$/.test(pre.textContent)) { pre.remove(); }
    });
  }

  /* Une infobulle vide des widgets (« null », le champ d'envoi de fichier) n'est pas montrée. */
  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      var el = c.target;
      if (el.getAttribute && el.getAttribute("title") === "null") { el.removeAttribute("title"); }
      (c.addedNodes || []).forEach(function (n) {
        if (n.querySelectorAll) { n.querySelectorAll("[title='null']").forEach(function (e) { e.removeAttribute("title"); }); }
      });
    });
  }).observe(document.querySelector(".bd-article") || document.body,
    { subtree: true, childList: true, attributes: true, attributeFilter: ["title"] });

  function onMessage(msg) {
    var kind = msg.kind;
    if (kind === "comm_open" || kind === "comm_msg" || kind === "comm_close" || kind === "traite") {
      chain = chain.then(function () { return manager.handle(msg); }).catch(function (e) { console.error(e); });
      return;
    }
    if (kind === "display" || kind === "stream" || kind === "clear") {
      chain = chain.then(function () {
        var area = msg.cell === null || msg.cell === undefined ? null : outputArea(msg.cell);
        if (!area) { console.log(msg.text || msg.data); return; }
        if (kind === "clear") { area.textContent = ""; return; }
        if (kind === "stream") { stream(area, msg.text); return; }
        return render(area, msg.data);
      }).catch(function (e) { console.error(e); });
      return;
    }
    if (kind === "cellule") {
      chain = chain.then(function () { tidy(msg.index); });
      return;
    }
    if (kind === "pret") {
      ready = true;
      console.log("piu-outil : Python prêt en " + Math.round(performance.now() - tBoot) + " ms" +
        (clicked ? "" : " (avant le clic)"));
      if (clicked) { run(); return; }
      mark("python-pret");
      /* Une page qui pose des questions : la banque se lit avant le clic. */
      if (cells.some(function (c) { return /\b(question|verifier|questions_du_module)\(/.test(c.source); })) {
        worker.postMessage({ kind: "prechauffer" });
      }
    } else if (kind === "fin") {
      chain.then(function () {
        console.log("piu-outil : formulaires prêts " + Math.round(performance.now() - tClick) + " ms après le clic");
        mark("pret");
        say("Les outils sont prêts : remplissez les formulaires ci-dessous.");
        button.hidden = true;
      });
    } else if (kind === "erreur") {
      if (!clicked) {  /* le démarrage anticipé a échoué : le clic réessaiera */
        console.warn("piu-outil : démarrage anticipé impossible (" + msg.message + ")");
        if (worker) { worker.terminate(); }
        worker = null; manager = null; chain = Promise.resolve(); mark("");
        return;
      }
      mark("erreur");
      say("Les outils n'ont pas pu démarrer dans ce navigateur (" + msg.message + "). Rechargez la page, " +
        "ou utilisez le lien « voir le code ».");
      button.disabled = false;
    }
  }

  /* Sur une connexion mobile ou en « économiseur de données », rien avant le clic. */
  function mayPrestart() {
    var c = navigator.connection;
    if (!c) { return true; }
    if (c.saveData) { return false; }
    return c.type !== "cellular" && c.effectiveType !== "slow-2g" && c.effectiveType !== "2g";
  }

  var tBoot = 0;
  /* Python dans le worker, le rendu des formulaires et le relais de la progression ; les
   * cellules attendent le clic (run). */
  function boot() {
    if (worker) { return; }
    tBoot = performance.now();
    loadStyle(root + "_static/piu-widgets.css");
    var pyodide = new URL(root + "lite/static/pyodide/", location.href).href;
    worker = new Worker(root + "_static/piu-outil-worker.js");
    worker.postMessage({ kind: "demarrer", base: pyodide, dossier: folder });
    /* Les messages de Python attendent ce rendu, dans leur ordre d'arrivée. */
    var loaded = Promise.all([loadScript(root + "_static/piu-widgets.js"), loadScript(root + "lite/piu-lite.js")])
      .then(function () {
        manager = new window.PiuWidgets.PiuManager(function (message, transfer) {
          worker.postMessage(message, transfer);
        });
      });
    loaded.catch(function (err) { onMessage({ kind: "erreur", message: err.message }); });
    worker.onmessage = function (event) { loaded.then(function () { onMessage(event.data); }); };
    worker.onerror = function (event) { onMessage({ kind: "erreur", message: event.message || "erreur du worker" }); };
  }

  var tClick = 0;
  function run() {
    say("Python est prêt : les formulaires apparaissent…");
    worker.postMessage({ kind: "executer", cellules: cells });
  }

  function start() {
    if (clicked) { return; }
    clicked = true;
    tClick = performance.now();
    button.disabled = true;
    mark("demarrage");
    if (ready) { run(); return; }
    say("Python démarre dans votre navigateur…");
    boot();
  }

  button.addEventListener("click", start);
  if (mayPrestart()) {
    var prestart = function () { if (!worker) { mark("prechargement"); boot(); } };
    if (document.readyState === "complete") { setTimeout(prestart, 0); }
    else { window.addEventListener("load", function () { setTimeout(prestart, 0); }); }
  }
})();
