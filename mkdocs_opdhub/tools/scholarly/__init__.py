"""Open scholarly APIs (arXiv, Crossref, OpenAlex, Semantic Scholar) as plain records.

Used by ``opdhub enrich``, ``opdhub new <id>`` and ``opdhub scout`` on maintainers' machines and
in CI, never by a site build. Everything an API answers is untrusted text: it is parsed with
``defusedxml`` / ``json``, cleaned by :mod:`.text` and checked by the paper validator before it
reaches a file.
"""
