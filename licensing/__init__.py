"""Licensing: the licensing authority register, checks, share codes and the API."""
