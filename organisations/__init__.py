"""Organisations: memberships, required training and compliance reports."""
