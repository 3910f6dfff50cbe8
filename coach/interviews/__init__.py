"""Behavioural-interview practice: the SAR/STAR reader, the practice loop and calibration."""
