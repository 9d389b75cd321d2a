"""What the intermediaries app tells others. Notifications and search listen; nobody is imported."""

from django.dispatch import Signal

# Sent after commit whenever a proposal is made or moves to another state, with
# `proposal_id` and `event_id` (the ProposalEvent of that step).
proposal_changed = Signal()
