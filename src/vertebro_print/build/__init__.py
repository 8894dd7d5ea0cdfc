"""Building every handout into a folder: the plan and its stamps, worker processes, the commit,
the manifest and the index page."""
