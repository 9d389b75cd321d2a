"""Keep the impact totals (`impact_summary`) equal to the placements they count.

Placements live in `intermediaries`, below this app, so it cannot call us: we listen to
its model signals. Queryset `update()` and `bulk_create()` send none; code that writes
placements so (the demo, the bench) runs `impact_summary_rebuild` afterwards.
"""

from .impact_summary import impact_summary_refresh, month_of, placement_bucket


def placement_will_change(sender, instance, update_fields=None, **kwargs) -> None:
    """Note the month a placement counted in before a save that may move it, or its delete."""
    if instance.pk is None or (update_fields is not None and "start_date" not in update_fields):
        return
    instance._impact_bucket_before = placement_bucket(instance.pk)


def placement_saved(sender, instance, **kwargs) -> None:
    buckets = {
        getattr(instance, "_impact_bucket_before", None),
        (instance.proposal.organisation_id, month_of(instance.start_date)),
    }
    impact_summary_refresh(buckets=buckets - {None})


def placement_deleted(sender, instance, **kwargs) -> None:
    bucket = getattr(instance, "_impact_bucket_before", None)
    if bucket is not None:
        impact_summary_refresh(buckets=[bucket])


def follow_up_changed(sender, instance, **kwargs) -> None:
    bucket = placement_bucket(instance.placement_id)
    if bucket is not None:
        impact_summary_refresh(buckets=[bucket])


def anonymous_placement_changed(sender, instance, **kwargs) -> None:
    impact_summary_refresh(buckets=[(instance.organisation_id, month_of(instance.start_date))])
