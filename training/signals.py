"""What the training app tells others. Search listens; nobody is imported."""

from django.dispatch import Signal

# Sent after commit when a trajectory starts or changes status, with `trajectory_id`
# and `jobseeker_id`: the search index keeps the centre's trajectory status facet.
trajectory_changed = Signal()
