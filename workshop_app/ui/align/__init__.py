"""The Align & prioritise stage's parts: alignment matrix, priority ranking, value/effort chart."""
