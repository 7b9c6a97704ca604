"""Files to documents: the one reader of a repository, and raw mappings to frozen dataclasses."""
