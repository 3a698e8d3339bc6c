"""Readers and writers of annotation formats, over plain records (no Flask)."""
