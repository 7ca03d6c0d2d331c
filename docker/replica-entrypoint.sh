#!/bin/sh
# A hot standby of the primary: copied with pg_basebackup on first start, then streaming.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -U "$PRIMARY_USER" -q; do sleep 1; done
  pg_basebackup -h "$PRIMARY_HOST" -U "$PRIMARY_USER" -D "$PGDATA" -X stream -R --checkpoint=fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
