"""Routes of the public search API, under ``/api/v1/`` (wired by ``cms/urls.py`` through
``cms.delivery.urls.api_patterns``; docs/api.md, section "Search")."""

from django.urls import path

from search import api

v1_patterns = [
    path("search/", api.SearchView.as_view(), name="search"),
    path("search/autocomplete/", api.AutocompleteView.as_view(), name="search-autocomplete"),
]
