"""Peer accountability: pairing, buddy check-ins and weekly commitments."""
