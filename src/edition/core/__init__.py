"""The edition's vocabulary, problems, model and dates: standard library only."""
