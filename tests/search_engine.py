"""The Elasticsearch engine tests and benchmarks talk to, over HTTP; never a mock.

An Elasticsearch cluster when ELASTICSEARCH_URL is set; otherwise the embedded
OpenSearch-compatible test engine from PyPI (osmem-server), started once per
process. The one known difference of that engine kept here: it answers HTTP 406
to the 8.x client's compatibility media type, so the client sends plain JSON.
Other differences (no scripts, no Dutch stemming) the backend avoids by design:
see search/scoring.py.
"""

import atexit
import os
from functools import cache

from elastic_transport import Urllib3HttpNode
from elasticsearch import Elasticsearch


class PlainJsonNode(Urllib3HttpNode):
    """Send and accept `application/json` instead of the 8.x compatibility media type."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers is not None:
            headers = dict(headers)
            for name in list(headers):
                if name.lower() in ("accept", "content-type"):
                    headers[name] = "application/json"
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


@cache
def engine_url() -> tuple[str, bool]:
    """(URL, is the embedded test engine)."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        return url, False
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    atexit.register(server.process.terminate)
    return server.url, True


def engine_client() -> Elasticsearch:
    url, embedded = engine_url()
    if embedded:
        return Elasticsearch(url, node_class=PlainJsonNode, request_timeout=30)
    return Elasticsearch(url, request_timeout=30)
