"""The pipeline's test helpers of ``tests/delivery`` (``deliver``: run its work at the
end of a block, on either backend)."""

from tests.delivery.conftest import deliver, fresh_rendition_cache  # noqa: F401 (fixtures)
