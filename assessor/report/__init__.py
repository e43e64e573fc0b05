"""The client report: one model built from an assessment, its Markdown, HTML and JSON renderings, and the
safe file writes every export goes through. It imports the domain (assessor.core) and nothing above it.
"""
