# Cours piu : deux commandes suffisent.
#   make cours   installe l'environnement (.venv), construit le livre, indique le fichier à ouvrir
#   make test    installe l'environnement, lance tous les tests (dont le livre construit, dans Chromium)
# Seuls Python 3.11, pip et make sont nécessaires : le reste vient des dépendances verrouillées (uv.lock).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
BOOK_INDEX := _build/html/index.html
# Les réponses données pendant la construction ne vont pas dans la progression de l'utilisateur.
BUILD_ENV := PIU_PROGRES=$(CURDIR)/_build/progres-construction.json PIU_DOSSIER=$(CURDIR)/_build/dossier-construction.json

.PHONY: cours livre livre-formateur servir archive-intranet paquet-apprenant scorm runtime-scorm test test-rapide jupyter progres lint nettoyer

cours: livre
	@echo ""
	@echo "Le cours est construit. Ouvrez dans votre navigateur :"
	@echo "  file://$(CURDIR)/$(BOOK_INDEX)"
	@echo "Pour que les outils s'exécutent dans le navigateur (adresse http://), lancez plutôt :"
	@echo "  make servir        (ou : .venv/bin/piu servir)"
	@# Ouvre le navigateur seulement s'il y a un écran (jamais un navigateur texte dans le terminal).
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = Darwin ]; then \
		$(BIN)/python -m webbrowser -t "file://$(CURDIR)/$(BOOK_INDEX)" >/dev/null 2>&1 || true; fi

$(BIN)/.installe: pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 est requis (trouvé : " + sys.version.split()[0] + ")"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --quiet
	@touch $@

# Le livre, puis son site JupyterLite (_build/html/lite : les outils dans le navigateur), reconstruit
# seulement si ses sources ont changé ; roues téléchargées une fois dans .cache/lite. Enfin les
# copies gzip des fichiers texte et WebAssembly, que « piu servir » envoie aux navigateurs.
livre: $(BIN)/.installe
	@if $(BIN)/python scripts/empreinte_livre.py verifier; then \
		echo "Livre à jour (sources inchangées depuis la dernière construction)."; \
	else \
		rm -f _build/.empreinte-livre && \
		$(BUILD_ENV) $(BIN)/jupyter-book build . --all --builder html -W -n --keep-going && \
		$(BIN)/python scripts/empreinte_livre.py ecrire; \
	fi
	$(BIN)/python -m piu.core.book.lite construire
	$(BIN)/python -m piu.core.book.compression _build/html

servir: $(BIN)/.installe
	$(BIN)/piu servir

# Une archive du livre construit (outils compris) à copier sur un serveur web de l'intranet.
archive-intranet: livre
	$(BIN)/python -m piu.core.book.lite archive

# Le paquet de l'apprenant : livre, outils dans le navigateur, notebooks et exercices, sans corrigé
# de l'évaluation (vérifié avant d'écrire _build/piu-apprenant.zip).
paquet-apprenant: livre
	$(BIN)/piu paquet-apprenant

# Un paquet SCORM 1.2 du livre de l'apprenant (sans le site des outils), à déposer dans Moodle.
# Ses pages disent où sont les outils : make scorm ADRESSE_COURS=https://intranet.exemple.fr/piu/
scorm: livre
	$(BIN)/python -m piu.core.book.scorm $(if $(ADRESSE_COURS),--adresse "$(ADRESSE_COURS)")

# Le run-time SCORM (scorm-again, côté plateforme) du test du paquet SCORM est engagé dans le dépôt :
# les tests n'ont pas besoin de npm. Pour le mettre à jour (npm requis), changer la version dans
# tests/book/scorm/package.json puis lancer cette cible, qui réécrit le verrou, le fichier et son empreinte.
runtime-scorm:
	npm install --prefix tests/book/scorm --no-audit --no-fund --silent
	cp tests/book/scorm/node_modules/scorm-again/dist/scorm12.min.js tests/book/scorm/scorm12.min.js
	cp tests/book/scorm/node_modules/scorm-again/LICENSE tests/book/scorm/LICENCE-scorm-again.txt
	cd tests/book/scorm && v=$$(node -p "require('./node_modules/scorm-again/package.json').version") && \
		echo "$$(sha256sum scorm12.min.js | cut -d' ' -f1)  scorm12.min.js  scorm-again@$$v dist/scorm12.min.js" \
		> scorm12.min.js.sha256

# Livre du formateur : toutes les pages de l'apprenant, plus le guide, les plans et les corrigés,
# et le même site JupyterLite que le livre de l'apprenant (les outils que le plan projette).
FORMATEUR_HTML := _build/formateur/_build/html
livre-formateur: $(BIN)/.installe
	$(BIN)/python scripts/sommaire_formateur.py _build/_toc-formateur.yml
	$(BUILD_ENV) $(BIN)/jupyter-book build . --all --builder html -W -n --keep-going \
		--toc _build/_toc-formateur.yml --path-output _build/formateur
	$(BIN)/python -m piu.core.book.lite construire
	$(BIN)/python scripts/outils_formateur.py _build/html/lite $(FORMATEUR_HTML)/lite
	$(BIN)/python -m piu.core.book.compression $(FORMATEUR_HTML)
	@echo "Livre du formateur : file://$(CURDIR)/$(FORMATEUR_HTML)/index.html"
	@echo "Avec les outils dans le navigateur : $(BIN)/piu servir --dossier $(FORMATEUR_HTML)"

# Le livre d'abord (les tests du navigateur l'ouvrent), puis les tests en trois processus, un
# fichier de test par processus (--dist loadfile : les cellules d'un notebook restent ensemble).
# Trois sur deux cœurs : les tests du navigateur attendent souvent Chromium.
test: livre
	@scripts/installer-chromium.sh
	$(BIN)/ruff check src tests
	PIU_LIVRE_PRET=1 $(BIN)/python -m pytest -n 3 --dist loadfile

test-rapide: $(BIN)/.installe
	$(BIN)/python -m pytest -m "not navigateur" -x

jupyter: $(BIN)/.installe
	$(BIN)/jupyter lab notebooks

progres: $(BIN)/.installe
	@$(BIN)/piu progres

lint: $(BIN)/.installe
	$(BIN)/ruff check src tests

nettoyer:
	rm -rf _build
