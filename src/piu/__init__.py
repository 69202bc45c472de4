"""piu : achat public d'innovation urbaine, cours interactif pour les techniciens des collectivités."""

__version__ = "0.1.0"
