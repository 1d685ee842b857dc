"""Figures: the house style, footers with provenance, and chart builders that take tables."""
