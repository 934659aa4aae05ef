"""Webhooks: signed notices of the delivery store's changes, sent to subscribed endpoints."""
