"""The social-media planner API: ``/api/planner/items`` and ``/api/planner/calendar.ics``.

Authenticated by API tokens (``cms.apitokens``) holding ``planner:read``; reads the
editorial side (scheduled and embargoed items included), never the public store.
"""
