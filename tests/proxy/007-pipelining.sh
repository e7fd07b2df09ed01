# Pipelined requests on one connection, to two upstream hosts in turn, are
# answered in order, each one checked and logged on its own.
. "$(dirname "$0")/common.sh"
mkdir "$T/www"
for i in 1 2 3 4; do echo "file $i" >"$T/www/$i.txt"; done
http_server origin "$T/www"
O1=$HTTP_PORT
http_server origin2 "$T/www"
O2=$HTTP_PORT
start_proxy
{
	printf 'GET http://127.0.0.1:%s/1.txt HTTP/1.1\r\nHost: a\r\n\r\n' "$O1"
	printf 'GET http://localhost:%s/2.txt HTTP/1.1\r\nHost: a\r\n\r\n' "$O2"
	printf 'GET http://127.0.0.1:%s/3.txt HTTP/1.1\r\nHost: a\r\n\r\n' "$O1"
	printf 'GET http://127.0.0.1:%s/4.txt HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' "$O2"
} | raw >"$T/reply.txt"
expect_eq "bodies in order" "$(grep '^file' "$T/reply.txt" | tr '\n' ' ')" \
    "file 1 file 2 file 3 file 4 "
expect_eq "four responses" "$(grep -c '^HTTP/1.1 200 OK' "$T/reply.txt")" 4
expect_file_match "$T/reply.txt" '^Connection: close'
wait_file_match "$T/access.log" '4\.txt'
expect_eq "four records" "$(wc -l <"$T/access.log")" 4
for i in 1 2 3 4; do
	expect_match "record $i" "$(log_line $i)" " 00000 - 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:[0-9]+ [0-9]+ [0-9]+ 0 GET http://[a-z0-9.]+:[0-9]+/$i\.txt HTTP/1\.1\$"
done
alive proxy
