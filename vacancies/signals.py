"""What the vacancies app tells others. `search` listens; vacancies never imports search."""

from django.dispatch import Signal

# Sent after commit with `vacancy_id` when what a match sees of a vacancy changed:
# created, edited, skills set, published, closed, expired.
vacancy_changed = Signal()
# The same for many vacancies at once (a bulk import), with `vacancy_ids`: one message, so
# listeners can do their work in one batch.
vacancies_changed = Signal()
