/* (1) Tableaux filtrables ; (2) plus bas, tableaux plus larges que l’écran. */
/* Tableaux filtrables du cours piu (directive {tableau-filtrable}) : menus, recherche et
 * « proche de » (par exemple la population de votre territoire), sans réseau.
 * Règle de proximité, jumelle de piu/rex/jeu.py : classe de la valeur d'après les bornes du
 * tableau ; une ligne est proche quand sa classe est la même ou voisine ; les lignes proches
 * viennent d'abord, puis par écart de classe et rapport des valeurs ; sans valeur, en dernier.
 */
(function () {
  "use strict";

  function normaliser(texte) {
    return String(texte).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function lireNombre(texte) {
    var t = String(texte).replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    return /^\d+(\.\d+)?$/.test(t) && parseFloat(t) >= 1 ? parseFloat(t) : null;
  }

  function classe(valeur, bornes) {
    return bornes.filter(function (b) { return valeur >= b; }).length;
  }

  function installer(racine) {
    var barre = racine.querySelector(".piu-tableau-filtres");
    var corps = racine.querySelector("tbody");
    var compte = racine.querySelector(".piu-tableau-compte");
    var proche = racine.querySelector(".piu-tableau-proche");
    var recherche = racine.querySelector(".piu-tableau-recherche");
    var menus = Array.prototype.slice.call(racine.querySelectorAll("select[data-filtre]"));
    var lignes = Array.prototype.slice.call(corps.querySelectorAll("tr"));
    var bornes = JSON.parse(racine.getAttribute("data-bornes") || "[]");
    barre.hidden = false;

    function mettreAJour() {
      var q = normaliser(recherche.value);
      var valeur = proche ? lireNombre(proche.value) : null;
      var visibles = 0;
      var ordre = lignes.map(function (ligne, rang) {
        var filtres = JSON.parse(ligne.getAttribute("data-filtres"));
        var garde = menus.every(function (m) { return !m.value || filtres[m.getAttribute("data-filtre")] === m.value; })
          && (!q || normaliser(ligne.textContent).indexOf(q) >= 0);
        ligne.hidden = !garde;
        if (garde) { visibles += 1; }
        var v = parseFloat(ligne.getAttribute("data-proche"));
        var cle = [rang];
        var similaire = false;
        if (valeur !== null) {
          var ecart = isNaN(v) ? 9 : Math.abs(classe(v, bornes) - classe(valeur, bornes));
          similaire = ecart <= 1;
          cle = [similaire ? 0 : 1, ecart, isNaN(v) ? Infinity : Math.abs(Math.log(v / valeur)), rang];
        }
        ligne.querySelector(".piu-similaire").hidden = !similaire;
        return { ligne: ligne, cle: cle };
      });
      ordre.sort(function (a, b) {
        for (var i = 0; i < a.cle.length; i += 1) { if (a.cle[i] !== b.cle[i]) { return a.cle[i] - b.cle[i]; } }
        return 0;
      });
      ordre.forEach(function (o) { corps.appendChild(o.ligne); });
      var message = visibles + (visibles > 1 ? " lignes" : " ligne") + " sur " + lignes.length;
      if (proche && proche.value.trim() && valeur === null) {
        message += " — «\u00a0" + proche.value + "\u00a0» n’est pas un nombre lisible\u00a0: tapez par exemple 45\u202f000";
      }
      compte.textContent = message;
    }

    menus.forEach(function (m) { m.addEventListener("change", mettreAJour); });
    recherche.addEventListener("input", mettreAJour);
    if (proche) { proche.addEventListener("input", mettreAJour); }
    mettreAJour();
  }

  function demarrer() {
    Array.prototype.forEach.call(document.querySelectorAll(".piu-tableau"), installer);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", demarrer); } else { demarrer(); }
})();

/* Tableaux plus larges que l’écran (un téléphone, 375 px) : le thème les met dans une boîte qui
 * défile, mais rien ne le dit, et la colonne coupée au bord passe pour la dernière. Chaque boîte
 * qui déborde reçoit une note au-dessus (« faites défiler le tableau ») et un fondu sur le bord
 * où il reste des colonnes (classes piu-defile, -debut, -fin ; voir piu-tableau.css), recalculés
 * au défilement et quand la fenêtre change de taille. La boîte prend le focus : les flèches du
 * clavier la font défiler.
 */
(function () {
  "use strict";

  var BOITES = ".pst-scrollable-table-container, .output.text_html, .piu-progres, .piu-tableau-defile";
  var NOTE = "Faites défiler le tableau vers la droite pour voir toutes ses colonnes.";

  function bords(boite) {
    boite.classList.toggle("piu-defile-debut", boite.scrollLeft > 1);
    boite.classList.toggle("piu-defile-fin", boite.scrollLeft + boite.clientWidth >= boite.scrollWidth - 1);
  }

  function marquer(boite) {
    var deborde = boite.scrollWidth > boite.clientWidth + 1;
    var note = boite.previousElementSibling;
    if (!(note && note.classList.contains("piu-defile-note"))) {
      if (!deborde) { boite.classList.remove("piu-defile"); return; }
      note = document.createElement("p");
      note.className = "piu-defile-note";
      note.textContent = NOTE;
      boite.parentNode.insertBefore(note, boite);
      boite.addEventListener("scroll", function () { bords(boite); }, {passive: true});
    }
    note.hidden = !deborde;
    boite.classList.toggle("piu-defile", deborde);
    if (deborde && !boite.hasAttribute("tabindex")) {
      boite.setAttribute("tabindex", "0");
      boite.setAttribute("role", "region");
      boite.setAttribute("aria-label", "Tableau à faire défiler");
    }
    bords(boite);
  }

  function tout() {
    Array.prototype.forEach.call(document.querySelectorAll(BOITES), function (boite) {
      if (boite.querySelector("table")) { marquer(boite); }
    });
  }

  var attente = null;
  function demarrer() {
    tout();
    window.addEventListener("resize", function () {
      clearTimeout(attente);
      attente = setTimeout(tout, 150);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", demarrer); } else { demarrer(); }
})();
