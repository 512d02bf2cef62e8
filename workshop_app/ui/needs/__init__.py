"""The Needs stage's parts: request list, why-ladder, probing panel, prompt cards."""
