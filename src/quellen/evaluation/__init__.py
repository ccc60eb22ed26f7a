"""Scorers that compare quellen's output with hand-made gold (see ``seeds``)."""
