from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The ``cms.uploads`` kind of video originals (``/admin/uploads/video/``).
UPLOAD_KIND = "video"


class VideosConfig(AppConfig):
    """The interministerial video library: videos, their rights, sharing and processing."""

    name = "videos"
    verbose_name = _("Vidéothèque")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from cms.blocks import VIDEO_MODEL
        from cms.media.stored import register_stored
        from cms.uploads.kinds import UploadKind, register
        from cms.workflows import roles
        from cms.workflows.choosers import register_choosable
        from videos import editorial  # noqa: F401 (registers the videos' editorial-line rule)
        from videos.models import Video
        from videos.permissions import (
            EDITING_PERMISSIONS,
            USING_PERMISSIONS,
            policy,
            usable_videos,
        )
        from videos.serving import stored_video_file
        from videos.signal_handlers import register_signal_handlers

        register_permission_policy(Video, policy)
        register_signal_handlers()
        # A form accepts only the videos its user may use (a forged id is refused).
        register_choosable(VIDEO_MODEL, lambda user, videos: videos & usable_videos(user))
        # Originals come through the resumable uploader; the size limit is UPLOAD_MAX_SIZE.
        register(UploadKind(name=UPLOAD_KIND, permission="videos.add_video"))
        # The admin's file view (/admin/media/videos/…) serves a video's files to whoever
        # may use the video (videos.serving).
        register_stored(stored_video_file)
        # The Rédaction and each ministry's contributors and validators add, edit, delete,
        # choose and see videos; community managers choose and see them. Which videos:
        # videos.permissions (owner, sharing).
        for role in (roles.EDITORS, roles.CHIEF_EDITORS, "contributors", "validators"):
            roles.register_model_permissions(role, EDITING_PERMISSIONS)
        roles.register_model_permissions("community_managers", USING_PERMISSIONS)
