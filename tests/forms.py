"""POST data of admin forms, shared by the tests that drive the admin."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def news_form_data(action: str | None = None, **overrides) -> dict:
    """The admin form of a news item (``NewsPage`` or ``MinistryNewsPage``), valid by
    default; ``action`` adds the button pressed (``publish``, ``submit``…)."""
    data = {
        "title": "Le Gouvernement présente son plan",
        "slug": "plan",
        "kind": "communique",
        "chapo": "Un chapô court.",
        "hero_image": "",
        "embargo_until": "",
        "body": streamfield([("paragraph", rich_text("<p>Texte.</p>"))]),
        "topic_links": inline_formset([]),
        "ministry_links": inline_formset([]),
        "related_links": inline_formset([]),
        "attachments": inline_formset([]),
        "major_change": "",
        "change_note": "",
    }
    data.update(overrides)
    if action:
        data[f"action-{action}"] = "1"
    return nested_form_data(data)
