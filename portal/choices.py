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
