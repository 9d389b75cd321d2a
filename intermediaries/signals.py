"""What the intermediaries app tells others. Notifications and search listen; nobody is imported."""

from django.dispatch import Signal

# Sent after commit with `proposal_id` whenever a proposal is made or moves to another state.
proposal_changed = Signal()
