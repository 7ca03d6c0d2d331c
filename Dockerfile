# The archive under gunicorn. Build: docker compose build
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic needs settings that load; the real key comes from the environment at run time.
# The search index's volume (docker-compose.yml) takes its folder's owner when first mounted.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input -v 0 \
    && useradd --system --home /app repertoire && chown -R repertoire /app \
    && mkdir -p /data/search-index && chown repertoire /data/search-index
USER repertoire

EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
# Workers, threads and timeouts: gunicorn.conf.py.
CMD ["gunicorn", "repertoire.wsgi"]
