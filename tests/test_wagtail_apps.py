"""Issue 18, item 5: the Wagtail admin offers only what the portal uses.

Embeds, snippets, form pages and site settings were installed but used by no page type,
block or template. (Images stay installed: the Wagtail admin's own scripts need them.)
"""

import pytest

pytestmark = pytest.mark.django_db

UNUSED = ("/cms/snippets/", "/cms/forms/", "/cms/settings/", "/cms/embeds/")


def test_the_network_admin_finds_no_unused_wagtail_features(world, login):
    client = login(world.network_admin)

    dashboard = client.get("/cms/").content.decode()

    for address in UNUSED:
        assert client.get(address).status_code == 404, address
        assert f'href="{address}"' not in dashboard, address
    assert client.get("/cms/documents/").status_code == 200  # the content pages use documents
