"""Certificates: issuing, PDF rendering, verification, expiry and renewal."""
