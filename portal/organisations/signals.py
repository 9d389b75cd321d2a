"""What the organisations app tells others. `search` listens; portal never imports search."""

from django.dispatch import Signal

# Sent after commit with `user_id` when a person's memberships changed: joining, leaving
# or a new role changes which organisations may see their portfolio.
membership_changed = Signal()

# Sent after commit with `organisation_id` when an organisation was approved or rejected, or
# became another kind: an employer's vacancies appear or disappear with it, and who its
# jobseekers' portfolios are shown to changes.
organisation_changed = Signal()
