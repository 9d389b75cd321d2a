from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Try one webhook delivery (safe to run twice: it takes the row with a lock)."""
    # Imported here: api.webhooks queues this task, so it imports this module.
    from .webhooks import webhook_deliver

    return webhook_deliver(delivery_id=delivery_id)
