from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
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

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/home_page.html"

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
