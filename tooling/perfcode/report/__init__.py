"""Problems, results and differences out: text, JSON, GitHub annotations, Markdown, CSV."""
