"""Loading, validating and hot-reloading ``content/`` and ``locales/``."""
