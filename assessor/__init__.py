"""assessor: a personal AI-automation risk assessment for medical and clinical coders."""

__version__ = "0.1.0"
