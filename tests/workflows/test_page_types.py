"""The workflows know the page types by the mixins they inherit, not by importing them."""

from cms.workflows.pages import (
    MinistryContentMixin,
    MinistrySectionMixin,
    WorkflowRootMixin,
    page_models,
)
from cms.workflows.setup import GOVERNMENT_NEWS, MINISTRY_NEWS
from home.models import HomePage
from news.models import MinistryIndexPage, MinistryNewsPage, MinistryPage
from videos.models import VideoPage


def test_home_news_and_videos_declare_their_page_types_to_the_workflows():
    assert page_models(MinistrySectionMixin) == [MinistryPage]
    # A ministry's news items and video pages follow its workflow (validators).
    assert page_models(MinistryContentMixin) == [MinistryNewsPage, VideoPage]
    roots = {model: model.workflow_root_of for model in page_models(WorkflowRootMixin)}
    assert roots == {HomePage: GOVERNMENT_NEWS, MinistryIndexPage: MINISTRY_NEWS}
