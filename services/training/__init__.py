"""Skill-gap guidance for seekers, training providers and vocational schools."""
