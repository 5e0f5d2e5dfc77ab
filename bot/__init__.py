"""A Telegram bot that helps job seekers verify foreign job offers before they travel."""
