"""URLs of the training centre's cohort screens."""

urlpatterns: list = []
