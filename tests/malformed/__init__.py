"""Hostile and broken inputs, each with what cleaning it must give (see cases.py)."""
