# Stand-in for prom/prometheus (see README.md): Debian's prometheus package, laid out and run as
# the official image runs it (/bin/prometheus as the entrypoint, the config in /etc/prometheus, the
# data in /prometheus, as nobody), with wget for the healthcheck as the official image's busybox
# has it. Context: none.
FROM local/debian:bookworm
# policy-rc.d: the package's scripts must not start the daemon while the image is built.
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends prometheus wget \
 && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d \
 && { [ -e /bin/prometheus ] || ln -s /usr/bin/prometheus /bin/prometheus; } \
 && mkdir -p /prometheus \
 && chown nobody:nogroup /prometheus \
 && prometheus --version
USER nobody
WORKDIR /prometheus
VOLUME /prometheus
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
