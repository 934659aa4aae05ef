"""The news edit view's "Historique public" side panel."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.side_panels import BaseSidePanel


class PublicHistorySidePanel(BaseSidePanel):
    """What readers are told about the item's history: the government of its first
    publication, the history-mode notice when it applies, the last major change and the
    public notes of every major change."""

    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = _("Afficher l'historique public")
        icon_name = "history"
        has_counter = False

    name = "public_history"
    title = _("Historique public")
    template_name = "news/side_panels/public_history.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = self.object
        context.update(
            government=page.government,
            history_notice=page.history_notice,
            last_major_update_at=page.last_major_update_at,
            changes=page.public_change_history() if page.pk else [],
        )
        return context
