"""Choices that portfolios and vacancies share, so matching compares like with like."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkType(models.TextChoices):
    PAID_JOB = "paid_job", _("Paid job")
    WORK_EXPERIENCE = "work_experience", _("Work-experience place")
    LEARNING_WORK = "learning_work", _("Learning-work place")
    INTERNSHIP = "internship", _("Internship")
    VOLUNTEERING = "volunteering", _("Volunteering")
    TRIAL_PLACEMENT = "trial_placement", _("Trial placement")


class SkillLevel(models.IntegerChoices):
    """The four plain statements a jobseeker chooses from (PRODUCT.md)."""

    LEARNING = 1, _("I am learning it")
    WITH_HELP = 2, _("I can do it with help")
    ON_MY_OWN = 3, _("I can do it on my own")
    CAN_TEACH = 4, _("I can teach it")


class Sector(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics and warehouse")
    CLEANING = "cleaning", _("Cleaning")
    GREEN = "green", _("Green maintenance")
    HOSPITALITY = "hospitality", _("Hospitality and kitchen")
    RETAIL = "retail", _("Retail")
    CONSTRUCTION = "construction", _("Construction and installation")
    METAL = "metal", _("Metal and production")
    CARE = "care", _("Care and welfare support")
    FACILITY = "facility", _("Facility and reception")
    ADMINISTRATION = "administration", _("Administration")
    TRANSPORT = "transport", _("Transport")
    PRODUCTION = "production", _("Production")
    OTHER = "other", _("Other")


class DrivingLicence(models.TextChoices):
    """Licence categories; the licence facet of matching compares these codes."""

    AM = "AM", _("AM: moped")
    B = "B", _("B: car")
    BE = "BE", _("BE: car with trailer")
    C = "C", _("C: truck")
    CE = "CE", _("CE: truck with trailer")
    D = "D", _("D: bus")
    T = "T", _("T: tractor")


class Certificate(models.TextChoices):
    """Certificates employers commonly require in the Netherlands; a vacancy states them as
    musts and matching compares these codes (the order is also the search index's bit order:
    append, never reorder)."""

    FORKLIFT = "forklift", _("Forklift (heftruck)")
    REACH_TRUCK = "reach_truck", _("Reach truck")
    ORDER_PICKER = "order_picker", _("Order picker truck")
    AERIAL_PLATFORM = "aerial_platform", _("Aerial work platform (hoogwerker)")
    VCA_BASIC = "vca_basic", _("VCA basic safety")
    VCA_VOL = "vca_vol", _("VCA VOL (safety for supervisors)")
    BHV = "bhv", _("BHV (company emergency response)")
    FIRST_AID = "first_aid", _("First aid (EHBO)")
    SOCIAL_HYGIENE = "social_hygiene", _("SVH social hygiene")
    FOOD_HYGIENE = "food_hygiene", _("Food hygiene (HACCP)")
    CODE95 = "code95", _("Code 95 (professional driver)")
    SECURITY = "security", _("Security guard (beveiliger 2)")
    CLEANING = "cleaning", _("Cleaning (SVS basic)")


class DutchLevel(models.TextChoices):
    """How well someone speaks Dutch, on the European scale (CEFR), lowest first.

    A vacancy asks at least one of these (or nothing); a person says theirs. The
    labels say what each level means in plain words.
    """

    A1 = "A1", _("A1: I know a few words and sentences")
    A2 = "A2", _("A2: I understand simple sentences about everyday things")
    B1 = "B1", _("B1: I can talk about work and everyday things")
    B2 = "B2", _("B2: I can talk easily about most things")
    C1 = "C1", _("C1: I speak and write it well")
    C2 = "C2", _("C2: my Dutch is as good as a native speaker's")


def dutch_rank(level: str) -> int:
    """0 for no level (or none asked), 1 (A1) to 6 (C2): what matching compares."""
    try:
        return DutchLevel.values.index(level) + 1
    except ValueError:
        return 0
