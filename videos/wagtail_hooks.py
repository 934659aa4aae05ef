"""Admin hooks of the video library: the "Vidéothèque" menu and the video chooser, which
the shared video block (``cms.blocks.VideoBlock``) uses."""

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet

from cms.blocks import VIDEO_MODEL, register_chooser_widget
from cms.editorial.views import EditorialCreateView, EditorialEditView
from videos.models import VideoPage
from videos.views import VideoViewSet, video_chooser_viewset

register_chooser_widget(VIDEO_MODEL, video_chooser_viewset.widget_class)


@hooks.register("register_admin_viewset")
def register_video_viewset():
    return VideoViewSet("videos")


@hooks.register("register_admin_viewset")
def register_video_chooser_viewset():
    return video_chooser_viewset


class VideoPageViewSet(PageViewSet):
    """Video pages are submitted and published under the editorial line (their video must
    have French captions and a transcript: ``videos.editorial``)."""

    model = VideoPage
    add_view_class = EditorialCreateView
    edit_view_class = EditorialEditView


@hooks.register("register_admin_viewset")
def register_video_page_viewset():
    return VideoPageViewSet("video_pages")
