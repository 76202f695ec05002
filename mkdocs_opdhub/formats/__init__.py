"""A paper's text in the formats it is printed in, for the site and the commands alike: text and
links made safe for each place (``escape.py``), BibTeX (``bibtex.py``), the Jinja environment of
our templates (``templates.py``) and the paper fields as a Markdown table (``fieldtable.py``).

Engine-independent: built on the core (:mod:`..model`), imported by ``site/``, ``tools/`` and
``cli/``; it imports none of them."""
