"""Outgoing mail: settings from one URL, one file per message in a folder, DKIM signing, messages
with their unsubscribe headers, VERP return paths and the bounces that come back to them.

The lowest layer: it knows addresses and messages, not supporters. Who may be written to (the
suppression list) is the business of the apps above (``carewatch.supporters``).
"""
