"""The site: page layout, listings, the site plan (pages and nav), data files, discovery, paper pages."""
