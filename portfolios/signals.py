"""What the portfolio app tells others. `search` listens; portfolios never imports search."""

from django.dispatch import Signal

# Sent after commit with `portfolio_id` when what others may see or find changed:
# publishing, unpublishing, consent switched, erasure.
portfolio_visibility_changed = Signal()

# Sent inside the publishing transaction with `portfolio_id` and `jobseeker_id`, so apps
# that keep something about the person's skills (staff levels) add it to what is published.
portfolio_published = Signal()
