"""Role-play drills: the buyer engine, scoring, the offer, scenarios and the move reader."""
