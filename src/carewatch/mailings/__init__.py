"""The newsletter: mailing lists with double opt-in, subscriptions, campaigns composed per
language from blocks, and their sending, one delivery row per recipient (docs/newsletter.md)."""
