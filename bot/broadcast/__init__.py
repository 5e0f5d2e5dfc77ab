"""Agency warnings: subscriptions, the durable outbox, pacing and the delivery worker.

See :mod:`bot.broadcast.job` for how delivery runs in a bot (one more background job), and
:mod:`bot.services` for where the admin desk and subscriptions join the conversation.
"""
