# Stand-in for postgres:16 (see README.md). Context: pgsql/ (embedded-postgres's native/ tree)
# and postgres-entrypoint.sh.
FROM local/debian:bookworm
RUN apt-get update -q \
 && apt-get install -y -q --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql postgres \
 && mkdir -p /var/lib/postgresql /var/run/postgresql \
 && chown postgres:postgres /var/lib/postgresql /var/run/postgresql
COPY pgsql/ /usr/local/pgsql/
# Debian's client tools directly (its /usr/bin wrappers look for Debian-managed clusters).
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/local/pgsql/bin:/usr/lib/postgresql/15/bin:$PATH \
    LD_LIBRARY_PATH=/usr/local/pgsql/lib \
    PGHOST=/var/run/postgresql \
    PGDATA=/var/lib/postgresql/data
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh && postgres --version
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
