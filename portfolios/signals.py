"""What the portfolio app tells others. `search` listens; portfolios never imports search."""

from django.dispatch import Signal

# Sent after commit with `portfolio_id` when what others may see or find changed:
# publishing, unpublishing, consent switched, erasure.
portfolio_visibility_changed = Signal()
