# The bot on a slim Python base, as a non-root user, with the SQLite file on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/bot.db \
    CONTENT_DIR=/app/content \
    LOCALES_DIR=/app/locales

# Tesseract reads job ads sent as pictures, with the data of every content language
# (content/understanding/languages.yaml `ocr:`; Roman Urdu is Latin, read as English);
# libraqm and Noto draw the shareable warning cards with every script shaped, and
# fonts-noto-color-emoji their emoji (without it no picture card is offered, only text).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-eng tesseract-ocr-urd tesseract-ocr-pus \
        tesseract-ocr-hin tesseract-ocr-nep tesseract-ocr-ben tesseract-ocr-sin \
        tesseract-ocr-tam tesseract-ocr-ind tesseract-ocr-fil \
        libraqm0 fonts-noto-core fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .

COPY content ./content
COPY locales ./locales
# Compiled catalogs ship in the image; the bot would otherwise compile them at every start.
RUN pybabel compile -d locales -D bot

RUN useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot:bot /data
USER bot
VOLUME ["/data"]

# Webhook mode: healthy while GET /healthz answers 200 (store and Redis reachable).
# Long polling has no HTTP server; the check then passes while the process runs.
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]

CMD ["python", "-m", "bot", "run"]
