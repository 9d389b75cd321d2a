"""Who works at which training centre. Services, selectors and views ask this module.

Training staff, coaches and admins of an approved training centre work on its
trajectories, cohorts and progress reports (`portal.organisations.roles.training_centres`).
"""

from portal.accounts.models import User
from portal.organisations import roles
from portal.organisations.models import Organisation

training_centres_of = roles.training_centres


def is_training_staff_of(user: User, organisation: Organisation) -> bool:
    return training_centres_of(user).filter(pk=organisation.pk).exists()
