"""Open interfaces: feeds, OAI-PMH, citation export and scholarly metadata.

Each interface is a sub-package (`oai/`, `feeds/`, `citations/`, `metadata/`) that plugs into
the catalogue through its hooks and format registry from `InteropConfig.ready()`.
"""
