"""The admin's forms of synonyms and best bets, and their checks (messages in French)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminModelForm

from search.curation import targets, text
from search.curation.chooser import item_chooser_viewset
from search.curation.models import MAX_TERM_WORDS, BestBet, Language, SynonymTerm

#: Longest term, in characters.
MAX_TERM_LENGTH = 100
#: Most items one best bet puts forward (shown first on the first page of results).
MAX_TARGETS = 5


def language_name(code: str) -> str:
    return {Language.FR: _("en français"), Language.EN: _("en anglais")}.get(code, code)


class SynonymGroupForm(WagtailAdminModelForm):
    """Checks the terms: words in each, two different terms at least, none already in
    another group of the same language."""

    def clean(self):
        cleaned = super().clean()
        lines, locale = cleaned.get("terms"), cleaned.get("locale")
        if lines is None or locale is None:
            return cleaned
        errors, seen = [], {}
        for term in [line.strip() for line in lines.splitlines() if line.strip()]:
            normalised = text.normalise(term)
            if not normalised:
                errors.append(
                    _("«\u00a0%(term)s\u00a0» ne contient ni lettre ni chiffre.") % {"term": term}
                )
            elif len(term) > MAX_TERM_LENGTH:
                errors.append(
                    _("«\u00a0%(term)s\u00a0» dépasse %(max)s\u00a0caractères.")
                    % {"term": term, "max": MAX_TERM_LENGTH}
                )
            elif len(normalised.split()) > MAX_TERM_WORDS:
                errors.append(
                    _("«\u00a0%(term)s\u00a0» compte plus de %(max)s\u00a0mots.")
                    % {"term": term, "max": MAX_TERM_WORDS}
                )
            elif normalised in seen:
                errors.append(
                    _(
                        "«\u00a0%(first)s\u00a0» et «\u00a0%(second)s\u00a0» sont le même terme (majuscules et "
                        "accents sont indifférents)."
                    )
                    % {"first": seen[normalised], "second": term}
                )
            else:
                seen[normalised] = term
        if not errors and len(seen) < 2:
            errors.append(_("Indiquez au moins deux termes différents, un par ligne."))
        self._seen_terms = seen
        errors += self._taken(seen, locale)
        if errors:
            self.add_error("terms", errors)
        return cleaned

    def _taken(self, seen: dict[str, str], locale: str) -> list[str]:
        """The errors of the terms of ``seen`` (normalised → as typed) that another group
        of ``locale`` holds now."""
        taken = SynonymTerm.objects.filter(locale=locale, normalised__in=seen).select_related(
            "group"
        )
        if self.instance.pk:
            taken = taken.exclude(group=self.instance)
        return [
            _(
                "«\u00a0%(term)s\u00a0» figure déjà dans un autre groupe %(language)s\u00a0: «\u00a0%(group)s\u00a0»."
            )
            % {"term": seen[row.normalised], "language": language_name(locale), "group": row.group}
            for row in taken
        ]

    def add_conflict_errors(self) -> bool:
        """After a save of this valid form refused by the unique constraint of the terms
        (another editor saved one of them in the meantime, its transaction rolled
        back): add the error of each term now in another group, as ``clean`` words it;
        whether there was one."""
        errors = self._taken(self._seen_terms, self.cleaned_data["locale"])
        if errors:
            self.add_error("terms", errors)
        return bool(errors)


class TargetForm(WagtailAdminModelForm):
    """One item of a best bet, chosen among the public news items and videos
    (``search.curation.chooser``)."""

    document_key = forms.CharField(
        label=_("Contenu"),
        help_text=_("Une actualité ou une vidéo publiée, de la langue de la recherche."),
        widget=item_chooser_viewset.widget_class(),
        error_messages={"required": _("Choisissez un contenu.")},
    )

    def clean_document_key(self) -> str:
        """A public news item or video, or the item this row already held (kept, and
        not shown, while it is not public)."""
        key = self.cleaned_data["document_key"]
        if (
            key != self.instance.document_key
            and not targets.public_items().filter(key=key).exists()
        ):
            raise ValidationError(_("Ce contenu n'est pas une actualité ou une vidéo publiée."))
        return key


class BestBetForm(WagtailAdminModelForm):
    """Checks the query (words, not already a best bet of the language) and the items
    (one at least, ``MAX_TARGETS`` at most, each once, of the query's language)."""

    def clean(self):
        cleaned = super().clean()
        self._clean_query(cleaned.get("query"), cleaned.get("locale"))
        self._clean_targets(cleaned.get("locale"))
        return cleaned

    def add_conflict_errors(self) -> bool:
        """After a save of this valid form refused by the unique constraint of the
        queries (another editor saved a best bet for this query in the meantime, its
        transaction rolled back): add the error ``clean`` gives now; whether there was
        one."""
        self._clean_query(self.cleaned_data["query"], self.cleaned_data["locale"])
        return self.has_error("query")

    def _clean_query(self, query: str | None, locale: str | None) -> None:
        if query is None or locale is None:
            return
        normalised = text.normalise(query)
        if not normalised:
            self.add_error("query", _("La recherche doit contenir au moins un mot."))
            return
        existing = BestBet.objects.filter(locale=locale, normalised_query=normalised).exclude(
            pk=self.instance.pk
        )
        if existing.exists():
            self.add_error(
                "query",
                _(
                    "Un meilleur résultat existe déjà pour cette recherche %(language)s\u00a0: «\u00a0%(query)s\u00a0»."
                )
                % {"language": language_name(locale), "query": existing.first().query},
            )

    def _clean_targets(self, locale: str | None) -> None:
        formset = self.formsets["targets"]
        if not formset.is_valid():
            return
        chosen = [
            form.cleaned_data["document_key"]
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("document_key")
        ]
        if not chosen:
            raise ValidationError(_("Choisissez au moins un contenu à mettre en avant."))
        if len(chosen) > MAX_TARGETS:
            raise ValidationError(
                _("Mettez en avant %(max)s\u00a0contenus au plus.") % {"max": MAX_TARGETS}
            )
        names = targets.labels(chosen)
        twice = sorted({key for key in chosen if chosen.count(key) > 1})
        if twice:
            raise ValidationError(
                [
                    _("«\u00a0%(item)s\u00a0» est choisi deux fois.") % {"item": names[key]}
                    for key in twice
                ]
            )
        if locale is None:
            return
        languages = targets.locales(chosen)
        other = [key for key in chosen if languages.get(key, locale) != locale]
        if other:
            raise ValidationError(
                [
                    _("«\u00a0%(item)s\u00a0» n'est pas %(language)s, la langue de la recherche.")
                    % {"item": names[key], "language": language_name(locale)}
                    for key in other
                ]
            )
