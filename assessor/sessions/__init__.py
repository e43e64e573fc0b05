"""Saved client sessions: the durable store and the records a counsellor reopens, compares and exports.

It sits beside the report package and below commands/ and tui/; it imports the domain (assessor.core) and
nothing above it.
"""
