"""Fixtures of the portfolio tests."""

import pytest

from portal.storage import PrivateFileSystemStorage
from portfolios.models import DataExport, Evidence, PortfolioDocument


@pytest.fixture
def tmp_private_storage(tmp_path, monkeypatch):
    """Point every private FileField at a fresh directory, so tests see only their own files."""
    storage = PrivateFileSystemStorage(location=str(tmp_path / "private"))
    for model in (Evidence, PortfolioDocument, DataExport):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storage)
    return storage
