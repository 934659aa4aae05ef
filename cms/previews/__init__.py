"""Previews of drafts: in the admin (DSFR page), and for the front ends (signed tokens)."""
