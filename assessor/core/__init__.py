"""The domain: models, data loading, the AIJRI engine, matching, conversation, plan and report.

Nothing in this package imports Textual; tests/unit/test_import_hygiene.py proves it.
"""
