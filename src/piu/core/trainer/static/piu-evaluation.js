// Évaluation notée : rassemble les réponses du formulaire en une « copie » JSON et la propose
// au téléchargement. Aucun corrigé dans la page, aucun retour avant la remise.
(function () {
  "use strict";
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
  function slug(name) {
    return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "apprenant";
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
  function handIn(form, event) {
    event.preventDefault();
    var status = form.querySelector(".piu-retour");
    var name = form.querySelector("input[name=piu-apprenant]").value.replace(/\s+/g, " ").trim();
    if (!name) { status.textContent = "Indiquez votre nom et votre prénom avant de remettre votre copie."; return; }
    var meta = JSON.parse(form.getAttribute("data-piu-evaluation"));
    var items = form.querySelectorAll(".piu-eval-item"), answers = {}, empty = 0;
    for (var i = 0; i < items.length; i++) {
      var value = answer(items[i]);
      if (value === null) empty++; else answers[items[i].getAttribute("data-id")] = value;
    }
    var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var stamp = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) + "T" +
      pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds());
    var copy = { format: "piu-copie", version: 1, evaluation: meta.evaluation, apprenant: name,
                 remise_le: stamp, reponses: answers };
    var blob = new Blob([JSON.stringify(copy, null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "copie-" + slug(name) + ".json";
    document.body.appendChild(link); link.click(); link.remove();
    status.textContent = handedInMessage(link.download, empty);
  }
  function init() {
    var forms = document.querySelectorAll("form.piu-evaluation");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", handIn.bind(null, forms[i]));
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
