"""Tools that read or write files around the site: import, export, new, link checks, generated forms."""
