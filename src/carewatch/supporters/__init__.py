"""Supporters: the people behind the campaign forms, and the addresses mail must not go to.

Supporters' data is a class of its own (docs/mail.md): documentation
roles never see it, and no documentation page, export or log carries it.
"""
