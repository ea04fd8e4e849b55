"""Who may see what, for pages and the API alike: the API's
authentication (``api``), the one shaping of records for a reader (``shape``), the navigation
context, and the slots through which lower apps reach a higher app's restricting selector
(``slots``). Built on ``accounts`` and ``audit``; every feature app builds on it."""
