"""The publication pipeline: the only code that reads the editorial side and writes the
delivery store (``cms.delivery``). See ``pipeline`` and docs/architecture.md."""
