def axes_username(request, credentials=None) -> str | None:
    """The account a login attempt is for, so django-axes locks that account, not everyone behind one address.

    allauth hands the address to the authentication backends as `email`; the
    login form posts it as `login`. Without this, axes saw no username and one
    person's typos in a classroom locked out the whole room.
    """
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    else:
        value = getattr(request, "data", request.POST).get("login")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None
