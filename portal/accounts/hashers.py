from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the costs chosen by measurement (settings ARGON2_*, README "Logins and limits").

    The algorithm name stays "argon2": a hash made with other costs still verifies,
    and Django rehashes it with these at the next login.
    """

    @property
    def time_cost(self) -> int:
        return settings.ARGON2_TIME_COST

    @property
    def memory_cost(self) -> int:
        return settings.ARGON2_MEMORY_COST_KIB

    @property
    def parallelism(self) -> int:
        return settings.ARGON2_PARALLELISM
