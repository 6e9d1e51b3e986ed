"""Models of this roadmap stage (see ROADMAP.md). Not built yet."""
