/* Python des outils du cours, dans un Web Worker : Pyodide, la roue du cours, pas de Jupyter.
 *
 * Démarré par piu-outil.js (la page de l'outil). Charge Pyodide depuis le dossier du livre
 * (lite/static/pyodide/, jamais un autre site), les paquets dont les formulaires ont besoin
 * (pas IPython ni jedi : piu/core/learner/runner.py tient lieu de noyau), puis exécute les
 * cellules que la page lui donne. Messages :
 *   page → worker : {kind: "demarrer", base, dossier}, {kind: "prechauffer"} (avant le clic),
 *                   {kind: "executer", cellules: [{index, source}]},
 *                   {kind: "comm_msg" | "comm_close", comm_id, data, buffers, ref}
 *   worker → page : {kind: "pret" | "cellule" | "fin" | "erreur", …}, et les messages de runner.py
 *                   (comm_open, comm_msg, comm_close, display, stream, clear, traite).
 */
"use strict";

var pyodide = null;
var runner = null;
var namespace = null;
var queue = Promise.resolve();
var quiet = { messageCallback: function () {}, errorCallback: function (t) { console.warn(t); } };

/* Les paquets de la roue du cours et ce qu'ils demandent, sans IPython (ni jedi, ni prompt_toolkit)
 * ni jupyterlab-widgets (l'extension JupyterLab des widgets : du JavaScript, que Python n'importe pas). */
var SANS = { "ipython": true, "jupyterlab-widgets": true };

function closure(lock, names) {
  var packages = lock.packages, seen = {}, order = [];
  function norm(n) { return n.toLowerCase().replace(/[-_.]+/g, "-"); }
  var index = {};
  Object.keys(packages).forEach(function (k) { index[norm(k)] = k; });
  (function walk(list) {
    list.forEach(function (name) {
      var key = index[norm(name)];
      if (!key || seen[key] || SANS[norm(key)]) { return; }
      seen[key] = true;
      walk(packages[key].depends || []);
      order.push(key);
    });
  })(names);
  return order;
}

function post(kind, text, buffers) {
  var message = JSON.parse(text);
  message.kind = kind;
  var list = [];
  if (buffers) {
    for (var i = 0; i < buffers.length; i++) {
      var view = buffers[i];
      list.push(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    }
  }
  message.buffers = list;
  self.postMessage(message, list);
}

/* Ce que les formulaires importent (et leurs dépendances, sauf SANS). */
var WANTED = ["piu", "ipywidgets", "traitlets"];

async function start(base, folder) {
  var t0 = Date.now();
  var lockLoaded = fetch(base + "pyodide-lock.json").then(function (r) { return r.json(); });
  importScripts(base + "pyodide.js");
  /* Pyodide écrit ses propres messages (« Loading pandas… ») dans la console, pas dans la page. */
  pyodide = await self.loadPyodide({ indexURL: base, lockFileURL: base + "pyodide-lock.json",
    stdout: function (t) { console.log(t); }, stderr: function (t) { console.warn(t); } });
  var lock = await lockLoaded;
  var tLoaded = Date.now();
  var wanted = closure(lock, WANTED);
  /* Par leur nom si toutes leurs dépendances sont admises, sinon par leur adresse (pas de résolution). */
  var list = wanted.map(function (key) {
    var entry = lock.packages[key];
    var blocked = (entry.depends || []).some(function (d) { return SANS[d.toLowerCase()]; });
    return blocked ? base + entry.file_name : key;
  });
  await pyodide.loadPackage(list, quiet);
  var t1 = Date.now();
  console.log("piu-outil : Pyodide " + (tLoaded - t0) + " ms ; paquets " + (t1 - tLoaded) + " ms : " + wanted.join(", "));
  /* Le module d'exécution d'abord, sans « import piu » : il met en place IPython.display et le
   * comm avant que ipywidgets s'importe. */
  runner = pyodide.runPython([
    "import importlib.util, sys, sysconfig",
    "name = 'piu.core.learner.runner'",
    "path = sysconfig.get_paths()['purelib'] + '/piu/core/learner/runner.py'",
    "import os; path = path + 'c' if os.path.exists(path + 'c') else path  # compilé à la construction",
    "spec = importlib.util.spec_from_file_location(name, path)",
    "module = importlib.util.module_from_spec(spec)",
    "sys.modules[name] = module",
    "spec.loader.exec_module(module)",
    "module"].join("\n"), { globals: pyodide.globals.get("dict")() });
  runner.install(post);
  namespace = pyodide.globals.get("dict")();
  var t2 = Date.now();
  pyodide.runPython("from piu.core.learner.browser import prepare; prepare(" + JSON.stringify(folder) + ")",
    { globals: namespace });
  var t3 = Date.now();
  /* Avant « prêt » : ce que toute page importe d'abord (piu, pandas, les données). */
  pyodide.runPython("import piu", { globals: pyodide.globals.get("dict")() });
  console.log("piu-outil : runner " + (t2 - t1) + " ms, prepare " + (t3 - t2) + " ms, import piu " +
    (Date.now() - t3) + " ms");
  self.postMessage({ kind: "pret", ms: Date.now() - t0 });
}

/* Démarré avant le clic, sur une page qui pose des questions : la banque de questions se lit
 * pendant que l'apprenant lit la page (jamais sur le chemin du clic : la première cellule
 * n'attend pas la banque si elle n'en a pas besoin). */
function warmBank() {
  var t0 = Date.now();
  pyodide.runPython("from piu.core.questions.bank import charger_banque\ncharger_banque()",
    { globals: pyodide.globals.get("dict")() });
  console.log("piu-outil : banque de questions " + (Date.now() - t0) + " ms (avant le clic)");
}

async function runCells(cells) {
  var t0 = Date.now();
  for (var i = 0; i < cells.length; i++) {
    /* matplotlib (marqué à la construction) et les paquets que la cellule importe elle-même. */
    if (cells[i].paquets) { await pyodide.loadPackage(cells[i].paquets, quiet); }
    await pyodide.loadPackagesFromImports(cells[i].source, quiet);
    var ok = await runner.run_cell(cells[i].index, cells[i].source, namespace);
    self.postMessage({ kind: "cellule", index: cells[i].index, ok: ok });
    if (i === 0) { console.log("piu-outil : première cellule " + (Date.now() - t0) + " ms"); }
  }
  console.log("piu-outil : " + cells.length + " cellules " + (Date.now() - t0) + " ms");
  self.postMessage({ kind: "fin" });
}

function handle(msg) {
  var buffers = (msg.buffers || []).map(function (b) { return new Uint8Array(b); });
  var data = Object.assign({}, msg);
  delete data.buffers;
  runner.handle_message(JSON.stringify(data), buffers.length ? pyodide.toPy(buffers) : null);
}

self.onmessage = function (event) {
  var msg = event.data || {};
  if (runner && (msg.kind === "comm_msg" || msg.kind === "comm_close")) {
    /* Un clic dans un formulaire : traité tout de suite, entre deux cellules s'il le faut. */
    try { handle(msg); } catch (err) { console.error(err); }
    return;
  }
  queue = queue.then(function () {
    if (msg.kind === "demarrer") { return start(msg.base, msg.dossier); }
    if (msg.kind === "prechauffer") { return warmBank(); }
    if (msg.kind === "executer") { return runCells(msg.cellules); }
  }).catch(function (err) {
    console.error(err);
    self.postMessage({ kind: "erreur", message: String(err && err.message || err) });
  });
};
