"""Social return and impact, under /sociaal-rendement/."""

urlpatterns = []
