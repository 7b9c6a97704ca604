"""New documents and organisations: `perfcode new`, `perfcode sample`."""
