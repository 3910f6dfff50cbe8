"""The scheduler process and its jobs: check-ins, call reminders, debriefs, digests, micro-drills; lease, pacing."""
