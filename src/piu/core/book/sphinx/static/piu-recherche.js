/* Page de recherche : extraits et mots surlignés, que la requête ait ses accents ou non.
 *
 * Sphinx (searchtools.js) trouve déjà « procedure adaptee » (racines sans accents, voir
 * piu/core/book/sphinx/search.py) mais cherche l'extrait à montrer avec les mots tels qu'ils sont
 * tapés : sans accents, il montrait le haut de la page au lieu du passage, sans rien surligner.
 * Ici, le texte et les racines sont comparés sans accents ni majuscules, caractère pour caractère
 * (chaque caractère replié garde sa place), et l'extrait autour du premier passage trouvé est
 * montré avec ses mots surlignés.
 *
 * Ouvert depuis le disque (file://), le navigateur refuse les requêtes des pages qui donnent ces
 * extraits (« Failed to fetch ») : le texte des pages vient alors de piu-recherche-textes.js,
 * chargé seulement dans ce cas.
 */
(function () {
  "use strict";
  if (typeof Search === "undefined") return;

  var CONTEXTE = 120; // caractères avant le passage, comme Sphinx
  var LONGUEUR = 240;

  /* « Procédure » → « procedure », de même longueur : la position d'un passage dans le texte
     replié est sa position dans le texte. */
  function replier(texte) {
    var sortie = "";
    for (var i = 0; i < texte.length; i++) {
      var c = texte[i].normalize("NFD")[0].toLowerCase();
      sortie += c.length === 1 ? c : texte[i];
    }
    return sortie;
  }

  var LETTRE = /[\p{L}\p{N}]/u;

  /* Les passages [début, fin[ de l'extrait qui commencent par une racine cherchée, étendus
     jusqu'à la fin du mot (« adapt » surligne « adaptée »). */
  function passages(replie, racines) {
    var trouves = [];
    racines.forEach(function (racine) {
      for (var i = replie.indexOf(racine); i > -1; i = replie.indexOf(racine, i + 1)) {
        if (i > 0 && LETTRE.test(replie[i - 1])) continue; // au début d'un mot seulement
        var fin = i + racine.length;
        while (fin < replie.length && LETTRE.test(replie[fin])) fin++;
        trouves.push([i, fin]);
      }
    });
    trouves.sort(function (a, b) { return a[0] - b[0]; });
    var fusion = [];
    trouves.forEach(function (p) {
      var dernier = fusion[fusion.length - 1];
      if (dernier && p[0] <= dernier[1]) dernier[1] = Math.max(dernier[1], p[1]);
      else fusion.push(p.slice());
    });
    return fusion;
  }

  /* Le passage où se trouvent le plus de mots cherchés à la fois (« procédure adaptée » plutôt
     que le premier « procédure » du sommaire de la page) ; le premier à égalité. */
  var VOISINAGE = 80;
  function meilleurPassage(replie, racines) {
    var tous = passages(replie, racines);
    var meilleur = -1, position = 0;
    tous.forEach(function (p) {
      var fenetre = replie.slice(p[0], p[0] + VOISINAGE);
      var presents = racines.filter(function (r) { return fenetre.indexOf(r) > -1; }).length;
      if (presents > meilleur) { meilleur = presents; position = p[0]; }
    });
    return position;
  }

  /* Le texte d'une page, comme Search.htmlToText, moins ce qu'un lecteur ne lit pas : le code
     replié des cellules et ses boutons (« Afficher le code »), les notes des tableaux larges. */
  var HORS_TEXTE = ".headerlink, script, style, .cell_input, details.hide > summary, .piu-defile-note";
  function texteDeLaPage(htmlText, anchor) {
    var doc = new DOMParser().parseFromString(htmlText, "text/html");
    doc.querySelectorAll(HORS_TEXTE).forEach(function (e) { e.remove(); });
    var principal = doc.querySelector('[role="main"]');
    if (!principal) return "";
    var bloc = null;
    try { bloc = anchor ? principal.querySelector(anchor) : null; } catch (e) { bloc = null; }
    return (bloc || principal).textContent;
  }

  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    var texte = texteDeLaPage(htmlText, anchor).replace(/\s+/g, " ").trim();
    if (texte === "") return null;
    var racines = Array.from(keywords).map(replier).filter(function (r) { return r.length > 1; });
    var replie = replier(texte);
    var debut = Math.max(meilleurPassage(replie, racines) - CONTEXTE, 0);
    var extrait = texte.substr(debut, LONGUEUR);
    var resume = document.createElement("p");
    resume.classList.add("context");
    if (debut > 0) resume.appendChild(document.createTextNode("…"));
    var curseur = 0;
    passages(replier(extrait), racines).forEach(function (p) {
      resume.appendChild(document.createTextNode(extrait.slice(curseur, p[0])));
      var mot = document.createElement("span");
      mot.className = "highlighted";
      mot.textContent = extrait.slice(p[0], p[1]);
      resume.appendChild(mot);
      curseur = p[1];
    });
    resume.appendChild(document.createTextNode(extrait.slice(curseur)));
    if (debut + LONGUEUR < texte.length) resume.appendChild(document.createTextNode("…"));
    return resume;
  };

  /* « 14 pages correspondent », « une page correspond » : pas de « page(s) ». Sphinx écrit ce
     message juste après Search.stopPulse(), quand tous les résultats sont affichés. */
  var arreter = Search.stopPulse;
  Search.stopPulse = function () {
    arreter.apply(this, arguments);
    if (typeof Documentation === "undefined" || !Documentation.TRANSLATIONS) return;  // const : pas dans window
    var nombre = document.querySelectorAll("#search-results li").length;
    var message = nombre === 1 ? "Recherche terminée\u00a0: une page correspond à la recherche."
      : "Recherche terminée\u00a0: ${resultCount} pages correspondent à la recherche.";
    // La clé du catalogue est le message anglais de Sphinx (« Search finished, found… »).
    Object.keys(Documentation.TRANSLATIONS).forEach(function (cle) {
      if (cle.indexOf("Search finished, found ") === 0) { Documentation.TRANSLATIONS[cle] = message; }
    });
  };

  if (location.protocol !== "file:") return;

  /* Depuis le disque : les textes des pages, chargés une fois, au lieu des requêtes refusées. */
  var ici = document.currentScript ? document.currentScript.src : "";
  var textes = new Promise(function (fini) {
    var script = document.createElement("script");
    script.src = ici.replace(/piu-recherche\.js(\?.*)?$/, "piu-recherche-textes.js");
    script.onload = function () { fini(window.PIU_TEXTES || {}); };
    script.onerror = function () { fini({}); };
    document.head.appendChild(script);
  });
  var racine = new URL(document.documentElement.dataset.content_root || "./", location.href).href;
  var fetchDuNavigateur = window.fetch;

  function echapper(texte) {
    return texte.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  }

  window.fetch = function (adresse) {
    var complete = new URL(String(adresse), location.href).href;
    if (complete.indexOf(racine) !== 0 || !/\.html$/.test(complete)) {
      return fetchDuNavigateur.apply(this, arguments);
    }
    var page = decodeURIComponent(complete.slice(racine.length).replace(/\.html$/, ""));
    var appel = this, args = arguments;
    return textes.then(function (tous) {
      if (!(page in tous)) return fetchDuNavigateur.apply(appel, args);
      return new Response('<div role="main" data-piu-texte>' + echapper(tous[page]) + "</div>",
                          {headers: {"Content-Type": "text/html; charset=utf-8"}});
    });
  };
})();
