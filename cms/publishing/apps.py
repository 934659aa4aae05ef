from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The publication pipeline: editorial events to jobs that write the delivery store."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("Publication")

    def ready(self):
        # Importing registers the renderers, in rebuild order (what others show first).
        from cms.publishing import (  # noqa: F401
            crisis,
            organisations,
            pages,
            pipeline,
            purge,
            renditions,
            videos,
            visibility,
        )
        from cms.publishing.signal_handlers import register_signal_handlers
        from cms.scheduling import services

        videos.register()  # the "video" source after the pages: a rebuild renders it last
        renditions.register_signal_handlers()
        register_signal_handlers()
        pipeline.DEPENDENTS.append(visibility.dependents)
        # publish_due (cron, the every-minute task, --every on SQLite) keeps the store current.
        services.AFTER_SWEEP.append(pipeline.sweep)
