"""The Meet & Match scheduling engine: pure Python, no Django (see problem.py)."""
