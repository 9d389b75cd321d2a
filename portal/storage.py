from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """Storage for people's files (evidence, certificates): never under a public URL.

    A callable, so tests and deployments can point STORAGES["private"] elsewhere.
    """
    return storages["private"]
