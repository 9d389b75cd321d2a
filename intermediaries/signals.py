"""What the intermediaries app tells others. Notifications and search listen; nobody is imported."""

from django.dispatch import Signal

# Sent after commit whenever a proposal is made or moves to another state, with
# `proposal_id` and `event_id` (the ProposalEvent of that step).
proposal_changed = Signal()

# Sent after commit when a trajectory starts or changes status, with `trajectory_id`
# and `jobseeker_id`: the search index keeps the centre's trajectory status facet.
trajectory_changed = Signal()
