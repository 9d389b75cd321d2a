"""URLs of the training centre's trajectory screens."""

urlpatterns: list = []
