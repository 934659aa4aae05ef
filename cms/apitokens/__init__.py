"""API tokens: hashed, scoped, expiring and revocable credentials for machine clients.

Shared mechanism: a feature app registers the scopes it needs (``scopes.register``) and
guards its views with ``APITokenAuthentication`` and ``HasScope`` (docs/api.md).
"""
