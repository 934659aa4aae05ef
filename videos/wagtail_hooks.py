"""Admin hooks of the video library: the "Vidéothèque" menu and the video chooser."""

from wagtail import hooks

from videos.views import VideoViewSet, video_chooser_viewset


@hooks.register("register_admin_viewset")
def register_video_viewset():
    return VideoViewSet("videos")


@hooks.register("register_admin_viewset")
def register_video_chooser_viewset():
    return video_chooser_viewset
