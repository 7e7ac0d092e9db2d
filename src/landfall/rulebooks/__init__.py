"""Rulebooks shipped with landfall: each jurisdiction's law as data plus small rules."""
