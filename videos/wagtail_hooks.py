"""Admin hooks of the video library: the "Vidéothèque" menu and the video chooser, which
the shared video block (``cms.blocks.VideoBlock``) uses."""

from wagtail import hooks

from cms.blocks import VIDEO_MODEL, register_chooser_widget
from videos.views import VideoViewSet, video_chooser_viewset

register_chooser_widget(VIDEO_MODEL, video_chooser_viewset.widget_class)


@hooks.register("register_admin_viewset")
def register_video_viewset():
    return VideoViewSet("videos")


@hooks.register("register_admin_viewset")
def register_video_chooser_viewset():
    return video_chooser_viewset
