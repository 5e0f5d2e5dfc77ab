"""What several replicas of the bot share, and the single-process stand-ins.

:mod:`~bot.replicas.gate` (each update handled once, one chat's updates one at a time),
:mod:`~bot.replicas.budget` (one sending budget for every replica) and
:mod:`~bot.replicas.redis_link` (the Redis connection and its key namespace).
"""
