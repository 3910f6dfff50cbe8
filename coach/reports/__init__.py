"""What managers see: the team summary, digests, skills due and the heatmap."""
