"""Screens of the app: each composes small widgets and hands them models to render."""
