"""Real calls: the buying process, call times, deals, pre-call checklists, debriefs and outcomes."""
