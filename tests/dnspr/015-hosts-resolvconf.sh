# With no --nserver, names come from the hosts file first (PROXY_HOSTS_FILE,
# a test hook for /etc/hosts) and then from the name servers listed in
# resolv.conf (PROXY_RESOLV_CONF), still without blocking.
. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/dnslib.sh"
need dig dnsmasq
[ "$(id -u)" = 0 ] || skip "needs root to run a name server on port 53"
# resolv.conf has no port: a name server of our own on a loopback address.
NS=127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
bg dm dnsmasq -k -u root --conf-file=/dev/null --no-resolv --no-hosts \
    --listen-address="$NS" --bind-interfaces -p 53 \
    --address=/test.example/10.1.2.3 --pid-file="$T/dm.pid"
wait_port 53 "$NS"
cat >"$T/hosts" <<HOSTS
# a comment
10.9.8.7	hosts.example alias.example   # trailing comment
2001:db8::9	hosts.example
0.0.0.0		blocked.example
HOSTS
printf 'search nowhere.invalid\nnameserver %s\noptions ndots:1\n' "$NS" \
    >"$T/resolv.conf"
P=$(free_port)
PROXY_HOSTS_FILE=$T/hosts PROXY_RESOLV_CONF=$T/resolv.conf \
    run_module dnspr dnspr -i127.0.0.1 -p"$P" -l"$T/access.log"
expect_eq "hosts A" "$(dq +short hosts.example A)" 10.9.8.7
expect_eq "hosts alias" "$(dq +short ALIAS.example A)" 10.9.8.7
expect_eq "hosts AAAA" "$(dq +short hosts.example AAAA)" 2001:db8::9
expect_eq "hosts PTR" "$(dq +short -x 10.9.8.7)" hosts.example.
expect_match "hosts 0.0.0.0" "$(dq +noall +comments blocked.example A)" \
    "status: NXDOMAIN"
expect_eq "resolv.conf server" "$(dq +short a.test.example A)" 10.1.2.3
alive dnspr
