"""Documents to results: ratings, sections, roll-ups, adjustments, bands, distribution, outcomes."""
