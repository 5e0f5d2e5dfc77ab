"""Agency warnings: subscriptions, the durable outbox, pacing and the delivery worker.

See :mod:`bot.broadcast.service` for how the pieces are wired into a running bot.
"""
