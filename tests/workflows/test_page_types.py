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


def test_home_and_news_declare_their_page_types_to_the_workflows():
    assert page_models(MinistrySectionMixin) == [MinistryPage]
    assert page_models(MinistryContentMixin) == [MinistryNewsPage]
    roots = {model: model.workflow_root_of for model in page_models(WorkflowRootMixin)}
    assert roots == {HomePage: GOVERNMENT_NEWS, MinistryIndexPage: MINISTRY_NEWS}
