"""Thin doors into the core: each translates platform updates to events and replies to calls."""
