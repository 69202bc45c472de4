// Évaluation notée : rassemble les réponses du formulaire en une « copie » JSON et la propose
// au téléchargement. Aucun corrigé dans la page, aucun retour avant la remise.
//
// Les réponses sont gardées dans le navigateur au fil de la saisie (localStorage, une entrée par
// évaluation et par version du sujet) : un rechargement ne perd rien. Chaque réponse y porte
// l'heure de sa saisie ; un onglet n'écrit que la question qu'on vient d'y modifier et n'affiche
// une réponse venue d'ailleurs (événement « storage ») que si elle est plus récente : un onglet
// resté ouvert en arrière-plan n'efface jamais des réponses plus récentes. Le texte de
// l'apprenant n'est jamais écrit en HTML (value et textContent seulement).
(function () {
  "use strict";
  var PREFIX = "piu-evaluation-v1:";

  function storage() {
    try {
      var s = window.localStorage;
      s.getItem(PREFIX);
      return s;
    } catch (e) {
      return null;
    }
  }

  function answer(item) {
    var type = item.getAttribute("data-type");
    if (type === "choix-unique") {
      var r = item.querySelector("input:checked");
      return r ? r.value : null;
    }
    if (type === "choix-multiple") {
      var boxes = item.querySelectorAll("input:checked"), ids = [];
      for (var i = 0; i < boxes.length; i++) ids.push(boxes[i].value);
      return ids.length ? ids : null;
    }
    if (type === "numerique" || type === "texte") {
      var t = item.querySelector("input[type=text]");
      return t && t.value.trim() ? t.value : null;
    }
    if (type === "ouverte") {
      var a = item.querySelector("textarea");
      return a && a.value.trim() ? a.value : null;
    }
    var menus = item.querySelectorAll("select"), given = {}, all = true;
    for (var j = 0; j < menus.length; j++) {
      if (!menus[j].value) all = false;
      given[menus[j].getAttribute("data-element")] = menus[j].value;
    }
    if (!all) return null;
    if (type === "ordre") {
      return Object.keys(given).sort(function (x, y) { return given[x] - given[y]; });
    }
    return given;
  }

  // L'état brut des champs d'une question (même incomplet), pour le garder et le remettre.
  function readRaw(item) {
    var type = item.getAttribute("data-type");
    if (type === "choix-unique" || type === "choix-multiple") {
      var boxes = item.querySelectorAll("input:checked"), ids = [];
      for (var i = 0; i < boxes.length; i++) ids.push(boxes[i].value);
      return ids;
    }
    if (type === "numerique" || type === "texte") {
      var t = item.querySelector("input[type=text]");
      return t ? t.value : "";
    }
    if (type === "ouverte") {
      var a = item.querySelector("textarea");
      return a ? a.value : "";
    }
    var menus = item.querySelectorAll("select"), given = {};
    for (var j = 0; j < menus.length; j++) given[menus[j].getAttribute("data-element")] = menus[j].value;
    return given;
  }

  // Remet un état brut lu dans le stockage (qui peut avoir été modifié : tout est vérifié).
  function writeRaw(item, raw) {
    var type = item.getAttribute("data-type");
    if (type === "choix-unique" || type === "choix-multiple") {
      var chosen = Array.isArray(raw) ? raw.map(String) : [];
      var inputs = item.querySelectorAll("input");
      for (var i = 0; i < inputs.length; i++) inputs[i].checked = chosen.indexOf(inputs[i].value) >= 0;
      return;
    }
    var text = typeof raw === "string" ? raw : "";
    if (type === "numerique" || type === "texte") {
      var t = item.querySelector("input[type=text]");
      if (t) t.value = text;
      return;
    }
    if (type === "ouverte") {
      var a = item.querySelector("textarea");
      if (a) a.value = text;
      return;
    }
    var given = raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
    var menus = item.querySelectorAll("select");
    for (var j = 0; j < menus.length; j++) {
      var v = given[menus[j].getAttribute("data-element")];
      var ok = false;
      for (var k = 0; k < menus[j].options.length; k++) if (menus[j].options[k].value === v) ok = true;
      menus[j].value = ok ? v : "";
    }
  }

  function slug(name) {
    return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "apprenant";
  }

  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                "octobre", "novembre", "décembre"];
  function frenchDate(ms) {
    var d = new Date(ms), m = d.getMinutes();
    return "le " + d.getDate() + (d.getDate() === 1 ? "er" : "") + "\u00a0" + MONTHS[d.getMonth()] + "\u00a0" +
      d.getFullYear() + " à " + d.getHours() + "\u00a0h\u00a0" + (m < 10 ? "0" : "") + m;
  }

  // Le message après la remise : où est le fichier, qu’en faire, ce qui reste sans réponse.
  function handedInMessage(file, empty) {
    var unanswered = empty === 0 ? "Toutes les questions ont une réponse."
      : empty === 1 ? "Attention\u00a0: 1 question est restée sans réponse."
      : "Attention\u00a0: " + empty + " questions sont restées sans réponse.";
    return "Votre copie est enregistrée sur ce poste, dans le dossier des téléchargements du " +
      "navigateur, sous le nom «\u00a0" + file + "\u00a0». Envoyez ce fichier à votre formateur " +
      "(en pièce jointe d\u2019un courriel, ou par le moyen qu\u2019il vous a indiqué)\u00a0: " +
      "sans lui, votre évaluation n\u2019est pas corrigée. " + unanswered +
      " Vous pouvez encore compléter vos réponses et remettre une nouvelle copie\u00a0: la plus récente compte.";
  }

  // Une question, nommée comme dans la page (« Question 3 · Choix unique — … »).
  function label(item) {
    var tag = item.querySelector(".piu-etiquette");
    return tag ? tag.textContent.replace(/\s+/g, " ").trim() : item.getAttribute("data-id");
  }

  // Une boîte de dialogue dans la page (jamais window.confirm) : titre, texte, liste, deux boutons.
  function ask(form, options) {
    var old = form.querySelector("dialog.piu-dialogue");
    if (old) old.remove();
    var box = document.createElement("dialog");
    box.className = "piu-dialogue";
    box.setAttribute("aria-labelledby", "piu-dialogue-titre");
    var title = document.createElement("h2");
    title.id = "piu-dialogue-titre";
    title.textContent = options.title;
    box.appendChild(title);
    var text = document.createElement("p");
    text.textContent = options.text;
    box.appendChild(text);
    if (options.list && options.list.length) {
      var list = document.createElement("ul");
      options.list.forEach(function (entry) {
        var li = document.createElement("li");
        li.textContent = entry;
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    var buttons = document.createElement("div");
    buttons.className = "piu-dialogue-boutons";
    var yes = document.createElement("button"), no = document.createElement("button");
    yes.type = no.type = "button";
    yes.className = "piu-verifier piu-dialogue-oui";
    no.className = "piu-verifier piu-dialogue-non";
    yes.textContent = options.yes;
    no.textContent = options.no;
    function close() {
      if (box.open && box.close) box.close(); else box.removeAttribute("open");
      box.remove();
    }
    yes.addEventListener("click", function () { close(); options.onYes(); });
    no.addEventListener("click", function () { close(); if (options.onNo) options.onNo(); });
    box.addEventListener("cancel", function (e) { e.preventDefault(); close(); if (options.onNo) options.onNo(); });
    buttons.appendChild(no);
    buttons.appendChild(yes);
    box.appendChild(buttons);
    form.appendChild(box);
    if (typeof box.showModal === "function") box.showModal(); else box.setAttribute("open", "");
    no.focus();
    return box;
  }

  function Evaluation(form) {
    this.form = form;
    this.meta = JSON.parse(form.getAttribute("data-piu-evaluation"));
    this.key = PREFIX + this.meta.evaluation + ":" + (this.meta.version || "1");
    this.store = storage();
    this.applied = {};  // heure de la réponse affichée, par question (« nom » pour le nom)
    this.items = {};
    var items = form.querySelectorAll(".piu-eval-item");
    for (var i = 0; i < items.length; i++) this.items[items[i].getAttribute("data-id")] = items[i];
    this.name = form.querySelector("input[name=piu-apprenant]");
    this.saved = form.querySelector(".piu-sauvegarde");
  }

  Evaluation.prototype.say = function (text) {
    if (this.saved) this.saved.textContent = text;
  };

  Evaluation.prototype.load = function () {
    if (!this.store) return null;
    try {
      var state = JSON.parse(this.store.getItem(this.key) || "null");
      if (state && typeof state === "object" && state.items && typeof state.items === "object") return state;
    } catch (e) { /* une entrée illisible est ignorée, jamais affichée */ }
    return null;
  };

  // Garde une seule question (ou le nom) : relit l'entrée, ne remplace que ce champ-là.
  Evaluation.prototype.save = function (id) {
    if (!this.store) return;
    var state = this.load() || { format: "piu-reponses", version: 1, items: {} };
    var before = id === "nom" ? state.nom : state.items[id];
    var t = Math.max(Date.now(), before && typeof before.t === "number" ? before.t + 1 : 0);
    var entry = { v: id === "nom" ? this.name.value : readRaw(this.items[id]), t: t };
    if (id === "nom") state.nom = entry; else state.items[id] = entry;
    try {
      this.store.setItem(this.key, JSON.stringify(state));
      this.applied[id] = t;
      this.say("Réponses gardées dans ce navigateur, " + frenchDate(t) + ".");
    } catch (e) {
      this.say("Ce navigateur n\u2019a pas pu garder vos réponses (stockage plein ou désactivé)\u00a0: " +
               "ne fermez pas la page avant d\u2019avoir remis votre copie.");
    }
  };

  // Affiche ce que le stockage a de plus récent que la page ; une entrée effacée vide la page.
  Evaluation.prototype.sync = function (state) {
    var self = this, changed = 0, latest = 0;
    if (!state) {
      // Entrée absente : effacée dans un autre onglet si cette page affichait des réponses gardées.
      if (Object.keys(this.applied).length) {
        this.clearPage();
        this.say("Vos réponses ont été effacées de ce navigateur (depuis un autre onglet).");
      }
      return 0;
    }
    function take(id, entry, apply) {
      if (!entry || typeof entry.t !== "number") return;
      latest = Math.max(latest, entry.t);
      if (self.applied[id] !== undefined && self.applied[id] >= entry.t) return;
      apply(entry.v);
      self.applied[id] = entry.t;
      changed++;
    }
    take("nom", state.nom, function (v) { self.name.value = typeof v === "string" ? v : ""; });
    Object.keys(state.items).forEach(function (id) {
      if (self.items[id]) take(id, state.items[id], function (v) { writeRaw(self.items[id], v); });
    });
    if (changed && latest) this.say("Réponses gardées dans ce navigateur, " + frenchDate(latest) + ".");
    return changed ? latest : 0;
  };

  Evaluation.prototype.clearPage = function () {
    this.name.value = "";
    for (var id in this.items) writeRaw(this.items[id], null);
    this.applied = {};
  };

  Evaluation.prototype.erase = function () {
    var self = this;
    ask(this.form, {
      title: "Effacer vos réponses\u202f?",
      text: "Toutes les réponses de ce formulaire et votre nom seront effacés de cette page et de ce " +
            "navigateur. Une copie déjà téléchargée n\u2019est pas touchée.",
      yes: "Effacer mes réponses", no: "Annuler",
      onYes: function () {
        if (self.store) {
          try { self.store.removeItem(self.key); } catch (e) { /* rien à effacer */ }
        }
        self.clearPage();
        self.say("Vos réponses ont été effacées de ce navigateur.");
      }
    });
  };

  Evaluation.prototype.download = function (name, answers, empty) {
    var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var stamp = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) + "T" +
      pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds());
    var copy = { format: "piu-copie", version: 1, evaluation: this.meta.evaluation, apprenant: name,
                 remise_le: stamp, reponses: answers };
    var blob = new Blob([JSON.stringify(copy, null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "copie-" + slug(name) + ".json";
    document.body.appendChild(link); link.click(); link.remove();
    this.form.querySelector(".piu-retour").textContent = handedInMessage(link.download, empty);
  };

  Evaluation.prototype.handIn = function (event) {
    event.preventDefault();
    var status = this.form.querySelector(".piu-retour");
    var name = this.name.value.replace(/\s+/g, " ").trim();
    if (!name) {
      status.textContent = "Indiquez votre nom et votre prénom avant de remettre votre copie.";
      this.name.focus();
      return;
    }
    var answers = {}, missing = [];
    for (var id in this.items) {
      var value = answer(this.items[id]);
      if (value === null) missing.push(this.items[id]); else answers[id] = value;
    }
    var self = this;
    if (!missing.length) { this.download(name, answers, 0); return; }
    var n = missing.length;
    ask(this.form, {
      title: "Remettre une copie incomplète\u202f?",
      text: (n === 1 ? "1 question est sans réponse" : n + " questions sont sans réponse") +
            "\u00a0; une question sans réponse ne rapporte aucun point\u00a0:",
      list: missing.map(label),
      yes: "Télécharger quand même", no: "Revenir aux questions",
      onYes: function () { self.download(name, answers, n); },
      onNo: function () {
        var first = missing[0].querySelector("input, select, textarea");
        missing[0].scrollIntoView({ block: "center" });
        if (first) first.focus({ preventScroll: true });
      }
    });
  };

  Evaluation.prototype.start = function () {
    var self = this, form = this.form;
    if (!this.store) {
      this.say("Ce navigateur ne garde pas les réponses\u00a0: ne fermez pas et ne rechargez pas la " +
               "page avant d\u2019avoir remis votre copie.");
    } else {
      var latest = this.sync(this.load());
      if (latest) this.say("Vos réponses gardées dans ce navigateur sont revenues (dernière saisie " +
                           frenchDate(latest) + ").");
    }
    function edited(event) {
      var target = event.target;
      // Un champ de texte est gardé à chaque frappe (« input ») ; son « change » en quittant le
      // champ n'apporte rien et réécrirait un texte qu'un autre onglet a pu remplacer depuis.
      if (event.type === "change" && (target.tagName === "TEXTAREA" || target.type === "text")) return;
      if (target === self.name) { self.save("nom"); return; }
      var item = target.closest ? target.closest(".piu-eval-item") : null;
      if (item && self.items[item.getAttribute("data-id")] === item) self.save(item.getAttribute("data-id"));
    }
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    form.addEventListener("submit", this.handIn.bind(this));
    var eraser = form.querySelector(".piu-eval-effacer");
    if (eraser) eraser.addEventListener("click", this.erase.bind(this));
    window.addEventListener("storage", function (event) {
      if (event.key === self.key || event.key === null) self.sync(self.load());
    });
    // Un onglet gelé en arrière-plan a pu manquer des événements : il relit en revenant.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") self.sync(self.load());
    });
  };

  function init() {
    var forms = document.querySelectorAll("form.piu-evaluation");
    for (var i = 0; i < forms.length; i++) new Evaluation(forms[i]).start();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
