"""The interop app's models; each interface keeps its own in its sub-package."""

from manumit.interop.oai.models import OaiPending, OaiRecord

__all__ = ["OaiPending", "OaiRecord"]
