"""The site: the catalog of valid papers, page layout, listings, rendering, the site plan, BibTeX."""
