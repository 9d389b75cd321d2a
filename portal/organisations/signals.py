"""What the organisations app tells others. `search` listens; portal never imports search."""

from django.dispatch import Signal

# Sent after commit with `user_id` when a person's memberships changed: joining, leaving
# or a new role changes which organisations may see their portfolio.
membership_changed = Signal()

# Sent after commit with `organisation_id` when an organisation was approved or rejected:
# an employer's vacancies appear or disappear with it.
organisation_status_changed = Signal()
