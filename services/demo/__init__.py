"""Deterministic demo data: a Changzhou district fair with enterprises, postings and résumés."""
