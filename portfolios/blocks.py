from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ExperienceBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("work", _("Work")),
            ("volunteering", _("Volunteering")),
            ("internship", _("Internship")),
            ("school", _("School")),
        ],
        label=_("What kind"),
    )
    title = blocks.CharBlock(label=_("What did you do?"), max_length=150)
    place = blocks.CharBlock(label=_("Where?"), max_length=150, required=False)
    period = blocks.CharBlock(label=_("When?"), max_length=80, required=False)
    description = blocks.TextBlock(label=_("Tell a bit more"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Experience")


class EducationBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Course or diploma"), max_length=150)
    school = blocks.CharBlock(label=_("School or provider"), max_length=150, required=False)
    year = blocks.CharBlock(label=_("Year"), max_length=20, required=False)
    certificate = blocks.BooleanBlock(label=_("I have a certificate"), required=False)

    class Meta:
        icon = "pick"
        label = _("Education or certificate")


class NarrativeBlock(blocks.StreamBlock):
    experience = ExperienceBlock()
    education = EducationBlock()
