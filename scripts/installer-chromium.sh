#!/usr/bin/env bash
# Installe Chromium (paquet Debian) pour le test du livre dans un vrai navigateur, s'il manque.
# Playwright pilote ce Chromium-là : on ne télécharge jamais de navigateur (pas de « playwright install »).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x "${PIU_CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium est introuvable et apt-get n'est pas disponible : installez Chromium puis indiquez son chemin dans PIU_CHROMIUM." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Chromium est introuvable : installez-le avec « sudo apt-get install -y chromium »." >&2
    exit 1
  fi
fi
echo "Installation de Chromium (apt-get) pour le test du livre dans le navigateur..."
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
