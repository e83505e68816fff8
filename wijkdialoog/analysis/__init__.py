"""Analysis of a dialogue's outcome: themes, cross-party view, opinion groups (no Django)."""
