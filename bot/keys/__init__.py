"""``DATA_KEY`` over time: recognise the key a store was written with, and rotate it."""
