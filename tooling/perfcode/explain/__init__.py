"""The chain from each rating to the grade."""
