"""The site: views for an audience, pages, charts, and the MkDocs build."""
