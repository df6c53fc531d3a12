"""What is made from the loaded data without Sphinx: citations, the timeline."""
