"""The pipeline's test helpers of ``tests/delivery`` (``deliver``: run its work at the
end of a block, on either backend)."""

from tests.delivery.conftest import (  # noqa: F401 (fixtures)
    deliver,
    fresh_rendition_cache,
    publish,
)
