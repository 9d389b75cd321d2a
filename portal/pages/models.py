from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index


class ContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph")
    )
    call_to_action = blocks.StructBlock(
        [
            ("text", blocks.CharBlock(label=_("Text"))),
            ("link", blocks.CharBlock(label=_("Link (path or address)"))),
        ],
        label=_("Call to action"),
        icon="link",
    )


class HomePage(Page):
    """The portal's front door: what Talentbrug is and where each kind of user starts."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    # One per content language: the English home page is the Dutch one's translation.
    max_count = len(settings.WAGTAIL_CONTENT_LANGUAGES)
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/home_page.html"

    def route(self, request, path_components):
        """Wagtail routes an English reader from the English home page (the site root's
        translation). What has no live English version — a page editors made only in
        Dutch, a translation taken offline, every portfolio — is served from the
        Dutch tree at the same address instead of answering 404."""
        try:
            return super().route(request, path_components)
        except Http404:
            default = self.get_translation_or_none(Locale.get_default())
            if default is None or default.pk == self.pk:
                raise
            return default.specific.route(request, path_components)

    class Meta:
        verbose_name = _("home page")


class ContentPage(Page):
    """About, privacy statement, accessibility statement and other site content."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.ContentPage"]
    template = "pages/content_page.html"

    class Meta:
        verbose_name = _("content page")
