"""Job-ad pictures rendered by the tests themselves, shaped like real posters."""
