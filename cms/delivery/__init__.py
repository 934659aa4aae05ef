"""The delivery side: the store of public documents and the public API that reads it.

Nothing here imports the editorial side (pages, snippets, workflows): the publication
pipeline (``cms.publishing``) is the only writer of the store. See docs/architecture.md.
"""
