"""Drafting a revision's facts: segment, extract, align to the reference version, write."""
